package snsim

import (
	"net/http"
	"net/http/httptest"
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

// offerResult is the Offer Work API's answer.
type offerResult struct {
	Success  bool              `json:"success"`
	Message  string            `json:"message"`
	WorkItem map[string]string `json:"work_item"`
}

// offerAnswer checks the status and decodes {"result":{...}}.
func offerAnswer(t *testing.T, rec *httptest.ResponseRecorder, status int) offerResult {
	t.Helper()
	require.Equal(t, status, rec.Code, "body: %s", rec.Body.String())
	return decodeAs[struct {
		Result offerResult `json:"result"`
	}](t, rec).Result
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
		"assignment": map[string]any{"agent_sys_id": beth, "allowed_to_decline": "false", "timeout": 45,
			"offered_on": offeredOn.Format("2006-01-02T15:04:05.000"), "after_timeout_presence": stateAway},
	})
	require.Equal(t, http.StatusOK, got.status, got.body)
	wi := f.offeredItem(id)
	assert.JSONEq(t, `{"result":{"work_item":{"display_name":"Interaction: `+ix["number"].(string)+`","sys_id":"`+wi["sys_id"]+`",
		"document_id":"`+id+`","document_table":"interaction","queue":"`+wi["queue"]+`"},
		"success":true,"message":"Manual assignment successfully requested."}}`, got.body)
	assert.Equal(t, Record{"state": wiPendingAccept, "assigned_to": beth, "offer_timeout": "45", "allowed_to_decline": "false",
		"after_timeout_presence": stateAway, "external_segment_id": "seg-1", "offered_on": Timestamp(offeredOn), "queue": queued["queue"]},
		pick(wi, "state", "assigned_to", "offer_timeout", "allowed_to_decline", "after_timeout_presence", "external_segment_id", "offered_on", "queue"))
	old, err := f.s.DB.Get(tWorkItem, queued["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, Record{"state": wiCancelled, "cancel_reason": cancelManual}, pick(old, "state", "cancel_reason"))

	err = f.s.awa.Reject(beth, wi["sys_id"], reasonBusy)
	assert.ErrorContains(t, err, "does not allow agents to decline")
}

func TestOfferWorkAPIDefaults(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	id := f.awaCall("+14155550199", f.externalQueue())["sys_id"].(string)

	got := f.offer(id, map[string]any{"queue_id": "vcc", "assignment": map[string]any{"agent_sys_id": beth,
		"offered_on": "not a time", "after_timeout_presence": "ignored without a timeout"}})
	require.Equal(t, http.StatusOK, got.status, got.body)
	wi := f.offeredItem(id)
	assert.Equal(t, Record{"offer_timeout": "0", "allowed_to_decline": "true", "auto_accepted": "false", "after_timeout_presence": ""},
		pick(wi, "offer_timeout", "allowed_to_decline", "auto_accepted", "after_timeout_presence"),
		"no time limit, the agent may decline; offered_on and after_timeout_presence count only with a timeout")
}

func TestOfferWorkAPIAutoAssign(t *testing.T) {
	tests := []struct{ name, flag string }{{"true", "true"}, {"yes", "yes"}, {"1", "1"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newRESTFixture(t)
			f.available(beth)
			id := f.awaCall("+14155550199", f.externalQueue())["sys_id"].(string)

			got := f.offer(id, map[string]any{"queue_id": "vcc", "assignment": map[string]any{"agent_sys_id": beth, "enable_auto_assign": tt.flag, "display_option": "card_and_tab"}})
			require.Equal(t, http.StatusOK, got.status, got.body)
			wi := f.offeredItem(id)
			assert.Equal(t, wiAccepted, wi["state"])
			doc, err := f.s.DB.Get(tInteraction, id)
			require.NoError(t, err)
			assert.Equal(t, Record{"assigned_to": beth, "state": ixWorkInProgress}, pick(doc, "assigned_to", "state"))
		})
	}
}

func TestOfferWorkAPIFailureAnswers(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	id := f.awaCall("+14155550199", f.externalQueue())["sys_id"].(string)
	assign := func(a map[string]any) map[string]any { return map[string]any{"queue_id": "vcc", "assignment": a} }
	withTimeout := func(kv ...any) map[string]any {
		a := map[string]any{"agent_sys_id": beth, "timeout": 30}
		for i := 0; i+1 < len(kv); i += 2 {
			a[kv[i].(string)] = kv[i+1]
		}
		return assign(a)
	}
	transfer := func(kv ...string) map[string]any {
		t := map[string]any{"source_queue_id": "vcc", "target_id": "servicedesk", "target_type": "queue", "transfer_type": "blind"}
		for i := 0; i+1 < len(kv); i += 2 {
			t[kv[i]] = kv[i+1]
		}
		return map[string]any{"transfer": t}
	}
	now := time.Now().UTC()
	layout := "2006-01-02T15:04:05.000"
	future, stale := now.Add(time.Hour).Format(layout), now.Add(-time.Minute).Format(layout)

	tests := []struct {
		name    string
		doc     string
		body    any
		status  int
		message string
	}{
		{"neither assignment nor transfer", id, map[string]any{"queue_id": "vcc"}, 200, "Send assignment for a new assignment, or transfer for a transfer"},
		{"no agent", id, assign(map[string]any{}), 200, "assignment.agent_sys_id is required for a new assignment"},
		{"no queue", id, map[string]any{"assignment": map[string]any{"agent_sys_id": beth}}, 200, "queue_id is required for a new assignment"},
		{"negative timeout", id, withTimeout("timeout", -1), 200, "Timeout value cannot be negative"},
		{"timeout not a number", id, withTimeout("timeout", "soon"), 200, "Timeout (soon) must be a whole number of seconds"},
		{"not a boolean", id, withTimeout("allowed_to_decline", "maybe"), 200, "maybe is not a valid boolean value"},
		{"not a display option", id, withTimeout("display_option", "sideways"), 200, "sideways is not a valid display option"},
		{"offered_on in another format", id, withTimeout("offered_on", "2024-04-03 23:09:31"), 200,
			"Offered time (2024-04-03 23:09:31) must be in the following format: yyyy-MM-dd'T'HH:mm:ss.SSS"},
		{"offered_on in the future", id, withTimeout("offered_on", future), 200,
			"Offered time (" + future + ") must be before the current time, otherwise agent will have more time to accept the work item"},
		{"offer already expired", id, withTimeout("offered_on", stale), 200,
			"Timestamp after timeout (" + stale + ") must be after the current time, otherwise agent has no time to accept the work item"},
		{"unknown after-timeout presence", id, withTimeout("after_timeout_presence", "nope"), 200, "nope is not a valid presence state"},
		{"unknown queue", id, map[string]any{"queue_id": "nosuchqueue", "assignment": map[string]any{"agent_sys_id": beth}}, 404, "nosuchqueue is not a valid queue"},
		{"unknown document", "nosuchdoc", assign(map[string]any{"agent_sys_id": beth}), 404, "interaction nosuchdoc is not a valid document"},
		{"unknown agent", id, assign(map[string]any{"agent_sys_id": "nobody"}), 409, "nobody is not a valid agent"},
		{"not an AWA agent", id, assign(map[string]any{"agent_sys_id": integrationID}), 409, integrationID + " is not a valid agent"},
		{"agent offline", id, assign(map[string]any{"agent_sys_id": abel}), 409, "Agent is not available"},
		{"transfer without a source queue", id, transfer("source_queue_id", ""), 200, "transfer.source_queue_id is required for a transfer"},
		{"transfer without a type", id, transfer("transfer_type", ""), 200, "transfer.transfer_type is required for a transfer"},
		{"consult transfer", id, transfer("transfer_type", "consult"), 200, "Consult transfers are not supported by this instance: use transfer_type blind"},
		{"transfer to a team", id, transfer("target_type", "team"), 200, "team is not a valid target type: use agent or queue"},
		{"transfer from an unknown queue", id, transfer("source_queue_id", "nope"), 404, "nope is not a valid queue"},
		{"transfer to an unknown queue", id, transfer("target_id", "nope"), 404, "nope is not a valid queue"},
		{"transfer to an offline agent", id, transfer("target_type", "agent", "target_id", abel), 409, "Transfer failed - couldn't blind transfer to agent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := offerAnswer(t, f.do(restReq{method: http.MethodPost, path: offerPath(tt.doc), body: tt.body}), tt.status)
			assert.Equal(t, offerResult{Success: false, Message: tt.message}, got)
		})
	}
	assert.Equal(t, wiQueued, f.offeredItem(id)["state"], "no failure changed the work item")

	t.Run("caller without the role", func(t *testing.T) {
		got := offerAnswer(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: assign(map[string]any{"agent_sys_id": beth}),
			user: "beth.anglin", pass: "demo"}), 200)
		assert.Equal(t, offerResult{Message: "Caller " + beth + " does not have the awa_manager or awa_integration_user role"}, got)
	})
	t.Run("agent without awa_external_user", func(t *testing.T) {
		require.NoError(t, f.s.DB.Delete("sys_user_has_role", "4c31eaa4006be3758652cba5cd7a39c8", "admin"))
		got := offerAnswer(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: assign(map[string]any{"agent_sys_id": abel})}), 409)
		assert.Equal(t, offerResult{Message: "The user does not have the 'awa_external_user' role"}, got)
	})
	t.Run("platform errors keep the platform's envelope", func(t *testing.T) {
		errorOf(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: `{"assignment":`}), 400)
		errorOf(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: map[string]any{}, noAuth: true}), 401)
	})
}

func TestOfferWorkAPIConflictsWithTheWorkItem(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	f.available(abel)
	id := f.awaCall("+14155550199", f.externalQueue())["sys_id"].(string)
	assign := func(agent string) map[string]any {
		return map[string]any{"queue_id": "vcc", "assignment": map[string]any{"agent_sys_id": agent}}
	}
	require.Equal(t, http.StatusOK, f.offer(id, assign(beth)).status)

	got := offerAnswer(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: assign(abel)}), 409)
	assert.Equal(t, offerResult{Message: "Work Item is already assigned to " + beth}, got, "offered to Beth")

	_, err := f.s.awa.Accept(beth, f.offeredItem(id)["sys_id"])
	require.NoError(t, err)
	f.s.awa.Settle()
	got = offerAnswer(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: assign(abel)}), 409)
	assert.Equal(t, offerResult{Message: "Work Item accepted can not be assigned"}, got)

	_, err = f.s.DB.Update(tInteraction, id, Record{"state": "closed_complete"}, "vcc.integration")
	require.NoError(t, err)
	got = offerAnswer(t, f.do(restReq{method: http.MethodPost, path: offerPath(id), body: assign(abel)}), 409)
	assert.Equal(t, offerResult{Message: "Document is not active"}, got)
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
	assert.Contains(t, got.body, `"success":true`)

	old, err := f.s.DB.Get(tWorkItem, source["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, "false", old["active"], "Beth's capacity is released")
	wi := f.offeredItem(id)
	assert.Equal(t, Record{"queue": serviceDesk, "transferred": "true", "previous_work_item": source["sys_id"], "state": wiPendingAccept, "assigned_to": abel},
		pick(wi, "queue", "transferred", "previous_work_item", "state", "assigned_to"), "Abel waited longer than Beth")
	doc, err := f.s.DB.Get(tInteraction, id)
	require.NoError(t, err)
	assert.Equal(t, supportQueue, doc["queue"], "the document is not changed")
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
	toAbel := map[string]any{"transfer": map[string]any{"source_queue_id": "support", "target_id": abel, "target_type": "agent", "transfer_type": "blind"}}

	f.available(abel)
	got := f.offer(id, toAbel)
	require.Equal(t, http.StatusOK, got.status, got.body)
	wi := f.offeredItem(id)
	assert.Equal(t, Record{"assigned_to": abel, "state": wiPendingAccept, "transfer_target_type": "agent", "offer_timeout": "0"},
		pick(wi, "assigned_to", "state", "transfer_target_type", "offer_timeout"))

	require.NoError(t, f.s.awa.Reject(abel, wi["sys_id"], reasonBusy))
	f.s.awa.Settle()
	rejected, err := f.s.DB.Get(tWorkItem, wi["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, Record{"state": wiCancelled, "cancel_reason": cancelTransfer, "rejected": "true"}, pick(rejected, "state", "cancel_reason", "rejected"))
}

func TestOfferWorkAPITransferOfAnUnroutedDocument(t *testing.T) {
	f := newRESTFixture(t)
	f.available(abel)
	// An outbound call: never routed, worked by Beth.
	ix := resultOne(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/interaction?sysparm_exclude_reference_link=true",
		body: map[string]string{"type": "phone", "state": "work_in_progress", "direction": "outbound", "assigned_to": beth}}), http.StatusCreated)
	id := ix["sys_id"].(string)
	f.s.awa.Settle()
	require.Empty(t, f.s.awa.activeItems(tInteraction, id))

	got := f.offer(id, map[string]any{"transfer": map[string]any{"source_queue_id": "support", "target_id": "servicedesk", "target_type": "queue", "transfer_type": "blind"}})
	require.Equal(t, http.StatusOK, got.status, got.body)
	items := f.s.awa.find(tWorkItem, func(r Record) bool { return r["document_id"] == id })
	require.Len(t, items, 2)
	assert.Equal(t, Record{"queue": supportQueue, "state": wiAccepted, "assigned_to": beth, "active": "false"},
		pick(items[0], "queue", "state", "assigned_to", "active"), "made on the source queue, then ended")
	assert.Equal(t, Record{"queue": serviceDesk, "previous_work_item": items[0]["sys_id"], "assigned_to": abel},
		pick(items[1], "queue", "previous_work_item", "assigned_to"))
}
