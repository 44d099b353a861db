//go:build !js

package vccsim

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// TestAutoReject: in VCC routing, a call offered to a Ready agent whose
// softphone is not connected is rejected at once with VCC's reason: the
// agent's channel is alerted, fails to connect and ends, the agent is
// "Connection Unavailable" until their media is back, and the call rings
// at the next agent. In both webhook modes.
func TestAutoReject(t *testing.T) {
	cases := []struct {
		name string
		// drop takes Abel's media away and returns his panel when it is
		// still connected for signaling (nil when it is not).
		drop func(t *testing.T, sim *acdSim, abel *softphone) *softphone
	}{
		{"reloaded panel without media yet", func(t *testing.T, sim *acdSim, abel *softphone) *softphone {
			abel.close()
			sim.awaitMedia("abel.tuter", mediaClosed)
			reloaded := dialSoftphone(t, sim.URL, "abel.tuter-tab")
			reloaded.mustWelcome(sim.token("abel.tuter"), abel.welcome.ResumeToken, false)
			return reloaded
		}},
		{"connection dropped, session waiting for a resume", func(t *testing.T, sim *acdSim, abel *softphone) *softphone {
			abel.close()
			sim.awaitMedia("abel.tuter", mediaClosed)
			return nil
		}},
	}
	for _, mode := range []struct {
		name       string
		extensions bool
		reason     string
	}{{"documented", false, "released"}, {"extensions", true, "rejected"}} {
		for _, tc := range cases {
			t.Run(mode.name+"/"+tc.name, func(t *testing.T) {
				sim := startACDSim(t, func(c *Config) { c.WebhookExtensions = mode.extensions })
				agents := readyInVCCMode(t, sim, "abel.tuter", "beth.anglin")
				abel, beth := agents["abel.tuter"], agents["beth.anglin"]
				panel := tc.drop(t, sim, abel)
				require.Equal(t, vccproto.CategoryReady, sim.srv.presenceOf(abelID).Category.CategoryType, "Abel is still Ready")

				id := sim.placeCall("+14155550170", "support") // Abel is first by name
				beth.awaitCall(id, vccproto.CallRinging)
				c := sim.call(id)
				assert.Equal(t, vccproto.CallRinging, c.State)
				assert.Equal(t, "beth.anglin", c.Agent)
				assert.Equal(t, []historyEntry{
					{State: vccproto.CallQueued, At: sim.clock.Now()},
					{State: vccproto.CallQueued, At: sim.clock.Now(), Agent: "abel.tuter", Reason: "Connection rejected due to no WebRTC connection"},
					{State: vccproto.CallRinging, At: sim.clock.Now()},
				}, c.History)
				assert.Equal(t, ActivityConnectionUnavailable, agentState(t, sim, "abel.tuter"))
				sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent connectionfailed "+mode.reason,
					"agent ended "+mode.reason, "agent alerted")
				assert.Equal(t, []string{"alerted", "connectionfailed", "ended"}, sim.events.agentEvents(t, id, abelID))
				if panel == nil {
					return
				}
				rejected := panel.awaitCall(id, vccproto.CallEnded)
				assert.Equal(t, "Connection rejected due to no WebRTC connection", rejected.Reason)
				assert.Equal(t, "+14155550170", rejected.From)
				assert.Equal(t, "abel.tuter", rejected.Agent)

				second := sim.placeCall("+14155550171", "support")
				assert.Equal(t, vccproto.CallQueued, sim.call(second).State, "Beth is busy and Abel unavailable: the call waits")
				assert.Len(t, sim.call(second).History, 1, "an unavailable agent is not auto-rejected again")

				panel.connectMedia()
				panel.awaitCall(second, vccproto.CallRinging)
				assert.Equal(t, ActivityBusy, agentState(t, sim, "abel.tuter"))
			})
		}
	}
}

// TestReadyWithoutSoftphone: an agent may go Ready without a connected
// softphone, through the Agents API or the softphone's presence message;
// the first call offered to them is auto-rejected and goes on waiting in
// its queue.
func TestReadyWithoutSoftphone(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ready func(t *testing.T, sim *acdSim)
	}{
		{"Agents API, no panel at all", func(t *testing.T, sim *acdSim) {
			status, b := sim.api(http.MethodPatch, "/agents/"+abelID+"/presence", sim.token("abel.tuter"),
				map[string]string{"presenceId": readyID})
			require.Equal(t, http.StatusOK, status, "%s", b)
		}},
		{"softphone signed in, no media", func(t *testing.T, sim *acdSim) {
			sp := sim.agent("abel.tuter", "abel-tab")
			sp.mustAck(vccproto.TypePresence, vccproto.SetPresence{PresenceID: readyID})
			sp.await("presence Ready", func(env vccproto.Envelope) bool {
				var p vccproto.Presence
				return env.Type == vccproto.TypePresence && json.Unmarshal(env.Data, &p) == nil && p.PresenceID == readyID
			})
		}},
		{"a supervisor", func(t *testing.T, sim *acdSim) {
			status, b := sim.control(http.MethodPost, "/sim/agents/abel.tuter/presence", map[string]string{"presence": "Ready"})
			require.Equal(t, http.StatusOK, status, "%s", b)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := startACDSim(t, func(c *Config) { c.ACD.Routing = RoutingVCC })
			tc.ready(t, sim)
			assert.Equal(t, "Ready", agentState(t, sim, "abel.tuter"))

			id := sim.placeCall("+14155550173", "support")
			assert.Equal(t, vccproto.CallQueued, sim.call(id).State)
			assert.Equal(t, ActivityConnectionUnavailable, agentState(t, sim, "abel.tuter"))
			assert.Equal(t, vccproto.CategoryReady, sim.srv.presenceOf(abelID).Category.CategoryType, "the presence stays")
			sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent connectionfailed released", "agent ended released")
		})
	}
}

// TestAssignAutoRejects: in ServiceNow routing, the bridge's hand-off to an
// agent whose softphone is not connected is auto-rejected: 409 not_ready,
// the agent's channel fails, the call stays queued and can go to another
// agent; the agent is available again once their media connects.
func TestAssignAutoRejects(t *testing.T) {
	sim := startACDSim(t, nil)
	beth := sim.agent("beth.anglin", "tab-1") // signed in, no media
	id := sim.placeCall("+14155550172", "support")

	status, b := sim.assign(id, bethID)
	require.Equal(t, http.StatusConflict, status, "%s", b)
	assert.Contains(t, string(b), "auto-rejected")
	c := sim.call(id)
	assert.Equal(t, vccproto.CallQueued, c.State)
	assert.Equal(t, []historyEntry{
		{State: vccproto.CallQueued, At: sim.clock.Now()},
		{State: vccproto.CallQueued, At: sim.clock.Now(), Agent: "beth.anglin", Reason: "Connection rejected due to no WebRTC connection"},
	}, c.History)
	assert.Equal(t, ActivityConnectionUnavailable, agentState(t, sim, "beth.anglin"))
	sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent connectionfailed released", "agent ended released")
	beth.awaitCall(id, vccproto.CallEnded)

	beth.connectMedia()
	sim.awaitMedia("beth.anglin", mediaConnected)
	assert.Equal(t, vccproto.CategoryLoggedOut, agentState(t, sim, "beth.anglin"), "the agent state is the presence again")
	sim.mustAssign(id, bethID)
	beth.awaitCall(id, vccproto.CallConnected)
}

// agentState is the state GET /sim/agents/{user_name} shows.
func agentState(t *testing.T, sim *acdSim, userName string) string {
	t.Helper()
	status, b := sim.control(http.MethodGet, "/sim/agents/"+userName, nil)
	require.Equal(t, http.StatusOK, status, "%s", b)
	return decode[agentView](t, b).State
}
