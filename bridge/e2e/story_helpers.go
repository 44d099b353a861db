//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"time"
)

// Helpers of the story tests (story_test.go): what the call card says, the
// workspace's wrap-up dialog and record tabs, the panel's sessionStorage,
// and the bridge's agent API cut off.

// Attr is an attribute of the panel's control with this data-testid ("" when
// there is no such control or attribute).
func (p *Panel) Attr(testID, name string) string {
	p.ws.env.tb.Helper()
	return Eval[string](p.ws.env.tb, p.ctx, fmt.Sprintf(`(document.querySelector('[data-testid=%q]')?.getAttribute(%q)) || ""`, testID, name))
}

// TextNow is the text of the panel's control with this data-testid, "" when
// it is not there (it does not wait).
func (p *Panel) TextNow(testID string) string {
	p.ws.env.tb.Helper()
	return Eval[string](p.ws.env.tb, p.ctx, fmt.Sprintf(`(document.querySelector('[data-testid=%q]')?.textContent) || ""`, testID))
}

// WaitText waits until the text of the control with this data-testid
// satisfies pred, and returns it.
func (p *Panel) WaitText(testID, what string, pred func(string) bool) string {
	tb := p.ws.env.tb
	tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		s := p.TextNow(testID)
		if pred(s) {
			return s
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s's panel: waited %v for %s; %q reads %q", p.ws.User, Timeout, what, testID, s)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// SessionStorage is everything the panel's frame keeps in sessionStorage.
func (p *Panel) SessionStorage() map[string]string {
	p.ws.env.tb.Helper()
	return Eval[map[string]string](p.ws.env.tb, p.ctx, `Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)]))`)
}

// SnapshotSession is the session part of the panel's snapshot (access,
// refresh, resume tokens), empty when there is none.
func (p *Panel) SnapshotSession() map[string]any {
	p.ws.env.tb.Helper()
	return Eval[map[string]any](p.ws.env.tb, p.ctx, `(() => { const s = JSON.parse(sessionStorage.getItem("vcc.snapshot") || "null"); return (s && s.session) || {}; })()`)
}

// WrapUpDialogShown tells whether the workspace shows ServiceNow's wrap-up
// dialog.
func (w *Workspace) WrapUpDialogShown() bool {
	w.env.tb.Helper()
	return Eval[bool](w.env.tb, w.ctx, `(() => { const d = document.querySelector('[data-testid="ws-wrapup"]'); return !!d && !d.hidden; })()`)
}

// OpenedForms counts the forms the panel opened in the workspace
// (openServiceNowForm) of this entity.
func (w *Workspace) OpenedForms(entity string) int {
	w.env.tb.Helper()
	return Eval[int](w.env.tb, w.ctx, fmt.Sprintf(`window.workspace.openedForms.filter(f => f.entity === %q).length`, entity))
}

// CutAgentAPI cuts the panels off from the bridge's API (down) or puts them
// back in touch: their requests fail as in a network outage, while the
// panel's page still loads (devstack.Stack.SetAgentAPIDown).
func (e *Env) CutAgentAPI(down bool) { e.Stack.SetAgentAPIDown(down) }

// clockSeconds reads a card timer ("m:ss", "h:mm:ss") in seconds; -1 when
// it is not one.
func clockSeconds(s string) int {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 {
		return -1
	}
	total := 0
	for _, p := range parts {
		n := 0
		if _, err := fmt.Sscanf(p, "%d", &n); err != nil {
			return -1
		}
		total = total*60 + n
	}
	return total
}
