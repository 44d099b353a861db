//go:build !js

package vccsim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// TestAutoReject: in VCC routing, a call offered to a Ready agent whose
// softphone has no connected media is rejected at once with VCC's reason,
// the agent is "Connection Unavailable" until their media is back, and the
// call rings at the next agent.
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
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sim := startACDSim(t, nil)
			agents := readyInVCCMode(t, sim, "abel.tuter", "beth.anglin")
			abel, beth := agents["abel.tuter"], agents["beth.anglin"]
			panel := tc.drop(t, sim, abel)
			require.Equal(t, vccproto.CategoryReady, sim.srv.presenceOf(abelID).Category.CategoryType, "Abel is still Ready")

			id := sim.placeCall("+14155550170", "support") // Abel is first by name
			beth.awaitCall(id, vccproto.CallRinging)
			c := sim.call(id)
			assert.Equal(t, vccproto.CallRinging, c.State)
			assert.Equal(t, "beth.anglin", c.Agent)
			require.NotEmpty(t, c.History)
			assert.Equal(t, []historyEntry{
				{State: vccproto.CallQueued, At: sim.clock.Now()},
				{State: vccproto.CallQueued, At: sim.clock.Now(), Agent: "abel.tuter", Reason: "Connection rejected due to no WebRTC connection"},
				{State: vccproto.CallRinging, At: sim.clock.Now()},
			}, c.History)
			assert.Equal(t, ActivityConnectionUnavailable, agentState(t, sim, "abel.tuter"))
			sim.awaitLifecycle(id, "customer alerted", "agent alerted")
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

// TestAssignRefusalInHistory: in ServiceNow routing, assigning a call to an
// agent without connected media is refused and recorded on the call.
func TestAssignRefusalInHistory(t *testing.T) {
	sim := startACDSim(t, nil)
	sim.agent("beth.anglin", "tab-1") // signed in, no media
	id := sim.placeCall("+14155550172", "support")

	status, b := sim.assign(id, bethID)
	require.Equal(t, http.StatusConflict, status, "%s", b)
	c := sim.call(id)
	assert.Equal(t, vccproto.CallQueued, c.State)
	assert.Equal(t, []historyEntry{
		{State: vccproto.CallQueued, At: sim.clock.Now()},
		{State: vccproto.CallQueued, At: sim.clock.Now(), Agent: "beth.anglin", Reason: "Connection rejected due to no WebRTC connection"},
	}, c.History)
}

// agentState is the state GET /sim/agents/{user_name} shows.
func agentState(t *testing.T, sim *acdSim, userName string) string {
	t.Helper()
	status, b := sim.control(http.MethodGet, "/sim/agents/"+userName, nil)
	require.Equal(t, http.StatusOK, status, "%s", b)
	return decode[agentView](t, b).State
}
