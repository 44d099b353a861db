//go:build !js

package vccsim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"io"
	"maps"
	"net/http"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// signWith signs claims as an access token with key and key id kid.
func signWith(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, claims any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("at+jwt"))
	require.NoError(t, err)
	raw, err := jwt.Signed(signer).Claims(claims).Serialize()
	require.NoError(t, err)
	return raw
}

func TestVerifyAccessToken(t *testing.T) {
	sim := startAPISim(t, "", nil)
	s := sim.srv
	now := sim.clock.Now()
	good := func() accessClaims {
		return accessClaims{
			Claims: jwt.Claims{Issuer: s.Issuer(), Subject: bethID, Audience: jwt.Audience{Audience},
				Expiry: jwt.NewNumericDate(now.Add(time.Hour)), IssuedAt: jwt.NewNumericDate(now), ID: newGUID()},
			ClientID: connectorClientID, Scope: "users:read", Account: "b244c49d-1c22-4fc0-8cd0-f78570d0a8b3",
			UserName: "beth.anglin", AgentID: "1001",
		}
	}
	forger, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)

	for name, tc := range map[string]struct {
		token   func() string
		wantErr error
	}{
		"valid": {token: func() string { return signWith(t, jose.ES256, s.keys.private, s.keys.kid, good()) }},
		"forged signature": {token: func() string { return signWith(t, jose.ES256, forger, s.keys.kid, good()) },
			wantErr: errTokenMalformed},
		"unknown key id": {token: func() string { return signWith(t, jose.ES256, s.keys.private, "other", good()) },
			wantErr: errTokenMalformed},
		"wrong audience": {token: func() string {
			c := good()
			c.Audience = jwt.Audience{"https://example.com"}
			return signWith(t, jose.ES256, s.keys.private, s.keys.kid, c)
		}, wantErr: errTokenMalformed},
		"wrong issuer": {token: func() string {
			c := good()
			c.Issuer = "https://emea.cc.vonage.com/Auth"
			return signWith(t, jose.ES256, s.keys.private, s.keys.kid, c)
		}, wantErr: errTokenMalformed},
		"expired": {token: func() string {
			c := good()
			c.Expiry = jwt.NewNumericDate(now.Add(-time.Second))
			return signWith(t, jose.ES256, s.keys.private, s.keys.kid, c)
		}, wantErr: errTokenExpired},
		"HS256 with a guessable key": {token: func() string {
			return signWith(t, jose.HS256, []byte("0123456789abcdef0123456789abcdef"), s.keys.kid, good())
		}, wantErr: errTokenMalformed},
		"unknown user": {token: func() string {
			c := good()
			c.Subject = newGUID()
			return signWith(t, jose.ES256, s.keys.private, s.keys.kid, c)
		}, wantErr: errTokenUser},
		"no expiry": {token: func() string {
			c := good()
			c.Expiry = nil
			return signWith(t, jose.ES256, s.keys.private, s.keys.kid, c)
		}, wantErr: errTokenMalformed},
		"not a JWT": {token: func() string { return "abc.def" }, wantErr: errTokenMalformed},
		"empty":     {token: func() string { return "" }, wantErr: errTokenMalformed},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := s.verifyAccessToken(tc.token())
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "beth.anglin", c.UserName)
			assert.True(t, c.HasScope("users:write", "users:read"))
			assert.False(t, c.HasScope("users:write"))
		})
	}
}

// The bridge verifies tokens with the published keys alone: so does this
// test, without the simulator's internals. Tokens carry the standard
// claims only; VCC-specific ones only with switchTokenClaims.
func TestTokenVerifiesWithJWKS(t *testing.T) {
	for _, tc := range []struct {
		name   string
		assume []string
		extra  map[string]any
	}{
		{name: "standard claims only"},
		{name: "with the VCC claims switch", assume: []string{switchTokenClaims}, extra: map[string]any{
			"account": "b244c49d-1c22-4fc0-8cd0-f78570d0a8b3", "user_name": "beth.anglin", "agent_id": "1001"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := startAPISim(t, "", func(c *Config) { c.Assume = tc.assume })
			tok := sim.signIn("beth.anglin")

			resp, err := http.Get(sim.URL + "/Auth/.well-known/openid-configuration/jwks")
			require.NoError(t, err)
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)
			set := decode[jose.JSONWebKeySet](t, b)
			require.Len(t, set.Keys, 1)
			assert.Equal(t, "ES256", set.Keys[0].Algorithm)
			assert.True(t, set.Keys[0].IsPublic())

			parsed, err := jwt.ParseSigned(tok.AccessToken, []jose.SignatureAlgorithm{jose.ES256})
			require.NoError(t, err)
			keys := set.Key(parsed.Headers[0].KeyID)
			require.Len(t, keys, 1)
			var claims map[string]any
			require.NoError(t, parsed.Claims(keys[0].Key, &claims))
			want := map[string]any{
				"iss": sim.URL + "/Auth", "aud": Audience, "sub": bethID, "client_id": connectorClientID,
				"scope": "openid users:read users:write",
				"exp":   float64(sim.clock.Now().Add(2 * time.Hour).Unix()), "iat": float64(sim.clock.Now().Unix()),
				"jti": claims["jti"],
			}
			maps.Copy(want, tc.extra)
			assert.Equal(t, want, claims)
			assert.Len(t, claims["jti"], 36)
		})
	}
}
