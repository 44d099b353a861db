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

// The panel tells the truth: every control shows the real state, every
// message lasts as long as its cause, and the status line says whether a
// call can come.

// Beth's browser blocks the microphone and she picks Ready: the panel
// refuses it, and Status shows Away, as the workspace and VCC have it, not
// the Ready she picked. Picking Ready again is heard again.
func TestRefusedReadyShowsTheTrueStatus(t *testing.T) {
	env := Start(t, Options{Browser: BrowserOptions{DenyMicrophone: true}})
	panel := env.OpenWorkspace("beth.anglin").Panel()
	panel.SignIn("beth.anglin", DemoPassword)
	st := panel.WaitState("Away after sign-in", func(s cti.State) bool { return s.Presence == "Away" && s.Mic == cti.MicDenied })

	panel.Select("presence", "Ready")
	panel.WaitState("Ready refused", func(s cti.State) bool { return strings.Contains(s.Error, "can't go Ready") })
	time.Sleep(100 * time.Millisecond) // a paint
	assert.Equal(t, "Away", panel.Shown("presence"), "Status shows the status the agent has")
	assert.Equal(t, st.PresenceID, panel.Value("presence"))
	assert.Equal(t, "Away", env.SimAgent("beth.anglin").Presence.Description)

	for i := 0; i < 5 && len(panel.Messages()) > 0; i++ {
		panel.Dismiss() // each × closes its own message
		time.Sleep(100 * time.Millisecond)
	}
	panel.WaitState("no message", func(s cti.State) bool { return s.Error == "" })
	panel.Select("presence", "Ready")
	panel.WaitState("Ready refused again: the pick was sent", func(s cti.State) bool { return strings.Contains(s.Error, "can't go Ready") })
	assert.Equal(t, "Away", panel.Shown("presence"))
}

// The bridge is unreachable from Beth's panel when she answers: she is told
// in plain words, with the × in reach. Once the bridge answers again and
// she answers the call, the message is gone, and a tab she opens after
// shows none.
func TestBridgeUnreachableMessageGoesWithItsCause(t *testing.T) {
	env := Start(t)
	env.SetOfferTimeout(120 * time.Second)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	panel.WaitCall("", cti.CallRinging)
	panel.WaitVisible("answer")

	panel.BlockBridge(true)
	panel.Click("answer")
	old := Timeout
	Timeout = 60 * time.Second
	st := panel.WaitState("the failed answer said", func(s cti.State) bool { return strings.Contains(s.Error, "could not be answered") })
	Timeout = old
	msgs := panel.Messages()
	require.NotEmpty(t, msgs)
	for _, m := range msgs {
		for _, raw := range []string{"POST", "/api/", "TypeError", "fetch", id} {
			assert.NotContains(t, m, raw, "the message speaks the agent's words")
		}
	}
	assert.True(t, st.BridgeDown)
	assert.True(t, panel.DismissFits(), "the × stays in the panel")

	panel.BlockBridge(false)
	panel.WaitState("the bridge answers again", func(s cti.State) bool { return !s.BridgeDown })
	panel.WaitVisible("answer")
	panel.Click("answer")
	panel.WaitCall(id, cti.CallConnected)
	st = panel.WaitState("the message gone", func(s cti.State) bool { return s.Error == "" && len(s.Problems) == 0 })
	assert.Empty(t, panel.Messages())

	other := env.OpenWorkspace("beth.anglin").Panel()
	other.WaitCall(id, cti.CallConnected)
	time.Sleep(300 * time.Millisecond)
	assert.Empty(t, other.State().Error, "a tab opened later gets no stale message")
	assert.Empty(t, other.Messages())
}

// Away, Beth's status line does not say "Waiting for calls": it says why no
// call comes and what to do. Ready, it does.
func TestStatusLineSaysWhetherCallsCanCome(t *testing.T) {
	env := Start(t)
	panel := env.OpenWorkspace("beth.anglin").Panel()
	panel.GoReady("beth.anglin")
	panel.WaitVisible("calls-status")
	waitText(t, panel, "calls-status", "Waiting for calls")

	panel.Select("presence", "Away")
	panel.WaitState("Away", func(s cti.State) bool { return s.Presence == "Away" })
	waitText(t, panel, "calls-status", "Away: calls don't reach you. Choose Ready to take calls.")
	assert.NotContains(t, panel.Text("calls-status"), "Waiting for calls")
}

// Beth lets a call ring out: AWA takes it back and sets her Away, and the
// panel says why, with the workspace, AWA and VCC agreeing.
func TestRangOutIsExplained(t *testing.T) {
	env := Start(t)
	env.SetOfferTimeout(4 * time.Second)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	env.PlaceCall("+14155550201", "support")
	panel.WaitCall("", cti.CallRinging)
	panel.WaitState("the offer gone and Beth Away", func(s cti.State) bool { return len(s.Calls) == 0 && s.Presence == "Away" })
	panel.WaitVisible("presence-note")
	assert.Equal(t, "Set Away: the call rang out. Choose Ready to take calls again.", panel.Text("presence-note"))
	env.WaitPresenceAgrees(ws, panel, "Away", 2*time.Second)
	assert.NotContains(t, panel.Text("calls-status"), "Waiting for calls")
}

// waitText waits until the control's text contains want.
func waitText(t *testing.T, p *Panel, testID, want string) {
	t.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		got := p.Text(testID)
		if strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q says %q, want %q", testID, got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Beth is Ready in one browser, then signs in on a second computer and
// takes the session over. The first panel says where she is now and claims
// no status she does not have; AWA and VCC hold the status the second panel
// shows; the first workspace's indicator does not show her available at a
// computer she left; and her queue's call rings in the second panel only.
// Away and then Ready again in the second panel, all of them follow.
func TestTakeOverEveryoneAgrees(t *testing.T) {
	env := Start(t)
	env.SetOfferTimeout(120 * time.Second)
	first := env.OpenWorkspace("beth.anglin")
	one := first.Panel()
	one.GoReady("beth.anglin")
	env.WaitPresenceAgrees(first, one, "Ready", 2*time.Second)

	second := env.OpenWorkspaceIn(env.NewBrowser(), "beth.anglin")
	two := second.Panel()
	two.SignInExpectingConflict("beth.anglin", DemoPassword)
	two.Click("take-over")
	two.WaitState("signed in here", func(s cti.State) bool { return s.SignedIn && s.Conflict == nil })
	two.WaitAudio()
	st := one.WaitState("signed out there", func(s cti.State) bool { return !s.SignedIn })
	assert.Contains(t, st.Notice, "signed in on another computer or browser")
	assert.Equal(t, "Ready", two.State().Presence, "the take-over keeps her status")
	env.WaitTakenOverAgrees(first, one, second, two, "Ready")

	id := env.PlaceCall("+14155550201", "support")
	two.WaitCall(id, cti.CallRinging)
	first.WaitFor("AWA's offer in the first workspace too", `window.workspace.log.some(e => e.eventName === "openframe_awa_workitem_offered")`)
	time.Sleep(500 * time.Millisecond) // the first panel's turn with it
	assert.Empty(t, one.State().Calls, "no call rings in the panel she left")
	assert.NotEqual(t, "Incoming call", first.Title())
	env.CallerHangsUp(id)
	two.WaitState("the call gone", func(s cti.State) bool { return len(s.Calls) == 0 })

	two.Select("presence", "Away")
	env.WaitTakenOverAgrees(first, one, second, two, "Away")
	two.Select("presence", "Ready")
	env.WaitTakenOverAgrees(first, one, second, two, "Ready")
}
