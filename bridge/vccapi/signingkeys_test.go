package vccapi

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keyServer is an OpenID issuer (discovery and JWKS under /Auth) that counts
// what it is asked, and can fail or hold its JWKS answers.
type keyServer struct {
	srv *httptest.Server
	// requests counts every request, fetches the JWKS ones.
	requests, fetches atomic.Int32

	mu   sync.Mutex
	keys []jose.JSONWebKey
	fail bool
	// hold, when set, keeps JWKS answers waiting until it is closed;
	// arrived receives a value when one starts waiting.
	hold    chan struct{}
	arrived chan struct{}
}

func newKeyServer(t *testing.T, keys ...jose.JSONWebKey) *keyServer {
	ks := &keyServer{keys: keys, arrived: make(chan struct{}, 100)}
	ks.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ks.requests.Add(1)
		ks.mu.Lock()
		keys, fail, hold := ks.keys, ks.fail, ks.hold
		ks.mu.Unlock()
		if fail {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		switch r.URL.Path {
		case "/Auth/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]string{"jwks_uri": ks.srv.URL + "/Auth/jwks"})
		case "/Auth/jwks":
			ks.fetches.Add(1)
			if hold != nil {
				ks.arrived <- struct{}{}
				<-hold
			}
			_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: keys})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ks.srv.Close)
	return ks
}

func (ks *keyServer) issuer() string { return ks.srv.URL + "/Auth" }

func (ks *keyServer) publish(keys ...jose.JSONWebKey) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	ks.keys = keys
}

func (ks *keyServer) setFail(fail bool) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	ks.fail = fail
}

// holdJWKS makes JWKS answers wait until the returned function is called
// (once or more).
func (ks *keyServer) holdJWKS() (release func()) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	hold := make(chan struct{})
	ks.hold = hold
	var once sync.Once
	return func() {
		once.Do(func() {
			ks.mu.Lock()
			ks.hold = nil
			ks.mu.Unlock()
			close(hold)
		})
	}
}

func mintES256(t testing.TB, k *ecdsa.PrivateKey, kid string, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k}, (&jose.SignerOptions{}).WithHeader("kid", kid))
	require.NoError(t, err)
	raw, err := jwt.Signed(s).Claims(claims).Serialize()
	require.NoError(t, err)
	return raw
}

// hmacToken is a token signed HS256 that names VCC's key id: the old trick
// of passing a public key off as an HMAC secret.
func hmacToken(t testing.TB, kid, iss string, now time.Time) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")},
		(&jose.SignerOptions{}).WithHeader("kid", kid))
	require.NoError(t, err)
	raw, err := jwt.Signed(s).Claims(map[string]any{"iss": iss, "aud": "aud", "sub": "u1", "client_id": "panel",
		"exp": now.Add(time.Hour).Unix()}).Serialize()
	require.NoError(t, err)
	return raw
}

// keysFixture is a verifier of keyServer's tokens on a clock the test moves.
type keysFixture struct {
	t   *testing.T
	ks  *keyServer
	key *ecdsa.PrivateKey
	v   *Verifier

	mu  sync.Mutex
	now time.Time
}

func newKeysFixture(t *testing.T) *keysFixture {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	f := &keysFixture{t: t, key: key, now: time.Unix(1_800_000_000, 0)}
	f.ks = newKeyServer(t, jose.JSONWebKey{Key: key.Public(), KeyID: "k1", Algorithm: "ES256", Use: "sig"})
	f.v = &Verifier{Issuer: f.ks.issuer(), Audience: "aud", ClientID: "panel", HTTP: f.ks.srv.Client(), Now: f.clock}
	return f
}

func (f *keysFixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *keysFixture) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// token is a genuine token (k1) or one signed by another key with key id
// kid.
func (f *keysFixture) token(kid string) string {
	k := f.key
	if kid != "k1" {
		k, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	return mintES256(f.t, k, kid, map[string]any{"iss": f.ks.issuer(), "aud": "aud", "sub": "u1", "client_id": "panel",
		"exp": f.clock().Add(2 * time.Hour).Unix()})
}

func (f *keysFixture) verify(raw string) error {
	_, err := f.v.Verify(context.Background(), raw)
	return err
}

// A token that does not parse as a JWS, or names an algorithm VCC does not
// sign with, costs no request to VCC, even when the verifier holds no keys.
func TestMalformedTokensFetchNothing(t *testing.T) {
	f := newKeysFixture(t)
	claims := base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"x","sub":"u1","aud":"aud","client_id":"panel","exp":9999999999}`))
	for name, raw := range map[string]string{
		"not a JWT":        "not-a-token",
		"three dots":       "a.b.c",
		"bad header":       "e30." + claims + ".sig",
		"alg none":         base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","kid":"k9"}`)) + "." + claims + ".",
		"HS256 with a kid": hmacToken(t, "k9", f.ks.issuer(), f.clock()),
		"two parts":        "eyJhbGciOiJFUzI1NiJ9." + claims,
		"JSON serialised":  `{"payload":"` + claims + `","signatures":[]}`,
	} {
		t.Run(name, func(t *testing.T) {
			assert.ErrorIs(t, f.verify(raw), ErrTokenInvalid)
		})
	}
	assert.Equal(t, int32(0), f.ks.requests.Load(), "no request to VCC for a malformed token")
}

// Junk tokens naming key ids VCC never had, sent at once by many clients,
// make at most one fetch a minute, and are refused.
func TestUnknownKeyIDsFetchAtMostOnceAMinute(t *testing.T) {
	f := newKeysFixture(t)
	require.NoError(t, f.verify(f.token("k1")))
	require.Equal(t, int32(1), f.ks.fetches.Load())

	junk := func() {
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.ErrorIs(t, f.verify(f.token(fmt.Sprintf("junk-%d", i))), ErrTokenInvalid)
			}()
		}
		wg.Wait()
	}
	junk()
	assert.Equal(t, int32(1), f.ks.fetches.Load(), "keys fetched less than a minute ago: no fetch")

	f.advance(time.Minute)
	junk()
	assert.Equal(t, int32(2), f.ks.fetches.Load(), "a minute later: one fetch for fifty junk tokens")
	junk()
	assert.Equal(t, int32(2), f.ks.fetches.Load(), "and none again within the minute")
	require.NoError(t, f.verify(f.token("k1")), "genuine tokens verify throughout")
}

// While a fetch is in flight, tokens of known keys verify without waiting
// for it.
func TestKeyFetchDoesNotBlockKnownKeys(t *testing.T) {
	f := newKeysFixture(t)
	require.NoError(t, f.verify(f.token("k1")))
	f.advance(time.Minute)
	release := f.ks.holdJWKS()
	defer release()
	stuck := make(chan error, 1)
	go func() { stuck <- f.verify(f.token("k9")) }()
	select {
	case <-f.ks.arrived:
	case <-time.After(5 * time.Second):
		t.Fatal("the unknown key id did not fetch the keys")
	}

	done := make(chan error, 1)
	go func() { done <- f.verify(f.token("k1")) }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(2 * time.Second):
		t.Fatal("a genuine token waited for another request's fetch")
	}
	release()
	assert.ErrorIs(t, <-stuck, ErrTokenInvalid)
	assert.Equal(t, int32(2), f.ks.fetches.Load())
}

// A request waiting on a fetch gives up with its own context.
func TestKeyFetchWaitEndsWithTheRequest(t *testing.T) {
	f := newKeysFixture(t)
	release := f.ks.holdJWKS()
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := f.v.Verify(ctx, f.token("k1"))
	assert.ErrorIs(t, err, ErrKeysUnavailable)
}

// When VCC does not answer for its keys, the keys held keep verifying (a
// day at most); with none held, tokens cannot be checked at all: not the
// agent's fault, so a distinct error, and VCC is asked once a minute.
func TestKeysKeptWhenAFetchFails(t *testing.T) {
	f := newKeysFixture(t)
	require.NoError(t, f.verify(f.token("k1")))

	f.ks.setFail(true)
	f.advance(61 * time.Minute)
	before := f.ks.requests.Load()
	require.NoError(t, f.verify(f.token("k1")), "keys over an hour old, the refresh failed: they still verify")
	assert.Equal(t, before+1, f.ks.requests.Load(), "the refresh was tried")
	assert.ErrorIs(t, f.verify(f.token("k9")), ErrTokenInvalid, "an unknown key id is still the token's fault")
	require.NoError(t, f.verify(f.token("k1")))
	assert.Equal(t, before+1, f.ks.requests.Load(), "and not tried again within the minute")

	f.advance(24 * time.Hour)
	err := f.verify(f.token("k1"))
	assert.ErrorIs(t, err, ErrKeysUnavailable, "keys a day old are not trusted any longer")
	assert.NotErrorIs(t, err, ErrTokenInvalid)

	f.ks.setFail(false)
	f.advance(time.Minute)
	require.NoError(t, f.verify(f.token("k1")), "VCC answers again")
}

func TestNoKeysAtAll(t *testing.T) {
	f := newKeysFixture(t)
	f.ks.setFail(true)
	err := f.verify(f.token("k1"))
	assert.ErrorIs(t, err, ErrKeysUnavailable)
	assert.NotErrorIs(t, err, ErrTokenInvalid)
	assert.Contains(t, err.Error(), "503", "says why")
	assert.ErrorIs(t, f.verify(f.token("k1")), ErrKeysUnavailable)
	assert.Equal(t, int32(1), f.ks.requests.Load(), "VCC asked once within the minute")

	// A fresh instance (Workers) sharing the cache does not ask again
	// within the minute either.
	now := f.clock()
	cache := &memKeys{now: &now}
	fresh := func() *Verifier {
		return &Verifier{Issuer: f.ks.issuer(), Audience: "aud", ClientID: "panel", HTTP: f.ks.srv.Client(), Now: f.clock, Cache: cache}
	}
	_, err = fresh().Verify(context.Background(), f.token("k1"))
	assert.ErrorIs(t, err, ErrKeysUnavailable)
	_, err = fresh().Verify(context.Background(), f.token("k1"))
	assert.ErrorIs(t, err, ErrKeysUnavailable)
	assert.Equal(t, int32(2), f.ks.requests.Load(), "two fresh instances, one request")
}
