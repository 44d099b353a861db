//go:build !js

package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// answeredCall signs the agent in, makes them Ready and connects a call to
// them; it returns the VCC id.
func answeredCall(t *testing.T, env *Env, panel *Panel, user, from, queue string) string {
	t.Helper()
	panel.GoReady(user)
	id := env.PlaceCall(from, queue)
	panel.WaitCall("", cti.CallRinging)
	panel.Click("answer")
	panel.WaitCall(id, cti.CallConnected)
	return id
}

// audioFlows waits until the agent's audio reaches VCC again after now.
func audioFlows(t *testing.T, env *Env, id string) {
	t.Helper()
	before := env.SimCall(id).Media.RTPFromAgent
	env.WaitSimCall(id, "the agent's audio flowing", func(c SimCall) bool {
		return c.State == "connected" && c.Media.RTPFromAgent > before+10
	})
}

// Beth has the workspace open in two tabs: one leads, the other mirrors the
// call and controls it; closing the leading tab moves the call to the other
// at once, and the caller hears her again.
func TestTwoTabs(t *testing.T) {
	env := Start(t)
	first := env.OpenWorkspace("beth.anglin")
	lead := first.Panel()
	lead.GoReady("beth.anglin")
	second := env.OpenWorkspace("beth.anglin")
	follow := second.Panel()
	st := follow.WaitState("the mirrored session", func(s cti.State) bool { return s.SignedIn && s.TabRole == cti.RoleFollower })
	assert.Equal(t, "Ready", st.Presence)
	follow.WaitVisible("follower-banner")
	assert.Equal(t, cti.RoleLeader, lead.State().TabRole)

	id := env.PlaceCall("+14155550201", "support")
	follow.WaitCall("", cti.CallRinging)
	follow.Click("answer") // the leader answers for it
	lead.WaitCall(id, cti.CallConnected)
	follow.WaitCall(id, cti.CallConnected)
	follow.Click("hold")
	lead.WaitCall(id, cti.CallHeld)
	follow.Click("hold")
	lead.WaitCall(id, cti.CallConnected)
	env.SaveDocScreenshot(second, "follower.png")

	first.Close()
	st = follow.WaitState("leading", func(s cti.State) bool { return s.TabRole == cti.RoleLeader })
	follow.WaitCall(id, cti.CallConnected)
	audioFlows(t, env, id)
	assert.Equal(t, "connected", env.SimCall(id).State)
	ix := env.WaitInteraction(id, "work in progress", func(ix map[string]string) bool { return ix["state"] == "work_in_progress" })
	assert.NotEmpty(t, ix["sys_id"])
}

// "Use here" moves the session and the live call to the tab the agent is in.
func TestUseHere(t *testing.T) {
	env := Start(t)
	first := env.OpenWorkspace("beth.anglin")
	lead := first.Panel()
	id := answeredCall(t, env, lead, "beth.anglin", "+14155550201", "support")
	second := env.OpenWorkspace("beth.anglin")
	follow := second.Panel()
	follow.WaitCall(id, cti.CallConnected)
	follow.Click("use-here")
	follow.WaitState("leading", func(s cti.State) bool { return s.TabRole == cti.RoleLeader && s.Media == cti.MediaReady })
	lead.WaitState("following", func(s cti.State) bool { return s.TabRole == cti.RoleFollower })
	audioFlows(t, env, id)
	follow.Click("hangup")
	follow.WaitCall(id, cti.CallWrapUp)
	lead.WaitCall(id, cti.CallWrapUp)
}

// Twenty reloads in a row mid-call: the caller is never dropped, the panel
// shows the call right after each reload, and there is one interaction.
func TestReloadsMidCall(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	id := answeredCall(t, env, panel, "beth.anglin", "+14155550111", "servicedesk")
	early := 0 // reloads whose session and audio the loader resumed
	for i := 0; i < 20; i++ {
		if i%2 == 0 {
			panel = ws.ReloadAll()
		} else {
			panel = panel.ReloadPanel()
		}
		st := panel.WaitState("the call painted from the snapshot", func(s cti.State) bool { _, ok := Call(s, id); return ok })
		_, restored := st.Timings["restored"]
		require.True(t, restored, "reload %d: painted from the snapshot", i)
		panel.WaitCall(id, cti.CallConnected)
		st = panel.WaitState("the audio back", func(s cti.State) bool { return s.Media == cti.MediaReady })
		require.NotEqual(t, "ended", env.SimCall(id).State, "reload %d dropped the caller", i)
		// The loader offers the audio while the connector compiles; the
		// core then carries that offer on and never makes its own.
		if offered := Eval[float64](t, panel.Context(), `window.__vccBoot.offerSent || 0`); offered > 0 {
			early++
			require.Equal(t, offered, st.Timings["offerSent"], "reload %d: the core offered the audio again", i)
		}
		if i%5 == 4 {
			audioFlows(t, env, id)
		}
	}
	audioFlows(t, env, id)
	assert.GreaterOrEqual(t, early, 10, "most reloads resume the audio before the connector runs")
	panel.Click("hangup")
	panel.WaitCall(id, cti.CallWrapUp)
	panel = ws.ReloadAll() // a reload in wrap-up keeps the draft
	panel.WaitCall(id, cti.CallWrapUp)
	panel.Click("wrapup-submit")
	env.WaitInteraction(id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
}

// A reload while the call rings: the offer rings again and can be answered.
func TestReloadWhileRinging(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	panel.WaitCall("", cti.CallRinging)
	panel = panel.ReloadPanel()
	panel.WaitCall("", cti.CallRinging)
	panel.Click("answer")
	panel.WaitCall(id, cti.CallConnected)
}

// Beth signs in on a second computer while her first one has the session:
// she is asked, takes over, and the first panel says it was signed out.
func TestSecondBrowserTakesOver(t *testing.T) {
	env := Start(t)
	first := env.OpenWorkspace("beth.anglin")
	one := first.Panel()
	one.GoReady("beth.anglin")

	other := env.NewBrowser()
	second := env.OpenWorkspaceIn(other, "beth.anglin")
	two := second.Panel()
	two.SignInExpectingConflict("beth.anglin", DemoPassword)
	two.WaitVisible("conflict")
	env.SaveDocScreenshot(second, "conflict.png")
	two.Click("take-over")
	two.WaitState("signed in here", func(s cti.State) bool { return s.SignedIn && s.Conflict == nil })
	st := one.WaitState("signed out there", func(s cti.State) bool { return !s.SignedIn })
	assert.Contains(t, st.Notice, "signed in on another computer or browser")
}

// Another script on the panel's origin posts garbage on the tabs' channel:
// the leader ignores it.
func TestForgedTabMessageIgnored(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	Eval[bool](t, panel.Context(), `(() => {
		const c = new BroadcastChannel("vcc-connector");
		c.postMessage(JSON.stringify({v: 1, kind: "command", from: "evil", action: "sign-out"}).replace("sign-out", "sign-in"));
		c.postMessage(JSON.stringify({v: 1, kind: "command", from: "evil", user: "mallory", action: "sign-out"}));
		c.postMessage("not json");
		c.postMessage(JSON.stringify({v: 9, kind: "state", from: "evil", state: {signedIn: false}}));
		return true;
	})()`)
	other := env.OpenWorkspace("beth.anglin")
	other.Panel().WaitState("a follower", func(s cti.State) bool { return s.TabRole == cti.RoleFollower && s.SignedIn })
	st := panel.State()
	assert.True(t, st.SignedIn)
	assert.Equal(t, "Ready", st.Presence)
}
