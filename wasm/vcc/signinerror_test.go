package vcc

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every sign-in failure reads as words an agent understands, with the
// provider's own words kept for their administrator.
func TestProviderErrorWords(t *testing.T) {
	cases := []struct {
		name string
		err  ProviderError
		want string
	}{
		{"cancelled", ProviderError{Code: "access_denied", Description: "The user cancelled"},
			"VCC refused the sign-in: it was cancelled, or your VCC user may not use this panel (ask your VCC administrator) (access_denied: The user cancelled)"},
		{"silent sign-in refused", ProviderError{Code: "login_required"}, "VCC wants you to sign in in its own window (login_required)"},
		{"provider down", ProviderError{Code: "temporarily_unavailable"}, "VCC's sign-in service is unavailable at the moment; wait a minute (temporarily_unavailable)"},
		{"code used twice", ProviderError{Code: "invalid_grant", Status: 400}, "the sign-in expired or was already used (HTTP 400 invalid_grant)"},
		{"wrong client", ProviderError{Code: "unauthorized_client", Description: "redirect_uri not registered"},
			"VCC refused the panel's sign-in request; ask your administrator to check the panel's VCC client settings (unauthorized_client: redirect_uri not registered)"},
		{"token endpoint broken", ProviderError{Status: 502}, "VCC's sign-in service failed; wait a minute (HTTP 502)"},
		{"token endpoint refuses", ProviderError{Status: 403}, "VCC's sign-in service refused the panel's request; ask your administrator to check the panel's VCC settings (HTTP 403)"},
		{"control characters", ProviderError{Code: "access_denied", Description: "a\nb\x00c"}, "(access_denied: a b c)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Contains(t, tc.err.Error(), tc.want)
			assert.ErrorIs(t, &tc.err, ErrSignInDenied)
		})
	}
	long := (&ProviderError{Code: "server_error", Description: strings.Repeat("é", 300)}).Error()
	assert.Less(t, len(long), 300, "a provider's long description is cut")
	assert.True(t, strings.HasSuffix(long, "é…)"), "cut between characters: %q", long[len(long)-10:])
}

func TestReadToken(t *testing.T) {
	tok, err := ReadToken(200, []byte(`{"access_token":"jwt","token_type":"Bearer","expires_in":3600,"refresh_token":"rt","scope":"openid"}`))
	require.NoError(t, err)
	assert.Equal(t, Token{AccessToken: "jwt", TokenType: "Bearer", ExpiresIn: 3600, RefreshToken: "rt", Scope: "openid"}, tok)

	cases := []struct {
		name   string
		status int
		body   string
		want   *ProviderError
	}{
		{"OAuth error", 400, `{"error":"invalid_grant","error_description":"code expired"}`, &ProviderError{Code: "invalid_grant", Description: "code expired", Status: 400}},
		{"HTML error page", 502, `<html>Bad gateway</html>`, &ProviderError{Status: 502}},
		{"empty 401", 401, ``, &ProviderError{Status: 401}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadToken(tc.status, []byte(tc.body))
			var pe *ProviderError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.want, pe)
		})
	}
	for _, body := range []string{`{"token_type":"Bearer"}`, `not json`} {
		_, err := ReadToken(200, []byte(body))
		assert.ErrorIs(t, err, ErrSignInDenied, body)
	}
}
