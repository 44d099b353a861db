package vcc

import (
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPKCE(t *testing.T) {
	a, err := NewPKCE()
	require.NoError(t, err)
	b, err := NewPKCE()
	require.NoError(t, err)
	assert.NotEqual(t, a.Verifier, b.Verifier)
	assert.NotEqual(t, a.State, b.State)
	assert.Len(t, a.Verifier, 43, "RFC 7636 wants 43 to 128 characters")
	sum := sha256.Sum256([]byte(a.Verifier))
	assert.Equal(t, base64.RawURLEncoding.EncodeToString(sum[:]), a.Challenge)
}

func TestAuthorizeURLNeverSilent(t *testing.T) {
	p := PKCE{Verifier: "v", Challenge: "c", State: "s"}
	u, err := url.Parse(AuthorizeURL("https://emea.cc.vonage.com/Auth/connect/authorize", "client", "https://panel.example/", "openid softphone", p))
	require.NoError(t, err)
	q := u.Query()
	assert.Equal(t, "login", q.Get("prompt"))
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.Equal(t, "web_message", q.Get("response_mode"))
	assert.Equal(t, "s", q.Get("state"))
	assert.Equal(t, "c", q.Get("code_challenge"))
}

func TestAuthResponseCheck(t *testing.T) {
	p := PKCE{State: "good"}
	cases := []struct {
		name    string
		resp    AuthResponse
		want    string
		wantErr error
	}{
		{"ok", AuthResponse{Code: "abc", State: "good"}, "abc", nil},
		{"forged state", AuthResponse{Code: "abc", State: "evil"}, "", ErrStateMismatch},
		{"denied", AuthResponse{Error: "access_denied", State: "good"}, "", ErrSignInDenied},
		{"no code", AuthResponse{State: "good"}, "", ErrSignInDenied},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, err := tc.resp.Check(p)
			assert.Equal(t, tc.want, code)
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}
