package snsim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExternalWrapUpSegmentLifecycle(t *testing.T) {
	f := newRESTFixture(t)
	ix := f.acceptedCall()
	sub := f.s.feed.subscribe(beth)
	defer f.s.feed.unsubscribe(sub)

	// The external system opens the segment at hang-up.
	status, created := f.wrapUp(http.MethodPost, "segment/create", externalSegment(ix, "vcc-1"))
	require.Equal(t, http.StatusOK, status, created)
	segID := created["sys_id"].(string)
	assert.JSONEq(t, `{"success":true,"message":"Wrap-up segment created successfully.","sys_id":"`+segID+`","segment":{
		"agent":"`+beth+`","external":true,"interaction":"`+ix+`","opened_on":"","segmented":false,"segment_id":"","segment_table":"",
		"state":"open","sys_id":"`+segID+`","wrap_up_configuration":{"enable_codes":true,"enable_ai_code":false,"enable_ai_notes":false,
		"use_ai_as_default":false,"use_third_party_ai":false,
		"allowed_codes":[`+codeJSONText(f, codeResolved)+`,`+codeJSONText(f, codeEscalated)+`],"default_code":`+codeJSONText(f, codeResolved)+`}}}`,
		jsonOf(t, created))

	// It reads it back three ways.
	for _, path := range []string{"segment/" + segID, "segment/vcc-1", "segment/agent/" + beth + "/interaction/" + ix} {
		status, got := f.wrapUp(http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, status, path)
		assert.Equal(t, map[string]any{"success": true, "message": "Wrap up segment retrieved successfully.", "segment_id": segID},
			map[string]any{"success": got["success"], "message": got["message"], "segment_id": got["segment_id"]}, path)
		assert.Equal(t, map[string]any{"state": "open", "awaiting_confirmation": false, "submitted_on": ""},
			pickAny(got["segment"], "state", "awaiting_confirmation", "submitted_on"), path)
	}

	// The workspace shows its dialog with the segment's codes.
	cards := f.s.awa.snapshot(beth).WrapUps
	require.Len(t, cards, 1)
	assert.Equal(t, WrapUpCard{Segment: segID, Interaction: ix, Number: cards[0].Number, Caller: "+14155550199", External: true,
		EnableCodes: true, Codes: []string{"Resolved", "Escalated"}, DefaultCode: "Resolved"}, cards[0])
	assert.Contains(t, feedTypes(drain(sub)), "wrapups")

	// Beth submits it there: the panel hears of it.
	seg, err := f.submit(beth, segID, "", "Escalated", "to tier 2")
	require.NoError(t, err)
	assert.Equal(t, Record{"state": segOpen, "awaiting_confirmation": "true", "wrap_up_code": codeEscalated, "wrap_up_notes": "to tier 2"},
		pick(seg, "state", "awaiting_confirmation", "wrap_up_code", "wrap_up_notes"))
	assert.NotEmpty(t, seg["submitted_on"])
	assert.JSONEq(t, `{"wrapUp":{"external":true,"externalSegmentId":"vcc-1","recordId":"`+ix+`","recordTable":"interaction",
		"wrapUpCode":"Escalated","wrapUpNotes":"to tier 2","wrapUpSegmentId":"`+segID+`"}}`,
		jsonOf(t, panelEvents(drain(sub))["openframe_wrap_up_submitted"]))
	assert.Empty(t, f.s.awa.snapshot(beth).WrapUps, "submitted: the dialog closes")

	// The external system confirms and closes it.
	rec := f.do(restReq{method: http.MethodPut, path: "/api/now/wrapup/segment/update?external_segment_id=vcc-1", body: map[string]string{"confirmed_on": "2026-03-02 09:05:00"}})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	updated := decodeAs[map[string]any](t, rec)
	assert.Equal(t, map[string]any{"success": true, "message": "Wrap-up segment updated successfully.", "sys_id": segID},
		map[string]any{"success": updated["success"], "message": updated["message"], "sys_id": updated["sys_id"]})
	assert.Equal(t, map[string]any{"state": "closed", "awaiting_confirmation": false, "confirmed_on": "2026-03-02 09:05:00", "notes": "to tier 2"},
		pickAny(updated["segment"], "state", "awaiting_confirmation", "confirmed_on", "notes"))
	assert.Equal(t, "Escalated", updated["segment"].(map[string]any)["code"].(map[string]any)["code"], "the code Beth chose")

	status, again := f.wrapUp(http.MethodPut, "segment/update?segment_sys_id="+segID, map[string]string{})
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]any{"success": false, "message": "Wrap up segment " + segID + " is already closed."}, again)
}

func TestExternalSegmentClosedWithoutTheWorkspace(t *testing.T) {
	f := newRESTFixture(t)
	ix := f.acceptedCall()
	_, created := f.wrapUp(http.MethodPost, "segment/create", externalSegment(ix, "vcc-2"))
	segID := created["sys_id"].(string)
	sub := f.s.feed.subscribe(beth)
	defer f.s.feed.unsubscribe(sub)

	tests := []struct {
		name, query string
		body        map[string]string
		wantOK      bool
		message     string
	}{
		{"a code the configuration does not allow", "segment_sys_id=" + segID, map[string]string{"wrap_up_code": "Wrong number"}, false,
			"Cannot close wrap up segment " + segID + ": wrap-up code Wrong number is not allowed here: choose one of Resolved, Escalated"},
		{"an unknown segment", "segment_sys_id=nope", nil, false, "Wrap up segment not found."},
		{"the panel's wrap-up, no code: the default", "agent_sys_id=" + beth + "&interaction_sys_id=" + ix, map[string]string{"notes": "done in the panel"}, true,
			"Wrap-up segment updated successfully."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := f.wrapUp(http.MethodPut, "segment/update?"+tt.query, tt.body)
			require.Equal(t, http.StatusOK, status)
			assert.Equal(t, tt.wantOK, got["success"])
			assert.Equal(t, tt.message, got["message"])
		})
	}
	seg, err := f.s.DB.Get(tWrapUpSegment, segID)
	require.NoError(t, err)
	assert.Equal(t, Record{"state": segClosed, "wrap_up_code": codeResolved, "wrap_up_notes": "done in the panel"}, pick(seg, "state", "wrap_up_code", "wrap_up_notes"))
	assert.NotContains(t, panelEvents(drain(sub)), "openframe_wrap_up_submitted", "only the workspace's dialog raises it")
	assert.Empty(t, f.s.awa.snapshot(beth).WrapUps)

	status, got := f.wrapUp(http.MethodPut, "segment/update", map[string]string{"segment_sys_id": segID})
	assert.Equal(t, http.StatusBadRequest, status, "identifiers are query parameters")
	assert.Equal(t, false, got["success"])
}

func TestWrapUpSegmentCreateRefusals(t *testing.T) {
	f := newRESTFixture(t)
	ix := f.acceptedCall()
	with := func(changes map[string]any) map[string]any {
		b := externalSegment(ix, "vcc-3")
		for k, v := range changes {
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
		return b
	}
	config := func(kv ...any) map[string]any {
		c := map[string]any{"enable_codes": true, "allowed_codes": []map[string]string{{"code": "Resolved"}}, "default_code": "Resolved"}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(c, kv[i].(string))
			} else {
				c[kv[i].(string)] = kv[i+1]
			}
		}
		return map[string]any{"configuration": c}
	}
	tests := []struct {
		name    string
		body    any
		status  int
		message string
	}{
		{"no agent", with(map[string]any{"agent_sys_id": nil}), 400, "agent_sys_id is required"},
		{"no interaction", with(map[string]any{"interaction_sys_id": nil}), 400, "interaction_sys_id is required"},
		{"external without its id", with(map[string]any{"external_segment_id": nil}), 400, "external_segment_id (external) is required"},
		{"external without a configuration", with(map[string]any{"configuration": nil}), 400, "configuration (external) is required"},
		{"codes without allowed codes", with(config("allowed_codes", nil)), 400, "configuration.allowed_codes (enable_codes) is required"},
		{"codes without a default", with(config("default_code", nil)), 400, "configuration.default_code (enable_codes) is required"},
		{"a duration without the timer", with(config("duration", "60")), 400, "configuration.show_timer (duration) is required"},
		{"a duration without opened_on", with(config("duration", "60", "show_timer", true)), 400, "opened_on (duration) is required"},
		{"segmented without the segment", with(map[string]any{"segmented": true}), 400, "segment_id and segment_table (segmented) is required"},
		{"internal without a configuration", map[string]any{"agent_sys_id": beth, "interaction_sys_id": ix}, 400, "wrap_up_configuration_sys_id (internal) is required"},
		{"not a boolean", with(map[string]any{"external": "maybe"}), 400, "external and segmented are true or false"},
		{"malformed JSON", `{"agent_sys_id":`, 400, "The body must be a JSON object: unexpected EOF"},
		{"an unknown agent", with(map[string]any{"agent_sys_id": "nobody"}), 200, "There is no user nobody"},
		{"an unknown interaction", with(map[string]any{"interaction_sys_id": "nope"}), 200, "There is no interaction nope"},
		{"an unknown code", with(config("allowed_codes", []map[string]string{{"code": "Billing"}}, "default_code", "Billing")), 200,
			"Wrap up code Billing does not exist: create it with POST /api/now/wrapup/code"},
		{"a default that is not allowed", with(config("default_code", "Escalated")), 200, "The default code Escalated is not one of the allowed codes"},
		{"an unknown internal configuration", map[string]any{"agent_sys_id": beth, "interaction_sys_id": ix, "wrap_up_configuration_sys_id": "nope"}, 200,
			"There is no wrap up configuration nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := f.wrapUp(http.MethodPost, "segment/create", tt.body)
			require.Equal(t, tt.status, status, got)
			assert.Equal(t, map[string]any{"success": false, "message": tt.message}, got)
		})
	}
	segs, err := f.s.DB.Find(tWrapUpSegment, nil)
	require.NoError(t, err)
	assert.Empty(t, segs, "no refusal opened a segment")

	status, first := f.wrapUp(http.MethodPost, "segment/create", externalSegment(ix, "vcc-3"))
	require.Equal(t, http.StatusOK, status)
	_, second := f.wrapUp(http.MethodPost, "segment/create", externalSegment(ix, "vcc-4"))
	assert.Equal(t, map[string]any{"success": false, "message": "Agent " + beth + " already has an open wrap up segment for this interaction: " + first["sys_id"].(string)}, second)
}

// codeJSONText is a seed code as the Wrap Up API renders it.
func codeJSONText(f *restFixture, id string) string {
	c, err := f.s.DB.Get(tWrapUpCode, id)
	require.NoError(f.t, err)
	return jsonOf(f.t, codeJSON(c))
}

// submit is the workspace dialog's Submit as user.
func (f *restFixture) submit(user, segment, interaction, code, notes string) (Record, error) {
	f.t.Helper()
	u, err := f.s.DB.Get("sys_user", user)
	require.NoError(f.t, err)
	var seg Record
	err = f.s.awa.do(func() (err error) { seg, err = f.s.submitWrapUp(u, segment, interaction, code, notes); return err })
	f.s.awa.Settle()
	return seg, err
}

// feedTypes lists the types of events.
func feedTypes(evs []FeedEvent) []string {
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Type)
	}
	return out
}

// An internal wrap-up (a configuration of the instance's own) closes the
// segment and the interaction when submitted, and never raises
// openframe_wrap_up_submitted: the event is for external wrap-ups only.
func TestInternalSegmentNeverRaisesWrapUpSubmitted(t *testing.T) {
	f := newRESTFixture(t)
	ix := f.acceptedCall()
	cfg, err := f.s.DB.Insert(tWrapUpConfig, Record{"name": "Voice", "table": "interaction", "active": "true", "enable_codes": "true",
		"allowed_codes": codeResolved + "," + codeEscalated, "default_code": codeResolved}, "admin")
	require.NoError(t, err)
	status, created := f.wrapUp(http.MethodPost, "segment/create",
		map[string]any{"agent_sys_id": beth, "interaction_sys_id": ix, "wrap_up_configuration_sys_id": cfg["sys_id"]})
	require.Equal(t, http.StatusOK, status, created)
	segID := created["sys_id"].(string)
	assert.Equal(t, false, created["segment"].(map[string]any)["external"])
	cards := f.s.awa.snapshot(beth).WrapUps
	require.Len(t, cards, 1)
	assert.Equal(t, []string{"Resolved", "Escalated"}, cards[0].Codes)
	assert.False(t, cards[0].External)
	sub := f.s.feed.subscribe(beth)
	defer f.s.feed.unsubscribe(sub)

	seg, err := f.submit(beth, "", ix, "Escalated", "handed on")
	require.NoError(t, err)
	assert.Equal(t, Record{"state": segClosed, "awaiting_confirmation": "false", "wrap_up_code": codeEscalated}, pick(seg, "state", "awaiting_confirmation", "wrap_up_code"))
	assert.NotContains(t, panelEvents(drain(sub)), "openframe_wrap_up_submitted")
	doc, err := f.s.DB.Get(tInteraction, ix)
	require.NoError(t, err)
	assert.Equal(t, "closed_complete", doc["state"], "Submit & close completes the interaction")
	_, got := f.wrapUp(http.MethodGet, "segment/"+segID, nil)
	assert.Equal(t, "closed", got["segment"].(map[string]any)["state"])
}

func TestWrapUpSubmittedOnlyForExternalSegments(t *testing.T) {
	tests := []struct {
		name      string
		external  bool
		wantEvent bool
	}{
		{"external segment", true, true},
		{"internal segment", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newRESTFixture(t)
			ix := f.acceptedCall()
			body := externalSegment(ix, "vcc-5")
			if !tt.external {
				cfg, err := f.s.DB.Insert(tWrapUpConfig, Record{"name": "Voice", "active": "true", "allowed_codes": codeResolved}, "admin")
				require.NoError(t, err)
				body = map[string]any{"agent_sys_id": beth, "interaction_sys_id": ix, "wrap_up_configuration_sys_id": cfg["sys_id"]}
			}
			status, created := f.wrapUp(http.MethodPost, "segment/create", body)
			require.Equal(t, http.StatusOK, status, created)
			sub := f.s.feed.subscribe(beth)
			defer f.s.feed.unsubscribe(sub)

			_, err := f.submit(beth, created["sys_id"].(string), "", "Resolved", "")
			require.NoError(t, err)
			_, got := panelEvents(drain(sub))["openframe_wrap_up_submitted"]
			assert.Equal(t, tt.wantEvent, got)
		})
	}
}
