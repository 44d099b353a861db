//go:build !js

package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/vccnow/connector/wasm/cti"
)

// What the agent sees of a control and of the panel's messages, and the
// bridge made unreachable from one panel, as a network outage does.

// Value is the value the control with this data-testid shows now (its live
// value, whatever the panel's markup says).
func (p *Panel) Value(testID string) string {
	p.ws.env.tb.Helper()
	return Eval[string](p.ws.env.tb, p.ctx, fmt.Sprintf(`(() => { const el = document.querySelector('[data-testid=%q]'); return el ? el.value : "no control"; })()`, testID))
}

// Shown is the text of the option a select with this data-testid shows.
func (p *Panel) Shown(testID string) string {
	p.ws.env.tb.Helper()
	return Eval[string](p.ws.env.tb, p.ctx, fmt.Sprintf(`(() => { const s = document.querySelector('[data-testid=%q]'); return s && s.selectedIndex >= 0 ? s.options[s.selectedIndex].textContent.trim() : ""; })()`, testID))
}

// Messages are the texts of the panel's problem messages on screen.
func (p *Panel) Messages() []string {
	p.ws.env.tb.Helper()
	return Eval[[]string](p.ws.env.tb, p.ctx, `[...document.querySelectorAll('[data-testid="error"] .message')].map(e => e.textContent)`)
}

// DismissFits reports whether every message's × lies inside the panel's
// width, however long the message.
func (p *Panel) DismissFits() bool {
	p.ws.env.tb.Helper()
	return Eval[bool](p.ws.env.tb, p.ctx, `[...document.querySelectorAll('[data-testid="error"] .close')].every(b => { const r = b.getBoundingClientRect(); return r.width > 0 && r.right <= document.documentElement.clientWidth; })`)
}

// BlockBridge makes the bridge's API unreachable from this panel (its
// requests fail as when the network is down) or reachable again.
func (p *Panel) BlockBridge(blocked bool) {
	tb := p.ws.env.tb
	tb.Helper()
	var patterns []*network.BlockPattern
	if blocked {
		patterns = []*network.BlockPattern{{URLPattern: p.ws.env.Stack.BridgeURL + "/api/v1/*", Block: true}}
	}
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: patterns})
		return err
	}))
	if err != nil {
		tb.Fatalf("%s's panel: block the bridge (%v): %v", p.ws.User, blocked, err)
	}
}

// Dismiss closes the first message with its ×, as the agent does.
func (p *Panel) Dismiss() {
	tb := p.ws.env.tb
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="error"] .close`), chromedp.NodeVisible)); err != nil {
		tb.Fatalf("%s's panel: close the message: %v", p.ws.User, err)
	}
}

// Indicator is what the workspace's presence indicator shows (the state
// the panel last painted with setPresenceIndicator), "" before any.
func (w *Workspace) Indicator() string {
	w.env.tb.Helper()
	return Eval[string](w.env.tb, w.ctx, `(() => { const el = document.querySelector('[data-testid="ws-presence-indicator"]'); return el && !el.hidden ? el.textContent : ""; })()`)
}

// AWAPresence is the agent's presence as AWA holds it (the AWA Agent API,
// GET /api/now/awa/agents/{sys_id}): "Available", "Away", "Offline".
func (e *Env) AWAPresence(userName string) string {
	e.tb.Helper()
	var agent struct {
		Presence struct{ Name string } `json:"presence"`
	}
	e.ServiceNowREST("GET", "/api/now/awa/agents/"+e.UserSysID(userName), nil, &agent)
	return agent.Presence.Name
}

// PageText is the text the panel shows, as the agent reads it.
func (p *Panel) PageText() string {
	p.ws.env.tb.Helper()
	return Eval[string](p.ws.env.tb, p.ctx, `document.body.innerText`)
}

// TakenOver is what each side says of an agent who took their session from
// one computer (left, its workspace and panel) to another (here).
type TakenOver struct {
	PresenceAgreement
	// AWA is the presence AWA holds (its Agent API).
	AWA string
	// LeftWorkspace is the AWA presence the left workspace shows, and
	// LeftIndicator what the left panel painted in its indicator.
	LeftWorkspace, LeftIndicator string
	// LeftStatus is the status the left panel's Status list shows ("" when
	// it shows none), LeftText all the text it shows.
	LeftStatus, LeftText string
}

// WaitTakenOverAgrees waits until, after the agent took the session from
// the left panel to the panel here, every side holds the status here shows
// (want): VCC, AWA and both workspaces, as WaitPresenceAgrees has it; the
// left panel claims no status but want (none is best: it takes no calls)
// and says they are signed in elsewhere; and the left workspace's
// indicator does not show them available at the computer they left. It
// fails the test with every value otherwise.
func (e *Env) WaitTakenOverAgrees(leftWS *Workspace, left *Panel, ws *Workspace, here *Panel, want string) TakenOver {
	e.tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		got, why := e.takenOver(leftWS, left, ws, here, want)
		if why == "" {
			return got
		}
		if time.Now().After(deadline) {
			e.tb.Fatalf("%s taken over, want %s: %s; %+v", ws.User, want, why, got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (e *Env) takenOver(leftWS *Workspace, left *Panel, ws *Workspace, here *Panel, want string) (TakenOver, string) {
	e.tb.Helper()
	agreement, agree := e.presenceAgreement(ws, here, want)
	got := TakenOver{PresenceAgreement: agreement, AWA: e.AWAPresence(ws.User),
		LeftWorkspace: leftWS.Presence(), LeftIndicator: leftWS.Indicator(),
		LeftStatus: left.Shown("presence"), LeftText: left.PageText()}
	st, _ := here.tryState()
	claims := []string{cti.PresenceLoggedOut, "Waiting for calls"}
	for _, p := range st.Presences {
		if p.Name != want {
			claims = append(claims, p.Name)
		}
	}
	switch {
	case !agree:
		return got, "the panel here, VCC and its workspace disagree"
	case got.AWA != got.Workspace || got.LeftWorkspace != got.Workspace:
		return got, "AWA is not what the workspaces show"
	case got.LeftStatus != "" && got.LeftStatus != want:
		return got, "the left panel's Status shows another status"
	case !strings.Contains(got.LeftText, "signed in on another computer or browser"):
		return got, "the left panel does not say where she is"
	case slices.ContainsFunc(claims, func(c string) bool { return strings.Contains(got.LeftText, c) }):
		return got, "the left panel claims a status she does not have"
	case got.LeftIndicator == "Available" || strings.Contains(got.LeftIndicator, "Ready"):
		return got, "the left workspace's indicator shows her available where she is not"
	}
	return got, ""
}
