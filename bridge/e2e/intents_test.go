//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// Beth sends a caller blind to her own queue: AWA offers the same
// interaction to her again, and her panel rings with it, though the wrap-up
// of her first part is still on screen. She answers: the caller is back with
// her, she can hold, and one wrap-up ends the call.
func TestReofferedCallRings(t *testing.T) {
	env := Start(t)
	panel := env.OpenWorkspace("beth.anglin").Panel()
	id := answeredCall(t, env, panel, "beth.anglin", "+14155550201", "support")
	first, _ := Call(panel.State(), id)
	transferTo(panel, "Queue: support")

	st := panel.WaitState("the call offered again", func(s cti.State) bool { _, ok := reoffered(s, first); return ok })
	again, _ := reoffered(st, first)
	assert.NotEqual(t, first.WorkItemID, again.WorkItemID, "a new work item offers the interaction again")
	panel.WaitVisible("incoming-call")
	panel.Click("answer")
	panel.WaitDetailed(id)
	assert.Len(t, panel.State().Calls, 1, "the caller is back: one call, its earlier wrap-up folded into it")
	env.WaitSimCall(id, "connected to Beth again", func(c SimCall) bool { return c.State == "connected" && c.Agent == "beth.anglin" })

	panel.Click("hold")
	env.WaitSimCall(id, "held", func(c SimCall) bool { return c.State == "held" })
	panel.WaitCall(id, cti.CallHeld)
	panel.Click("hold")
	panel.WaitCall(id, cti.CallConnected)

	panel.WrapUp(id, "Resolved")
	env.WaitSimCall(id, "ended, both parts wrapped up", func(c SimCall) bool { return c.State == "ended" })
	assert.Equal(t, "Ready", panel.State().Presence)
	// One interaction for the whole call, closed with the wrap-up of its
	// last leg, Beth's.
	ix := env.WaitInteraction(id, "closed", func(r map[string]string) bool { return r["state"] == "closed_complete" })
	assert.Equal(t, ix["assigned_to"], env.UserSysID("beth.anglin"))
}

// Beth mutes, then reloads the panel mid-call: Mute is still pressed and
// no sound leaves her microphone; the same after "Use here" in
// a second tab. Unmuting lets her voice through again.
func TestMuteKeptAcrossReloadAndUseHere(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.ProbePeers()
	id := answeredCall(t, env, panel, "beth.anglin", "+14155550201", "support")
	panel.WaitMicOut("the microphone sending", func(m MicOut) bool { return m.Enabled > 0 })
	panel.Click("mute")
	panel.WaitState("muted", func(s cti.State) bool { c, _ := Call(s, id); return c.Muted })
	panel.SilentFor(time.Second)

	panel = panel.ReloadPanel()
	panel.ProbePeers()
	panel.WaitCall(id, cti.CallConnected)
	panel.WaitMicOut("the new audio connection", func(m MicOut) bool { return m.Tracks > 0 })
	assert.Equal(t, "true", panelMuted(panel), "Mute is still pressed")
	panel.SilentFor(time.Second)
	audioFlows(t, env, id) // the line is up: silence flows, not her voice

	second := env.OpenWorkspace("beth.anglin")
	follow := second.Panel()
	follow.ProbePeers()
	follow.WaitCall(id, cti.CallConnected)
	follow.Click("use-here")
	follow.WaitState("leading with audio", func(s cti.State) bool { return s.TabRole == cti.RoleLeader && s.Media == cti.MediaReady })
	follow.WaitCall(id, cti.CallConnected)
	assert.Equal(t, "true", panelMuted(follow), "Mute is still pressed")
	follow.SilentFor(time.Second)

	follow.Click("mute")
	follow.WaitState("unmuted", func(s cti.State) bool { c, _ := Call(s, id); return !c.Muted })
	before := follow.MicOut()
	follow.WaitMicOut("her voice leaving again", func(m MicOut) bool { return m.Enabled > 0 && m.Energy > before.Energy+silentEnergy })
}

// VCC's signaling goes down mid-call and Beth presses Hold: the panel says
// Hold waits for the connection, and holds the call as soon as it is back.
// When the connection stays down past the bound, Resume is refused in plain
// words and the call shows as it is: still on hold.
func TestHoldWaitsForTheSignaling(t *testing.T) {
	env := Start(t)
	panel := env.OpenWorkspace("beth.anglin").Panel()
	id := answeredCall(t, env, panel, "beth.anglin", "+14155550201", "support")

	env.SignalingOutage(3 * time.Second)
	panel.WaitState("reconnecting", func(s cti.State) bool { return s.Connection == cti.Reconnecting })
	panel.Click("hold")
	panel.WaitVisible("call-waiting")
	assert.Contains(t, panel.Text("call-waiting"), "Hold will be done as soon as the phone connection is back")
	assert.Contains(t, panel.Text("reconnecting"), "Hold waits for the connection")
	env.WaitSimCall(id, "held once the signaling is back", func(c SimCall) bool { return c.State == "held" })
	st := panel.WaitCall(id, cti.CallHeld)
	assert.Empty(t, st.Waiting)
	assert.Empty(t, panel.State().Error)

	env.SignalingOutage(12 * time.Second)
	panel.WaitState("reconnecting", func(s cti.State) bool { return s.Connection == cti.Reconnecting })
	panel.Click("hold") // Resume
	panel.WaitVisible("call-waiting")
	old := Timeout
	Timeout = 20 * time.Second
	defer func() { Timeout = old }()
	refused := panel.WaitState("Resume refused", func(s cti.State) bool { return s.Error != "" })
	assert.Equal(t, "Resume didn't happen: the phone connection is down. Try again.", refused.Error)
	c, _ := Call(refused, id)
	assert.Equal(t, cti.CallHeld, c.State)
	assert.Empty(t, c.Waiting)
	assert.Equal(t, "Resume", panel.Text("hold"), "the control shows the call as it is")
	assert.Equal(t, "Reconnecting to Vonage… your calls continue.", panel.Text("reconnecting"))
	panel.WaitState("back online", func(s cti.State) bool { return s.Connection == cti.Online })
	env.WaitSimCall(id, "back from parked", func(c SimCall) bool { return c.State != "parked" })
	time.Sleep(time.Second)
	assert.Equal(t, "held", env.SimCall(id).State, "a refused Resume is not sent later")
}

// Beth picks Ready the moment she is signed in, before her audio has
// connected: the panel says it goes Ready when audio connects, and does,
// once, in VCC and in the workspace.
func TestReadyPickedBeforeAudioConnects(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	env.DelayMedia("beth.anglin", 3*time.Second)
	panel.WaitVisible("login")
	panel.SignIn("beth.anglin", DemoPassword)
	panel.WaitState("the sign-in presence", func(s cti.State) bool { return s.Presence != "" && s.Presence != cti.PresenceLoggedOut })
	require.NotEqual(t, cti.MediaReady, panel.State().Media, "the audio must still be connecting")
	panel.Select("presence", "Ready")
	panel.WaitVisible("presence-waiting")
	assert.Contains(t, panel.Text("presence-waiting"), "Going Ready when audio connects…")
	st := panel.State()
	assert.Empty(t, st.Error, "Ready is kept, not refused")
	assert.NotEqual(t, "Ready", st.Presence, "the status shows the true one meanwhile")

	panel.WaitState("Ready once audio is up", func(s cti.State) bool { return s.Presence == "Ready" && s.Media == cti.MediaReady })
	assert.Equal(t, "Ready", env.SimAgent("beth.anglin").Presence.Description)
	env.WaitPresenceAgrees(ws, panel, "Ready", time.Second)
	time.Sleep(500 * time.Millisecond)
	assert.Equal(t, 1, strings.Count(panel.SupportLog(), "going Ready as the agent chose"), "Ready is set once")
	assert.Equal(t, 1, strings.Count(panel.SupportLog(), "presence Ready (AWA Available)"), "Ready is set once")
}
