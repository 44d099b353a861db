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

// Beth sends a caller from support to the service desk queue, where Abel
// takes them. Abel's panel says who transferred the call and from where,
// counts the wait from the transfer and the talk time from his own answer;
// Beth's says where the caller went, not that the call ended. Both queues
// use ServiceNow's wrap-up dialog: Beth wraps up her part in the panel and
// the workspace never asks her again; Abel's dialog shows at his hang-up
// and goes for good once he wrapped up in the panel.
func TestTransferStory(t *testing.T) {
	rules := records.DefaultRules()
	for _, name := range []string{"support", "servicedesk"} {
		q := rules.Queues[name]
		q.WorkspaceWrapUp = true
		rules.Queues[name] = q
	}
	env := Start(t, Options{Rules: &rules})
	beth := env.OpenWorkspace("beth.anglin")
	bethPanel := beth.Panel()
	bethPanel.GoReady("beth.anglin")
	abel := env.OpenWorkspace("abel.tuter")
	abelPanel := abel.Panel()
	abelPanel.WaitVisible("login")
	abelPanel.SignIn("abel.tuter", DemoPassword)

	id := env.PlaceCall("+14155550201", "support")
	bethPanel.WaitState("the call ringing", func(s cti.State) bool { _, ok := ringingCall(s, id); return ok })
	time.Sleep(3 * time.Second) // the caller waits in the first queue
	bethPanel.Answer(id)
	// Only Abel can take the call once Beth sends it on.
	abelPanel.GoReady("abel.tuter")
	bethPanel.Select("presence", "Away")
	bethPanel.WaitState("Beth away", func(s cti.State) bool { return s.Presence == "Away" })
	time.Sleep(3 * time.Second) // Beth talks with the caller
	transferred := time.Now()
	bethPanel.Transfer("Queue: servicedesk")

	// Beth is told where the caller went.
	bethPanel.WaitCall(id, cti.CallWrapUp)
	assert.Equal(t, "Transferred to the servicedesk queue.", bethPanel.WaitText("transfer-result", "the transfer's result", nonEmpty))
	assert.NotContains(t, bethPanel.TextNow("wrapup"), "ended")
	bethPanel.WaitText("announce-status", "the wrap-up announced as a transfer", func(s string) bool { return strings.Contains(s, "transferred to the servicedesk queue") })

	// Abel's panel rings with the call's own story.
	abelPanel.WaitState("the transferred call ringing", func(s cti.State) bool { _, ok := ringingCall(s, id); return ok })
	assert.Equal(t, "Transferred by Beth Anglin from support", abelPanel.WaitText("transferred-by", "who transferred", nonEmpty))
	meta := abelPanel.TextNow("call-meta")
	assert.True(t, strings.HasPrefix(meta, "Queue: servicedesk · waited "), meta)
	waited := clockSeconds(strings.TrimPrefix(meta, "Queue: servicedesk · waited "))
	assert.Less(t, waited, int(time.Since(transferred).Seconds())+2, "the wait counts from the transfer, not the first queue (%s)", meta)
	assert.GreaterOrEqual(t, waited, 0, meta)
	abelPanel.Click("answer")
	c := abelPanel.WaitDetailed(id)
	answered, err := time.Parse(time.RFC3339, c.AnsweredAt)
	require.NoError(t, err, "Abel's own answer is noted")
	assert.False(t, answered.Before(transferred.Truncate(time.Second)), "answered %v, transferred %v", answered, transferred)
	talk := clockSeconds(abelPanel.WaitText("call-timer", "the talk timer", nonEmpty))
	assert.Less(t, talk, int(time.Since(transferred).Seconds())+2, "the talk timer counts from Abel's answer, not Beth's")
	assert.Equal(t, "Transferred by Beth Anglin from support", abelPanel.TextNow("transferred-by"))

	// One wrap-up each.
	bethPanel.Select("disposition", "Escalated")
	bethPanel.Type("notes", "Sent to the service desk")
	bethPanel.Click("wrapup-submit")
	bethPanel.WaitState("Beth's part wrapped up", func(s cti.State) bool { return len(s.Calls) == 0 && len(s.Writes) == 0 })
	time.Sleep(records.SegmentGrace + time.Second)
	assert.False(t, beth.WrapUpDialogShown(), "the workspace does not ask Beth again for the call she handed on")
	abelPanel.Click("hangup")
	abelPanel.WaitCall(id, cti.CallWrapUp)
	abel.WaitFor("ServiceNow's wrap-up dialog for Abel", `!document.querySelector('[data-testid="ws-wrapup"]').hidden`)
	abelPanel.WrapUp(id, "Resolved")
	abel.WaitFor("the dialog gone after the panel's wrap-up", `document.querySelector('[data-testid="ws-wrapup"]').hidden`)
	ix := env.WaitInteraction(id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
	env.WaitBridgeSettled()
	time.Sleep(time.Second)
	assert.False(t, abel.WrapUpDialogShown(), "the workspace does not ask Abel again")
	assert.False(t, beth.WrapUpDialogShown(), "the workspace never asks Beth for her part")
	notes := env.WorkNotes("interaction", ix["sys_id"])
	assert.Contains(t, notes, "Sent to the service desk")
	assert.Contains(t, notes, "Resolved")
}

// Beth wraps up while her browser cannot reach the bridge: the disposition
// and her notes are kept and shown as pending, still after a reload, and
// sent once when the bridge is back.
func TestWrapUpKeptWhileBridgeUnreachable(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	panel.Answer(id)
	panel.Click("hangup")
	panel.WaitCall(id, cti.CallWrapUp)
	panel.Select("disposition", "Follow-up required")
	const notes = "Router reset; call back Friday"
	panel.Type("notes", notes)
	panel.WaitState("the notes typed", func(s cti.State) bool { c, _ := Call(s, id); return c.Notes == notes })

	env.CutAgentAPI(true)
	panel.Click("wrapup-submit")
	st := panel.WaitState("the wrap-up kept after a failed send", func(s cti.State) bool {
		return len(s.Calls) == 0 && len(s.Writes) == 1 && s.Writes[0].Tries > 0
	})
	assert.Contains(t, string(st.Writes[0].Body), notes)
	saving := panel.WaitText("saving", "the pending wrap-up", nonEmpty)
	assert.Contains(t, saving, "Saving your wrap-up of the call with")
	assert.Contains(t, saving, "kept in this panel")

	panel = ws.ReloadAll()
	st = panel.WaitState("the wrap-up still pending after the reload", func(s cti.State) bool { return len(s.Writes) == 1 && s.Writes[0].Tries > 0 })
	assert.Contains(t, string(st.Writes[0].Body), notes)
	assert.Contains(t, panel.WaitText("saving", "the pending wrap-up", nonEmpty), "Saving your wrap-up")
	env.SaveDocScreenshot(ws, "saving.png")
	if ix, ok := env.Interaction(id); ok {
		assert.NotContains(t, env.WorkNotes("interaction", ix["sys_id"]), notes, "not sent while the bridge is out of reach")
	}

	env.CutAgentAPI(false)
	panel.WaitState("the wrap-up saved", func(s cti.State) bool { return len(s.Writes) == 0 })
	assert.Empty(t, panel.TextNow("saving"))
	ix := env.WaitInteraction(id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
	env.WaitBridgeSettled()
	var got string
	deadline := time.Now().Add(Timeout)
	for got = env.WorkNotes("interaction", ix["sys_id"]); !strings.Contains(got, notes) && time.Now().Before(deadline); got = env.WorkNotes("interaction", ix["sys_id"]) {
		time.Sleep(100 * time.Millisecond)
	}
	assert.Equal(t, 1, strings.Count(got, notes), "the notes reach the interaction once: %s", got)
}

// Beth signs out in the leading tab: the other tab signs out too, its
// sessionStorage holds no token, and it resumes nothing when it comes to
// lead. The refresh token is never in sessionStorage.
func TestSignOutInEveryTab(t *testing.T) {
	env := Start(t)
	first := env.OpenWorkspace("beth.anglin")
	leader := first.Panel()
	leader.GoReady("beth.anglin")
	second := env.OpenWorkspace("beth.anglin")
	follower := second.Panel()
	follower.WaitState("the second tab following, signed in", func(s cti.State) bool { return s.TabRole == cti.RoleFollower && s.SignedIn })
	access, _ := leader.SnapshotSession()["access"].(string)
	require.NotEmpty(t, access)
	for _, p := range []*Panel{leader, follower} {
		assert.Empty(t, p.SnapshotSession()["refresh"], "no refresh token in sessionStorage")
	}
	follower.WaitState("the follower's snapshot with the session", func(cti.State) bool {
		a, _ := follower.SnapshotSession()["access"].(string)
		return a == access
	})

	leader.Click("sign-out")
	leader.WaitState("signed out", func(s cti.State) bool { return !s.SignedIn })
	follower.WaitState("the follower signed out", func(s cti.State) bool { return !s.SignedIn })
	follower.WaitState("the follower's sessionStorage without a token", func(cti.State) bool {
		for _, v := range follower.SessionStorage() {
			if strings.Contains(v, access) {
				return false
			}
		}
		return true
	})
	for k, v := range leader.SessionStorage() {
		assert.NotContains(t, v, access, "the leader's sessionStorage %s", k)
	}

	first.Close()
	follower.WaitState("the follower leading", func(s cti.State) bool { return s.TabRole == cti.RoleLeader })
	time.Sleep(time.Second)
	st := follower.State()
	assert.False(t, st.SignedIn, "the session is not resumed")
	follower.WaitVisible("login")
}

// The everyday details of a call: the caller's number as people write it,
// E.164 in its tooltip; "Queue: support"; a hold timer and a wrap-up timer;
// the record as a link that opens it in the workspace; digits typed on the
// keyboard in the keypad send tones; a second tab's header says the call,
// and after "Use here" its workspace has the record open.
func TestCallCardDetails(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	panel.WaitState("the call ringing", func(s cti.State) bool { _, ok := ringingCall(s, id); return ok })
	assert.NotEqual(t, "Unknown caller", panel.TextNow("caller-name"))
	panel.WaitText("call-meta", "the queue", func(s string) bool { return strings.HasPrefix(s, "Queue: support · waited ") })
	panel.Click("answer")
	c := panel.WaitDetailed(id)
	require.NotEmpty(t, c.CallerName)
	assert.Equal(t, "(415) 555-0201", panel.WaitText("caller-number", "the number", nonEmpty))
	assert.Equal(t, "+14155550201", panel.Attr("caller-number", "title"))
	require.NotNil(t, c.Record)

	// The record link opens the record again.
	ws.WaitFor("the screen pop", `window.workspace.openedForms.length > 0`)
	before := ws.OpenedForms(c.Record.Table)
	panel.Click("open-record")
	ws.WaitFor("the record opened from the card", `window.workspace.openedForms.filter(f => f.entity === "`+c.Record.Table+`").length > `+itoa(before))

	// Hold has a timer.
	panel.Click("hold")
	panel.WaitCall(id, cti.CallHeld)
	panel.WaitText("hold-timer", "the hold timer to count", func(s string) bool { return clockSeconds(s) >= 1 })
	panel.Click("hold")
	panel.WaitCall(id, cti.CallConnected)
	assert.Empty(t, panel.TextNow("hold-timer"))

	// Digits typed on the keyboard in the open keypad send tones.
	panel.Click("keypad")
	Eval[bool](t, panel.Context(), `document.querySelector('[data-testid="keypad"]').open`)
	panel.Focus("dtmf-1")
	panel.Keys("4", "7", "#")
	env.WaitSimCall(id, "the typed digits 47#", func(c SimCall) bool { return c.DTMF == "47#" })

	// A second tab says the call in its header; Use here opens the record
	// in its workspace.
	tab := env.OpenWorkspace("beth.anglin")
	follower := tab.Panel()
	follower.WaitCall(id, cti.CallConnected)
	tab.WaitFor("the follower's header during the call", `document.getElementById("openframe-title").textContent.startsWith("On a call")`)
	assert.NotContains(t, tab.Title(), "Ready")
	assert.Zero(t, tab.OpenedForms(c.Record.Table))
	follower.Click("use-here")
	follower.WaitState("the second tab leading", func(s cti.State) bool { return s.TabRole == cti.RoleLeader })
	tab.WaitFor("the record opened in the new tab's workspace", `window.workspace.openedForms.some(f => f.entity === "`+c.Record.Table+`")`)

	// Wrap-up has a timer.
	follower.Click("hangup")
	follower.WaitCall(id, cti.CallWrapUp)
	follower.WaitText("wrapup-timer", "the wrap-up timer", func(s string) bool { return clockSeconds(s) >= 1 })
}

func nonEmpty(s string) bool { return s != "" }
