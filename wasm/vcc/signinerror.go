package vcc

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Sign-in errors. Each reads as the end of "Sign-in failed: …", so the panel
// can show it to the agent as is.
var (
	ErrStateMismatch  = errors.New("the sign-in answer does not belong to this sign-in")
	ErrIssuerMismatch = errors.New("the sign-in answer came from another sign-in service than this panel's VCC; ask your administrator to check the panel's VCC settings")
	ErrSignInDenied   = errors.New("VCC refused the sign-in")
	ErrNoCode         = fmt.Errorf("%w: its answer carried no sign-in code", ErrSignInDenied)
	ErrPopupBlocked   = errors.New("the browser blocked the sign-in window")
	ErrPopupClosed    = errors.New("the sign-in window was closed")
	ErrSignInBusy     = errors.New("a sign-in is already under way")
	ErrUnreachable    = errors.New("the panel could not reach VCC's sign-in service; check the network connection")
	ErrMisconfigured  = errors.New("the panel's sign-in is set up wrongly (ask your administrator)")
)

// ProviderError is an OAuth 2.0 error from VCC's sign-in: in the
// authorization response (RFC 6749 §4.1.2.1) or from the token endpoint
// (§5.2), where Status is the HTTP status (0 in an authorization response).
// Code is "" when the token endpoint answered without an OAuth error. It
// matches ErrSignInDenied with errors.Is.
type ProviderError struct {
	Code        string
	Description string
	Status      int
}

// Error says what happened in words an agent understands, then the
// provider's own words in brackets for their administrator.
func (e *ProviderError) Error() string {
	var what string
	switch e.Code {
	case "access_denied":
		what = "VCC refused the sign-in: it was cancelled, or your VCC user may not use this panel (ask your VCC administrator)"
	case "login_required", "interaction_required", "consent_required", "account_selection_required":
		what = "VCC wants you to sign in in its own window"
	case "temporarily_unavailable", "server_error":
		what = "VCC's sign-in service is unavailable at the moment; wait a minute"
	case "invalid_grant":
		what = "the sign-in expired or was already used"
	case "":
		if e.Status >= 500 {
			what = "VCC's sign-in service failed; wait a minute"
		} else {
			what = "VCC's sign-in service refused the panel's request; ask your administrator to check the panel's VCC settings"
		}
	default:
		what = "VCC refused the panel's sign-in request; ask your administrator to check the panel's VCC client settings"
	}
	detail := e.Code
	if e.Status != 0 {
		detail = strings.TrimSpace(fmt.Sprintf("HTTP %d %s", e.Status, detail))
	}
	if d := printable(e.Description, 200); d != "" {
		detail += ": " + d
	}
	return what + " (" + detail + ")"
}

// Unwrap makes every ProviderError an ErrSignInDenied.
func (e *ProviderError) Unwrap() error { return ErrSignInDenied }

// ReadToken reads the token endpoint's answer (RFC 6749 §5.1, §5.2): the
// tokens, a *ProviderError, or ErrSignInDenied for an answer without an
// access token.
func ReadToken(status int, body []byte) (Token, error) {
	if status != 200 {
		var e struct {
			Error string `json:"error"`
			Desc  string `json:"error_description"`
		}
		_ = json.Unmarshal(body, &e)
		return Token{}, &ProviderError{Code: printable(e.Error, 64), Description: e.Desc, Status: status}
	}
	var tok Token
	if err := json.Unmarshal(body, &tok); err != nil || tok.AccessToken == "" {
		return Token{}, fmt.Errorf("%w: its token answer is unreadable", ErrSignInDenied)
	}
	return tok, nil
}

// printable is s without control characters, cut to at most n bytes.
func printable(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, strings.TrimSpace(s))
	if len(s) > n {
		cut := n
		for cut > 0 && s[cut]&0xC0 == 0x80 { // not in the middle of a character
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
