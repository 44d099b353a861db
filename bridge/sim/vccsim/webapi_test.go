//go:build !js

package vccsim

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// accountKey is the primary account's API key in the seed.
const accountKey = "vccdemo01"

// callDetailAccept is the v0 Web API's call detail media type.
const callDetailAccept = "application/json;version=3"

// webAPI calls the v0 Web API with the bridge's client-credentials token.
func (sim *acdSim) webAPI(method, path string, body any, accept string) (int, []byte) {
	sim.t.Helper()
	h := http.Header{"Authorization": {"Bearer " + sim.clientToken(scopeWebAPI)}}
	if accept != "" {
		h.Set("Accept", accept)
	}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	return sim.request(method, path, h, body)
}

// detail reads a call's detail, which must exist.
func (sim *acdSim) detail(id string) callDetail {
	sim.t.Helper()
	status, b := sim.webAPI(http.MethodGet, "/v0/"+accountKey+"/calls/"+id, nil, callDetailAccept)
	require.Equal(sim.t, http.StatusOK, status, "%s", b)
	return decode[callDetail](sim.t, b)
}

// TestCallDetail: inbound calls come from the caller to the queue's DDI,
// outbound ones from the agent to the number dialled; a transfer changes
// neither; the detail shows the disposition and lives 24 h after the call.
func TestCallDetail(t *testing.T) {
	sim := startACDSim(t, nil)
	beth := sim.readyAgent("beth.anglin")
	abel := sim.readyAgent("abel.tuter")

	id := sim.connectedCall(beth, "+14155550180")
	status, b := sim.webAPI(http.MethodGet, "/v0/"+accountKey+"/calls/"+id, nil, "application/json; version=3")
	require.Equal(t, http.StatusOK, status, "%s", b)
	assert.JSONEq(t, `{"id":"`+id+`","links":[{"href":"`+sim.URL+`/v0/vccdemo01/Calls/`+id+`","rel":"_self"}],
		"from":{"telephoneNumber":"+14155550180"},"to":{"telephoneNumber":"+18005550100"},
		"status":null,"recordingStatus":null,"result":null,"dispositionCode":null}`, string(b))
	assert.Equal(t, "+18005550100", sim.call(id).DDI)

	beth.mustAck(vccproto.TypeTransfer, vccproto.Transfer{CallID: id, Target: vccproto.Target{Type: "queue", ID: "servicedesk"}})
	sim.mustAssign(id, abelID)
	abel.awaitCall(id, vccproto.CallConnected)
	d := sim.detail(id)
	assert.Equal(t, callEnd{TelephoneNumber: "+14155550180"}, d.From, "a transfer changes neither end")
	assert.Equal(t, callEnd{TelephoneNumber: "+18005550100"}, d.To)

	abel.mustAck(vccproto.TypeHangup, vccproto.CallRef{CallID: id})
	abel.mustAck(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: "Resolved"})
	assert.Equal(t, "Resolved", *sim.detail(id).DispositionCode)

	dialled := beth.mustAck(vccproto.TypeDial, vccproto.Dial{Number: "+14155550190"})
	d = sim.detail(dialled.ID)
	assert.Equal(t, callEnd{TelephoneNumber: outboundCLID, AgentID: "1001"}, d.From)
	assert.Equal(t, callEnd{TelephoneNumber: "+14155550190"}, d.To)
	assert.Nil(t, d.Result)

	sim.clock.Advance(23 * time.Hour)
	sim.detail(id)
	sim.clock.Advance(2 * time.Hour)
	status, b = sim.webAPI(http.MethodGet, "/v0/"+accountKey+"/calls/"+id, nil, callDetailAccept)
	assert.Equal(t, http.StatusNotFound, status)
	assert.JSONEq(t, `{"message":"The requested resource was not found."}`, string(b))
	sim.detail(dialled.ID) // still going
}

// TestOutboundResult: an outbound call that does not connect says why.
func TestOutboundResult(t *testing.T) {
	for _, tc := range []struct {
		number, reason string
		fire           time.Duration
	}{
		{"+14155550000", resultBusy, testOutboundAnswer},
		{"+14155559999", resultNoAnswer, testNoAnswer},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			sim := startACDSim(t, nil)
			beth := sim.readyAgent("beth.anglin")
			c := beth.mustAck(vccproto.TypeDial, vccproto.Dial{Number: tc.number})
			sim.timers.fire(testOutboundAnswer)
			if tc.fire != testOutboundAnswer {
				sim.timers.fire(tc.fire)
			}
			beth.awaitCall(c.ID, vccproto.CallWrapUp)
			assert.Equal(t, &callResult{Code: "Failure", Party: "Originator", Reason: tc.reason}, sim.detail(c.ID).Result)
		})
	}
}

// The call detail's refusals.
func TestCallDetailRefusals(t *testing.T) {
	sim := startACDSim(t, nil)
	id := sim.placeCall("+14155550181", "support")
	other, err := sim.srv.issueAccessToken(mustUser(t, sim.srv, "other.admin"), "other-bridge", scopeWebAPI)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, path, token, accept string
		want                      int
	}{
		{"no token", "/v0/vccdemo01/calls/" + id, "-", callDetailAccept, 401},
		{"a bad token", "/v0/vccdemo01/calls/" + id, "nope", callDetailAccept, 401},
		{"another scope", "/v0/vccdemo01/calls/" + id, sim.clientToken("users:read"), callDetailAccept, 403},
		{"another account's key", "/v0/otherorg7/calls/" + id, "", callDetailAccept, 404},
		{"another account's token", "/v0/vccdemo01/calls/" + id, other.Raw, callDetailAccept, 404},
		{"an unknown call", "/v0/vccdemo01/calls/" + newGUID(), "", callDetailAccept, 404},
		{"no version", "/v0/vccdemo01/calls/" + id, "", "application/json", 406},
		{"version 6", "/v0/vccdemo01/calls/" + id, "", "application/json;version=6", 406},
		{"upper-case GUID", "/v0/vccdemo01/calls/" + strings.ToUpper(id), "", callDetailAccept, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{"Accept": {tc.accept}}
			switch tc.token {
			case "":
				h.Set("Authorization", "Bearer "+sim.clientToken(scopeWebAPI))
			case "-":
			default:
				h.Set("Authorization", "Bearer "+tc.token)
			}
			status, b := sim.request(http.MethodGet, tc.path, h, nil)
			assert.Equal(t, tc.want, status, "%s", b)
			assert.True(t, strings.HasPrefix(string(b), "{"), "a JSON body: %s", b)
		})
	}
}

// TestSetDisposition: the documented answers, the strict ones where the
// page is silent, and what a code does to the call and the agent.
func TestSetDisposition(t *testing.T) {
	sim := startACDSim(t, nil)
	beth := sim.readyAgent("beth.anglin")
	id := sim.connectedCall(beth, "+14155550182")
	path := "/v0/" + accountKey + "/calls/" + id + "/dispositionCode"
	for _, tc := range []struct {
		name     string
		path     string
		body     any
		want     int
		wantBody string
	}{
		{"blank", path, map[string]string{"dispositionCode": "", "agentId": "1001"}, 400, `{"message":"Disposition code field was expected. "}`},
		{"no body member", path, map[string]string{"agentId": "1001"}, 400, `{"message":"Disposition code field was expected. "}`},
		{"over 255 characters", path, map[string]string{"dispositionCode": strings.Repeat("x", 256)}, 400, `{"message":"Disposition code excceeds 255 characters."}`},
		{"two characters", path, map[string]string{"dispositionCode": "ok"}, 400, ""},
		{"65 characters", path, map[string]string{"dispositionCode": strings.Repeat("x", 65)}, 400, ""},
		{"not the account's", path, map[string]string{"dispositionCode": "Sold a car"}, 400, ""},
		{"not JSON", path, []byte(`{"dispositionCode":`), 400, ""},
		{"an unknown call", "/v0/" + accountKey + "/calls/" + newGUID() + "/dispositionCode", map[string]string{"dispositionCode": "Resolved"}, 404,
			`{"message":"The requested resource was not found."}`},
		{"an agent not on the call", path, map[string]string{"dispositionCode": "Resolved", "agentId": "1002"}, 404, ""},
		{"set", path, map[string]string{"dispositionCode": "Escalated", "agentId": "1001"}, 200, `{"dispositionCode":"Escalated"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, b := sim.webAPI(http.MethodPost, tc.path, tc.body, "")
			assert.Equal(t, tc.want, status, "%s", b)
			if tc.wantBody != "" {
				assert.JSONEq(t, tc.wantBody, string(b))
			}
		})
	}
	status, b := sim.request(http.MethodPost, path, http.Header{"Authorization": {"Bearer " + sim.clientToken(scopeWebAPI)},
		"Content-Type": {"text/plain"}}, []byte(`{"dispositionCode":"Resolved"}`))
	assert.Equal(t, http.StatusUnsupportedMediaType, status, "%s", b)

	assert.Equal(t, "Escalated", *sim.detail(id).DispositionCode)
	assert.Equal(t, vccproto.CallConnected, sim.call(id).State, "a code does not end a call")
	beth.mustAck(vccproto.TypeHangup, vccproto.CallRef{CallID: id})
	ended := beth.mustAck(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id})
	assert.Equal(t, "Escalated", ended.Disposition, "the wrap-up keeps the code set through the API")
	assert.Equal(t, "Escalated", sim.call(id).Disposition)

	status, b = sim.webAPI(http.MethodPost, path, map[string]string{"dispositionCode": "Resolved"}, "")
	require.Equal(t, http.StatusOK, status, "after the call, within 24 h: %s", b)
	assert.Equal(t, "Resolved", *sim.detail(id).DispositionCode)
}

// TestDispositionEndsEnforcedWrapUp: an agent whose codes are enforced
// cannot leave wrap-up without one; setting it through the v0 Web API
// moves them on, as VCC documents.
func TestDispositionEndsEnforcedWrapUp(t *testing.T) {
	seed := seedVariant(t, func(users []map[string]any) {
		for _, u := range users {
			if u["username"] == "beth.anglin" {
				u["userAccountConfiguration"].(map[string]any)["agentConfiguration"].(map[string]any)["enforcedDispositionCodes"] = true
			}
		}
	})
	ft := &fakeTimers{}
	api := startAPISim(t, seed, func(c *Config) { c.ACD = ACDConfig{AfterFunc: ft.AfterFunc} })
	sim := &acdSim{apiSim: api, timers: ft}
	sim.events = sim.subscribe()
	beth := sim.readyAgent("beth.anglin")
	id := sim.connectedCall(beth, "+14155550183")
	beth.mustAck(vccproto.TypeHangup, vccproto.CallRef{CallID: id})
	beth.mustFail(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id}, vccproto.ErrCodeBadRequest)
	assert.Equal(t, ActivityWrapUp, agentState(t, sim, "beth.anglin"))

	status, b := sim.webAPI(http.MethodPost, "/v0/"+accountKey+"/calls/"+id+"/dispositionCode",
		map[string]string{"dispositionCode": "Resolved", "agentId": "1001"}, "")
	require.Equal(t, http.StatusOK, status, "%s", b)
	got := beth.awaitCall(id, vccproto.CallEnded)
	assert.Equal(t, "Resolved", got.Disposition)
	assert.Equal(t, vccproto.CallEnded, sim.call(id).State)
	assert.Equal(t, vccproto.CategoryLoggedOut, agentState(t, sim, "beth.anglin"), "out of wrap-up")
}

// POST /sim/calls may name the number dialled instead of the queue.
func TestPlaceCallByDDI(t *testing.T) {
	sim := startACDSim(t, nil)
	status, b := sim.control(http.MethodPost, "/sim/calls", map[string]string{"from": "+14155550184", "to": "+18005550101"})
	require.Equal(t, http.StatusCreated, status, "%s", b)
	placed := decode[map[string]string](t, b)
	assert.Equal(t, "+18005550101", placed["ddi"])
	c := sim.call(placed["id"])
	assert.Equal(t, "servicedesk", c.Queue)
	assert.Equal(t, "+18005550101", c.DDI)

	status, b = sim.control(http.MethodPost, "/sim/calls", map[string]string{"from": "+14155550184", "to": "+18005550199"})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, string(b), "support (+18005550100)")
}
