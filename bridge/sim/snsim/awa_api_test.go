package snsim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// awaCall inserts a phone interaction through the Table API, as the bridge
// does, and waits for AWA to route it.
func (f *restFixture) awaCall(from, queue string) map[string]any {
	f.t.Helper()
	ix := resultOne(f.t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/interaction?sysparm_exclude_reference_link=true",
		body: map[string]string{"type": "phone", "state": "new", "direction": "inbound", "caller_phone_number": from, "queue": queue}}), http.StatusCreated)
	f.s.awa.Settle()
	return ix
}

// available puts an agent in the Available presence.
func (f *restFixture) available(agent string) {
	f.t.Helper()
	_, err := f.s.awa.SetPresence(agent, stateAvail, nil)
	require.NoError(f.t, err)
	f.s.awa.Settle()
}

// offeredItem is the work item pending for a document.
func (f *restFixture) offeredItem(docID string) Record {
	f.t.Helper()
	items := f.s.awa.activeItems(tInteraction, docID)
	require.Len(f.t, items, 1)
	return items[0]
}

func TestAWAAPIAuthorization(t *testing.T) {
	f := newRESTFixture(t)
	tests := []struct {
		name       string
		req        restReq
		status     int
		message    string
		detailPart string
	}{
		{"no credentials", restReq{path: "/api/now/awa/agents/" + beth, noAuth: true}, 401, "User Not Authenticated", "Required to provide Auth information"},
		{"wrong password", restReq{path: "/api/now/awa/agents/" + beth, user: "vcc.integration", pass: "nope"}, 401, "User Not Authenticated", ""},
		{"agent without the role", restReq{path: "/api/now/awa/agents/" + beth, user: "beth.anglin", pass: "demo"}, 403, "User Not Authenticated", "awa_integration_user"},
		{"inbox action without the role", restReq{method: http.MethodPost, path: "/api/now/awa/inbox/actions/accept", body: map[string]string{}, user: "beth.anglin", pass: "demo"}, 403, "User Not Authenticated", "awa_integration_user"},
		{"reject reasons without the role", restReq{path: "/api/now/awa/inbox/actions/reject_reasons/" + phoneChannel, user: "beth.anglin", pass: "demo"}, 403, "User Not Authenticated", "awa_integration_user"},
		{"unknown agent", restReq{path: "/api/now/awa/agents/nosuchuser"}, 404, "Record Not Found", "sys_user : nosuchuser"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := errorOf(t, f.do(tt.req), tt.status)
			assert.Equal(t, tt.message, e.Error.Message)
			if tt.detailPart != "" {
				require.NotNil(t, e.Error.Detail)
				assert.Contains(t, *e.Error.Detail, tt.detailPart)
			}
		})
	}
	t.Run("admin has every role", func(t *testing.T) {
		resultOne(t, f.do(restReq{path: "/api/now/awa/agents/" + beth, user: "admin", pass: "admin"}), http.StatusOK)
	})
}

func TestAWAAgentPresenceAPI(t *testing.T) {
	f := newRESTFixture(t)
	got := f.get("/api/now/awa/agents/" + beth)
	require.Equal(t, http.StatusOK, got.Code)
	assert.JSONEq(t, `{"result":{"presence":{"name":"Offline","sys_id":"`+stateOffline+`","available":false,"channels":[]},"sys_id":"`+beth+`"}}`, got.Body.String())

	put := f.do(restReq{method: http.MethodPut, path: "/api/now/v1/awa/agents/" + beth, body: map[string]any{
		"presence": map[string]any{"sys_id": stateAvail, "channels": []map[string]any{{"sys_id": phoneChannel, "available": true}}},
	}})
	res := resultOne(t, put, http.StatusOK)
	presence := res["presence"].(map[string]any)
	assert.Equal(t, "Available", presence["name"])
	assert.Equal(t, true, presence["available"])
	assert.Contains(t, presence["channels"], map[string]any{"name": "Phone", "sys_id": phoneChannel, "available": true, "restrict_update": false, "service_channel_type": "phone"})
	assert.Equal(t, "Available", f.s.awa.PresenceOf(beth).Name)

	errs := []struct {
		name   string
		body   any
		status int
		detail string
	}{
		{"malformed JSON", `{"presence":`, 400, ""},
		{"no presence", map[string]any{}, 400, "Missing presence"},
		{"channels without a state", map[string]any{"presence": map[string]any{"channels": []map[string]any{{"sys_id": phoneChannel, "available": true}}}}, 400, "Missing presence"},
		{"unknown state", map[string]any{"presence": map[string]any{"sys_id": "nosuchstate"}}, 404, "There is no record for awa_presence_state : nosuchstate"},
		{"unknown channel", map[string]any{"presence": map[string]any{"sys_id": stateAvail, "channels": []map[string]any{{"sys_id": "nope", "available": true}}}}, 404, "There is no record for awa_service_channel : nope"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			e := errorOf(t, f.do(restReq{method: http.MethodPut, path: "/api/now/awa/agents/" + beth, body: tt.body}), tt.status)
			require.NotNil(t, e.Error.Detail)
			assert.Contains(t, *e.Error.Detail, tt.detail)
		})
	}
}

func TestAWAAgentPresenceAPIChannelsAndEvents(t *testing.T) {
	f := newRESTFixture(t)
	sub := f.s.feed.subscribe(beth)
	defer f.s.feed.unsubscribe(sub)
	const chat = "27f675e3739713004a905ee515f6a7c3"

	res := resultOne(t, f.do(restReq{method: http.MethodPut, path: "/api/now/awa/agents/" + beth, body: map[string]any{
		"presence": map[string]any{"sys_id": stateAvail, "channels": []map[string]any{{"sys_id": chat}}},
	}}), http.StatusOK)
	f.s.awa.Settle()
	assert.Contains(t, res["presence"].(map[string]any)["channels"],
		map[string]any{"name": "Chat", "sys_id": chat, "available": false, "restrict_update": false, "service_channel_type": "chat"},
		"available defaults to false")
	panel := panelEvents(drain(sub))
	require.Contains(t, panel, "openframe_awa_agent_presence", "the workspace tells the panel")
	assert.Contains(t, jsonOf(t, panel["openframe_awa_agent_presence"]), `"name":"Available"`)

	e := errorOf(t, f.do(restReq{method: http.MethodPut, path: "/api/now/awa/agents/nobody", body: map[string]any{"presence": map[string]any{"sys_id": stateAvail}}}), 404)
	assert.Equal(t, "Record Not Found", e.Error.Message)
}

func TestAWAPresenceStatesAPI(t *testing.T) {
	f := newRESTFixture(t)
	states := resultList(t, f.get("/api/now/awa/agents/"+beth+"/presence_states"))
	require.Len(t, states, 3)
	assert.Equal(t, []any{"Available", "Away", "Offline"}, column(states, "name"))
	assert.Equal(t, []any{0.0, 1000.0, 2000.0}, column(states, "order"))
	assert.Equal(t, []any{stateAvail, stateAway, stateOffline}, column(states, "sys_id"))
	assert.Len(t, states[0]["channels"], 3, "Available takes Case, Phone and Chat")
	assert.Empty(t, states[1]["channels"])
	for _, key := range []string{"show_channels", "available", "disable_inactivity_check"} {
		assert.Contains(t, states[0], key)
	}
}

func TestAWACapacitiesAPI(t *testing.T) {
	f := newRESTFixture(t)
	path := "/api/now/awa/agents/" + beth + "/capacities"
	got := resultOne(t, f.get(path), http.StatusOK)
	assert.NotContains(t, got, "universal_workload", "only with a universal capacity record")
	assert.NotContains(t, got, "universal_capacity")
	assert.Contains(t, got["channels"], map[string]any{"channel_sys_id": phoneChannel, "current_workload": 0.0, "max_capacity": 1.0})

	put := f.do(restReq{method: http.MethodPut, path: path, body: map[string]any{"channels": map[string]int{phoneChannel: 2}, "universal_capacity": 5}})
	require.Equal(t, http.StatusOK, put.Code, put.Body.String())
	assert.JSONEq(t, `{"result":{"channels":[{"channel_sys_id":"`+phoneChannel+`","max_capacity":2}],"universal_capacity":5}}`, put.Body.String(),
		"the channels updated, as the page's sample")

	got = resultOne(t, f.get(path), http.StatusOK)
	assert.Equal(t, 5.0, got["universal_capacity"])
	assert.Equal(t, 0.0, got["universal_workload"])
	assert.Contains(t, got["channels"], map[string]any{"channel_sys_id": phoneChannel, "current_workload": 0.0, "max_capacity": 2.0})

	bad := []struct {
		name   string
		body   any
		status int
		detail string
	}{
		{"negative channel capacity", map[string]any{"channels": map[string]int{phoneChannel: -1}}, 400, "Capacity cannot be negative"},
		{"negative universal capacity", map[string]any{"universal_capacity": -1}, 400, "Capacity cannot be negative"},
		{"nothing to update", map[string]any{}, 400, `Nothing to update: send {"channels":{"<channel sys_id>":<max>}} and/or {"universal_capacity":<n>}`},
		{"unknown channel", map[string]any{"channels": map[string]int{"nope": 1}}, 404, "There is no record for awa_service_channel : nope"},
		{"capacity not a number", `{"channels":{"` + phoneChannel + `":"many"}}`, 400, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			e := errorOf(t, f.do(restReq{method: http.MethodPut, path: path, body: tt.body}), tt.status)
			require.NotNil(t, e.Error.Detail)
			if tt.detail != "" {
				assert.Equal(t, tt.detail, *e.Error.Detail)
			}
		})
	}
}

func TestAWAInboxAPI(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	ix := f.awaCall("+14155550199", supportQueue)
	wi := f.offeredItem(ix["sys_id"].(string))

	bad := []struct {
		name, path string
		body       any
		status     int
		detail     string
	}{
		{"accept without agent", "accept", map[string]string{"work_item_id": wi["sys_id"]}, 400, "Missing agent ID"},
		{"accept without work item", "accept", map[string]string{"agent_id": beth}, 400, "Missing work item ID"},
		{"accept an unknown item", "accept", map[string]string{"agent_id": beth, "work_item_id": "nope"}, 400, "Wrong work item ID"},
		{"accept someone else's", "accept", map[string]string{"agent_id": abel, "work_item_id": wi["sys_id"]}, 400, "Work item is assigned to a different agent"},
		{"accept for an unknown agent", "accept", map[string]string{"agent_id": "nobody", "work_item_id": wi["sys_id"]}, 400, "Work item is assigned to a different agent"},
		{"reject without agent", "reject", map[string]string{"work_item_id": wi["sys_id"], "reject_reason_id": reasonBusy}, 400, "Missing agent ID"},
		{"reject without work item", "reject", map[string]string{"agent_id": beth, "reject_reason_id": reasonBusy}, 400, "Missing work item ID"},
		{"reject without reason", "reject", map[string]string{"agent_id": beth, "work_item_id": wi["sys_id"]}, 400, "Missing reject reason item ID"},
		{"reject for an unknown agent", "reject", map[string]string{"agent_id": "nobody", "work_item_id": wi["sys_id"], "reject_reason_id": reasonBusy}, 404, "There is no record for sys_user : nobody"},
		{"reject an unknown item", "reject", map[string]string{"agent_id": beth, "work_item_id": "nope", "reject_reason_id": reasonBusy}, 404, "There is no record for awa_work_item : nope"},
		{"reject for an unknown reason", "reject", map[string]string{"agent_id": beth, "work_item_id": wi["sys_id"], "reject_reason_id": "nope"}, 404, "There is no record for awa_reject_reason : nope"},
		{"reject someone else's", "reject", map[string]string{"agent_id": abel, "work_item_id": wi["sys_id"], "reject_reason_id": reasonBusy}, 400, "Work item is assigned to a different agent"},
		{"malformed JSON", "accept", "{", 400, "The body must be a JSON object"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			e := errorOf(t, f.do(restReq{method: http.MethodPost, path: "/api/now/awa/inbox/actions/" + tt.path, body: tt.body}), tt.status)
			require.NotNil(t, e.Error.Detail)
			if tt.status == 400 && tt.name != "malformed JSON" {
				assert.Equal(t, tt.detail, *e.Error.Detail)
			} else {
				assert.Contains(t, *e.Error.Detail, tt.detail)
			}
		})
	}

	accepted := f.do(restReq{method: http.MethodPost, path: "/api/now/awa/inbox/actions/accept", body: map[string]string{"agent_id": beth, "work_item_id": wi["sys_id"]}})
	require.Equal(t, http.StatusOK, accepted.Code, accepted.Body.String())
	assert.JSONEq(t, `{"result":{"documentSysId":"`+ix["sys_id"].(string)+`","documentTable":"interaction"}}`, accepted.Body.String())

	f.available(abel)
	second := f.awaCall("+14155550198", supportQueue)
	wi2 := f.offeredItem(second["sys_id"].(string))
	require.Equal(t, abel, wi2["assigned_to"])
	rejected := f.do(restReq{method: http.MethodPost, path: "/api/now/awa/inbox/actions/reject",
		body: map[string]string{"agent_id": abel, "work_item_id": wi2["sys_id"], "reject_reason_id": reasonBusy}})
	require.Equal(t, http.StatusOK, rejected.Code, rejected.Body.String())
	assert.JSONEq(t, `{"result":{"work_item_id":"`+wi2["sys_id"]+`","reject_reason_id":"`+reasonBusy+`","agent_id":"`+abel+`"}}`, rejected.Body.String())
	after, err := f.s.DB.Get(tWorkItem, wi2["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, Record{"assigned_to": "", "rejected": "true"}, pick(after, "assigned_to", "rejected"), "as the page says of a rejected item")

	e := errorOf(t, f.do(restReq{method: http.MethodPost, path: "/api/now/awa/inbox/actions/accept", body: map[string]string{"agent_id": beth, "work_item_id": wi["sys_id"]}}), 400)
	assert.Equal(t, "Work item is not in pending accept state", *e.Error.Detail, "accepted already")
}

func TestAWARejectReasonsAPI(t *testing.T) {
	f := newRESTFixture(t)
	got := f.get("/api/now/awa/inbox/actions/reject_reasons/" + phoneChannel)
	require.Equal(t, http.StatusOK, got.Code)
	assert.JSONEq(t, `{"result":[
		{"order":2,"value":"Not my expertise","display_value":"Not my expertise","sys_id":"31e3fa29b38023002e7b6e5f26a8dc17"},
		{"order":1,"value":"Busy","display_value":"Busy","sys_id":"4e93fa29b38023002e7b6e5f26a8dc20"}]}`, got.Body.String(),
		"the page's sample order (by sys_id), not by order")

	e := errorOf(t, f.get("/api/now/awa/inbox/actions/reject_reasons/nosuchchannel"), http.StatusNotFound)
	assert.Equal(t, "There is no record for awa_service_channel : nosuchchannel", *e.Error.Detail)
}
