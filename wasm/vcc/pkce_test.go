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

// The authorization request a standard provider understands: code with
// PKCE S256 and state, the provider's default response mode, never silent.
func TestAuthorizeURL(t *testing.T) {
	p := PKCE{Verifier: "v", Challenge: "c", State: "s"}
	cases := []struct{ name, endpoint, wantPath, wantTenant string }{
		{"plain endpoint", "https://emea.cc.vonage.com/Auth/connect/authorize", "/Auth/connect/authorize", ""},
		{"endpoint with a query", "https://idp.example/authorize?tenant=acme", "/authorize", "acme"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw := AuthorizeURL(tc.endpoint, "client", "https://panel.example"+CallbackPath, "openid users:read", p)
			u, err := url.Parse(raw)
			require.NoError(t, err)
			assert.Equal(t, tc.wantPath, u.Path)
			q := u.Query()
			for k, vs := range q {
				assert.Len(t, vs, 1, k)
			}
			assert.Equal(t, "code", q.Get("response_type"))
			assert.Equal(t, "client", q.Get("client_id"))
			assert.Equal(t, "https://panel.example/signin/callback", q.Get("redirect_uri"))
			assert.Equal(t, "openid users:read", q.Get("scope"))
			assert.Equal(t, "s", q.Get("state"))
			assert.Equal(t, "c", q.Get("code_challenge"))
			assert.Equal(t, "S256", q.Get("code_challenge_method"))
			assert.Equal(t, "login", q.Get("prompt"), "the provider shows its form even when it remembers the agent")
			assert.False(t, q.Has("response_mode"), "the provider's default (query): no web_message")
			assert.Equal(t, tc.wantTenant, q.Get("tenant"), "the endpoint's own query is kept")
		})
	}
}

// The code is exchanged with the verifier and the very redirect_uri the
// authorization request named (RFC 6749 §4.1.3).
func TestTokenRequest(t *testing.T) {
	p := PKCE{Verifier: "verifier", Challenge: "c", State: "s"}
	got := url.Values(TokenRequest("client", "https://panel.example/signin/callback", "the code", p))
	want := url.Values{"grant_type": {"authorization_code"}, "client_id": {"client"},
		"redirect_uri": {"https://panel.example/signin/callback"}, "code": {"the code"}, "code_verifier": {"verifier"}}
	assert.Equal(t, want, got)
}
