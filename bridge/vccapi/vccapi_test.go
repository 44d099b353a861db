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
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sign(t *testing.T, key []byte, claims any) string {
	t.Helper()
	return signAlg(t, jose.HS256, key, claims)
}

func signAlg(t *testing.T, alg jose.SignatureAlgorithm, key []byte, claims any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, nil)
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
	require.NoError(t, VerifySignature("Bearer "+sign(t, secret, good), body, secretB64, now.Add(-50*time.Second)),
		"iat less than a minute ahead of the bridge's clock")
	require.NoError(t, VerifySignature("Bearer "+sign(t, secret, good), body, secretB64, now.Add(5*time.Minute+50*time.Second)),
		"exp less than a minute behind the bridge's clock")
	tenMinutes := map[string]any{"payload_hash": good["payload_hash"], "iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()}
	require.NoError(t, VerifySignature("Bearer "+sign(t, secret, tenMinutes), body, secretB64, now), "a lifetime of 10 minutes is the most")

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
		{"no iat", "Bearer " + sign(t, secret, map[string]any{"payload_hash": good["payload_hash"], "exp": now.Add(5 * time.Minute).Unix()}), body, now, ErrBadSignature},
		{"exp a year ahead", "Bearer " + sign(t, secret, map[string]any{"payload_hash": good["payload_hash"], "iat": now.Unix(),
			"exp": now.AddDate(1, 0, 0).Unix()}), body, now, ErrBadSignature},
		{"lives 11 minutes", "Bearer " + sign(t, secret, map[string]any{"payload_hash": good["payload_hash"], "iat": now.Add(-time.Minute).Unix(),
			"exp": now.Add(10 * time.Minute).Unix()}), body, now, ErrBadSignature},
		{"issued 2 minutes ahead", "Bearer " + sign(t, secret, map[string]any{"payload_hash": good["payload_hash"], "iat": now.Add(2 * time.Minute).Unix(),
			"exp": now.Add(7 * time.Minute).Unix()}), body, now, ErrExpired},
		{"garbage", "Bearer abc.def", body, now, ErrBadSignature},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.ErrorIs(t, VerifySignature(tc.header, tc.body, secretB64, tc.at), tc.want)
		})
	}

	long := append(secret, secret...) // HS512 wants 64 bytes
	assert.ErrorIs(t, VerifySignature("Bearer "+signAlg(t, jose.HS512, long, good), body, base64.StdEncoding.EncodeToString(long), now),
		ErrBadSignature, "HS256 only, even with the right secret")
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
	v := &Verifier{Issuer: srv.URL + "/Auth", Audience: "https://api.cc.vonage.com", ClientID: "panel", HTTP: srv.Client(), Now: func() time.Time { return now }}
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

	for name, mutate := range map[string]func(map[string]any){
		"expired 59 s ago":      func(m map[string]any) { m["exp"] = now.Add(-59 * time.Second).Unix() },
		"valid in 59 s":         func(m map[string]any) { m["nbf"] = now.Add(59 * time.Second).Unix() },
		"issued 59 s ahead":     func(m map[string]any) { m["iat"] = now.Add(59 * time.Second).Unix() },
		"without iat":           func(m map[string]any) { delete(m, "iat") },
		"several audiences":     func(m map[string]any) { m["aud"] = []string{"x", "https://api.cc.vonage.com"} },
		"a user_name is unread": func(m map[string]any) { m["user_name"] = "" },
	} {
		_, err := v.Verify(context.Background(), mint(key, "k1", mutate))
		assert.NoError(t, err, "a minute's leeway on times: %s", name)
	}

	forger, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for name, tc := range map[string]struct {
		raw  string
		want error
	}{
		"forged":         {mint(forger, "k1", nil), ErrTokenInvalid},
		"unknown key":    {mint(forger, "k9", nil), ErrTokenInvalid},
		"wrong audience": {mint(key, "k1", func(m map[string]any) { m["aud"] = "someone-else" }), ErrTokenInvalid},
		"wrong issuer":   {mint(key, "k1", func(m map[string]any) { m["iss"] = "https://evil/Auth" }), ErrTokenInvalid},
		"expired":        {mint(key, "k1", func(m map[string]any) { m["exp"] = now.Add(-61 * time.Second).Unix() }), ErrTokenExpired},
		"no subject":     {mint(key, "k1", func(m map[string]any) { delete(m, "sub") }), ErrTokenInvalid},
		"empty subject":  {mint(key, "k1", func(m map[string]any) { m["sub"] = "" }), ErrTokenInvalid},
		"no expiry":      {mint(key, "k1", func(m map[string]any) { delete(m, "exp") }), ErrTokenInvalid},
		"another client": {mint(key, "k1", func(m map[string]any) { m["client_id"] = "someone-elses-app" }), ErrTokenInvalid},
		"no client":      {mint(key, "k1", func(m map[string]any) { delete(m, "client_id") }), ErrTokenInvalid},
		"not yet valid":  {mint(key, "k1", func(m map[string]any) { m["nbf"] = now.Add(61 * time.Second).Unix() }), ErrTokenInvalid},
		"issued ahead":   {mint(key, "k1", func(m map[string]any) { m["iat"] = now.Add(61 * time.Second).Unix() }), ErrTokenInvalid},
		"HS256":          {hmacToken(t, "k1", srv.URL+"/Auth", now), ErrTokenInvalid},
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
	mu      sync.Mutex
	keys    CachedKeys
	expires time.Time
	saved   bool
	now     *time.Time
}

func (m *memKeys) LoadKeys(context.Context) (CachedKeys, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.saved || !m.expires.After(*m.now) {
		return CachedKeys{}, false
	}
	return m.keys, true
}

func (m *memKeys) SaveKeys(_ context.Context, keys CachedKeys, expires time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys, m.expires, m.saved = keys, expires, true
}

// A fresh verifier (a new Worker instance) uses the keys a former one
// cached, fetches again when they are an hour old, and for a key id it does
// not know (VCC rotated its keys) once the last fetch is a minute old.
func TestVerifierKeysCache(t *testing.T) {
	k1, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	k2, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ks := newKeyServer(t, jose.JSONWebKey{Key: k1.Public(), KeyID: "k1", Algorithm: "ES256", Use: "sig"})
	now := time.Unix(1_800_000_000, 0)
	cache := &memKeys{now: &now}
	fresh := func() *Verifier {
		return &Verifier{Issuer: ks.issuer(), Audience: "aud", ClientID: "panel", HTTP: ks.srv.Client(), Now: func() time.Time { return now }, Cache: cache}
	}
	mint := func(k *ecdsa.PrivateKey, kid string) string {
		return mintES256(t, k, kid, map[string]any{"iss": ks.issuer(), "aud": "aud", "sub": "u1", "client_id": "panel", "exp": now.Add(2 * time.Hour).Unix()})
	}
	verify := func(tok string) error { _, err := fresh().Verify(context.Background(), tok); return err }

	require.NoError(t, verify(mint(k1, "k1")))
	require.NoError(t, verify(mint(k1, "k1")))
	require.NoError(t, verify(mint(k1, "k1")))
	assert.Equal(t, int32(1), ks.fetches.Load(), "three fresh verifiers, one fetch")

	ks.publish(jose.JSONWebKey{Key: k1.Public(), KeyID: "k1", Algorithm: "ES256", Use: "sig"},
		jose.JSONWebKey{Key: k2.Public(), KeyID: "k2", Algorithm: "ES256", Use: "sig"})
	assert.ErrorIs(t, verify(mint(k2, "k2")), ErrTokenInvalid, "a new key id within the minute of the last fetch")
	assert.Equal(t, int32(1), ks.fetches.Load(), "no fetch: the keys were fetched less than a minute ago")
	now = now.Add(time.Minute)
	require.NoError(t, verify(mint(k2, "k2")), "a new key id")
	assert.Equal(t, int32(2), ks.fetches.Load(), "the unknown key id fetched the keys again")
	require.NoError(t, verify(mint(k2, "k2")))
	assert.Equal(t, int32(2), ks.fetches.Load(), "and cached them")

	now = now.Add(61 * time.Minute)
	require.NoError(t, verify(mint(k1, "k1")))
	assert.Equal(t, int32(3), ks.fetches.Load(), "keys an hour old are fetched again")
}
