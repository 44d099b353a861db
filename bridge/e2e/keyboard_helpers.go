//go:build !js

package e2e

import (
	"context"
	"fmt"

	"github.com/chromedp/chromedp"
)

// The agent's keyboard: keys pressed where focus is (in the workspace or in
// the panel), with no selector that would move focus first, and the
// Transfer as the agent makes it.

// Keys presses keys wherever focus is in the workspace page, as the agent
// types (kb.ArrowDown and the like for named keys); nothing is focused
// first, so the keys go where the agent's focus really is.
func (w *Workspace) Keys(keys ...string) {
	w.env.tb.Helper()
	pressKeys(w.env.tb, w.ctx, w.User+"'s workspace", keys)
}

// Keys presses keys wherever focus is in the panel.
func (p *Panel) Keys(keys ...string) {
	p.ws.env.tb.Helper()
	pressKeys(p.ws.env.tb, p.ctx, p.ws.User+"'s panel", keys)
}

func pressKeys(tb T, ctx context.Context, where string, keys []string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	for _, k := range keys {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
			tb.Fatalf("%s: press %q: %v", where, k, err)
		}
	}
}

// FocusSearch clicks into the workspace's search box, as the agent does
// before typing in it.
func (w *Workspace) FocusSearch() {
	w.env.tb.Helper()
	w.Click(`[data-testid="ws-search"]`)
	w.WaitFor("the search box to have focus", `document.activeElement === document.querySelector('[data-testid="ws-search"]') && document.hasFocus()`)
}

// SearchText is what the workspace's search box holds.
func (w *Workspace) SearchText() string {
	w.env.tb.Helper()
	return Eval[string](w.env.tb, w.ctx, `document.querySelector('[data-testid="ws-search"]').value`)
}

// Focus puts keyboard focus on the panel's control with this data-testid,
// as the agent does with Tab.
func (p *Panel) Focus(testID string) {
	tb := p.ws.env.tb
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Focus(sel(testID), chromedp.NodeVisible)); err != nil {
		tb.Fatalf("%s's panel: focus %q: %v", p.ws.User, testID, err)
	}
}

// Focused is the data-testid of the panel's focused element ("" for none),
// and whether the panel's document has focus at all.
func (p *Panel) Focused() (string, bool) {
	p.ws.env.tb.Helper()
	v := Eval[[]any](p.ws.env.tb, p.ctx, `[document.activeElement && document.activeElement.dataset ? (document.activeElement.dataset.testid || "") : "", document.hasFocus()]`)
	id, _ := v[0].(string)
	has, _ := v[1].(bool)
	return id, has
}

// Options are the visible texts of the options of the select with this
// data-testid; SelectedText the one it shows.
func (p *Panel) Options(testID string) []string {
	p.ws.env.tb.Helper()
	return Eval[[]string](p.ws.env.tb, p.ctx, fmt.Sprintf(`[...document.querySelector('[data-testid=%q]').options].map(o => o.textContent.trim())`, testID))
}

// SelectedText is the text of the option the select with this data-testid
// shows.
func (p *Panel) SelectedText(testID string) string {
	p.ws.env.tb.Helper()
	return Eval[string](p.ws.env.tb, p.ctx, fmt.Sprintf(`(s => s.options[s.selectedIndex] ? s.options[s.selectedIndex].textContent.trim() : "")(document.querySelector('[data-testid=%q]'))`, testID))
}

// Transfer sends the call on as the agent does: chooses the target in the
// Transfer list (its visible text, "Queue: servicedesk"), presses Transfer
// and confirms.
func (p *Panel) Transfer(option string) {
	p.ws.env.tb.Helper()
	p.Select("transfer", option)
	p.Click("transfer-submit")
	p.WaitVisible("transfer-ask")
	p.Click("transfer-confirm")
}

// PresenceEvents is how many agent.presencechanged.v1 webhooks VCC has sent:
// one for every presence an agent of the account took.
func (e *Env) PresenceEvents() int {
	e.tb.Helper()
	var out struct {
		Deliveries []struct {
			Duplicate bool `json:"duplicate"`
		} `json:"deliveries"`
	}
	e.control(e.Stack.VCCURL, "GET", "/sim/webhooks/deliveries?type=agent.presencechanged.v1", nil, &out)
	n := 0
	for _, d := range out.Deliveries {
		if !d.Duplicate {
			n++
		}
	}
	return n
}
