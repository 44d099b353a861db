//go:build !js

package bridge

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
)

// testClock is a clock tests move.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestAgentBuckets(t *testing.T) {
	b := newBuckets(agentRate, agentBurst)
	now := time.Unix(1_800_000_000, 0)
	for i := range agentBurst {
		ok, _ := b.take("u1", now)
		require.True(t, ok, "request %d of the burst", i+1)
	}
	ok, retry := b.take("u1", now)
	assert.False(t, ok, "the burst is spent")
	assert.Equal(t, 100*time.Millisecond, retry, "one request every 100 ms")
	ok, _ = b.take("u2", now)
	assert.True(t, ok, "another agent has a bucket of their own")
	ok, _ = b.take("u1", now.Add(100*time.Millisecond))
	assert.True(t, ok, "a request a tenth of a second later")

	// A panel polling a ringing call once a second, with clicks between,
	// never meets the limit.
	for i := range 600 {
		ok, _ := b.take("panel", now.Add(time.Duration(i)*200*time.Millisecond))
		require.True(t, ok, "request %d at 5 a second", i)
	}
}

func TestRefusedBucketsPeek(t *testing.T) {
	b := newBuckets(refusedRate, refusedBurst)
	now := time.Unix(1_800_000_000, 0)
	ok, _ := b.peek("10.0.0.1", now)
	assert.True(t, ok, "an address never refused may try")
	assert.Zero(t, b.size(), "peeking makes no bucket")
	for range refusedBurst {
		ok, _ := b.peek("10.0.0.1", now)
		require.True(t, ok)
		b.take("10.0.0.1", now)
	}
	ok, retry := b.peek("10.0.0.1", now)
	assert.False(t, ok)
	assert.Equal(t, time.Second, retry)
	ok, _ = b.peek("10.0.0.1", now.Add(time.Second))
	assert.True(t, ok, "a refusal more a second later")
}

// Buckets that are full again are dropped, and the set never grows beyond
// its bound, whatever number of keys comes.
func TestBucketsAreBounded(t *testing.T) {
	b := newBuckets(refusedRate, refusedBurst)
	now := time.Unix(1_800_000_000, 0)
	for i := range maxBuckets + 500 {
		b.take(fmt.Sprint("addr-", i), now)
		require.LessOrEqual(t, b.size(), maxBuckets)
	}
	// A minute on, every bucket is full again: the next new key sweeps
	// them.
	later := now.Add(sweepEvery)
	b.take("newcomer", later)
	assert.Equal(t, 1, b.size())

	// One in use is kept: its refusals are not forgiven by a sweep.
	for range refusedBurst {
		b.take("busy", later.Add(sweepEvery-5*time.Second))
	}
	b.take("a third", later.Add(sweepEvery))
	assert.Equal(t, 2, b.size(), "the sweep dropped the full bucket and kept the one in use")
	ok, _ := b.peek("busy", later.Add(sweepEvery))
	assert.True(t, ok, "five seconds on, it holds five")
	for range 5 {
		b.take("busy", later.Add(sweepEvery))
	}
	ok, _ = b.peek("busy", later.Add(sweepEvery))
	assert.False(t, ok, "and no more")
}

func TestClientKey(t *testing.T) {
	for addr, want := range map[string]string{
		"203.0.113.7:5123":                "203.0.113.7",
		"[::ffff:203.0.113.7]:5123":       "203.0.113.7",
		"[2001:db8:1:2:aaaa::1]:443":      "2001:db8:1:2::/64",
		"[2001:db8:1:2:bbbb:cccc::9]:443": "2001:db8:1:2::/64",
		"[2001:db8:1:3::1]:443":           "2001:db8:1:3::/64",
		"not an address":                  "not an address",
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = addr
		assert.Equal(t, want, clientKey(r), addr)
	}
}

// agentAPIFixture is the bridge with a VCC issuer whose tokens verify; VCC's
// User Admin API knows no one, so a verified agent is refused 403 after
// the rate limit.
type agentAPIFixture struct {
	t     *testing.T
	s     *Server
	key   *ecdsa.PrivateKey
	iss   string
	clock *testClock
}

func newAgentAPIFixture(t *testing.T) *agentAPIFixture {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/Auth/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]string{"jwks_uri": srv.URL + "/Auth/jwks"})
		case "/Auth/jwks":
			_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key.Public(), KeyID: "k1", Algorithm: "ES256", Use: "sig"}}})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	cfg := testConfig()
	cfg.VCCAuthURL, cfg.VCCAPIURL = srv.URL+"/Auth", srv.URL
	s, err := New(cfg, testDeps(t))
	require.NoError(t, err)
	clock := &testClock{now: time.Now()}
	s.limits.now = clock.Now
	return &agentAPIFixture{t: t, s: s, key: key, iss: srv.URL + "/Auth", clock: clock}
}

func (f *agentAPIFixture) token(sub string) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: f.key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
	require.NoError(f.t, err)
	raw, err := jwt.Signed(signer).Claims(map[string]any{"iss": f.iss, "aud": "https://api.cc.vonage.com", "sub": sub,
		"client_id": "connector", "exp": time.Now().Add(time.Hour).Unix()}).Serialize()
	require.NoError(f.t, err)
	return raw
}

// call makes an agent API request from addr and returns its status, error
// code and Retry-After.
func (f *agentAPIFixture) call(addr, token string) (int, string, string) {
	f.t.Helper()
	r := httptest.NewRequest("GET", "/api/v1/calls/c1", nil)
	r.RemoteAddr = addr
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	var e api.Error
	_ = json.Unmarshal(w.Body.Bytes(), &e)
	return w.Code, e.Error.Code, w.Header().Get("Retry-After")
}

// An agent's requests beyond the burst are answered 429 with Retry-After,
// before the bridge asks anyone who they are; other agents go on.
func TestAgentAPIRateLimit(t *testing.T) {
	f := newAgentAPIFixture(t)
	beth, abel := f.token("u-beth"), f.token("u-abel")
	for i := range agentBurst {
		status, code, _ := f.call("203.0.113.7:1000", beth)
		require.Equal(t, http.StatusForbidden, status, "request %d: verified, then refused by the (empty) User Admin API", i+1)
		require.Equal(t, api.CodeAccountMismatch, code)
	}
	status, code, retry := f.call("203.0.113.7:1000", beth)
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, api.CodeRateLimited, code)
	assert.Equal(t, "1", retry)
	status, _, _ = f.call("203.0.113.7:1000", abel)
	assert.Equal(t, http.StatusForbidden, status, "another agent behind the same address is not limited")
	f.clock.advance(time.Second)
	status, _, _ = f.call("203.0.113.7:1000", beth)
	assert.Equal(t, http.StatusForbidden, status, "a second later the agent may go on")
}

// Junk tokens from one address are refused 401 a few times, then 429,
// unlogged; a genuine token from the same address (a colleague behind the
// same NAT or proxy) is still checked and served; other addresses are not
// affected.
func TestRefusedRequestsAreLimitedPerAddress(t *testing.T) {
	f := newAgentAPIFixture(t)
	for i := range refusedBurst {
		status, code, _ := f.call("198.51.100.9:4000", "junk-"+strconv.Itoa(i))
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, api.CodeUnauthorized, code)
	}
	status, code, retry := f.call("198.51.100.9:4001", "junk")
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, api.CodeRateLimited, code)
	assert.Equal(t, "1", retry)
	status, _, _ = f.call("198.51.100.9:4002", f.token("u-beth"))
	assert.Equal(t, http.StatusForbidden, status, "a genuine token from the address is checked, then refused by the (empty) User Admin API")
	status, _, _ = f.call("198.51.100.9:4003", "junk")
	assert.Equal(t, http.StatusTooManyRequests, status, "junk from the address is still limited")
	status, _, _ = f.call("192.0.2.1:4000", "junk")
	assert.Equal(t, http.StatusUnauthorized, status, "another address is not")
	f.clock.advance(time.Second)
	status, _, _ = f.call("198.51.100.9:4000", "junk")
	assert.Equal(t, http.StatusUnauthorized, status, "a second later one more refusal is told")
}

// When none of VCC's keys can be had, the agent is told to try again (503),
// not to sign in again (401).
func TestNoKeysIsUnavailable(t *testing.T) {
	cfg := testConfig()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	cfg.VCCAuthURL = srv.URL + "/Auth"
	s, err := New(cfg, testDeps(t))
	require.NoError(t, err)
	f := &agentAPIFixture{t: t, s: s}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	f.key, f.iss = key, cfg.VCCAuthURL
	for range 3 {
		status, code, _ := f.call("203.0.113.7:1000", f.token("u-beth"))
		assert.Equal(t, http.StatusServiceUnavailable, status)
		assert.Equal(t, api.CodeUnavailable, code)
	}
}
