//go:build js && wasm

package vcc

import (
	"encoding/json"
	"fmt"
	"syscall/js"
	"time"

	"github.com/vccnow/connector/wasm/jsutil"
)

// Auth signs the agent in interactively: a popup on VCC's authorize endpoint,
// the code posted back by VCC's page, and the code exchanged for tokens. It
// implements cti.Auth. Nothing here ever signs in without the agent's click.
type Auth struct {
	Issuer      string // https://emea.cc.vonage.com/Auth
	ClientID    string
	RedirectURI string // the panel's own URL (its origin receives the answer)
	Scope       string
	// Result receives the outcome, on a new goroutine.
	Result func(tok Token, err error, refreshed bool)
	// Lock, when set, is held while the popup is open so that only one
	// sign-in window exists across the agent's tabs; it returns false when
	// another tab holds it, and release.
	Lock func() (release func(), ok bool)

	authorize, token string
	busy             bool
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

// Discover reads the issuer's OpenID configuration so the popup opens at once
// on click; without it the IdentityServer default paths are used.
func (a *Auth) Discover() {
	a.authorize = a.Issuer + "/connect/authorize"
	a.token = a.Issuer + "/connect/token"
	a.next = make(chan PKCE, 1)
	go a.prepare()
	go func() {
		resp, err := jsutil.Fetch("GET", a.Issuer+"/.well-known/openid-configuration", nil, nil, "")
		if err != nil || resp.Status != 200 {
			return
		}
		var d struct {
			Authorize string `json:"authorization_endpoint"`
			Token     string `json:"token_endpoint"`
		}
		if json.Unmarshal(resp.Body, &d) == nil && d.Authorize != "" && d.Token != "" {
			a.authorize, a.token = d.Authorize, d.Token
		}
	}()
}

// SignIn opens the sign-in popup. It must run within the agent's click (the
// browser's transient activation), on a goroutine, not a js.FuncOf callback.
func (a *Auth) SignIn() {
	if a.busy {
		go a.Result(Token{}, ErrSignInBusy, false)
		return
	}
	release := func() {}
	if a.Lock != nil {
		r, ok := a.Lock()
		if !ok {
			go a.Result(Token{}, ErrSignInBusy, false)
			return
		}
		release = r
	}
	var p PKCE
	select {
	case p = <-a.next:
	default:
		var err error
		if p, err = newBrowserPKCE(); err != nil {
			release()
			go a.Result(Token{}, err, false)
			return
		}
	}
	if a.next != nil {
		go a.prepare() // a fresh one for the next attempt: each is used once
	}
	u := AuthorizeURL(a.authorize, a.ClientID, a.RedirectURI, a.Scope, p)
	features := "popup,width=480,height=640"
	popup := js.Global().Call("open", u, "vcc-signin", features)
	if popup.IsNull() || popup.IsUndefined() {
		release()
		go a.Result(Token{}, ErrPopupBlocked, false)
		return
	}
	a.busy = true
	origin := originOf(a.authorize)
	done := make(chan AuthResponse, 1)
	var onMessage js.Func
	onMessage = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ev := args[0]
		// Only VCC's own page, in the popup we opened, may answer.
		if ev.Get("origin").String() != origin || !ev.Get("source").Equal(popup) {
			return nil
		}
		data := ev.Get("data")
		if data.Type() != js.TypeObject || data.Get("type").String() != "authorization_response" {
			return nil
		}
		var r AuthResponse
		if json.Unmarshal(jsutil.ToJSON(data.Get("response")), &r) != nil {
			return nil
		}
		select {
		case done <- r:
		default:
		}
		return nil
	})
	js.Global().Call("addEventListener", "message", onMessage)
	go func() {
		defer func() {
			js.Global().Call("removeEventListener", "message", onMessage)
			onMessage.Release()
			a.busy = false
			release()
		}()
		finish := func(r AuthResponse) {
			code, err := r.Check(p)
			if err != nil {
				a.Result(Token{}, err, false)
				return
			}
			tok, err := a.exchange(TokenRequest(a.ClientID, a.RedirectURI, code, p))
			a.Result(tok, err, false)
		}
		tick := time.NewTicker(300 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case r := <-done:
				finish(r)
				return
			case <-tick.C:
				if !popup.Get("closed").Bool() {
					continue
				}
				// The answer may be posted just before the page closes.
				select {
				case r := <-done:
					finish(r)
				case <-time.After(200 * time.Millisecond):
					a.Result(Token{}, ErrPopupClosed, false)
				}
				return
			}
		}
	}()
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
		return Token{}, err
	}
	if resp.Status != 200 {
		var e struct {
			Error string `json:"error"`
			Desc  string `json:"error_description"`
		}
		_ = json.Unmarshal(resp.Body, &e)
		return Token{}, fmt.Errorf("%w: token endpoint answered %d %s %s", ErrSignInDenied, resp.Status, e.Error, e.Desc)
	}
	var tok Token
	if err := json.Unmarshal(resp.Body, &tok); err != nil || tok.AccessToken == "" {
		return Token{}, fmt.Errorf("%w: the token answer is unreadable", ErrSignInDenied)
	}
	return tok, nil
}
