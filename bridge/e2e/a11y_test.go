//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// Beth works with a screen reader and, some days, with the phone pane
// squeezed to its narrowest. Through a whole call the panel tells her
// screen reader what happens in two announcers (a ringing call at once,
// everything else when it pauses), names its regions and the call's card,
// keeps Mute's name while it is pressed, draws borders and the focus ring
// she can see, and fits 300 and 280 px without cutting a name short,
// breaking a button's label or scrolling sideways.
func TestPanelIsAccessible(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")

	// Signed in and waiting.
	checkAnnouncers(t, panel, "signed in")
	tree := panel.AXTree()
	_, ok := AXFind(tree, "region", "Phone")
	assert.True(t, ok, "the signed-in panel is a region named Phone")
	_, ok = AXFind(tree, "combobox", "Status")
	assert.True(t, ok, "the Status list is named")
	assertContrast(t, "the Status list's border", panel.Style("presence", "border-top-color"), 3)
	panel.Focus("presence")
	panel.Keys(kb.Tab)
	color, width := panel.FocusRing()
	require.NotEmpty(t, color, "the keyboard's focus shows")
	assert.NotEqual(t, "0px", width)
	assertContrast(t, "the focus ring", color, 3)
	checkNarrow(t, ws, panel, "signed in")

	// Ringing: said at once, in the assertive announcer.
	id := env.PlaceCall("+14155550201", "support")
	panel.WaitCall("", cti.CallRinging)
	panel.WaitState("the ring announced", func(cti.State) bool {
		return strings.HasPrefix(announcer(panel, "assertive"), "Incoming call from ")
	})
	checkAnnouncers(t, panel, "ringing")
	_, ok = AXFind(panel.AXTree(), "article", "Incoming call")
	assert.True(t, ok, "the ringing card is named")
	checkNarrow(t, ws, panel, "ringing")

	// In the call: Mute is a toggle that keeps its name.
	panel.Answer(id)
	panel.WaitState("the connection announced politely", func(cti.State) bool {
		return strings.HasPrefix(announcer(panel, "polite"), "Connected to ")
	})
	assert.Empty(t, announcer(panel, "assertive"), "nothing rings, nothing is said at once")
	checkAnnouncers(t, panel, "in a call")
	tree = panel.AXTree()
	card, ok := AXFind(tree, "article", "On a call: ")
	assert.True(t, ok, "the call's card is named for the call and the caller: %+v", card)
	mute, ok := AXFind(tree, "button", "Mute")
	require.True(t, ok, "Mute is there")
	assert.Equal(t, "Mute", mute.Name)
	assert.Equal(t, "false", mute.Props["pressed"])
	panel.Click("mute")
	panel.WaitState("muted", func(s cti.State) bool { c, ok := Call(s, id); return ok && c.Muted })
	panel.WaitState("Mute pressed", func(cti.State) bool {
		m, ok := AXFind(panel.AXTree(), "button", "Mute")
		return ok && m.Props["pressed"] == "true"
	})
	mute, _ = AXFind(panel.AXTree(), "button", "Mute")
	assert.Equal(t, "Mute", mute.Name, "a pressed Mute is still called Mute")
	_, unmute := AXFind(panel.AXTree(), "button", "Unmute")
	assert.False(t, unmute, "no button flips its name to Unmute")
	assertContrast(t, "a pressed Mute's border", panel.Style("mute", "border-top-color"), 3)
	assertContrast(t, "Hang up's border", panel.Style("hangup", "border-top-color"), 3)
	checkNarrow(t, ws, panel, "in a call")

	// On hold: the card's border tells it, visibly.
	panel.Click("hold")
	panel.WaitCall(id, cti.CallHeld)
	assertContrast(t, "the on-hold card's border", panel.Style("active-call", "border-top-color"), 3)
	assert.True(t, strings.HasSuffix(announcer(panel, "polite"), "is on hold"), "hold is said politely: %q", announcer(panel, "polite"))
	checkNarrow(t, ws, panel, "on hold")
	panel.Click("hold")
	panel.WaitCall(id, cti.CallConnected)
	panel.Click("mute")
	panel.WaitState("unmuted", func(s cti.State) bool { c, ok := Call(s, id); return ok && !c.Muted })

	// Wrap-up.
	panel.Click("hangup")
	panel.WaitCall(id, cti.CallWrapUp)
	panel.WaitState("the wrap-up announced politely", func(cti.State) bool {
		return strings.HasSuffix(announcer(panel, "polite"), "ended, wrap-up")
	})
	checkAnnouncers(t, panel, "wrap-up")
	_, ok = AXFind(panel.AXTree(), "article", "Wrap-up: ")
	assert.True(t, ok, "the wrap-up card is named")
	assertContrast(t, "the disposition list's border", panel.Style("disposition", "border-top-color"), 3)
	assertContrast(t, "the notes' border", panel.Style("notes", "border-top-color"), 3)
	checkNarrow(t, ws, panel, "wrap-up")
}

// checkAnnouncers: exactly one assertive and one polite announcer; the
// assertive one is no status (a status is polite), and the screen reader
// gets no status that is assertive either.
func checkAnnouncers(t *testing.T, panel *Panel, view string) {
	t.Helper()
	var assertive, polite []LiveRegion
	for _, r := range panel.LiveRegions() {
		switch r.Live {
		case "assertive":
			assertive = append(assertive, r)
		case "polite":
			polite = append(polite, r)
		}
	}
	assert.Len(t, assertive, 1, "%s: one assertive announcer: %+v", view, assertive)
	for _, r := range assertive {
		assert.NotEqual(t, "status", r.Role, "%s: the assertive announcer is no status", view)
	}
	// The polite announcer is a role=status (polite without aria-live).
	for _, n := range panel.AXTree() {
		if n.Role == "status" {
			assert.NotEqual(t, "assertive", n.Props["live"], "%s: a status %q is not assertive", view, n.Name)
		}
	}
	assert.LessOrEqual(t, len(polite), 1, "%s: at most one polite aria-live region: %+v", view, polite)
	assert.Equal(t, "polite", announcerLive(panel), "%s: the status announcer is polite", view)
}

// announcer is the text of the panel's announcer for this politeness.
func announcer(panel *Panel, live string) string {
	id := "announce"
	if live == "polite" {
		id = "announce-status"
	}
	return Eval[string](panel.ws.env.tb, panel.Context(), `(e => e ? e.textContent : "")(document.querySelector('[data-testid="`+id+`"]'))`)
}

// announcerLive is how politely the status announcer speaks, as the
// accessibility tree has it.
func announcerLive(panel *Panel) string {
	for _, n := range panel.AXTree() {
		if n.Role == "status" && n.Props["live"] != "" && n.Props["atomic"] == "true" {
			return n.Props["live"]
		}
	}
	return ""
}

func assertContrast(t *testing.T, what, color string, min float64) {
	t.Helper()
	c, err := Contrast(color, "rgb(255, 255, 255)")
	if !assert.NoError(t, err, what) {
		return
	}
	assert.GreaterOrEqual(t, c, min, "%s (%s) has %.2f:1 against the panel's white", what, color, c)
}

// checkNarrow lays the panel out 300 and 280 px wide (the panel's
// narrowest) and finds nothing cut short, broken or scrolled sideways.
func checkNarrow(t *testing.T, ws *Workspace, panel *Panel, view string) {
	t.Helper()
	defer ws.SetPanelWidth(0)
	for _, px := range []int{300, 280} {
		ws.SetPanelWidth(px)
		var problems []string
		deadline := time.Now().Add(2 * time.Second)
		for {
			w := Eval[float64](t, panel.Context(), `document.documentElement.clientWidth`)
			problems = panel.LayoutProblems()
			if w <= float64(px) && len(problems) == 0 || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		assert.Empty(t, problems, "%s at %d px", view, px)
		assert.Equal(t, Eval[string](t, panel.Context(), `document.querySelector('[data-testid="agent"]').textContent`),
			Eval[string](t, panel.Context(), `document.querySelector('[data-testid="agent"]').innerText`), "%s at %d px: the agent's name whole", view, px)
	}
}

// panelMuted is Mute's aria-pressed: "true" while the microphone is muted.
func panelMuted(p *Panel) string {
	p.ws.env.tb.Helper()
	v, _ := panelAttr(p, "mute", "aria-pressed")
	return v
}
