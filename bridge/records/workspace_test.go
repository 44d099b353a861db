package records

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
)

func workspaceRules() Rules {
	r := DefaultRules()
	q := r.Queues["servicedesk"]
	q.WorkspaceWrapUp = true
	r.Queues["servicedesk"] = q
	return r
}

// workspaceCall runs an unknown caller's call on a queue with the
// workspace's wrap-up, wrapped up from source.
func workspaceCall(t *testing.T, source string) *env {
	e := newEnv(t, workspaceRules())
	e.apply(queued("+14155550199", "servicedesk"))
	e.mustSync(1)
	e.call.Sync.State = calls.StateWorkInProgress
	e.apply(answeredBy()...)
	e.apply(hungUp())
	e.sn.reset()
	e.mustSync(68)
	e.apply(wrappedUp(source)...)
	e.mustSync(81)
	return e
}

func TestWorkspaceWrapUpClosedByTheBridge(t *testing.T) {
	e := workspaceCall(t, "")
	assert.Equal(t, []string{"POST /api/now/wrapup/segment/create", "PUT /api/now/wrapup/segment/update", "PATCH " + patchPath}, e.sn.requests())
	open := e.sn.last("POST", "/api/now/wrapup/segment/create").Body
	assert.Equal(t, map[string]any{"agent_sys_id": agentSys, "interaction_sys_id": ixID, "external": true, "external_segment_id": vccID,
		"opened_on": "2026-11-24 09:01:05", "configuration": map[string]any{"enable_codes": true, "default_code": "Resolved",
			"allowed_codes": []any{map[string]any{"code": "Resolved"}, map[string]any{"code": "Follow-up required"},
				map[string]any{"code": "Wrong number"}, map[string]any{"code": "Escalated"}}}}, open)
	upd := e.sn.last("PUT", "/api/now/wrapup/segment/update")
	assert.Equal(t, map[string]any{"wrap_up_code": "Resolved", "notes": "Reset the router", "confirmed_on": "2026-11-24 09:01:21"}, upd.Body)
	assert.True(t, e.call.Sync.SegmentClosed)
}

func TestWorkspaceWrapUpSubmittedInTheWorkspace(t *testing.T) {
	e := workspaceCall(t, calls.SourceWorkspace)
	assert.Equal(t, []string{"POST /api/now/wrapup/segment/create", "PATCH " + patchPath}, e.sn.requests(),
		"the agent's submission closed the segment: the bridge does not update it")
	assert.False(t, e.call.Sync.SegmentClosed)
}

func TestARefusedSegmentDoesNotHoldTheClose(t *testing.T) {
	e := newEnv(t, workspaceRules())
	e.sn.answer("POST /api/now/wrapup/segment/create", reply(200, `{"success":false,"message":"Wrap-up is not enabled"}`))
	e.apply(queued("+14155550199", "servicedesk"))
	e.mustSync(1)
	e.call.Sync.State = calls.StateWorkInProgress
	e.apply(answeredBy()...)
	e.apply(hungUp())
	e.mustSync(68)
	assert.Contains(t, e.call.Sync.SegmentError, "Wrap-up is not enabled")
	e.apply(wrappedUp("")...)
	e.mustSync(81)
	assert.Equal(t, calls.StateClosedComplete, e.call.Sync.State)
	notes := e.sn.last("PATCH", patchPath).Body["interaction"].(map[string]any)["additionalParams"].(map[string]any)["work_notes"]
	assert.Contains(t, notes, "The workspace's wrap-up segment could not be used: reported a failure: Wrap-up is not enabled")
}

func TestASegmentOpenWhoseAnswerWasLost(t *testing.T) {
	e := newEnv(t, workspaceRules())
	e.sn.answer("POST /api/now/wrapup/segment/create", reply(502, `bad gateway`))
	e.apply(queued("+14155550199", "servicedesk"))
	e.mustSync(1)
	e.call.Sync.State = calls.StateWorkInProgress
	e.apply(answeredBy()...)
	e.apply(hungUp())
	require.Error(t, e.sync(68))
	assert.Equal(t, inFlightSegment, e.call.Sync.InFlight)
	e.sn.answer("GET /api/now/wrapup/segment/", reply(200, `{"success":true,"segment":{"sys_id":"`+segID+`","state":"open"}}`))
	e.sn.reset()
	e.mustSync(67)
	assert.Equal(t, []string{"GET /api/now/wrapup/segment/" + vccID}, e.sn.requests(), "found by its external id, not opened twice")
	assert.Equal(t, segID, e.call.Sync.SegmentSysID)
}

func TestRulesAutomation(t *testing.T) {
	rules := DefaultRules()
	q := rules.Queues["support"]
	q.CreateCase, q.ResolveCase, q.CreateRequest = true, true, true
	rules.Queues["support"] = q
	e := newEnv(t, rules)
	e.sn.rows["customer_contact"] = []servicenow.Record{{"sys_id": contact, "name": "Ann Lee", "account": account, "phone": "415-555-0201"}}
	e.wholeCall("+14155550201", "support")
	newCase := e.call.Sync.CaseSysID
	require.NotEmpty(t, newCase)
	assert.Equal(t, []string{"GET /api/now/table/sn_customerservice_case", "GET /api/now/table/customer_contact",
		"POST /api/now/table/sn_customerservice_case", "POST " + createPath, "PATCH " + patchPath,
		"PATCH /api/now/table/sn_customerservice_case/" + newCase, "POST /api/now/table/sc_request"}, e.sn.requests())
	assert.Equal(t, map[string]any{"contact": contact, "account": account, "contact_type": "phone",
		"short_description": "Call from (415) 555-0201 in support [VCC " + vccID + "]"}, e.sn.last("POST", "/api/now/table/sn_customerservice_case").Body)
	resolve := e.sn.last("PATCH", "/api/now/table/sn_customerservice_case/"+newCase).Body
	assert.Equal(t, "6", resolve["state"])
	assert.Equal(t, "Reset the router", resolve["close_notes"])
	assert.NotEmpty(t, resolve["work_notes"])
	req := e.sn.last("POST", "/api/now/table/sc_request").Body
	assert.Equal(t, newCase, req["parent"])
	assert.Equal(t, contact, req["requested_for"])
	assert.Equal(t, "Follow-up from call IMS0000052 [VCC "+vccID+"]", req["short_description"])
	assert.NotEmpty(t, e.call.Sync.RequestSysID)
}

func TestACaseInsertWhoseAnswerWasLost(t *testing.T) {
	rules := DefaultRules()
	q := rules.Queues["support"]
	q.CreateCase = true
	rules.Queues["support"] = q
	e := newEnv(t, rules)
	e.sn.rows["customer_contact"] = []servicenow.Record{{"sys_id": contact, "name": "Ann Lee", "account": account, "phone": "415-555-0201"}}
	e.sn.answer("POST /api/now/table/sn_customerservice_case", reply(500, `{"error":{"message":"Transaction cancelled"}}`))
	e.apply(queued("+14155550201", "support"))
	require.Error(t, e.sync(1))
	assert.Equal(t, inFlightCase, e.call.Sync.InFlight)
	delete(e.sn.answers, "POST /api/now/table/sn_customerservice_case")
	e.sn.rows["sn_customerservice_case"] = []servicenow.Record{{"sys_id": caseID, "number": "CS0009",
		"short_description": "Call from (415) 555-0201 in support [VCC " + vccID + "]"}}
	e.sn.reset()
	e.mustSync(2)
	assert.Equal(t, []string{"GET /api/now/table/sn_customerservice_case", "POST " + createPath}, e.sn.requests())
	assert.Equal(t, caseID, e.call.Sync.CaseSysID)
	assert.Equal(t, []any{map[string]any{"documentTable": "sn_customerservice_case", "documentId": caseID}},
		e.sn.last("POST", createPath).Body["relatedRecords"])
}

func TestADispositionThatIsNotACodeGoesInTheNotes(t *testing.T) {
	e := newEnv(t, workspaceRules())
	e.apply(queued("+14155550199", "servicedesk"))
	e.mustSync(1)
	e.call.Sync.State = calls.StateWorkInProgress
	e.apply(answeredBy()...)
	e.apply(hungUp())
	e.mustSync(68)
	e.apply(calls.Event{Kind: calls.WrapUpSubmitted, At: at(80), Agent: agentUser, Disposition: "Callback booked", Notes: "Tuesday"},
		calls.Event{ID: "w", Kind: calls.AgentWrapEnded, At: at(80), Agent: agentUser})
	e.mustSync(81)
	assert.Equal(t, map[string]any{"notes": "Disposition: Callback booked.\nTuesday", "confirmed_on": "2026-11-24 09:01:21"},
		e.sn.last("PUT", "/api/now/wrapup/segment/update").Body, "the segment's default code stands")
}
