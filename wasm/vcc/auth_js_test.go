//go:build js && wasm

package vcc

import (
	"net/url"
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// harnessJS stands in for the browser around the panel (run under Node by
// go_js_wasm_exec): location, window.open and its popup, message listeners,
// fetch for VCC's discovery and token endpoint, and navigator.locks.
const harnessJS = `
const h = {opened: [], listeners: [], fetches: [], popup: null, block: false,
  discovery: {issuer: "https://idp.example", authorization_endpoint: "https://idp.example/authorize", token_endpoint: "https://idp.example/token"},
  tokenStatus: 200, tokenBody: JSON.stringify({access_token: "jwt", token_type: "Bearer", expires_in: 3600, refresh_token: "rt"})};
h.locks = {held: false, request(name, opts, cb) {
  if (this.held) return Promise.resolve(cb(null));
  this.held = true;
  return Promise.resolve(cb({name})).then(() => { this.held = false; });
}};
globalThis.location = {origin: "https://connector.example"};
Object.defineProperty(globalThis, "navigator", {value: {locks: h.locks}, configurable: true, writable: true});
globalThis.open = (u, name, features) => {
  h.opened.push(u);
  if (h.block) return null;
  h.popup = {closed: false};
  return h.popup;
};
globalThis.addEventListener = (type, f) => { if (type === "message") h.listeners.push(f); };
globalThis.removeEventListener = (type, f) => { h.listeners = h.listeners.filter((x) => x !== f); };
h.dispatch = (origin, fromPopup, data) => {
  const ev = {origin, source: fromPopup ? h.popup : {}, data};
  for (const f of [...h.listeners]) f(ev);
};
globalThis.fetch = async (u, init) => {
  h.fetches.push({url: u, body: init.body || ""});
  if (u.endsWith("/.well-known/openid-configuration")) return new Response(JSON.stringify(h.discovery), {status: 200});
  return new Response(h.tokenBody, {status: h.tokenStatus});
};
return h;`

type signInOutcome struct {
	tok Token
	err error
}

// startAuth installs a fresh harness and an Auth that has discovered the
// test issuer.
func startAuth(t *testing.T) (js.Value, *Auth, chan signInOutcome) {
	t.Helper()
	h := js.Global().Get("Function").New(harnessJS).Invoke()
	results := make(chan signInOutcome, 4)
	a := &Auth{Issuer: "https://idp.example", ClientID: "connector", Scope: "openid",
		RedirectURI: "https://connector.example" + CallbackPath,
		Result:      func(tok Token, err error, _ bool) { results <- signInOutcome{tok, err} }}
	a.Discover()
	for deadline := time.Now().Add(5 * time.Second); a.authorize != "https://idp.example/authorize"; time.Sleep(5 * time.Millisecond) {
		require.True(t, time.Now().Before(deadline), "discovery")
	}
	return h, a, results
}

func outcome(t *testing.T, results chan signInOutcome) signInOutcome {
	t.Helper()
	select {
	case r := <-results:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no sign-in result")
		return signInOutcome{}
	}
}

// openedQuery waits for the popup and returns its authorization request.
func openedQuery(t *testing.T, h js.Value) url.Values {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); h.Get("opened").Length() == 0; time.Sleep(time.Millisecond) {
		require.True(t, time.Now().Before(deadline), "no popup opened")
	}
	require.Equal(t, 1, h.Get("opened").Length(), "one popup")
	u, err := url.Parse(h.Get("opened").Index(0).String())
	require.NoError(t, err)
	assert.Equal(t, "https://idp.example/authorize", u.Scheme+"://"+u.Host+u.Path)
	return u.Query()
}

func callbackData(fields map[string]any) js.Value {
	m := map[string]any{"type": CallbackMessageType}
	for k, v := range fields {
		m[k] = v
	}
	return js.ValueOf(m)
}

// The whole sign-in: the popup on the discovered endpoint with the redirect
// page as redirect_uri, only the redirect page's answer with this state
// taken, the code exchanged with the verifier and the same redirect_uri.
func TestSignInTakesOnlyItsOwnAnswer(t *testing.T) {
	h, a, results := startAuth(t)
	a.SignIn()
	a.SignIn()
	assert.ErrorIs(t, outcome(t, results).err, ErrSignInBusy, "one window at a time in a tab")
	q := openedQuery(t, h)
	assert.Equal(t, "https://connector.example/signin/callback", q.Get("redirect_uri"))
	assert.False(t, q.Has("response_mode"))
	assert.Equal(t, "login", q.Get("prompt"))
	state := q.Get("state")
	require.NotEmpty(t, state)
	assert.True(t, h.Get("locks").Get("held").Bool(), "the cross-tab lock is held while the window is open")

	h.Call("dispatch", "https://idp.example", true, callbackData(map[string]any{"code": "c1", "state": state}))
	h.Call("dispatch", "https://connector.example", false, callbackData(map[string]any{"code": "c2", "state": state}))
	h.Call("dispatch", "https://connector.example", true, callbackData(map[string]any{"code": "c3", "state": "stale"}))
	h.Call("dispatch", "https://connector.example", true, js.ValueOf(map[string]any{"type": "authorization_response", "response": map[string]any{"code": "c4", "state": state}}))
	h.Call("dispatch", "https://connector.example", true, callbackData(map[string]any{"code": "good", "state": state, "iss": "https://idp.example"}))

	r := outcome(t, results)
	require.NoError(t, r.err)
	assert.Equal(t, "jwt", r.tok.AccessToken)
	fetches := h.Get("fetches")
	last := fetches.Index(fetches.Length() - 1)
	assert.Equal(t, "https://idp.example/token", last.Get("url").String())
	form, err := url.ParseQuery(last.Get("body").String())
	require.NoError(t, err)
	assert.Equal(t, "good", form.Get("code"))
	assert.Equal(t, "https://connector.example/signin/callback", form.Get("redirect_uri"))
	assert.Len(t, form.Get("code_verifier"), 43)
	assert.Equal(t, 0, h.Get("listeners").Length(), "the listener is gone")
	for deadline := time.Now().Add(time.Second); h.Get("locks").Get("held").Bool(); time.Sleep(5 * time.Millisecond) {
		require.True(t, time.Now().Before(deadline), "the lock is released")
	}
}

// Each way a sign-in fails reaches the core as an error it can put in words.
func TestSignInFailures(t *testing.T) {
	cases := []struct {
		name string
		run  func(h js.Value, a *Auth, state func() string)
		want error
	}{
		{"popup blocked", func(h js.Value, a *Auth, _ func() string) { h.Set("block", true); a.SignIn() }, ErrPopupBlocked},
		{"another tab's window is open", func(h js.Value, a *Auth, _ func() string) {
			h.Get("locks").Set("held", true)
			a.SignIn()
		}, ErrSignInBusy},
		{"redirect page elsewhere", func(_ js.Value, a *Auth, _ func() string) {
			a.RedirectURI = "https://other.example/signin/callback"
			a.SignIn()
		}, ErrMisconfigured},
		{"window closed", func(h js.Value, a *Auth, state func() string) {
			a.SignIn()
			state()
			h.Get("popup").Set("closed", true)
		}, ErrPopupClosed},
		{"only a stale answer, then closed", func(h js.Value, a *Auth, state func() string) {
			a.SignIn()
			state()
			h.Call("dispatch", "https://connector.example", true, callbackData(map[string]any{"code": "c", "state": "stale"}))
			h.Get("popup").Set("closed", true)
		}, ErrStateMismatch},
		{"provider refused", func(h js.Value, a *Auth, state func() string) {
			a.SignIn()
			h.Call("dispatch", "https://connector.example", true, callbackData(map[string]any{"error": "access_denied", "state": state()}))
		}, ErrSignInDenied},
		{"another issuer", func(h js.Value, a *Auth, state func() string) {
			a.SignIn()
			h.Call("dispatch", "https://connector.example", true, callbackData(map[string]any{"code": "c", "state": state(), "iss": "https://evil.example"}))
		}, ErrIssuerMismatch},
		{"code refused at the token endpoint", func(h js.Value, a *Auth, state func() string) {
			h.Set("tokenStatus", 400)
			h.Set("tokenBody", `{"error":"invalid_grant"}`)
			a.SignIn()
			h.Call("dispatch", "https://connector.example", true, callbackData(map[string]any{"code": "c", "state": state()}))
		}, ErrSignInDenied},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, a, results := startAuth(t)
			tc.run(h, a, func() string { return openedQuery(t, h).Get("state") })
			r := outcome(t, results)
			assert.ErrorIs(t, r.err, tc.want)
			assert.False(t, a.busy.Load(), "a new attempt may start")
		})
	}
}
