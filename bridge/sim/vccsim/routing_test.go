//go:build !js

package vccsim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// readyInVCCMode signs agents in with media, makes them Ready and switches
// the ACD to offer calls itself.
func readyInVCCMode(t *testing.T, sim *acdSim, names ...string) map[string]*softphone {
	t.Helper()
	status, b := sim.control(http.MethodPost, "/sim/config", map[string]string{"routing": RoutingVCC})
	require.Equal(t, http.StatusOK, status, "%s", b)
	agents := map[string]*softphone{}
	for _, n := range names {
		sp := sim.readyAgent(n)
		sp.mustAck(vccproto.TypePresence, vccproto.SetPresence{PresenceID: readyID})
		agents[n] = sp
	}
	return agents
}

// TestVCCRouting: the ACD offers a call to the agent free the longest,
// moves it on when that agent rejects or lets it ring out, and connects it
// when one answers.
func TestVCCRouting(t *testing.T) {
	sim := startACDSim(t, withExtensions)
	agents := readyInVCCMode(t, sim, "abel.tuter", "beth.anglin")
	abel, beth := agents["abel.tuter"], agents["beth.anglin"]

	id := sim.placeCall("+14155550120", "support")
	abel.awaitCall(id, vccproto.CallRinging) // both free since sign-in; abel first by name
	assert.Equal(t, vccproto.CallRinging, sim.call(id).State)
	assert.Equal(t, ActivityBusy, sim.srv.agentActivity(abelID))
	beth.mustFail(vccproto.TypeAnswer, vccproto.CallRef{CallID: id}, vccproto.ErrCodeNoCall)

	abel.mustAck(vccproto.TypeReject, vccproto.CallRef{CallID: id})
	abel.awaitCall(id, vccproto.CallEnded)
	beth.awaitCall(id, vccproto.CallRinging)
	beth.mustFail(vccproto.TypeHold, vccproto.CallRef{CallID: id}, vccproto.ErrCodeState)

	require.Equal(t, 1, sim.timers.fire(testRing), "beth's ring times out")
	beth.awaitCall(id, vccproto.CallEnded)
	assert.Equal(t, vccproto.CallQueued, sim.call(id).State, "both declined: the call waits")

	second := sim.placeCall("+14155550121", "servicedesk")
	abel.awaitCall(second, vccproto.CallRinging)
	answered := abel.mustAck(vccproto.TypeAnswer, vccproto.CallRef{CallID: second})
	assert.Equal(t, vccproto.CallConnected, answered.State)
	assert.Equal(t, vccproto.CallConnected, sim.call(second).State)
	abel.mustFail(vccproto.TypeAnswer, vccproto.CallRef{CallID: second}, vccproto.ErrCodeState)

	sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent ended rejected", "agent alerted", "agent ended noanswer")
	sim.awaitLifecycle(second, "customer alerted", "agent alerted", "agent connected", "customer connected")
	status, _ := sim.control(http.MethodPost, "/sim/calls/"+id+"/hangup", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, vccproto.CallAbandoned, sim.call(id).State)
}

// TestVCCRoutingWaitsForReady: calls queue until an agent is Ready with
// connected media, and only Ready agents are offered calls.
func TestVCCRoutingWaitsForReady(t *testing.T) {
	sim := startACDSim(t, func(c *Config) { c.ACD.Routing = RoutingVCC; c.WebhookExtensions = true })
	beth := sim.readyAgent("beth.anglin") // Logged Out until she says Ready
	id := sim.placeCall("+14155550122", "support")
	assert.Equal(t, vccproto.CallQueued, sim.call(id).State)

	beth.mustAck(vccproto.TypePresence, vccproto.SetPresence{PresenceID: readyID})
	beth.awaitCall(id, vccproto.CallRinging)

	t.Run("the caller leaves while it rings", func(t *testing.T) {
		status, b := sim.control(http.MethodPost, "/sim/calls/"+id+"/hangup", nil)
		require.Equal(t, http.StatusOK, status, "%s", b)
		beth.awaitCall(id, vccproto.CallAbandoned)
		assert.Equal(t, "", sim.srv.agentActivity(bethID))
		sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent ended abandoned",
			"customer disconnected", "customer ended abandoned")
	})
	t.Run("switching to servicenow routing leaves calls queued", func(t *testing.T) {
		status, b := sim.control(http.MethodPost, "/sim/config", map[string]string{"routing": RoutingServiceNow})
		require.Equal(t, http.StatusOK, status, "%s", b)
		next := sim.placeCall("+14155550123", "support")
		assert.Equal(t, vccproto.CallQueued, sim.call(next).State)
	})
}

func TestControlConfigAndCalls(t *testing.T) {
	sim := startACDSim(t, nil)
	cases := []struct {
		name   string
		method string
		path   string
		body   any
		want   int
	}{
		{"routing unknown", http.MethodPost, "/sim/config", map[string]string{"routing": "random"}, http.StatusBadRequest},
		{"config not json", http.MethodPost, "/sim/config", "vcc", http.StatusBadRequest},
		{"call from a bad number", http.MethodPost, "/sim/calls", map[string]string{"from": "12345", "queue": "support"}, http.StatusBadRequest},
		{"call into an unknown queue", http.MethodPost, "/sim/calls", map[string]string{"from": "+14155550130", "queue": "sales-emea"}, http.StatusBadRequest},
		{"unknown call", http.MethodGet, "/sim/calls/nope", nil, http.StatusNotFound},
		{"config", http.MethodGet, "/sim/config", nil, http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, b := sim.control(tc.method, tc.path, tc.body)
			assert.Equal(t, tc.want, status, "%s", b)
		})
	}

	first := sim.placeCall("+14155550131", "support")
	second := sim.placeCall("+14155550132", "servicedesk")
	status, b := sim.control(http.MethodGet, "/sim/calls", nil)
	require.Equal(t, http.StatusOK, status)
	calls := decode[struct{ Calls []callJSON }](t, b).Calls
	require.Len(t, calls, 2)
	assert.Equal(t, []string{first, second}, []string{calls[0].ID, calls[1].ID})
	assert.Equal(t, "servicedesk", calls[1].Queue)
	assert.Equal(t, "inbound", calls[1].Direction)
	assert.Equal(t, uint64(0), calls[1].Media.RTPFromAgent)
	assert.Equal(t, RoutingServiceNow, decode[map[string]string](t, mustOK(t, sim, "/sim/config"))["routing"])
}

func TestConsole(t *testing.T) {
	sim := startACDSim(t, nil)
	page := string(mustOK(t, sim, "/sim/console"))
	for _, want := range []string{`data-testid="console-call"`, "<option>support</option>", "<option>servicedesk</option>", "/sim/calls"} {
		assert.Contains(t, page, want)
	}
}

func mustOK(t *testing.T, sim *acdSim, path string) []byte {
	t.Helper()
	status, b := sim.control(http.MethodGet, path, nil)
	require.Equal(t, http.StatusOK, status, "%s", b)
	return b
}
