package vccapi

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sign(t *testing.T, key []byte, claims any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: key}, nil)
	require.NoError(t, err)
	raw, err := jwt.Signed(s).Claims(claims).Serialize()
	require.NoError(t, err)
	return raw
}

func TestVerifySignature(t *testing.T) {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	secretB64 := base64.StdEncoding.EncodeToString(secret)
	body := []byte(`{"specversion":"1.0","type":"channel.alerted.v1","id":"x","source":"/channel","data":{}}`)
	sum := sha256.Sum256(body)
	now := time.Unix(1_800_000_000, 0)
	good := map[string]any{"payload_hash": hex.EncodeToString(sum[:]), "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}

	require.NoError(t, VerifySignature("Bearer "+sign(t, secret, good), body, secretB64, now))

	other := make([]byte, 32)
	cases := []struct {
		name   string
		header string
		body   []byte
		at     time.Time
		want   error
	}{
		{"missing", "", body, now, ErrNoSignature},
		{"forged key", "Bearer " + sign(t, other, good), body, now, ErrBadSignature},
		{"body changed", "Bearer " + sign(t, secret, good), append([]byte(" "), body...), now, ErrPayloadChanged},
		{"expired", "Bearer " + sign(t, secret, good), body, now.Add(10 * time.Minute), ErrExpired},
		{"no exp", "Bearer " + sign(t, secret, map[string]any{"payload_hash": good["payload_hash"]}), body, now, ErrBadSignature},
		{"garbage", "Bearer abc.def", body, now, ErrBadSignature},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorIs(t, VerifySignature(tc.header, tc.body, secretB64, tc.at), tc.want)
		})
	}
}

func TestParseEvent(t *testing.T) {
	e, err := ParseEvent([]byte(`{"specversion":"1.0","type":"channel.connected.v1","id":"2Ve","source":"/channel","subject":"c","time":"2022-08-30T14:34:36.6134321Z",
		"data":{"timestamp":"2022-08-30T14:34:36.088Z","channel":{"conversationId":"c1","interactionId":"i1","channelId":"ch1","party":{"role":"customer"}}}}`))
	require.NoError(t, err)
	assert.Equal(t, "channel.connected", e.Name())
	var ch ChannelEvent
	require.NoError(t, json.Unmarshal(e.Data, &ch))
	assert.Equal(t, "i1", ch.Channel.InteractionID)
	assert.True(t, ch.Customer(), "a party without a userId is the customer")
	assert.Equal(t, Extensions{}, ReadExtensions(e.Data), "documented fields only: no extensions")
	ts, err := At(ch.Timestamp)
	require.NoError(t, err)
	assert.Equal(t, 88*time.Millisecond, time.Duration(ts.Nanosecond()))

	for _, bad := range []string{`{`, `{"specversion":"0.3","type":"x","id":"1","source":"/a","data":{}}`, `{"specversion":"1.0","type":"x","source":"/a","data":{}}`, `{"specversion":"1.0","type":"x","id":"1","source":"/a"}`} {
		_, err := ParseEvent([]byte(bad))
		assert.ErrorIs(t, err, ErrBadEvent, bad)
	}
}

func TestReadExtensions(t *testing.T) {
	cases := []struct {
		name, data string
		want       Extensions
	}{
		{"all of them", `{"channel":{"party":{"role":"customer","address":"+14155550100"},"queue":{"queueId":"q1","name":"support"},"direction":"inbound",
			"transferredFrom":{"agentId":"1","userId":"u1"}},"reason":"transferred","disposition":"Resolved"}`,
			Extensions{Address: "+14155550100", Queue: "support", Direction: "inbound", TransferredFrom: "u1", Disposition: "Resolved", Reason: "transferred"}},
		{"the documented reason is not an extension", `{"channel":{},"reason":"released"}`, Extensions{}},
		{"a direction VCC never sends", `{"channel":{"direction":"sideways"}}`, Extensions{}},
		{"not JSON", `{`, Extensions{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ReadExtensions(json.RawMessage(tc.data)))
		})
	}
}

// issuer serves an OpenID discovery document and the key set keys returns,
// under /Auth.
func issuer(t *testing.T, keys func() []jose.JSONWebKey) *httptest.Server {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/Auth/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]string{"jwks_uri": srv.URL + "/Auth/jwks"})
		case "/Auth/jwks":
			_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: keys()})
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestVerifier(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	jwk := jose.JSONWebKey{Key: key.Public(), KeyID: "k1", Algorithm: "ES256", Use: "sig"}
	srv := issuer(t, func() []jose.JSONWebKey { return []jose.JSONWebKey{jwk} })
	now := time.Unix(1_800_000_000, 0)
	v := &Verifier{Issuer: srv.URL + "/Auth", Audience: "https://api.cc.vonage.com", HTTP: srv.Client(), Now: func() time.Time { return now }}
	mint := func(k any, kid string, mutate func(map[string]any)) string {
		s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k}, (&jose.SignerOptions{}).WithHeader("kid", kid))
		require.NoError(t, err)
		c := map[string]any{"iss": srv.URL + "/Auth", "aud": "https://api.cc.vonage.com", "sub": "u1", "client_id": "panel",
			"exp": now.Add(time.Hour).Unix(), "iat": now.Unix()}
		if mutate != nil {
			mutate(c)
		}
		raw, err := jwt.Signed(s).Claims(c).Serialize()
		require.NoError(t, err)
		return raw
	}
	c, err := v.Verify(context.Background(), mint(key, "k1", nil))
	require.NoError(t, err)
	assert.Equal(t, Claims{UserID: "u1", ClientID: "panel", Expiry: now.Add(time.Hour)}, c)
	extra, err := v.Verify(context.Background(), mint(key, "k1", func(m map[string]any) { m["account"], m["user_name"] = "other", "mallory" }))
	require.NoError(t, err, "claims VCC does not document are not read")
	assert.Equal(t, c, extra)

	forger, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for name, tc := range map[string]struct {
		raw  string
		want error
	}{
		"forged":         {mint(forger, "k1", nil), ErrTokenInvalid},
		"unknown key":    {mint(forger, "k9", nil), ErrTokenInvalid},
		"wrong audience": {mint(key, "k1", func(m map[string]any) { m["aud"] = "someone-else" }), ErrTokenInvalid},
		"wrong issuer":   {mint(key, "k1", func(m map[string]any) { m["iss"] = "https://evil/Auth" }), ErrTokenInvalid},
		"expired":        {mint(key, "k1", func(m map[string]any) { m["exp"] = now.Add(-time.Second).Unix() }), ErrTokenExpired},
		"no subject":     {mint(key, "k1", func(m map[string]any) { delete(m, "sub") }), ErrTokenInvalid},
		"empty":          {"", ErrTokenMissing},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := v.Verify(context.Background(), tc.raw)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

// memKeys is a KeysCache in memory, with the store's expiry rule.
type memKeys struct {
	raw              []byte
	fetched, expires time.Time
	now              *time.Time
}

func (m *memKeys) LoadKeys(context.Context) ([]byte, time.Time, bool) {
	if m.raw == nil || !m.expires.After(*m.now) {
		return nil, time.Time{}, false
	}
	return m.raw, m.fetched, true
}

func (m *memKeys) SaveKeys(_ context.Context, raw []byte, fetched, expires time.Time) {
	m.raw, m.fetched, m.expires = raw, fetched, expires
}

// A fresh verifier (a new Worker instance) uses the keys a former one
// cached, fetches again when they are an hour old, and at once for a key id
// it does not know (VCC rotated its keys).
func TestVerifierKeysCache(t *testing.T) {
	k1, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	k2, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	published := []jose.JSONWebKey{{Key: k1.Public(), KeyID: "k1", Algorithm: "ES256", Use: "sig"}}
	fetches := 0
	srv := issuer(t, func() []jose.JSONWebKey { fetches++; return published })
	now := time.Unix(1_800_000_000, 0)
	cache := &memKeys{now: &now}
	fresh := func() *Verifier {
		return &Verifier{Issuer: srv.URL + "/Auth", Audience: "aud", HTTP: srv.Client(), Now: func() time.Time { return now }, Cache: cache}
	}
	mint := func(k *ecdsa.PrivateKey, kid string) string {
		s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k}, (&jose.SignerOptions{}).WithHeader("kid", kid))
		require.NoError(t, err)
		raw, err := jwt.Signed(s).Claims(map[string]any{"iss": srv.URL + "/Auth", "aud": "aud", "sub": "u1", "account": "a",
			"exp": now.Add(2 * time.Hour).Unix()}).Serialize()
		require.NoError(t, err)
		return raw
	}
	verify := func(tok string) error { _, err := fresh().Verify(context.Background(), tok); return err }

	require.NoError(t, verify(mint(k1, "k1")))
	require.NoError(t, verify(mint(k1, "k1")))
	require.NoError(t, verify(mint(k1, "k1")))
	assert.Equal(t, 1, fetches, "three fresh verifiers, one fetch")

	published = append(published, jose.JSONWebKey{Key: k2.Public(), KeyID: "k2", Algorithm: "ES256", Use: "sig"})
	require.NoError(t, verify(mint(k2, "k2")), "a new key id")
	assert.Equal(t, 2, fetches, "the unknown key id fetched the keys again")
	require.NoError(t, verify(mint(k2, "k2")))
	assert.Equal(t, 2, fetches, "and cached them")

	now = now.Add(61 * time.Minute)
	require.NoError(t, verify(mint(k1, "k1")))
	assert.Equal(t, 3, fetches, "keys an hour old are fetched again")
}
