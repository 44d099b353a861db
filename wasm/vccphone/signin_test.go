package vccphone_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/vcc"
	"github.com/vccnow/connector/wasm/vccphone"
)

func TestSignInResult(t *testing.T) {
	tok := vcc.Token{AccessToken: "jwt", RefreshToken: "rt", ExpiresIn: 3600, TokenType: "Bearer", Scope: "openid"}
	got := vccphone.SignInResult(tok, nil, true)
	assert.Equal(t, cti.SignInResult{Token: cti.Token{AccessToken: "jwt", RefreshToken: "rt", ExpiresIn: 3600}, Refreshed: true}, got)

	for _, tc := range []struct{ vcc, cti error }{
		{vcc.ErrPopupBlocked, cti.ErrPopupBlocked},
		{vcc.ErrPopupClosed, cti.ErrPopupClosed},
		{vcc.ErrSignInBusy, cti.ErrSignInBusy},
		{fmt.Errorf("exchange: %w", vcc.ErrStateMismatch), cti.ErrStateMismatch},
	} {
		err := vccphone.SignInResult(vcc.Token{}, tc.vcc, false).Err
		assert.ErrorIs(t, err, tc.cti, "the core's sentinel")
		assert.ErrorIs(t, err, tc.vcc, "VCC's error kept")
		assert.Equal(t, tc.vcc.Error(), err.Error())
	}
	other := errors.New("invalid_grant")
	assert.Equal(t, other, vccphone.SignInResult(vcc.Token{}, other, false).Err, "other errors pass as they are")
}
