package records

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

const (
	vccID     = "1371f451-116a-4abc-8869-bc678ef67070"
	agentUser = "u1"
	agentSys  = "46d44a23a9fe19810012d100cca80666"
	contact   = "b5f1c2b5db1b1200b6075200cf9619aa"
	account   = "a1f1c2b5db1b1200b6075200cf9619aa"
	caseID    = "c1f1c2b5db1b1200b6075200cf9619aa"
	userID    = "62826bf03710200044e0bfc8bcbe5df1"
	incID     = "d1f1c2b5db1b1200b6075200cf9619aa"
	ritmID    = "e1f1c2b5db1b1200b6075200cf9619aa"
)

var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

// memCache is the bridge's store for Syncer.Cache, with the AWA lookups
// made (Warm): the calls' requests are counted without them.
type memCache map[string]string

func (m memCache) Get(_ context.Context, k string) (string, bool, error) {
	v, ok := m[k]
	return v, ok, nil
}
func (m memCache) Put(_ context.Context, k, v string, _ time.Time) error { m[k] = v; return nil }

func warmCache() memCache {
	return memCache{"awa_queue:support": "f1f1c2b5db1b1200b6075200cf9619aa", "awa_queue:servicedesk": "f2f1c2b5db1b1200b6075200cf9619aa",
		"awa_queue:billing": "f3f1c2b5db1b1200b6075200cf9619aa", "awa_service_channel:phone": "f6281cc39335330090813a53177ffb32"}
}

// env is a Syncer against the fake, with a clock and a saved copy of the
// call after every save.
type env struct {
	t     *testing.T
	sn    *fakeSN
	s     *Syncer
	now   time.Time
	call  store.Call
	saved []store.Sync
}

func newEnv(t *testing.T, rules Rules) *env {
	sn, client := newFake(t)
	e := &env{t: t, sn: sn, now: t0}
	e.s = &Syncer{SN: client, Rules: rules, Cache: warmCache(), Now: func() time.Time { return e.now },
		AgentSysID: func(_ context.Context, id string) string { return map[string]string{agentUser: agentSys}[id] },
		AgentName:  func(_ context.Context, id string) string { return map[string]string{agentUser: "Beth Anglin"}[id] }}
	e.call.Facts.VCCID = vccID
	return e
}

// apply folds events into the call, as webhooks and the panel do.
func (e *env) apply(evs ...calls.Event) {
	for _, ev := range evs {
		e.call.Facts.Apply(ev)
	}
}

// sync runs the syncer at second s of the call.
func (e *env) sync(s int) error {
	e.now = at(s)
	return e.s.Sync(context.Background(), &e.call, func() error {
		var cp store.Sync
		b, _ := json.Marshal(e.call.Sync)
		_ = json.Unmarshal(b, &cp)
		e.saved = append(e.saved, cp)
		return nil
	})
}

func (e *env) mustSync(s int) {
	e.t.Helper()
	require.NoError(e.t, e.sync(s))
}

// queued, answered, hungUp and wrappedUp are the call's events.
func queued(from, queue string) calls.Event {
	return calls.Event{ID: "q", Kind: calls.CustomerQueued, At: at(0), From: from, Queue: queue, Direction: "inbound"}
}

func answeredBy() []calls.Event {
	return []calls.Event{{ID: "a1", Kind: calls.AgentConnected, At: at(5), Agent: agentUser}, {ID: "a2", Kind: calls.CustomerConnected, At: at(5)}}
}

func hungUp() calls.Event {
	return calls.Event{ID: "h", Kind: calls.AgentDisconnected, At: at(65), Agent: agentUser, Reason: "released"}
}

func wrappedUp(source string) []calls.Event {
	return []calls.Event{
		{Kind: calls.WrapUpSubmitted, At: at(80), Agent: agentUser, Disposition: "Resolved", Notes: "Reset the router", Source: source},
		{ID: "w", Kind: calls.AgentWrapEnded, At: at(80), Agent: agentUser, Disposition: "Resolved"},
	}
}

// wholeCall runs an inbound call through the syncer: queued (the lookup and
// the create), accepted in the panel (the bridge records AWA's accept),
// hung up, wrapped up in the panel.
func (e *env) wholeCall(from, queue string) {
	e.t.Helper()
	e.apply(queued(from, queue))
	e.mustSync(1)
	e.call.Sync.State = calls.StateWorkInProgress // the panel's accept (bridge agentapi)
	e.apply(answeredBy()...)
	e.mustSync(6)
	e.apply(hungUp())
	e.mustSync(66)
	e.apply(wrappedUp("")...)
	e.mustSync(81)
}

func TestRequestsPerCallerKind(t *testing.T) {
	caseRow := servicenow.Record{"sys_id": caseID, "number": "CS0001", "short_description": "Router", "contact": contact, "contact.name": "Ann Lee",
		"account": account, "contact.phone": "(415) 555-0201 x12"}
	incRow := servicenow.Record{"sys_id": incID, "number": "INC0001", "short_description": "VPN", "caller_id": userID, "caller_id.name": "Abel Tuter",
		"caller_id.mobile_phone": "+1 415-555-0111"}
	ritmRow := servicenow.Record{"sys_id": ritmID, "number": "RITM0001", "short_description": "Laptop", "requested_for": userID,
		"requested_for.name": "Abel Tuter", "requested_for.phone": "415.555.0111"}
	const (
		getCase, getContact, getConsumer = "GET /api/now/table/sn_customerservice_case", "GET /api/now/table/customer_contact", "GET /api/now/table/csm_consumer"
		getInc, getRitm, getUser         = "GET /api/now/table/incident", "GET /api/now/table/sc_req_item", "GET /api/now/table/sys_user"
		create, close                    = "POST /api/now/openframe/voice-interaction", "PATCH /api/now/openframe/voice-interaction/" + ixID
	)
	cases := []struct {
		name, from, queue string
		rows              map[string][]servicenow.Record
		want              []string
	}{
		{"CSM contact with an open case", "+14155550201", "support", map[string][]servicenow.Record{"sn_customerservice_case": {caseRow}},
			[]string{getCase, create, close, "PATCH /api/now/table/sn_customerservice_case/" + caseID}},
		{"CSM contact without a case", "+14155550201", "support", map[string][]servicenow.Record{"customer_contact": {{"sys_id": contact, "name": "Ann Lee", "account": account, "phone": "415-555-0201"}}},
			[]string{getCase, getContact, create, close}},
		{"CSM unknown caller, queue serving both", "+14155550199", "support", nil,
			[]string{getCase, getContact, getConsumer, create, close}},
		{"ITSM caller with an open incident", "+14155550111", "servicedesk", map[string][]servicenow.Record{"incident": {incRow}},
			[]string{getInc, getRitm, create, close, "PATCH /api/now/table/incident/" + incID}},
		{"ITSM caller with an open requested item", "+14155550111", "servicedesk", map[string][]servicenow.Record{"sc_req_item": {ritmRow}},
			[]string{getInc, getRitm, create, close, "PATCH /api/now/table/sc_req_item/" + ritmID}},
		{"ITSM caller with both: the agent chooses", "+14155550111", "servicedesk", map[string][]servicenow.Record{"incident": {incRow}, "sc_req_item": {ritmRow}},
			[]string{getInc, getRitm, create, close}},
		{"ITSM unknown caller", "+14155550199", "servicedesk", nil,
			[]string{getInc, getRitm, getUser, create, close}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, DefaultRules())
			e.sn.rows = tc.rows
			e.wholeCall(tc.from, tc.queue)
			assert.Equal(t, tc.want, e.sn.requests(), "plus AWA's accept, made by the panel through the bridge")
			assert.Equal(t, calls.StateClosedComplete, e.call.Sync.State)
			require.NoError(t, e.sync(200))
			assert.Len(t, e.sn.requests(), len(tc.want), "in line: no more requests")
		})
	}
}

func TestTheCreateAndTheClose(t *testing.T) {
	e := newEnv(t, DefaultRules())
	e.sn.rows["sn_customerservice_case"] = []servicenow.Record{{"sys_id": caseID, "number": "CS0001", "short_description": "Router",
		"contact": contact, "contact.name": "Ann Lee", "account": account, "contact.phone": "(415) 555-0201"}}
	e.wholeCall("+14155550201", "support")

	v := e.sn.last("POST", "/api/now/openframe/voice-interaction").Body
	ix := v["interaction"].(map[string]any)
	assert.Equal(t, "+14155550201", ix["userPhoneNumber"])
	assert.Equal(t, map[string]any{"type": "phone", "state": "new", "direction": "inbound", "queue": "f1f1c2b5db1b1200b6075200cf9619aa",
		"channel": "f6281cc39335330090813a53177ffb32", "short_description": "Call from (415) 555-0201 in support [VCC " + vccID + "]",
		"contact": contact, "account": account}, ix["additionalParams"])
	assert.Equal(t, []any{map[string]any{"call_id": vccID, "phone_number": "+14155550201", "contact": contact, "start_time": "2026-11-24 09:00:00"}}, v["phoneLogs"])
	assert.Equal(t, []any{map[string]any{"documentTable": "sn_customerservice_case", "documentId": caseID}}, v["relatedRecords"])

	closeBody := e.sn.last("PATCH", "/api/now/openframe/voice-interaction/"+ixID).Body
	params := closeBody["interaction"].(map[string]any)["additionalParams"].(map[string]any)
	assert.Equal(t, "closed_complete", params["state"])
	assert.Equal(t, "Inbound call with +14155550201, handled by Beth Anglin: 1m00s talk time.\nDisposition: Resolved.\nNotes: Reset the router", params["work_notes"])
	assert.NotContains(t, closeBody, "phoneLogs", "the PATCH would add a phone log, never update one")
	note := e.sn.last("PATCH", "/api/now/table/sn_customerservice_case/"+caseID).Body
	assert.Equal(t, map[string]any{"work_notes": params["work_notes"]}, note)
	assert.True(t, e.call.Sync.WrapUpWritten)
	assert.True(t, e.call.Sync.RecordNoted)
}

// The caller lookup changes nothing in ServiceNow: its outcome is saved
// with the create's mark, before the create is sent, not in a save of its
// own (on Workers, a D1 round trip fewer on the way to the agent's ring).
func TestTheLookupIsSavedWithTheCreate(t *testing.T) {
	e := newEnv(t, DefaultRules())
	e.sn.rows["sn_customerservice_case"] = []servicenow.Record{{"sys_id": caseID, "number": "CS0001", "short_description": "Router",
		"contact": contact, "contact.name": "Ann Lee", "account": account, "contact.phone": "(415) 555-0201"}}
	e.apply(queued("+14155550201", "support"))
	e.mustSync(1)
	require.Len(t, e.saved, 2, "the create's mark, then its outcome")
	assert.True(t, e.saved[0].Correlated && e.saved[0].Creating, "the lookup is saved with the mark: %+v", e.saved[0])
	require.NotNil(t, e.saved[0].Match)
	assert.Equal(t, contact, e.saved[0].Match.Contact)
	assert.Equal(t, ixID, e.saved[1].InteractionSysID)
	assert.Equal(t, []string{"GET /api/now/table/sn_customerservice_case", "POST /api/now/openframe/voice-interaction"}, e.sn.requests())

	// A create that cannot be sent (no AWA queue for the rule) saves
	// nothing: the next try looks the caller up again, a read.
	e = newEnv(t, DefaultRules())
	e.s.Cache = memCache{}
	e.sn.rows["sn_customerservice_case"] = []servicenow.Record{{"sys_id": caseID, "contact": contact, "contact.phone": "(415) 555-0201"}}
	e.apply(queued("+14155550201", "support"))
	require.ErrorIs(t, e.sync(1), ErrNoQueue)
	assert.Empty(t, e.saved)
}

// A withheld number: no lookup, and the interaction is created with the
// Table API (the voice-interaction API requires the caller's number in
// E.164, which there is none of), with the same fields and no phone log.
func TestAWithheldNumber(t *testing.T) {
	e := newEnv(t, DefaultRules())
	e.apply(queued("anonymous", "servicedesk"))
	e.mustSync(1)
	assert.Equal(t, []string{"POST /api/now/table/interaction"}, e.sn.requests(), "no lookup of a number there is not")
	ix := e.sn.last("POST", "/api/now/table/interaction").Body
	assert.Equal(t, "phone", ix["type"])
	assert.Equal(t, "new", ix["state"])
	assert.Equal(t, "inbound", ix["direction"])
	assert.Contains(t, ix["short_description"], Tag(vccID))
	assert.NotEmpty(t, ix["queue"])
	assert.NotEmpty(t, e.call.Sync.InteractionSysID)
	assert.Equal(t, "incident", e.call.Sync.Match.Record.Table)
}
