//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/vccnow/connector/wasm/cti"
)

// Timeout bounds every wait in the harness; a wait that runs out fails the
// test with what it was waiting for.
var Timeout = 15 * time.Second

// Workspace is one browser tab showing the Agent Workspace as a ServiceNow
// user.
type Workspace struct {
	env    *Env
	User   string
	ctx    context.Context
	cancel context.CancelFunc
	// panel is the last connector frame attached, for failure reports;
	// panels are all of them, detached when the test ends.
	panel   *Panel
	panels  []*Panel
	browser *Browser
}

// OpenWorkspace opens a new tab on the Agent Workspace signed in as the
// ServiceNow user userName and waits for the page to load.
//
// Each agent gets a browser of their own, as each agent has their own
// computer: the workspace's session cookie (and the connector's tabs, which
// share one session per browser) belong to one ServiceNow user. The first
// agent uses the env's browser.
func (e *Env) OpenWorkspace(userName string) *Workspace {
	e.tb.Helper()
	e.mu.Lock()
	b, ok := e.browsers[userName]
	if !ok && len(e.browsers) == 0 {
		b, ok = e.browser, true
		e.browsers = map[string]*Browser{userName: b}
	}
	e.mu.Unlock()
	if !ok {
		b = StartBrowser(e.tb)
		e.mu.Lock()
		e.browsers[userName] = b
		e.mu.Unlock()
	}
	return e.OpenWorkspaceIn(b, userName)
}

// OpenWorkspaceIn opens the workspace in another browser (see NewBrowser):
// the same agent on a second computer.
func (e *Env) OpenWorkspaceIn(b *Browser, userName string) *Workspace {
	e.tb.Helper()
	ctx, cancel, err := b.NewTab()
	if err != nil {
		e.tb.Fatalf("open a tab: %v", err)
	}
	ws := &Workspace{env: e, User: userName, ctx: ctx, cancel: cancel, browser: b}
	if err := chromedp.Do(ctx, chromedp.Navigate(e.WorkspaceURL(userName))); err != nil {
		cancel()
		e.tb.Fatalf("open the workspace as %s: %v", userName, err)
	}
	e.mu.Lock()
	e.workspaces = append(e.workspaces, ws)
	e.mu.Unlock()
	return ws
}

// WorkspaceURL is the Agent Workspace page for a ServiceNow user.
func (e *Env) WorkspaceURL(userName string) string {
	return e.Stack.ServiceNowURL + "/now/workspace/agent?user=" + url.QueryEscape(userName)
}

// Context is the tab's chromedp context, for actions the harness lacks.
func (w *Workspace) Context() context.Context { return w.ctx }

// TargetID is the tab's DevTools target.
func (w *Workspace) TargetID() target.ID { return chromedp.FromContext(w.ctx).Target.TargetID }

// Eval evaluates a JavaScript expression in the workspace page (awaiting a
// promise) and decodes its JSON value into V.
func Eval[V any](tb T, ctx context.Context, expr string) V {
	tb.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[V](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// Reload reloads the whole workspace tab.
func (w *Workspace) Reload() {
	w.env.tb.Helper()
	if err := chromedp.Do(w.ctx, chromedp.Reload()); err != nil {
		w.env.tb.Fatalf("reload the workspace: %v", err)
	}
}

// SaveScreenshot writes a PNG of the tab, panel included, to path.
func (w *Workspace) SaveScreenshot(path string) error {
	ctx, cancel := context.WithTimeout(w.ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// Panel is the connector running in the workspace's OpenFrame iframe. The
// iframe is cross-site, so Chromium runs it as its own target; Panel drives
// that target.
type Panel struct {
	ws     *Workspace
	ID     target.ID
	ctx    context.Context
	cancel context.CancelFunc
}

// Panel finds the connector frame of this tab and attaches to it. After a
// reload the frame is a new target: call Panel again.
func (w *Workspace) Panel() *Panel {
	tb := w.env.tb
	tb.Helper()
	tab := w.TargetID()
	prefix := w.env.Stack.BridgeURL + "/"
	deadline := time.Now().Add(Timeout)
	for {
		infos, err := w.browser.Targets()
		if err != nil {
			tb.Fatalf("list browser targets: %v", err)
		}
		for _, in := range infos {
			if in.Type == "iframe" && childOf(in, tab) && strings.HasPrefix(in.URL, prefix) {
				ctx, cancel, err := w.browser.Attach(in.TargetID)
				if err != nil {
					tb.Fatalf("attach to the connector frame: %v", err)
				}
				w.panel = &Panel{ws: w, ID: in.TargetID, ctx: ctx, cancel: cancel}
				w.env.mu.Lock()
				w.panels = append(w.panels, w.panel)
				w.env.mu.Unlock()
				return w.panel
			}
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, in := range infos {
				seen = append(seen, fmt.Sprintf("%s %s (parent %s%s)", in.Type, in.URL, in.ParentID, in.ParentFrameID))
			}
			tb.Fatalf("no connector frame (%s) in %s's workspace (tab %s) after %v; targets: %s", prefix, w.User, tab, Timeout, strings.Join(seen, "; "))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// childOf tells whether the target is a frame of tab's page. Older Chromium
// names the parent target (parentId); Chromium 148 gives only the parent
// frame (parentFrameId), and a page's main frame has the page's target id.
func childOf(in *target.Info, tab target.ID) bool {
	return in.ParentID == tab || string(in.ParentFrameID) == string(tab)
}

// SupportLog is the connector's support log (what the agent downloads), or
// why it could not be read.
func (p *Panel) SupportLog() string {
	ctx, cancel := context.WithTimeout(p.ctx, 3*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.vccConnector ? window.vccConnector.log() : "the connector has not started"`))
	if err != nil {
		return "support log unavailable: " + err.Error()
	}
	return s
}

// oldDocument marks a panel document before a reload, so the harness can
// tell the reloaded one (the frame may keep its target id).
const oldDocument = `window.__vccReloaded = true`

// ReloadAll reloads the whole workspace tab (the agent presses F5) and
// returns the new panel.
func (w *Workspace) ReloadAll() *Panel {
	w.env.tb.Helper()
	if w.panel != nil {
		w.panel.markOld()
	}
	w.Reload()
	return w.newPanel()
}

// ReloadPanel reloads only the connector's frame and returns it anew.
func (p *Panel) ReloadPanel() *Panel {
	p.ws.env.tb.Helper()
	p.markOld()
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[any](`setTimeout(() => location.reload(), 0), true`))
	return p.ws.newPanel()
}

func (p *Panel) markOld() {
	ctx, cancel := context.WithTimeout(p.ctx, 3*time.Second)
	defer cancel()
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[any](oldDocument))
}

// newPanel attaches to the panel until it finds a document that was not
// there before the reload and whose connector has started.
func (w *Workspace) newPanel() *Panel {
	tb := w.env.tb
	tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		p := w.Panel()
		ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
		fresh, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.__vccReloaded && !!window.vccConnector`))
		cancel()
		if err == nil && fresh {
			return p
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s's workspace: the panel did not come back after the reload (%v)", w.User, err)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// Close closes the tab, as when the agent closes it (or it crashes).
func (w *Workspace) Close() {
	_ = chromedp.Cancel(w.ctx)
}

// Context is the frame's chromedp context.
func (p *Panel) Context() context.Context { return p.ctx }

// stateJS reads the connector's state, or null before the core has started.
const stateJS = `window.vccConnector ? window.vccConnector.state() : null`

// State returns the connector's current state; it fails the test if the
// connector has not started.
func (p *Panel) State() cti.State {
	tb := p.ws.env.tb
	tb.Helper()
	s, ok := p.tryState()
	if !ok {
		tb.Fatalf("the connector in %s's panel has not started (window.vccConnector is missing)", p.ws.User)
	}
	return s
}

func (p *Panel) tryState() (cti.State, bool) {
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[json.RawMessage](stateJS))
	if err != nil || len(raw) == 0 || string(raw) == "null" {
		return cti.State{}, false
	}
	var s cti.State
	if err := json.Unmarshal(raw, &s); err != nil {
		return cti.State{}, false
	}
	return s, true
}

// WaitState waits until pred holds for the connector's state and returns that
// state; what names the condition in the failure message.
func (p *Panel) WaitState(what string, pred func(cti.State) bool) cti.State {
	tb := p.ws.env.tb
	tb.Helper()
	deadline := time.Now().Add(Timeout)
	var last cti.State
	for {
		if s, ok := p.tryState(); ok {
			last = s
			if pred(s) {
				return s
			}
		}
		if time.Now().After(deadline) {
			b, _ := json.Marshal(last)
			tb.Fatalf("%s's panel: waited %v for %s; last state %s", p.ws.User, Timeout, what, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sel is the CSS selector of a control by its data-testid.
func sel(testID string) chromedp.CSS { return chromedp.CSS(fmt.Sprintf(`[data-testid=%q]`, testID)) }

// WaitVisible waits until the control with this data-testid is visible.
func (p *Panel) WaitVisible(testID string) {
	tb := p.ws.env.tb
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(sel(testID))); err != nil {
		tb.Fatalf("%s's panel: %q did not become visible: %v", p.ws.User, testID, err)
	}
}

// Text returns the visible text of the control with this data-testid.
func (p *Panel) Text(testID string) string {
	tb := p.ws.env.tb
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(sel(testID), chromedp.NodeVisible))
	if err != nil {
		tb.Fatalf("%s's panel: read %q: %v", p.ws.User, testID, err)
	}
	return s
}

// Click clicks the control with this data-testid with real mouse input (a
// user gesture, so popups and audio are allowed).
func (p *Panel) Click(testID string) {
	tb := p.ws.env.tb
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(sel(testID), chromedp.NodeVisible)); err != nil {
		tb.Fatalf("%s's panel: click %q: %v", p.ws.User, testID, err)
	}
}

// ReadyAfterNavigation is the time in milliseconds from the workspace tab's
// navigation start to the connector's "ready" mark (sign-in usable), using
// both documents' absolute time origins.
func (p *Panel) ReadyAfterNavigation() float64 {
	tb := p.ws.env.tb
	tb.Helper()
	st := p.WaitState("the ready mark", func(s cti.State) bool { _, ok := s.Timings["ready"]; return ok })
	frameOrigin := Eval[float64](tb, p.ctx, `performance.timeOrigin`)
	tabOrigin := Eval[float64](tb, p.ws.ctx, `performance.timeOrigin`)
	return frameOrigin + st.Timings["ready"] - tabOrigin
}
