//go:build !js

package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// The panel acts only when the agent means it: a ringing call leaves the
// keyboard where it is, the Transfer list only selects, and Status moves
// with the arrow keys without setting every presence on the way.

// Beth is typing in the workspace's search box when a call rings: her text
// goes on into the box, the call keeps ringing, and her spaces neither
// answer it nor mute it. She answers when she means to, in the panel.
func TestRingingCallLeavesTheKeyboard(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")

	ws.FocusSearch()
	ws.Keys(strings.Split("router", "")...)
	id := env.PlaceCall("+14155550201", "support")
	panel.WaitCall("", cti.CallRinging)
	panel.WaitVisible("answer")
	time.Sleep(300 * time.Millisecond) // time enough for any focus to move
	ws.Keys(strings.Split(" down on floor 2 ", "")...)

	assert.Equal(t, "router down on floor 2 ", ws.SearchText(), "every key reached the workspace's field")
	focused, panelHasFocus := panel.Focused()
	assert.False(t, panelHasFocus, "the panel did not take focus (it has %q)", focused)
	time.Sleep(500 * time.Millisecond)
	st := panel.State()
	c, ok := ringingCall(st, id)
	require.True(t, ok, "the call still rings: %+v", st.Calls)
	assert.False(t, c.Muted)
	assert.Contains(t, Eval[string](t, panel.Context(), `document.querySelector('[data-testid="announce"]').textContent`), "Incoming call",
		"the call is announced all the same")

	// In the panel, Alt+A answers; the Answer button is gone, and focus
	// rests on the call's card, where a space does nothing.
	panel.Focus("incoming-call")
	panel.PressAlt("a")
	panel.WaitCall(id, cti.CallConnected)
	panel.WaitState("focus on the call's card", func(cti.State) bool { f, _ := panel.Focused(); return f == "active-call" })
	panel.Keys(" ", " ")
	time.Sleep(300 * time.Millisecond)
	c, _ = Call(panel.State(), id)
	assert.False(t, c.Muted, "a space on the card is not Mute")
	assert.Equal(t, cti.CallConnected, c.State)
}

// A keyboard on the Transfer list only moves the choice: the caller stays
// with Beth. Choosing, then Transfer and its confirmation, transfers. Agents
// who are signed out or away are not offered; Abel is offered while he is
// signed in and Ready.
func TestTransferIsDeliberate(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	panel.Answer(id)

	require.Contains(t, panel.Options("transfer"), "Queue: servicedesk")
	assert.NotContains(t, panel.Options("transfer"), "Abel Tuter", "Abel is signed out")
	_, disabled := panelAttr(panel, "transfer-submit", "disabled")
	assert.True(t, disabled, "Transfer waits for a target")

	panel.Focus("transfer")
	panel.Keys(kb.ArrowDown, kb.ArrowDown, "s", "q", kb.ArrowDown)
	time.Sleep(time.Second)
	assert.Equal(t, "connected", env.SimCall(id).State, "the caller is still connected to Beth")
	assert.Equal(t, "beth.anglin", env.SimCall(id).Agent)
	c, _ := Call(panel.State(), id)
	assert.Equal(t, cti.CallConnected, c.State)
	assert.NotEmpty(t, c.TransferChoice, "the list shows the choice")
	assert.False(t, c.TransferAsk)

	// Abel signs in and goes Ready: coming to the list again offers him.
	abelWS := env.OpenWorkspace("abel.tuter")
	abel := abelWS.Panel()
	abel.GoReady("abel.tuter")
	panel.Focus("hold")
	panel.Focus("transfer")
	panel.WaitState("Abel offered", func(s cti.State) bool { return slices.Contains(s.TransferAgents, "abel.tuter") })
	assert.Contains(t, panel.Options("transfer"), "Abel Tuter")
	abel.Select("presence", "Away")
	abel.WaitState("Abel away", func(s cti.State) bool { return s.Presence == "Away" })
	panel.Focus("hold")
	panel.Focus("transfer")
	panel.WaitState("Abel no longer offered", func(s cti.State) bool { return !slices.Contains(s.TransferAgents, "abel.tuter") })
	assert.NotContains(t, panel.Options("transfer"), "Abel Tuter", "Abel is away")

	panel.Select("transfer", "Queue: servicedesk")
	panel.Click("transfer-submit")
	panel.WaitVisible("transfer-ask")
	assert.Equal(t, "Transfer the caller to the servicedesk queue?", strings.TrimSpace(strings.Split(panel.Text("transfer-ask"), "\n")[0]))
	assert.Equal(t, "connected", env.SimCall(id).State, "nothing happens before the confirmation")
	panel.Click("transfer-confirm")
	panel.WaitCall(id, cti.CallWrapUp)
	env.WaitSimCall(id, "queued at the service desk", func(c SimCall) bool { return c.Queue == "servicedesk" && c.State == "queued" })
	assert.Equal(t, "Transferred to the servicedesk queue.", panel.Text("transfer-result"))
}

// Beth walks the Status list with the arrow keys: nothing reaches VCC or
// AWA on the way; Enter sets the presence she stopped on, once.
func TestStatusByKeyboardCommitsOnce(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	env.WaitPresenceAgrees(ws, panel, "Ready", Timeout)
	time.Sleep(500 * time.Millisecond) // the webhooks of going Ready delivered
	before := env.PresenceEvents()

	panel.Focus("presence")
	panel.Keys(kb.ArrowDown, kb.ArrowDown, kb.ArrowDown)
	assert.Equal(t, "Lunch", panel.SelectedText("presence"), "the list shows the step")
	time.Sleep(1500 * time.Millisecond)
	assert.Equal(t, before, env.PresenceEvents(), "no presence changed at VCC")
	assert.Equal(t, "Ready", env.SimAgent("beth.anglin").Presence.Description)
	assert.Equal(t, "Available", ws.Presence(), "AWA is unchanged")
	assert.Equal(t, "Ready", panel.State().Presence)

	panel.Keys(kb.Enter)
	env.WaitPresenceAgrees(ws, panel, "Lunch", Timeout)
	time.Sleep(time.Second)
	assert.Equal(t, before+1, env.PresenceEvents(), "exactly one presence: the one Beth stopped on")

	// Leaving the list commits too, and a mouse pick at once.
	panel.Keys(kb.ArrowUp, kb.Tab)
	env.WaitPresenceAgrees(ws, panel, "Break", Timeout)
	panel.Select("presence", "Ready")
	env.WaitPresenceAgrees(ws, panel, "Ready", Timeout)
}

// panelAttr reads an attribute of the panel's control with this data-testid.
func panelAttr(p *Panel, testID, name string) (string, bool) {
	p.ws.env.tb.Helper()
	v := Eval[*string](p.ws.env.tb, p.ctx, `(e => e && e.getAttribute(`+quote(name)+`))(document.querySelector('[data-testid=`+quote(testID)+`]'))`)
	if v == nil {
		return "", false
	}
	return *v, true
}
