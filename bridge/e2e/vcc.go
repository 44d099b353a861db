//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// SignInOpener is a tab on the panel's origin (the bridge) that opens VCC's
// sign-in window itself, as the connector does, and keeps every sign-in
// answer the bridge's callback page posts back to it. It tests the sign-in
// without the connector.
type SignInOpener struct {
	env    *Env
	ctx    context.Context
	cancel context.CancelFunc
}

// AuthMessage is a message the opener received: the sender's origin and
// the callback page's payload (vccproto.CallbackMessage, as JSON).
type AuthMessage struct {
	Origin string          `json:"origin"`
	Data   json.RawMessage `json:"data"`
}

// recordMessagesJS keeps the window's sign-in answers in
// window.__vccAuthMessages.
const recordMessagesJS = `(() => {
	window.__vccAuthMessages = [];
	window.addEventListener("message", (e) => {
		if (e.data && e.data.type === "vccnow.signin.callback") {
			window.__vccAuthMessages.push({origin: e.origin, data: e.data});
		}
	});
	return true;
})()`

// OpenSignInOpener opens a tab on the bridge's page (the panel origin, a
// registered redirect URI's origin) and starts recording messages.
func (e *Env) OpenSignInOpener() *SignInOpener {
	e.tb.Helper()
	ctx, cancel, err := e.browser.NewTab()
	if err != nil {
		e.tb.Fatalf("open a tab: %v", err)
	}
	e.tb.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate(e.Stack.BridgeURL+"/")); err != nil {
		e.tb.Fatalf("open the panel origin %s: %v", e.Stack.BridgeURL, err)
	}
	Eval[bool](e.tb, ctx, recordMessagesJS)
	return &SignInOpener{env: e, ctx: ctx, cancel: cancel}
}

// Context is the opener tab's chromedp context.
func (o *SignInOpener) Context() context.Context { return o.ctx }

// Open opens url in a popup with window.open, from a user gesture as a
// click would, and returns the popup's target once it exists.
func (o *SignInOpener) Open(url string) target.ID {
	tb := o.env.tb
	tb.Helper()
	tab := chromedp.FromContext(o.ctx).Target.TargetID
	popup := chromedp.WaitNewTarget(o.env.browser.ctx, func(in *target.Info) bool {
		return in.Type == "page" && in.OpenerID == tab
	})
	js := `window.open(` + jsString(url) + `, "vcc-signin", "popup,width=480,height=640") !== null`
	opened, err := chromedp.Run(o.ctx, chromedp.Evaluate[bool](js, userGesture))
	if err != nil || !opened {
		tb.Fatalf("window.open(%s) from the panel origin: opened=%v, %v", url, opened, err)
	}
	select {
	case id := <-popup:
		return id
	case <-time.After(Timeout):
		tb.Fatalf("no sign-in window appeared %v after window.open", Timeout)
		return ""
	}
}

// Messages returns the sign-in answers received so far.
func (o *SignInOpener) Messages() []AuthMessage {
	o.env.tb.Helper()
	raw := Eval[json.RawMessage](o.env.tb, o.ctx, `window.__vccAuthMessages`)
	var msgs []AuthMessage
	if err := json.Unmarshal(raw, &msgs); err != nil {
		o.env.tb.Fatalf("read the opener's messages %s: %v", raw, err)
	}
	return msgs
}

// WaitMessage waits for the first sign-in answer.
func (o *SignInOpener) WaitMessage() AuthMessage {
	tb := o.env.tb
	tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		if msgs := o.Messages(); len(msgs) > 0 {
			return msgs[0]
		}
		if time.Now().After(deadline) {
			tb.Fatalf("the panel origin received no sign-in answer within %v", Timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// SignInWindow is VCC's sign-in page in a popup.
type SignInWindow struct {
	env *Env
	ID  target.ID
	ctx context.Context
}

// AttachSignInWindow drives the popup target id; it waits for the form.
func (e *Env) AttachSignInWindow(id target.ID) *SignInWindow {
	e.tb.Helper()
	ctx, cancel, err := e.browser.Attach(id)
	if err != nil {
		e.tb.Fatalf("attach to the sign-in window: %v", err)
	}
	e.tb.Cleanup(cancel)
	w := &SignInWindow{env: e, ID: id, ctx: ctx}
	w.do("wait for the sign-in form", chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)))
	return w
}

// Submit types the user name and password into the form and clicks
// Sign in. On success the window posts its answer and closes.
func (w *SignInWindow) Submit(userName, password string) {
	w.env.tb.Helper()
	Eval[bool](w.env.tb, w.ctx, `(() => { document.querySelector('input[name="username"]').value = ""; return true; })()`)
	w.do("sign in as "+userName,
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), userName),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`[data-testid="signin"]`)),
	)
}

// ErrorText waits for the form's error message and returns it.
func (w *SignInWindow) ErrorText() string {
	w.env.tb.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, Timeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="signin-error"]`), chromedp.NodeVisible))
	if err != nil {
		w.env.tb.Fatalf("the sign-in window shows no error: %v", err)
	}
	return strings.TrimSpace(s)
}

// WaitClosed waits until the window has closed itself.
func (w *SignInWindow) WaitClosed() {
	w.env.tb.Helper()
	WaitTargetGone(w.env, w.ID, "the sign-in window to close")
}

func (w *SignInWindow) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	w.env.tb.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		w.env.tb.Fatalf("sign-in window: %s: %v", what, err)
	}
}

// WaitTargetGone waits until a browser target (a tab, a popup) no longer
// exists.
func WaitTargetGone(e *Env, id target.ID, what string) {
	e.tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		infos, err := e.browser.Targets()
		if err != nil {
			e.tb.Fatalf("list browser targets: %v", err)
		}
		gone := true
		for _, in := range infos {
			if in.TargetID == id {
				gone = false
			}
		}
		if gone {
			return
		}
		if time.Now().After(deadline) {
			e.tb.Fatalf("waited %v for %s", Timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// userGesture runs an evaluation as if the user had clicked, so that
// window.open passes the popup blocker.
func userGesture(p *runtime.EvaluateParams) {
	yes := true
	p.UserGesture = &yes
}
