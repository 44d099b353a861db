//go:build !js

package e2e

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
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
