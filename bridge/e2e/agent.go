//go:build !js

package e2e

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/vccnow/connector/wasm/cti"
)

// DemoPassword is the VCC password of the demo agents.
const DemoPassword = "demo"

// SignIn signs the agent in the way they do it: a click on Sign in opens
// VCC's sign-in window, where they type their user name and password. It
// waits until the panel has a session.
func (p *Panel) SignIn(userName, password string) cti.State {
	p.ws.env.tb.Helper()
	p.signInWindow(userName, password)
	return p.WaitState("a signed-in session", func(s cti.State) bool { return s.SignedIn })
}

// signInWindow clicks Sign in and fills VCC's sign-in window.
func (p *Panel) signInWindow(userName, password string) {
	tb := p.ws.env.tb
	tb.Helper()
	popup := chromedp.WaitNewTarget(p.ws.browser.ctx, func(in *target.Info) bool {
		return in.Type == "page" && strings.Contains(in.URL, "/connect/authorize")
	})
	p.Click("login")
	var id target.ID
	select {
	case id = <-popup:
	case <-time.After(Timeout):
		tb.Fatalf("%s's panel: no sign-in window opened after clicking Sign in", p.ws.User)
	}
	ctx, cancel, err := p.ws.browser.Attach(id)
	if err != nil {
		tb.Fatalf("attach to the sign-in window: %v", err)
	}
	defer cancel()
	wctx, wcancel := context.WithTimeout(ctx, Timeout)
	defer wcancel()
	if err := chromedp.Do(wctx,
		chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), userName),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`[data-testid="signin"]`)),
	); err != nil {
		tb.Fatalf("sign in as %s in VCC's window: %v", userName, err)
	}
}

// WaitAudio waits until the session's audio connection is ready.
func (p *Panel) WaitAudio() cti.State {
	p.ws.env.tb.Helper()
	return p.WaitState("the audio connection", func(s cti.State) bool { return s.Media == cti.MediaReady })
}

// Select chooses an option of the select control with this data-testid by
// its visible text, as the agent would (a change event follows).
func (p *Panel) Select(testID, optionText string) {
	tb := p.ws.env.tb
	tb.Helper()
	js := fmt.Sprintf(`(() => {
		const s = document.querySelector('[data-testid=%q]');
		if (!s) return "no control";
		const o = [...s.options].find(o => o.textContent.trim() === %q);
		if (!o) return "no option";
		s.value = o.value;
		s.dispatchEvent(new Event('change', {bubbles: true}));
		return "";
	})()`, testID, optionText)
	if msg := Eval[string](tb, p.ctx, js); msg != "" {
		tb.Fatalf("%s's panel: select %q in %q: %s", p.ws.User, optionText, testID, msg)
	}
}

// ReadyInWorkspace opens userName's workspace, goes Ready in its panel and
// waits until the workspace shows the agent Available: AWA may offer calls.
func (e *Env) ReadyInWorkspace(userName string) (*Workspace, *Panel) {
	e.tb.Helper()
	ws := e.OpenWorkspace(userName)
	panel := ws.Panel()
	panel.GoReady(userName)
	ws.WaitFor("the workspace presence Available", `window.workspace.presence && window.workspace.presence.name === "Available"`)
	return ws, panel
}

// GoReady signs in (if needed), waits for the audio and sets presence Ready.
func (p *Panel) GoReady(userName string) cti.State {
	tb := p.ws.env.tb
	tb.Helper()
	if st := p.WaitState("the connector to start", func(cti.State) bool { return true }); !st.SignedIn {
		p.WaitVisible("login")
		p.SignIn(userName, DemoPassword)
	}
	p.WaitAudio()
	p.WaitState("the sign-in presence", func(s cti.State) bool { return s.Presence != "" && s.Presence != cti.PresenceLoggedOut })
	p.Select("presence", "Ready")
	return p.WaitState("presence Ready", func(s cti.State) bool { return s.Presence == "Ready" })
}

// Call returns the panel's call with this VCC id, or the first call when id
// is "".
func Call(s cti.State, id string) (cti.Call, bool) {
	for _, c := range s.Calls {
		if id == "" || c.ID == id {
			return c, true
		}
	}
	return cti.Call{}, false
}

// WaitCall waits until the call (any call when id is "") is in state.
func (p *Panel) WaitCall(id string, state cti.CallPhase) cti.Call {
	tb := p.ws.env.tb
	tb.Helper()
	s := p.WaitState("a call "+string(state), func(s cti.State) bool {
		c, ok := Call(s, id)
		return ok && c.State == state
	})
	c, _ := Call(s, id)
	return c
}

// SignInExpectingConflict signs in where the user already has a session
// elsewhere: it returns once the panel asks the agent what to do.
func (p *Panel) SignInExpectingConflict(userName, password string) cti.State {
	tb := p.ws.env.tb
	tb.Helper()
	p.WaitVisible("login")
	p.signInWindow(userName, password)
	return p.WaitState("the conflict question", func(s cti.State) bool { return s.Conflict != nil })
}

// PressAlt presses Alt and a letter in the panel, as a keyboard shortcut.
func (p *Panel) PressAlt(letter string) {
	tb := p.ws.env.tb
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(letter, chromedp.KeyModifiers(chromedp.ModifierAlt))); err != nil {
		tb.Fatalf("%s's panel: press Alt+%s: %v", p.ws.User, letter, err)
	}
}

// Type types text into the field with this data-testid, key by key, as the
// agent would.
func (p *Panel) Type(testID, text string) {
	tb := p.ws.env.tb
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SendKeys(sel(testID), text, chromedp.NodeVisible)); err != nil {
		tb.Fatalf("%s's panel: type into %q: %v", p.ws.User, testID, err)
	}
}
