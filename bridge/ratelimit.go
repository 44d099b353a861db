package bridge

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/vccnow/connector/wasm/api"
)

// The agent API's rate limits, token buckets kept in memory. Each agent
// (by VCC user id, once the token verified) may make agentRate requests a
// second with bursts of agentBurst: generous for a panel, which polls each
// ringing call once a second and otherwise calls on the agent's clicks, but
// a stolen or runaway token cannot make the bridge spend ServiceNow's
// request budget faster. Refused requests (a token that does not verify)
// are limited per client address (an IPv6 client by its /64): once an
// address's refusals run out, its bad tokens are answered 429 instead of
// 401, unlogged, until its bucket refills, so a flood of junk neither fills
// the log nor tells its sender more. A valid token is always checked and
// served: behind a reverse proxy or a NAT every client has one address, and
// one runaway panel must not lock its colleagues out. Checking a junk token
// costs a signature check at most; it never makes the bridge fetch VCC's
// keys more than once a minute (vccapi.Verifier).
const (
	agentRate    = 10
	agentBurst   = 30
	refusedRate  = 1
	refusedBurst = 20
	// maxBuckets bounds each set of buckets; beyond it the ones that are
	// full again (the same as no bucket) are dropped, and if that is not
	// enough, any.
	maxBuckets = 10_000
	// sweepEvery is how often full buckets are dropped.
	sweepEvery = time.Minute
)

// rateLimits are the agent API's buckets. Its methods are safe for
// concurrent use.
type rateLimits struct {
	// now is the clock (real time: limits are about how fast requests
	// really come; tests move it).
	now     func() time.Time
	agents  *buckets
	refused *buckets
}

func newRateLimits() *rateLimits {
	return &rateLimits{now: time.Now, agents: newBuckets(agentRate, agentBurst), refused: newBuckets(refusedRate, refusedBurst)}
}

// agent takes one request from the agent's bucket; when it is empty it
// says how long until it is not.
func (l *rateLimits) agent(vccUserID string) (bool, time.Duration) {
	return l.agents.take(vccUserID, l.now())
}

// mayTry reports whether a refused request from the client may be told
// (401, logged): its address has refusals left.
func (l *rateLimits) mayTry(r *http.Request) (bool, time.Duration) {
	return l.refused.peek(clientKey(r), l.now())
}

// refusedOne counts a refused request against the client's address.
func (l *rateLimits) refusedOne(r *http.Request) {
	l.refused.take(clientKey(r), l.now())
}

// clientKey is the address a client is limited by: an IPv4 address, or an
// IPv6 address's /64 (one host commonly has a whole /64).
func clientKey(r *http.Request) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := ap.Addr().Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, err := addr.Prefix(64)
	if err != nil {
		return addr.String()
	}
	return p.String()
}

// writeRateLimited answers 429 with Retry-After, in whole seconds (at
// least one).
func writeRateLimited(w http.ResponseWriter, retry time.Duration) {
	secs := int(math.Ceil(retry.Seconds()))
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeErr(w, api.CodeRateLimited, "Too many requests; try again in "+strconv.Itoa(secs)+" s.")
}

// buckets are token buckets by key, of one rate and burst.
type buckets struct {
	limit rate.Limit
	burst int

	mu    sync.Mutex
	m     map[string]*rate.Limiter
	swept time.Time
}

func newBuckets(perSecond float64, burst int) *buckets {
	return &buckets{limit: rate.Limit(perSecond), burst: burst, m: map[string]*rate.Limiter{}}
}

// take takes one token of key's bucket, or says how long until one is
// there.
func (b *buckets) take(key string, now time.Time) (bool, time.Duration) {
	lim := b.get(key, now)
	if lim.AllowN(now, 1) {
		return true, 0
	}
	return false, b.wait(lim, now)
}

// peek reports whether key's bucket holds a token, without taking it.
func (b *buckets) peek(key string, now time.Time) (bool, time.Duration) {
	b.mu.Lock()
	lim := b.m[key]
	b.mu.Unlock()
	if lim == nil || lim.TokensAt(now) >= 1 {
		return true, 0
	}
	return false, b.wait(lim, now)
}

// wait is how long until lim holds a token.
func (b *buckets) wait(lim *rate.Limiter, now time.Time) time.Duration {
	missing := 1 - lim.TokensAt(now)
	return time.Duration(missing / float64(b.limit) * float64(time.Second))
}

// get returns key's bucket, made full when there is none.
func (b *buckets) get(key string, now time.Time) *rate.Limiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	if lim := b.m[key]; lim != nil {
		return lim
	}
	if now.Sub(b.swept) >= sweepEvery || len(b.m) >= maxBuckets {
		b.sweep(now)
	}
	lim := rate.NewLimiter(b.limit, b.burst)
	b.m[key] = lim
	return lim
}

// sweep drops the buckets that are full again: a full bucket is what a key
// without one gets, so nothing changes but the memory. If the set is still
// at its bound (many keys, each recently used), any buckets go, a tenth of
// them, so that the next new keys do not sweep again. b.mu is held.
func (b *buckets) sweep(now time.Time) {
	b.swept = now
	for k, lim := range b.m {
		if lim.TokensAt(now) >= float64(b.burst) {
			delete(b.m, k)
		}
	}
	if len(b.m) < maxBuckets {
		return
	}
	for k := range b.m {
		if len(b.m) < maxBuckets*9/10 {
			break
		}
		delete(b.m, k)
	}
}

// size is how many buckets are held (tests).
func (b *buckets) size() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.m)
}
