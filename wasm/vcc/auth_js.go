//go:build js && wasm

package vcc

import (
	"encoding/json"
	"fmt"
	"sync/atomic"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/vccnow/connector/wasm/jsutil"
)

// Auth signs the agent in interactively, as a standard OAuth 2.0 public
// client: a popup on VCC's authorize endpoint (authorization code, PKCE S256,
// state), VCC's redirect to the panel's own redirect page (CallbackPath),
// which posts the answer to the panel, and the code exchanged for tokens. It
// implements cti.Auth. Nothing here ever signs in without the agent's click.
type Auth struct {
	Issuer   string // https://emea.cc.vonage.com/Auth
	ClientID string
	// RedirectURI is the panel's origin followed by CallbackPath: the page
	// that hands VCC's answer to the panel. VCC must have it registered.
	RedirectURI string
	Scope       string
	// Result receives the outcome, on a new goroutine.
	Result func(tok Token, err error, refreshed bool)
	// Lock, when set, is held while the popup is open so that only one
	// sign-in window exists across the agent's tabs; it returns false when
	// another tab holds it, and release. Unset, a Web Lock does it.
	Lock func() (release func(), ok bool)

	authorize, token, issuer string
	busy                     atomic.Bool
	// next is the next attempt's PKCE, made ahead (the digest is
	// asynchronous) so the popup opens at once on a click.
	next chan PKCE
}

// prepare makes the next attempt's PKCE.
func (a *Auth) prepare() {
	if p, err := newBrowserPKCE(); err == nil {
		select {
		case a.next <- p:
		default:
		}
	}
}

// Discover reads the issuer's OpenID configuration (OpenID Connect Discovery
// 1.0) so the popup opens at once on click; without it the IdentityServer
// default paths are used.
func (a *Auth) Discover() {
	a.authorize = a.Issuer + "/connect/authorize"
	a.token = a.Issuer + "/connect/token"
	a.issuer = a.Issuer
	a.next = make(chan PKCE, 1)
	go a.prepare()
	go func() {
		resp, err := jsutil.Fetch("GET", a.Issuer+"/.well-known/openid-configuration", nil, nil, "")
		if err != nil || resp.Status != 200 {
			return
		}
		var d struct {
			Issuer    string `json:"issuer"`
			Authorize string `json:"authorization_endpoint"`
			Token     string `json:"token_endpoint"`
		}
		if json.Unmarshal(resp.Body, &d) == nil && d.Authorize != "" && d.Token != "" {
			a.authorize, a.token = d.Authorize, d.Token
			if d.Issuer != "" {
				a.issuer = d.Issuer
			}
		}
	}()
}

// SignIn opens the sign-in popup. Call it within the agent's click (the
// browser's transient activation); it returns at once and the window opens
// on a goroutine moments later, well within the activation's lifetime.
// Errors: ErrSignInBusy, ErrMisconfigured, ErrPopupBlocked, ErrPopupClosed,
// ErrStateMismatch, ErrIssuerMismatch, a *ProviderError, ErrUnreachable.
func (a *Auth) SignIn() {
	if !a.busy.CompareAndSwap(false, true) {
		go a.Result(Token{}, ErrSignInBusy, false)
		return
	}
	go a.signIn()
}

func (a *Auth) signIn() {
	fail := func(err error) {
		a.busy.Store(false)
		a.Result(Token{}, err, false)
	}
	own := dom.GetWindow().Location().Origin()
	if originOf(a.RedirectURI) != own {
		fail(fmt.Errorf("%w: its redirect page %s is not on the panel's origin %s", ErrMisconfigured, a.RedirectURI, own))
		return
	}
	lock := a.Lock
	if lock == nil {
		lock = func() (func(), bool) { return webLock(signInLockName) }
	}
	release, ok := lock()
	if !ok {
		fail(ErrSignInBusy)
		return
	}
	var p PKCE
	select {
	case p = <-a.next:
	default:
		var err error
		if p, err = newBrowserPKCE(); err != nil {
			release()
			fail(err)
			return
		}
	}
	if a.next != nil {
		go a.prepare() // a fresh one for the next attempt: each is used once
	}
	u := AuthorizeURL(a.authorize, a.ClientID, a.RedirectURI, a.Scope, p)
	// The popup stays a js.Value: dom/v2's Window hides its value, and the
	// answer is known by its source being this very window.
	popup := js.Global().Call("open", u, "vcc-signin", "popup,width=480,height=640")
	if popup.IsNull() || popup.IsUndefined() {
		release()
		fail(ErrPopupBlocked)
		return
	}
	a.await(popup, own, p, release)
}

// await waits for the popup's answer, from the panel's own origin (the
// redirect page) and with this attempt's state, then exchanges the code.
func (a *Auth) await(popup js.Value, own string, p PKCE, release func()) {
	done := make(chan AuthResponse, 1)
	var stale atomic.Bool // an answer with another state came
	onMessage := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ev := &dom.MessageEvent{BasicEvent: jsutil.Event(args[0])}
		origin := ev.Get("origin")
		if origin.Type() != js.TypeString || origin.String() != own || !ev.Get("source").Equal(popup) {
			return nil
		}
		r, err := ReadCallback(origin.String(), own, jsutil.ToJSON(ev.Data()), p)
		switch err {
		case nil:
			select {
			case done <- r:
			default:
			}
		case ErrStateMismatch:
			stale.Store(true)
		}
		return nil
	})
	js.Global().Call("addEventListener", "message", onMessage)
	go func() {
		tok, err := a.answer(popup, p, done, &stale)
		js.Global().Call("removeEventListener", "message", onMessage)
		onMessage.Release()
		a.busy.Store(false)
		release()
		a.Result(tok, err, false)
	}()
}

// answer waits for the popup's answer, or its closing, and exchanges the
// code.
func (a *Auth) answer(popup js.Value, p PKCE, done <-chan AuthResponse, stale *atomic.Bool) (Token, error) {
	finish := func(r AuthResponse) (Token, error) {
		code, err := r.Verify(p, a.issuer)
		if err != nil {
			return Token{}, err
		}
		return a.exchange(TokenRequest(a.ClientID, a.RedirectURI, code, p))
	}
	tick := time.NewTicker(300 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case r := <-done:
			return finish(r)
		case <-tick.C:
			if !popup.Get("closed").Bool() {
				continue
			}
			// The answer may be posted just before the page closes.
			select {
			case r := <-done:
				return finish(r)
			case <-time.After(200 * time.Millisecond):
				if stale.Load() {
					return Token{}, ErrStateMismatch
				}
				return Token{}, ErrPopupClosed
			}
		}
	}
}

// Refresh renews the tokens without the agent (a refresh, not a sign-in).
func (a *Auth) Refresh(refreshToken string) {
	go func() {
		tok, err := a.exchange(RefreshRequest(a.ClientID, refreshToken))
		a.Result(tok, err, true)
	}()
}

func (a *Auth) exchange(form Form) (Token, error) {
	resp, err := jsutil.Fetch("POST", a.token, map[string]string{"Accept": "application/json"}, []byte(form.Encode()), "application/x-www-form-urlencoded")
	if err != nil {
		return Token{}, fmt.Errorf("%w (%v)", ErrUnreachable, err)
	}
	return ReadToken(resp.Status, resp.Body)
}
