package vcc

import (
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func goSHA256(s string) ([]byte, error) { sum := sha256.Sum256([]byte(s)); return sum[:], nil }

// RFC 7636, appendix B: these 32 octets make this verifier and challenge.
func TestPKCE(t *testing.T) {
	random := []byte{116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
		22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	p, err := NewPKCE(random, goSHA256)
	require.NoError(t, err)
	assert.Equal(t, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", p.Verifier)
	assert.Equal(t, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", p.Challenge)
	assert.Equal(t, base64.RawURLEncoding.EncodeToString(random[32:]), p.State)

	_, err = NewPKCE(random[:40], goSHA256)
	assert.Error(t, err, "too few random bytes")
	_, err = NewPKCE(random, func(string) ([]byte, error) { return []byte{1}, nil })
	assert.Error(t, err, "a digest that is not SHA-256")
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
