package snsim

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func offerPath(ixID string) string { return "/api/now/awa/documents/interaction/" + ixID + "/offer" }

// externalQueue adds a phone queue without eligibility pools: AWA routes
// calls naming it there (its routing condition) and leaves them queued for
// an external router, as with CCaaS routing.
func (f *restFixture) externalQueue() string {
	f.t.Helper()
	id := NewSysID()
	q, err := f.s.DB.Insert(tQueue, Record{"sys_id": id, "name": "VCC routed", "external_id": "vcc", "service_channel": phoneChannel,
		"condition": "queue=" + id, "active": "true"}, "admin")
	require.NoError(f.t, err)
	f.s.awa.Settle()
	return q["sys_id"]
}

// offer calls the Offer Work API and waits for AWA.
func (f *restFixture) offer(ixID string, body any) *restResponse {
	f.t.Helper()
	rec := f.do(restReq{method: http.MethodPost, path: offerPath(ixID), body: body})
	f.s.awa.Settle()
	return &restResponse{rec.Code, rec.Body.String()}
}

type restResponse struct {
	status int
	body   string
}

func TestOfferWorkAPIAssignsToAnAgent(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	ix := f.awaCall("+14155550199", f.externalQueue())
	id := ix["sys_id"].(string)
	queued := f.offeredItem(id)
	require.Equal(t, wiQueued, queued["state"], "no eligibility pool: nobody is offered it")

	offeredOn := time.Now().UTC().Truncate(time.Second)
	got := f.offer(id, map[string]any{
		"external_segment_id": "seg-1", "queue_id": "vcc",
		"assignment": map[string]any{"agent_sys_id": beth, "allowed_to_decline": "false", "timeout": 45, "offered_on": offeredOn.Format("2006-01-02T15:04:05.000"), "after_timeout_presence": stateAway},
	})
	require.Equal(t, http.StatusOK, got.status, got.body)
	wi := f.offeredItem(id)
	assert.JSONEq(t, `{"result":{"work_item":{"display_name":"Interaction: `+ix["number"].(string)+`","sys_id":"`+wi["sys_id"]+`",
		"document_id":"`+id+`","document_table":"interaction","queue":"`+wi["queue"]+`"},
		"success":true,"message":"Manual assignment successfully requested."}}`, got.body)
	assert.Equal(t, Record{"state": wiPendingAccept, "assigned_to": beth, "offer_timeout": "45", "allowed_to_decline": "false",
		"after_timeout_presence": stateAway, "external_segment_id": "seg-1", "offered_on": Timestamp(offeredOn)},
		pick(wi, "state", "assigned_to", "offer_timeout", "allowed_to_decline", "after_timeout_presence", "external_segment_id", "offered_on"))
	old, err := f.s.DB.Get(tWorkItem, queued["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, Record{"state": wiCancelled, "cancel_reason": cancelManual}, pick(old, "state", "cancel_reason"))

	err = f.s.awa.Reject(beth, wi["sys_id"], reasonBusy)
	assert.ErrorContains(t, err, "does not allow agents to decline")
}

func TestOfferWorkAPIAutoAssign(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	ix := f.awaCall("+14155550199", f.externalQueue())
	id := ix["sys_id"].(string)

	got := f.offer(id, map[string]any{"assignment": map[string]any{"agent_sys_id": beth, "enable_auto_assign": true}})
	require.Equal(t, http.StatusOK, got.status, got.body)
	wi := f.offeredItem(id)
	assert.Equal(t, wiAccepted, wi["state"])
	doc, err := f.s.DB.Get(tInteraction, id)
	require.NoError(t, err)
	assert.Equal(t, Record{"assigned_to": beth, "state": ixWorkInProgress}, pick(doc, "assigned_to", "state"))
}

func TestOfferWorkAPIRefusals(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	ix := f.awaCall("+14155550199", f.externalQueue())
	id := ix["sys_id"].(string)
	assign := func(a map[string]any) map[string]any { return map[string]any{"assignment": a} }

	tests := []struct {
		name   string
		doc    string
		body   any
		status int
		detail string
	}{
		{"malformed JSON", id, `{"assignment":`, 400, "JSON"},
		{"no agent", id, map[string]any{}, 400, "Missing agent"},
		{"negative timeout", id, assign(map[string]any{"agent_sys_id": beth, "timeout": -1}), 400, "Timeout value cannot be negative"},
		{"timeout not a number", id, assign(map[string]any{"agent_sys_id": beth, "timeout": "soon"}), 400, "whole number"},
		{"bad offered_on", id, assign(map[string]any{"agent_sys_id": beth, "offered_on": "yesterday"}), 400, "offered_on"},
		{"unknown agent", id, assign(map[string]any{"agent_sys_id": "nobody"}), 404, "There is no record for sys_user : nobody"},
		{"not an AWA agent", id, assign(map[string]any{"agent_sys_id": integrationID}), 400, "The user does not have the 'awa_agent' role"},
		{"agent offline", id, assign(map[string]any{"agent_sys_id": abel}), 409, "Agent is not available"},
		{"unknown queue", id, map[string]any{"queue_id": "nosuchqueue", "assignment": map[string]any{"agent_sys_id": beth}}, 404, "There is no record for awa_queue : nosuchqueue"},
		{"unknown after-timeout presence", id, assign(map[string]any{"agent_sys_id": beth, "after_timeout_presence": "nope"}), 404, "awa_presence_state : nope"},
		{"unknown document", "nosuchdoc", assign(map[string]any{"agent_sys_id": beth}), 404, "There is no record for interaction : nosuchdoc"},
		{"consult transfer", id, map[string]any{"transfer": map[string]any{"target_id": beth, "target_type": "agent", "transfer_type": "consult"}}, 400, "Only blind transfers"},
		{"transfer to a team", id, map[string]any{"transfer": map[string]any{"target_id": beth, "target_type": "team"}}, 400, "target_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := errorOf(t, f.do(restReq{method: http.MethodPost, path: offerPath(tt.doc), body: tt.body}), tt.status)
			require.NotNil(t, e.Error.Detail)
			assert.Contains(t, *e.Error.Detail, tt.detail)
		})
	}

	t.Run("accepted work item", func(t *testing.T) {
		require.Equal(t, http.StatusOK, f.offer(id, assign(map[string]any{"agent_sys_id": beth})).status)
		_, err := f.s.awa.Accept(beth, f.offeredItem(id)["sys_id"])
		require.NoError(t, err)
		f.available(abel)
		e := errorOf(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: assign(map[string]any{"agent_sys_id": abel})}), 409)
		assert.Equal(t, "Work Item accepted can not be assigned", *e.Error.Detail)
	})
	t.Run("closed document", func(t *testing.T) {
		_, err := f.s.DB.Update(tInteraction, id, Record{"state": "closed_complete"}, "vcc.integration")
		require.NoError(t, err)
		e := errorOf(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: assign(map[string]any{"agent_sys_id": abel})}), 409)
		assert.Equal(t, "Document is not active", *e.Error.Detail)
	})
}

func TestOfferWorkAPIBlindTransferToAQueue(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	ix := f.awaCall("+14155550199", supportQueue)
	id := ix["sys_id"].(string)
	source := f.offeredItem(id)
	_, err := f.s.awa.Accept(beth, source["sys_id"])
	require.NoError(t, err)
	f.available(abel)
	sub := f.s.feed.subscribe(abel)
	defer f.s.feed.unsubscribe(sub)

	got := f.offer(id, map[string]any{"transfer": map[string]any{"source_queue_id": "support", "target_id": "servicedesk", "target_type": "queue", "transfer_type": "blind"}})
	require.Equal(t, http.StatusOK, got.status, got.body)
	assert.Contains(t, got.body, `"message":"Transfer successfully requested."`)

	old, err := f.s.DB.Get(tWorkItem, source["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, "false", old["active"], "Beth's capacity is released")
	wi := f.offeredItem(id)
	assert.Equal(t, Record{"queue": serviceDesk, "transferred": "true", "previous_work_item": source["sys_id"], "state": wiPendingAccept, "assigned_to": abel},
		pick(wi, "queue", "transferred", "previous_work_item", "state", "assigned_to"), "Abel waited longer than Beth")
	doc, err := f.s.DB.Get(tInteraction, id)
	require.NoError(t, err)
	assert.Equal(t, serviceDesk, doc["queue"])
	assert.Contains(t, jsonOf(t, panelEvents(drain(sub))["openframe_awa_workitem_offered"]), `"isQueueTransferred":true`)
}

func TestOfferWorkAPIBlindTransferToAnAgent(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	ix := f.awaCall("+14155550199", supportQueue)
	id := ix["sys_id"].(string)
	_, err := f.s.awa.Accept(beth, f.offeredItem(id)["sys_id"])
	require.NoError(t, err)
	f.s.awa.Settle()

	e := errorOf(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: map[string]any{"transfer": map[string]any{"target_id": abel, "target_type": "agent"}}}), 409)
	assert.Equal(t, "Agent is not available", *e.Error.Detail)

	f.available(abel)
	got := f.offer(id, map[string]any{"transfer": map[string]any{"target_id": abel, "target_type": "agent", "transfer_type": "blind"}})
	require.Equal(t, http.StatusOK, got.status, got.body)
	wi := f.offeredItem(id)
	assert.Equal(t, Record{"assigned_to": abel, "state": wiPendingAccept, "transfer_target_type": "agent"}, pick(wi, "assigned_to", "state", "transfer_target_type"))

	require.NoError(t, f.s.awa.Reject(abel, wi["sys_id"], reasonBusy))
	f.s.awa.Settle()
	rejected, err := f.s.DB.Get(tWorkItem, wi["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, Record{"state": wiCancelled, "cancel_reason": cancelTransfer, "rejected": "true"}, pick(rejected, "state", "cancel_reason", "rejected"))
}
