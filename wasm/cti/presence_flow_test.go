package cti_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
)

// Ready chosen before the audio connection is up is kept, said, and set the
// moment the audio connects: once.
func TestReadyWaitsForAudio(t *testing.T) {
	a := newAgent(t)
	a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt"}}, cti.SoftphoneConnected{})
	a.in(welcome)
	a.presenceSet()
	n := a.f.Bridge.Count("presence-set:")
	st := a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	assert.Empty(t, st.Error, "Ready is kept, not refused")
	assert.Equal(t, "p-ready", st.ReadyWaiting)
	assert.Equal(t, "Away", st.Presence, "the status shown is the true one")
	assert.Equal(t, n, a.f.Bridge.Count("presence-set:"), "Ready is not asked for while the audio is not ready")

	st = a.in(cti.MediaState{State: "connected"})
	assert.Empty(t, st.ReadyWaiting)
	assert.Equal(t, n+1, a.f.Bridge.Count("presence-set:"), "Ready is set as the audio connects")
	st = a.presenceSet()
	assert.Equal(t, "Ready", st.Presence)
	assert.Contains(t, a.f.Host.Take(), "SetPresenceIndicator Available green")
	a.in(cti.MediaState{State: "connected"})
	assert.Equal(t, n+1, a.f.Bridge.Count("presence-set:"), "and only once")
}

// Choosing another status cancels a kept Ready; a Ready whose audio never
// connects is given up in plain words.
func TestReadyKeptIsCancelledOrGivenUp(t *testing.T) {
	a := newAgent(t)
	a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt"}}, cti.SoftphoneConnected{})
	a.in(welcome)
	a.presenceSet()
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	st := a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-lunch"})
	assert.Empty(t, st.ReadyWaiting, "Lunch cancels the kept Ready")
	a.presenceSet()
	n := a.f.Bridge.Count("presence-set:")
	a.in(cti.MediaState{State: "connected"})
	assert.Equal(t, n, a.f.Bridge.Count("presence-set:"), "the cancelled Ready is not set")

	a.in(cti.MediaState{State: "failed"})
	st = a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	assert.Equal(t, "p-ready", st.ReadyWaiting)
	a.f.Clock.T = a.f.Clock.T.Add(21 * time.Second)
	st = a.in(cti.Timer{Name: "ready-wait"})
	assert.Empty(t, st.ReadyWaiting)
	assert.Contains(t, st.Error, "You are not Ready: the audio connection")
	assert.Contains(t, st.Error, "You are still Lunch")
	assert.Equal(t, n, a.f.Bridge.Count("presence-set:"))
}

func TestPresenceFromWorkspace(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.f.Host.Take()
	n := a.f.Bridge.Count("presence-set:")
	a.in(awaPresence(t, "Away"))
	assert.Equal(t, n, a.f.Bridge.Count("presence-set:"), "the echo of the panel's own Away is dropped")

	a.f.Clock.T = a.f.Clock.T.Add(10e9)
	a.in(awaPresence(t, "Available"))
	set, _ := a.f.Bridge.Last("presence-set:")
	assert.Equal(t, "presence-set:workspace:p-ready", set.ID)
	assert.Equal(t, api.SetPresence{PresenceID: "p-ready"}, set.Body, "the workspace's Available makes the agent Ready")
	st := a.presenceSet()
	assert.Equal(t, "Ready", st.Presence)

	// Lunch chosen in the panel shows as Away in the workspace; AWA's Away
	// must not turn Lunch into plain Away.
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-lunch"})
	a.presenceSet()
	a.f.Clock.T = a.f.Clock.T.Add(10e9)
	n = a.f.Bridge.Count("presence-set:")
	st = a.in(awaPresence(t, "Away"))
	assert.Equal(t, n, a.f.Bridge.Count("presence-set:"))
	assert.Equal(t, "Lunch", st.Presence)
}

// Two quick presence changes in the panel: AWA's events arrive as the bridge
// catches up (Away, then Available), and the late Away must not flip the
// agent back (no flapping); a change made in the workspace afterwards is
// followed.
func TestPresenceNoFlapping(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(awaPresence(t, "Away")) // the bridge caught up with sign-in's Away
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	a.presenceSet()
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-lunch"})
	a.presenceSet()
	assert.Contains(t, a.f.Host.Take(), "SetPresenceIndicator Away orange", "the indicator is painted")

	n := a.f.Bridge.Count("presence-set:")
	a.in(awaPresence(t, "Available"), awaPresence(t, "Away"))
	assert.Equal(t, n, a.f.Bridge.Count("presence-set:"), "the bridge catching up changes nothing at the contact centre")
	assert.Equal(t, "Lunch", a.c.State().Presence)

	a.in(awaPresence(t, "Available")) // the agent picks Available in the workspace
	set, _ := a.f.Bridge.Last("presence-set:")
	assert.Equal(t, api.SetPresence{PresenceID: "p-ready"}, set.Body)
}

// The workspace says Available while the panel cannot go Ready (the audio is
// down): the panel does not set Ready, says why, and asks the bridge to put
// AWA back to the agent's contact-centre presence (the indicator cannot: it
// only paints).
func TestWorkspaceAvailableWhileAudioIsDown(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(awaPresence(t, "Away"))
	a.in(cti.MediaState{State: "failed"})
	n := a.f.Bridge.Count("presence-set:")
	st := a.in(awaPresence(t, "Available"))
	assert.Equal(t, n, a.f.Bridge.Count("presence-set:"), "no Ready without audio")
	assert.Equal(t, "p-ready", st.ReadyWaiting, "Ready is kept until the audio is back")
	r, ok := a.f.Bridge.Find("presence:sync")
	require.True(t, ok, "the bridge is asked to set AWA back meanwhile")
	assert.Equal(t, "POST /api/v1/agent/presence/sync", r.Method+" "+r.Path)
	a.in(cti.MediaState{State: "connected"})
	assert.Equal(t, n+1, a.f.Bridge.Count("presence-set:"), "Ready once the audio is back")
}

// The bridge refuses the change (the contact centre said no, or could not
// be reached): the agent is told, and the presence stays.
func TestPresenceRefusedByTheBridge(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	r, _ := a.f.Bridge.Last("presence-set:")
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": api.CodeUnavailable, "message": "Vonage Contact Center did not answer"}})
	st := a.in(cti.BridgeResult{ID: r.ID, Status: 503, Body: body})
	assert.Equal(t, "Your status was not changed to Ready: Vonage Contact Center could not be reached. You are still Away. Try again in a moment.", st.Error)
	assert.Equal(t, "Away", st.Presence)
	assert.True(t, st.SignedIn)
}

// The bridge answers the presence the contact centre now holds, which is
// what the panel shows, even when it is not the one asked for; an answer
// without one shows the one asked for.
func TestPresenceAnswer(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	r, _ := a.f.Bridge.Last("presence-set:")
	st := a.in(cti.BridgeResult{ID: r.ID, Status: 200, Body: presenceBody(t, lunch)})
	assert.Equal(t, "Lunch", st.Presence)
	assert.Equal(t, "p-lunch", st.PresenceID)

	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	r, _ = a.f.Bridge.Last("presence-set:")
	st = a.in(cti.BridgeResult{ID: r.ID, Status: 204})
	assert.Equal(t, "Ready", st.Presence)

	// A late answer after sign-out changes nothing.
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-away"})
	r, _ = a.f.Bridge.Last("presence-set:")
	a.in(cti.UIAction{Action: cti.ActSignOut})
	st = a.in(cti.BridgeResult{ID: r.ID, Status: 200, Body: presenceBody(t, away)})
	assert.Equal(t, cti.PresenceLoggedOut, st.Presence)
}

// A presence changed elsewhere (a supervisor, the contact centre itself)
// reaches the panel through the softphone: it is shown and painted, and
// AWA's event of it, when the bridge carries it there, is only an echo.
func TestPresenceChangedElsewhere(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(awaPresence(t, "Away"))
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	a.presenceSet()
	a.f.Clock.T = a.f.Clock.T.Add(10e9)
	a.in(awaPresence(t, "Available"))
	a.f.Host.Take()

	st := a.in(cti.PresenceChanged{Presence: lunch})
	assert.Equal(t, "Lunch", st.Presence)
	assert.Contains(t, a.f.Host.Take(), "SetPresenceIndicator Away orange")
	n := a.f.Bridge.Count("presence-set:")
	st = a.in(awaPresence(t, "Away"))
	assert.Equal(t, n, a.f.Bridge.Count("presence-set:"), "AWA catching up is not sent back")
	assert.Equal(t, "Lunch", st.Presence)

	// A presence the welcome did not list is shown under its own name.
	st = a.in(cti.PresenceChanged{Presence: cti.Presence{ID: "p-cu", Description: "Connection Unavailable", Category: cti.PresenceCategoryAway}})
	assert.Equal(t, "Connection Unavailable", st.Presence)
}

// Quick changes in the panel reach the contact centre one at a time and in
// the agent's order, as over one link: the latest waits for the answer of
// the one in flight, which is then stale and not shown.
func TestPresenceChangesInOrder(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	n := a.f.Bridge.Count("presence-set:")
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-lunch"},
		cti.UIAction{Action: cti.ActPresence, Value: "p-ready"},
		cti.UIAction{Action: cti.ActPresence, Value: "p-away"})
	assert.Equal(t, n+1, a.f.Bridge.Count("presence-set:"), "one request in flight")
	first, _ := a.f.Bridge.Last("presence-set:")
	assert.Equal(t, api.SetPresence{PresenceID: "p-lunch"}, first.Body)

	st := a.in(cti.BridgeResult{ID: first.ID, Status: 200, Body: presenceBody(t, lunch)})
	assert.Equal(t, "Away", st.Presence, "Lunch is already replaced: not shown")
	assert.Equal(t, n+2, a.f.Bridge.Count("presence-set:"))
	last, _ := a.f.Bridge.Last("presence-set:")
	assert.Equal(t, api.SetPresence{PresenceID: "p-away"}, last.Body, "only the latest waited")
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": api.CodeConflict, "message": "busy"}})
	st = a.in(cti.BridgeResult{ID: last.ID, Status: 409, Body: body})
	assert.Equal(t, "Your status was not changed to Away: Vonage Contact Center did not take it. You are still Away. Try again in a moment.", st.Error)

	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	assert.Equal(t, n+3, a.f.Bridge.Count("presence-set:"), "nothing in flight: sent at once")
	st = a.presenceSet()
	assert.Equal(t, "Ready", st.Presence)
}
