//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/wasm/cti"
)

// Abel accepts a call in the workspace inbox instead of the panel: the
// panel connects the caller all the same, the audio flows both ways and the
// caller's open incident pops as a child of the interaction.
func TestAcceptInWorkspaceInbox(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("abel.tuter")
	panel := ws.Panel()
	panel.GoReady("abel.tuter")

	id := env.PlaceCall("+14155550121", "servicedesk")
	panel.WaitCall("", cti.CallRinging)
	ws.WaitFor("the inbox card", `document.querySelector('[data-testid="ws-accept"]')`)
	env.SaveDocScreenshot(ws, "ringing.png")
	ws.Click(`[data-testid="ws-accept"]`)
	c := panel.WaitDetailed(id)
	assert.Equal(t, "Fred Luddy", c.CallerName)
	env.WaitSimCall(id, "audio both ways", func(c SimCall) bool { return c.Media.RTPFromAgent > 20 && c.Media.RTPToAgent > 20 })
	panel.WaitState("caller audio in the panel", func(s cti.State) bool { return s.Quality != nil && s.Quality.PacketsReceived > 20 })

	ws.WaitFor("the incident popped under the interaction", `window.workspace.openedForms.some(f => f.entity === "incident" && f.interaction_sys_id)`)
	ix := env.WaitInteraction(id, "work in progress", func(ix map[string]string) bool { return ix["state"] == "work_in_progress" })
	assert.NotEmpty(t, ix["assigned_to"])
	env.SaveDocScreenshot(ws, "in-call.png")
}

// In a call Beth holds and resumes, mutes, dials digits into an IVR and
// then sends the caller to the service desk queue.
func TestInCallControls(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	panel.WaitCall("", cti.CallRinging)
	panel.Click("answer")
	panel.WaitCall(id, cti.CallConnected)

	panel.Click("hold")
	panel.WaitCall(id, cti.CallHeld)
	env.WaitSimCall(id, "held", func(c SimCall) bool { return c.State == "held" })
	assert.Equal(t, "Resume", panel.Text("hold"))
	panel.Click("hold")
	panel.WaitCall(id, cti.CallConnected)
	env.WaitSimCall(id, "retrieved", func(c SimCall) bool { return c.State == "connected" })

	panel.Click("mute")
	st := panel.WaitState("muted", func(s cti.State) bool { c, _ := Call(s, id); return c.Muted })
	require.Len(t, st.Calls, 1)
	panel.Click("mute")
	panel.WaitState("unmuted", func(s cti.State) bool { c, _ := Call(s, id); return !c.Muted })

	openKeypad := `document.querySelector('[data-testid="keypad"]').open = true`
	Eval[bool](t, panel.Context(), openKeypad)
	for _, d := range []string{"1", "2", "#"} {
		panel.Click("dtmf-" + d)
	}
	env.WaitSimCall(id, "the digits 12#", func(c SimCall) bool { return c.DTMF == "12#" })

	panel.Transfer("Queue: servicedesk")
	panel.WaitCall(id, cti.CallWrapUp)
	env.WaitSimCall(id, "queued at the service desk", func(c SimCall) bool { return c.Queue == "servicedesk" && c.State == "queued" })
}

// On a queue set to use ServiceNow's wrap-up dialog (rules:
// workspaceWrapUp), the caller hangs up first and the bridge opens an
// external wrap-up segment for Beth (Wrap Up API); she wraps up in the
// workspace's dialog instead of the panel, ServiceNow tells the panel
// (openframe_wrap_up_submitted, external segments only), and the
// interaction closes with that code and those notes.
func TestWrapUpInWorkspaceModule(t *testing.T) {
	rules := records.DefaultRules()
	q := rules.Queues["support"]
	q.WorkspaceWrapUp = true
	rules.Queues["support"] = q
	env := Start(t, Options{Rules: &rules})
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	id := env.PlaceCall("+14155550301", "support")
	panel.WaitCall("", cti.CallRinging)
	panel.Click("answer")
	c := panel.WaitDetailed(id)
	assert.Equal(t, "Maria Gonzales", c.CallerName)
	env.CallerHangsUp(id)
	panel.WaitCall(id, cti.CallWrapUp)
	panel.WaitVisible("wrapup-submit")
	panel.Select("disposition", "Resolved")
	ws.WaitFor("ServiceNow's wrap-up dialog", `!document.querySelector('[data-testid="ws-wrapup"]').hidden`)
	env.SaveDocScreenshot(ws, "wrap-up.png")
	Eval[any](t, ws.Context(), `window.workspace.submitWrapUp(`+quote(c.InteractionSysID)+`, "Escalated", "to tier 2").then(() => true)`)
	panel.WaitState("the call finished", func(s cti.State) bool { return len(s.Calls) == 0 })
	ix := env.WaitInteraction(id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
	assert.Contains(t, env.WorkNotes("interaction", ix["sys_id"]), "Escalated")
	assert.Contains(t, env.WorkNotes("interaction", ix["sys_id"]), "to tier 2")
}

// Beth clicks a caller's number on an incident: the panel places the call,
// the interaction is outbound, work in progress and linked to the incident.
func TestClickToDial(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	var incs []map[string]string
	env.Records("incident", "number=INC0000101", &incs)
	require.Len(t, incs, 1)
	Eval[any](t, ws.Context(), `window.workspace.clickToDial("(415) 555-0111", "new", {table: "incident", sys_id: `+quote(incs[0]["sys_id"])+`}) && true`)
	c := panel.WaitCall("", cti.CallConnected)
	assert.Equal(t, "outbound", c.Direction)
	ix := env.WaitInteraction(c.ID, "an outbound interaction", func(ix map[string]string) bool { return ix["direction"] == "outbound" })
	assert.Equal(t, "work_in_progress", ix["state"])
	env.WaitLinked(ix["sys_id"], "incident", incs[0]["sys_id"])
	panel.Click("hangup")
	panel.WaitCall(c.ID, cti.CallWrapUp)
	panel.Click("wrapup-submit")
	env.WaitInteraction(c.ID, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })

	// The UI16 payload shape works too.
	Eval[any](t, ws.Context(), `window.workspace.clickToDial("415-555-0112", "old") && true`)
	c2 := panel.WaitState("a second outbound call", func(s cti.State) bool {
		c, ok := Call(s, "")
		return ok && c.ID != c.ID+"x" && c.From == "+14155550112"
	})
	require.NotEmpty(t, c2.Calls)
}

// Beth rejects a call; AWA offers it to Abel, whose panel rings. Abel lets
// it ring out: AWA takes it back and sets him Away.
func TestRejectAndTimeout(t *testing.T) {
	env := Start(t)
	env.SetOfferTimeout(4 * time.Second)
	beth := env.OpenWorkspace("beth.anglin")
	bethPanel := beth.Panel()
	bethPanel.GoReady("beth.anglin")
	abel := env.OpenWorkspace("abel.tuter")
	abelPanel := abel.Panel()
	abelPanel.GoReady("abel.tuter")

	id := env.PlaceCall("+14155550211", "support")
	first, second := bethPanel, abelPanel
	if _, ringing := Call(abelPanel.State(), ""); ringing {
		first, second = abelPanel, bethPanel
	}
	first.WaitCall("", cti.CallRinging)
	first.Click("reject")
	first.WaitState("no call", func(s cti.State) bool { return len(s.Calls) == 0 })
	second.WaitCall("", cti.CallRinging)
	second.WaitState("the ringing stopped after the offer timed out", func(s cti.State) bool { return len(s.Calls) == 0 })
	second.WaitState("Away after the timeout", func(s cti.State) bool { return s.WorkspacePresence == "Away" && s.Presence != "Ready" })
	assert.NotEqual(t, "connected", env.SimCall(id).State)
}

// Nobody is ever signed in without a click: the panel loads, waits, and
// opens no sign-in window and sends VCC no request.
func TestNoSignInWithoutAClick(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.WaitVisible("login")
	time.Sleep(1500 * time.Millisecond)
	infos, err := env.Browser().Targets()
	require.NoError(t, err)
	for _, in := range infos {
		assert.NotContains(t, in.URL, "/connect/authorize", "a sign-in window opened by itself")
	}
	assert.False(t, panel.State().SignedIn)
	env.SaveDocScreenshot(ws, "signed-out.png")
}

// The browser blocks the microphone for the panel: sign-in still works, the
// panel says what is wrong and what to do, and Ready is refused (VCC would
// otherwise auto-reject calls).
func TestMicrophoneDenied(t *testing.T) {
	env := Start(t, Options{Browser: BrowserOptions{DenyMicrophone: true}})
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	st := panel.SignIn("beth.anglin", DemoPassword)
	st = panel.WaitState("the microphone refused", func(s cti.State) bool { return s.Mic == cti.MicDenied })
	panel.WaitState("presence shown", func(s cti.State) bool { return s.Presence == "Away" })
	assert.Contains(t, panel.Text("mic-problem"), "blocks the microphone")
	panel.Select("presence", "Ready")
	st = panel.WaitState("Ready refused", func(s cti.State) bool { return strings.Contains(s.Error, "can't go Ready") })
	assert.Equal(t, "Away", st.Presence)
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// Beth answers with Alt+A, picks where the ringtone plays, and finds the
// support log.
func TestKeyboardAndSettings(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	panel.WaitCall("", cti.CallRinging)
	panel.WaitVisible("answer")
	panel.PressAlt("a")
	panel.WaitCall(id, cti.CallConnected)
	Eval[bool](t, panel.Context(), `document.querySelector('[data-testid="settings"]').open = true`)
	panel.WaitVisible("ringer")
	panel.Select("ringer", "Default device")
	panel.WaitVisible("download-log")
}
