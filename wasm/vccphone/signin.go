package vccphone

import (
	"errors"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/vcc"
)

// signInErrors are VCC sign-in's errors the core tells the agent about in
// words of their own.
var signInErrors = []struct{ vcc, cti error }{
	{vcc.ErrPopupBlocked, cti.ErrPopupBlocked},
	{vcc.ErrPopupClosed, cti.ErrPopupClosed},
	{vcc.ErrSignInBusy, cti.ErrSignInBusy},
	{vcc.ErrStateMismatch, cti.ErrStateMismatch},
}

// SignInResult is the outcome of VCC's sign-in (vcc.Auth's Result) as the
// core's input: the token's fields it uses, and the error wrapped in the
// core's sentinel when it has one (its text stays VCC's).
func SignInResult(tok vcc.Token, err error, refreshed bool) cti.SignInResult {
	for _, e := range signInErrors {
		if errors.Is(err, e.vcc) {
			err = signInError{neutral: e.cti, vcc: err}
			break
		}
	}
	return cti.SignInResult{
		Token:     cti.Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, ExpiresIn: tok.ExpiresIn},
		Err:       err,
		Refreshed: refreshed,
	}
}

// signInError is VCC's error, also matching the core's sentinel.
type signInError struct{ neutral, vcc error }

func (e signInError) Error() string   { return e.vcc.Error() }
func (e signInError) Unwrap() []error { return []error{e.neutral, e.vcc} }
