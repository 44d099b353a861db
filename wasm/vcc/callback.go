package vcc

import (
	"encoding/json"
	"errors"
	"strings"
)

// CallbackPath is the sign-in's redirect page on the panel's own origin: the
// redirect_uri registered for the panel's client at VCC is the panel's
// origin followed by this path (https://connector.example/signin/callback).
// VCC redirects the sign-in window there with the answer in the query
// (RFC 6749 §4.1.2), or posts it there (OAuth 2.0 Form Post Response Mode);
// the page (web/static/callback.js) posts it to the panel and closes.
const CallbackPath = "/signin/callback"

// CallbackMessageType is the type of the message the callback page posts to
// the window that opened it.
const CallbackMessageType = "vccnow.signin.callback"

// CallbackParams are the authorization response's parameters the callback
// page passes on (RFC 6749 §4.1.2 and §4.1.2.1; iss from RFC 9207); it
// drops every other one.
var CallbackParams = []string{"code", "state", "error", "error_description", "iss"}

// maxCallbackMessage bounds the message the panel reads (codes are short).
const maxCallbackMessage = 16 << 10

// CallbackMessage is what the callback page posts to window.opener, with
// its own origin as targetOrigin, so only a panel on that origin receives
// it:
//
//	{"type":"vccnow.signin.callback","code":"…","state":"…","iss":"…"}
//	{"type":"vccnow.signin.callback","error":"access_denied","error_description":"…","state":"…"}
//
// The values are the provider's, as it sent them; absent ones are left out.
type CallbackMessage struct {
	Type string `json:"type"`
	AuthResponse
}

// AuthResponse is an authorization response: the code and the state, or an
// OAuth 2.0 error and the state; Issuer is the iss parameter (RFC 9207) of
// providers that send one.
type AuthResponse struct {
	Code             string `json:"code,omitempty"`
	State            string `json:"state,omitempty"`
	Error            string `json:"error,omitempty"`
	ErrorDescription string `json:"error_description,omitempty"`
	Issuer           string `json:"iss,omitempty"`
}

// ErrNotCallback is ReadCallback's verdict on a message that is not a
// sign-in answer for this panel: the panel ignores it.
var ErrNotCallback = errors.New("not a sign-in answer from the panel's own origin")

// ReadCallback reads a message event the panel received while its sign-in
// window is open: origin is the event's origin, ownOrigin the panel's
// (location.origin), data the message as JSON. It returns the answer to the
// attempt p; ErrNotCallback for anything else posted to the panel (another
// origin, another type, fields that are not strings) and ErrStateMismatch
// for an answer with another state (a stale window, a replay): the panel
// ignores both, and says the second happened if no right answer follows.
// It does not judge the answer itself: see AuthResponse.Verify.
func ReadCallback(origin, ownOrigin string, data []byte, p PKCE) (AuthResponse, error) {
	if ownOrigin == "" || ownOrigin == "null" || origin != ownOrigin || len(data) > maxCallbackMessage {
		return AuthResponse{}, ErrNotCallback
	}
	var m CallbackMessage
	if json.Unmarshal(data, &m) != nil || m.Type != CallbackMessageType {
		return AuthResponse{}, ErrNotCallback
	}
	if p.State == "" || m.State != p.State {
		return AuthResponse{}, ErrStateMismatch
	}
	return m.AuthResponse, nil
}

// Check is Verify without an expected issuer.
func (r AuthResponse) Check(p PKCE) (string, error) { return r.Verify(p, "") }

// Verify judges an answer to the attempt p and returns its code. The state
// must be the attempt's (ErrStateMismatch); when the answer names its issuer
// (RFC 9207 §2.4) and issuer is not "", they must be equal once a trailing
// slash is set aside (ErrIssuerMismatch); an OAuth 2.0 error comes back as a
// *ProviderError (errors.Is ErrSignInDenied), and an answer without a code
// as ErrSignInDenied.
func (r AuthResponse) Verify(p PKCE, issuer string) (string, error) {
	if p.State == "" || r.State != p.State {
		return "", ErrStateMismatch
	}
	if r.Issuer != "" && issuer != "" && strings.TrimSuffix(r.Issuer, "/") != strings.TrimSuffix(issuer, "/") {
		return "", ErrIssuerMismatch
	}
	if r.Error != "" {
		return "", &ProviderError{Code: r.Error, Description: r.ErrorDescription}
	}
	if r.Code == "" {
		return "", ErrNoCode
	}
	return r.Code, nil
}
