//go:build !js

package vccsim

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

func TestWelcome(t *testing.T) {
	sim := startACDSim(t, nil)
	w := sim.agent("beth.anglin", "tab-1").welcome

	assert.NotEmpty(t, w.SessionID)
	assert.Len(t, w.ResumeToken, 43)
	assert.False(t, w.Resumed)
	assert.Equal(t, 20, w.ResumeGraceSeconds, "VCC's 20 s by default")
	assert.Equal(t, vccproto.User{UserID: bethID, UserName: "beth.anglin", AgentID: "1001", Name: "Beth Anglin",
		AccountID: "b244c49d-1c22-4fc0-8cd0-f78570d0a8b3"}, w.User)
	assert.Equal(t, vccproto.CategoryLoggedOut, w.Presence.Category.CategoryType)
	var names []string
	for _, p := range w.Presences {
		assert.True(t, p.Selectable, p.Description)
		names = append(names, p.Description)
	}
	assert.Equal(t, []string{"Ready", "Away", "Break", "Lunch", "Training", "Logged Out"}, names)
	assert.Equal(t, []string{"Resolved", "Follow-up required", "Wrong number", "Escalated"}, w.Dispositions)
	assert.False(t, w.EnforcedDispositions)
	assert.Equal(t, []vccproto.Target{{Type: "queue", ID: "support", Name: "support"}, {Type: "queue", ID: "servicedesk", Name: "servicedesk"}}, w.Queues)
	assert.Equal(t, []vccproto.Target{{Type: "agent", ID: "abel.tuter", Name: "Abel Tuter"}}, w.Agents)
	assert.Empty(t, w.Calls)
	assert.NotNil(t, w.ICEServers)
	sessions := sim.srv.agentSessions(bethID)
	require.Len(t, sessions, 1)
	assert.Equal(t, SessionInfo{ID: w.SessionID, Client: vccproto.Client{ID: "tab-1", Instance: "http://localhost:8701",
		Browser: "pion test client"}, Since: sim.clock.Now(), Media: mediaNew}, sessions[0])
}

// TestResumeGraceConfigurable: the welcome announces the configured grace
// window, rounded up to whole seconds, and the session waits that long.
func TestResumeGraceConfigurable(t *testing.T) {
	cases := []struct {
		name  string
		grace time.Duration
		want  int
	}{
		{"default", 0, 20},
		{"longer", 45 * time.Second, 45},
		{"part of a second", 1500 * time.Millisecond, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sim := startACDSim(t, func(c *Config) { c.ACD.ResumeGrace = tc.grace })
			beth := sim.agent("beth.anglin", "tab-1")
			assert.Equal(t, tc.want, beth.welcome.ResumeGraceSeconds)

			beth.close()
			require.Eventually(t, func() bool {
				s := sim.srv.agentSessions(bethID)
				return len(s) == 1 && s[0].Resumable
			}, waitFor, 10*time.Millisecond)
			wait := tc.grace
			if wait == 0 {
				wait = 20 * time.Second
			}
			require.Equal(t, 1, sim.timers.fire(wait), "the session's grace timer runs for %s", wait)
			assert.Empty(t, sim.srv.agentSessions(bethID))
		})
	}
}

func TestHelloRefused(t *testing.T) {
	sim := startACDSim(t, nil)
	expired := sim.token("beth.anglin")
	sim.clock.Advance(3 * time.Hour)
	cases := []struct {
		name  string
		hello vccproto.Hello
		code  string
	}{
		{"forged token", vccproto.Hello{Token: "eyJhbGciOiJub25lIn0.e30.", Client: vccproto.Client{ID: "c"}}, vccproto.ErrCodeUnauthorized},
		{"expired token", vccproto.Hello{Token: expired, Client: vccproto.Client{ID: "c"}}, vccproto.ErrCodeUnauthorized},
		{"not an agent", vccproto.Hello{Token: sim.token("sam.supervisor"), Client: vccproto.Client{ID: "c"}}, vccproto.ErrCodeUnauthorized},
		{"unknown resume token", vccproto.Hello{Token: sim.token("beth.anglin"), ResumeToken: "nope", Client: vccproto.Client{ID: "c"}}, vccproto.ErrCodeResume},
		{"no client id", vccproto.Hello{Token: sim.token("beth.anglin")}, vccproto.ErrCodeBadRequest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sp := dialSoftphone(t, sim.URL, "c")
			errorOf(t, sp.request(vccproto.TypeHello, tc.hello), tc.code)
			assert.Empty(t, sim.srv.agentSessions(bethID))
		})
	}
}

func TestConflictAndTakeover(t *testing.T) {
	sim := startACDSim(t, nil)
	first := sim.readyAgent("beth.anglin")
	id := sim.connectedCall(first, "+14155550110")

	second := dialSoftphone(t, sim.URL, "other-browser")
	reply := second.hello(sim.token("beth.anglin"), "", false)
	require.Equal(t, vccproto.TypeConflict, reply.Type, "%s", reply.Data)
	var conflict vccproto.Conflict
	require.NoError(t, json.Unmarshal(reply.Data, &conflict))
	assert.Equal(t, "beth.anglin-tab", conflict.Existing.ID)
	assert.Equal(t, rfc3339(sim.clock.Now()), conflict.Since)
	assert.Equal(t, vccproto.CallConnected, sim.call(id).State, "a conflict changes nothing")

	w := second.mustWelcome(sim.token("beth.anglin"), "", true)
	assert.NotEqual(t, first.welcome.SessionID, w.SessionID)
	require.Len(t, w.Calls, 1)
	assert.Equal(t, vccproto.CallParked, w.Calls[0].State, "the call waits for the new panel's media")
	ended := first.await("ended", func(env vccproto.Envelope) bool { return env.Type == vccproto.TypeEnded })
	var e vccproto.Ended
	require.NoError(t, json.Unmarshal(ended.Data, &e))
	assert.Equal(t, vccproto.EndTakenOver, e.Reason)
	first.awaitClosed()
	assert.Equal(t, "comfort", sim.call(id).Media.CallerHears)
	require.Len(t, sim.srv.agentSessions(bethID), 1, "never two sessions")

	second.connectMedia()
	second.awaitCall(id, vccproto.CallConnected)
	before := sim.call(id).Media
	require.Eventually(t, func() bool {
		m := sim.call(id).Media
		return m.RTPFromAgent > before.RTPFromAgent+10 && m.RTPToAgent > before.RTPToAgent+10 && second.received.Load() > 10
	}, waitFor, 20*time.Millisecond, "audio flows through the new panel")
	sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent connected", "customer connected")
}

// TestResume: a reload within the grace window resumes the session and
// its parked call; after the window the call ends.
func TestResume(t *testing.T) {
	sim := startACDSim(t, withExtensions)
	beth := sim.readyAgent("beth.anglin")
	id := sim.connectedCall(beth, "+14155550111")
	resumeToken, sessionID := beth.welcome.ResumeToken, beth.welcome.SessionID

	beth.close() // the tab reloads
	sim.awaitCallState(id, vccproto.CallParked)
	require.Eventually(t, func() bool {
		s := sim.srv.agentSessions(bethID)
		return len(s) == 1 && s[0].Resumable && s[0].Media == mediaClosed
	}, waitFor, 10*time.Millisecond)

	reloaded := dialSoftphone(t, sim.URL, "beth.anglin-tab")
	w := reloaded.mustWelcome(sim.token("beth.anglin"), resumeToken, false)
	assert.True(t, w.Resumed)
	assert.Equal(t, sessionID, w.SessionID)
	require.Len(t, w.Calls, 1)
	assert.Equal(t, vccproto.CallParked, w.Calls[0].State)
	reloaded.connectMedia()
	reloaded.awaitCall(id, vccproto.CallConnected)
	before := sim.call(id).Media
	require.Eventually(t, func() bool {
		m := sim.call(id).Media
		return m.RTPFromAgent > before.RTPFromAgent+10 && m.RTPToAgent > before.RTPToAgent+10
	}, waitFor, 20*time.Millisecond, "audio flows again after the resume")
	assert.Equal(t, []string{"queued", "connected", "parked", "connected"}, historyStates(sim.call(id)))

	reloaded.close() // closed for good this time
	sim.awaitCallState(id, vccproto.CallParked)
	require.Equal(t, 1, sim.timers.fire(testGrace), "one grace timer runs")
	c := sim.call(id)
	assert.Equal(t, vccproto.CallEnded, c.State)
	assert.Empty(t, sim.srv.agentSessions(bethID))
	assert.Equal(t, vccproto.CategoryLoggedOut, sim.srv.presenceOf(bethID).Category.CategoryType)
	sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent connected", "customer connected",
		"agent disconnected", "agent ended failed", "customer disconnected", "customer ended failed")

	late := dialSoftphone(t, sim.URL, "beth.anglin-tab")
	errorOf(t, late.hello(sim.token("beth.anglin"), resumeToken, false), vccproto.ErrCodeResume)
}

// TestTokenExpiresMidSession: the session outlives its token; a new hello
// needs a valid one.
func TestTokenExpiresMidSession(t *testing.T) {
	sim := startACDSim(t, nil)
	token := sim.token("beth.anglin")
	beth := dialSoftphone(t, sim.URL, "tab")
	beth.mustWelcome(token, "", false)
	sim.clock.Advance(3 * time.Hour)

	beth.mustAck(vccproto.TypePresence, vccproto.SetPresence{PresenceID: breakID})
	assert.Equal(t, "Break", sim.srv.presenceOf(bethID).Description)
	again := dialSoftphone(t, sim.URL, "tab")
	errorOf(t, again.hello(token, beth.welcome.ResumeToken, false), vccproto.ErrCodeUnauthorized)
	again.mustWelcome(sim.token("beth.anglin"), beth.welcome.ResumeToken, false)
}

func TestSignOut(t *testing.T) {
	sim := startACDSim(t, nil)
	beth := sim.readyAgent("beth.anglin")
	beth.mustAck(vccproto.TypePresence, vccproto.SetPresence{PresenceID: readyID})
	pushed := beth.await("presence", func(env vccproto.Envelope) bool { return env.Type == vccproto.TypePresence })
	var p vccproto.Presence
	require.NoError(t, json.Unmarshal(pushed.Data, &p))
	assert.Equal(t, readyID, p.PresenceID)

	beth.mustAck(vccproto.TypeSignOut, nil)
	ended := beth.await("ended", func(env vccproto.Envelope) bool { return env.Type == vccproto.TypeEnded })
	assert.Contains(t, string(ended.Data), vccproto.EndSignedOut)
	require.Eventually(t, func() bool {
		return sim.srv.presenceOf(bethID).Category.CategoryType == vccproto.CategoryLoggedOut
	}, waitFor, 10*time.Millisecond)
	assert.Empty(t, sim.srv.agentSessions(bethID))
	status, b := sim.control(http.MethodGet, "/sim/agents/beth.anglin", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Empty(t, decode[map[string]any](t, b)["sessions"])
}
