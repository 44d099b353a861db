package vccapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// How the Verifier keeps VCC's signing keys. A token's key id decides
// nothing on its own: anyone can send a token naming a key id VCC never had,
// so a fetch happens at most once a minute whatever the tokens say, outside
// the lock that guards the keys (other requests keep verifying meanwhile),
// and concurrent requests that need one share it.
const (
	// refetchInterval is the least time between two fetches of the keys,
	// failed fetches included.
	refetchInterval = time.Minute
	// keysMaxAge is how long keys keep verifying after their fetch while
	// VCC does not give newer ones (its keys endpoint down): long enough to
	// ride out an outage, short enough that a key VCC withdrew stops being
	// trusted within a day even if the bridge cannot hear of it.
	keysMaxAge = 24 * time.Hour
	// fetchTimeout bounds one fetch (discovery and JWKS) for everyone
	// waiting on it.
	fetchTimeout = 10 * time.Second
)

// keysFetch is one fetch of the keys in flight; done is closed when it
// ends. A hand-written single flight: there is only ever one thing to fetch,
// so one pointer under the Verifier's lock is all golang.org/x/sync's
// singleflight would give.
type keysFetch struct {
	done chan struct{}
}

// key returns the public key a token with key id kid must be signed with,
// fetching VCC's keys when they are older than KeysTTL or kid is not among
// them, at most once a minute.
func (v *Verifier) key(ctx context.Context, kid string) (any, error) {
	ttl := v.KeysTTL
	if ttl <= 0 {
		ttl = time.Hour
	}
	now := v.now()
	v.mu.Lock()
	v.loadCache(ctx)
	k := v.lookup(kid, now)
	if k != nil && now.Sub(v.fetched) <= ttl {
		v.mu.Unlock()
		return k, nil
	}
	f := v.inflight
	if f == nil {
		if !v.tried.IsZero() && now.Sub(v.tried) < refetchInterval {
			// Asked too recently: what is held now is the answer.
			defer v.mu.Unlock()
			return v.found(k, kid, now)
		}
		f = &keysFetch{done: make(chan struct{})}
		v.inflight, v.tried = f, now
		// The fetch outlives the request that started it (others wait on
		// it), bounded by its own timeout.
		go v.refresh(context.WithoutCancel(ctx), f)
	}
	v.mu.Unlock()
	select {
	case <-f.done:
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %v", ErrKeysUnavailable, ctx.Err())
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.found(v.lookup(kid, v.now()), kid, v.now())
}

// found turns a lookup's result into key's answer. v.mu is held.
func (v *Verifier) found(k any, kid string, now time.Time) (any, error) {
	switch {
	case k != nil:
		return k, nil
	case !v.usable(now) && v.lastErr != nil:
		return nil, fmt.Errorf("%w: %v", ErrKeysUnavailable, v.lastErr)
	case !v.usable(now):
		return nil, ErrKeysUnavailable
	}
	return nil, fmt.Errorf("%w: unknown signing key %q", ErrTokenInvalid, kid)
}

// usable reports whether the keys held may verify tokens. v.mu is held.
func (v *Verifier) usable(now time.Time) bool {
	return len(v.keys.Keys) > 0 && now.Sub(v.fetched) <= keysMaxAge
}

// lookup finds the key of id kid (the only key when the token names none).
// v.mu is held.
func (v *Verifier) lookup(kid string, now time.Time) any {
	if !v.usable(now) {
		return nil
	}
	if kid != "" {
		if ks := v.keys.Key(kid); len(ks) > 0 {
			return ks[0].Key
		}
		return nil
	}
	if len(v.keys.Keys) == 1 {
		return v.keys.Keys[0].Key
	}
	return nil
}

// loadCache reads the keys a former instance fetched, once. v.mu is held.
func (v *Verifier) loadCache(ctx context.Context) {
	if v.loaded || v.Cache == nil {
		return
	}
	v.loaded = true
	c, ok := v.Cache.LoadKeys(ctx)
	if !ok {
		return
	}
	var set jose.JSONWebKeySet
	if len(c.JWKS) > 0 && json.Unmarshal(c.JWKS, &set) == nil && len(set.Keys) > 0 {
		v.keys, v.fetched = set, c.Fetched
	}
	v.tried = c.Tried
}

// refresh fetches the keys for f and ends it. A failed fetch keeps the keys
// held: they keep verifying until keysMaxAge. The cache is written before f
// ends, so that whoever waited on f finds it written.
func (v *Verifier) refresh(ctx context.Context, f *keysFetch) {
	defer close(f.done)
	fetchCtx, cancel := context.WithTimeout(ctx, fetchTimeout)
	set, err := v.fetch(fetchCtx)
	cancel()
	v.mu.Lock()
	now := v.now()
	if err == nil {
		v.keys, v.fetched, v.lastErr = set, now, nil
	} else {
		v.lastErr = err
	}
	saved := CachedKeys{Fetched: v.fetched, Tried: v.tried}
	if len(v.keys.Keys) > 0 {
		saved.JWKS, _ = json.Marshal(v.keys)
	}
	v.inflight = nil
	v.mu.Unlock()
	if v.Cache != nil {
		// Kept while the keys may verify, and at least for the minute in
		// which no instance should ask VCC again.
		expires := now.Add(refetchInterval)
		if !saved.Fetched.IsZero() && saved.Fetched.Add(keysMaxAge).After(expires) {
			expires = saved.Fetched.Add(keysMaxAge)
		}
		saveCtx, cancel := context.WithTimeout(ctx, fetchTimeout)
		v.Cache.SaveKeys(saveCtx, saved, expires)
		cancel()
	}
}

// fetch reads the issuer's discovery document and its JWKS.
func (v *Verifier) fetch(ctx context.Context) (jose.JSONWebKeySet, error) {
	var disc struct {
		JWKS string `json:"jwks_uri"`
	}
	var set jose.JSONWebKeySet
	if err := getJSON(ctx, v.HTTP, strings.TrimSuffix(v.Issuer, "/")+"/.well-known/openid-configuration", &disc); err != nil {
		return set, fmt.Errorf("vcc: cannot read VCC's signing keys: %w", err)
	}
	if disc.JWKS == "" {
		return set, errors.New("vcc: cannot read VCC's signing keys: the discovery document names no jwks_uri")
	}
	if err := getJSON(ctx, v.HTTP, disc.JWKS, &set); err != nil {
		return set, fmt.Errorf("vcc: cannot read VCC's signing keys: %w", err)
	}
	if len(set.Keys) == 0 {
		return set, errors.New("vcc: cannot read VCC's signing keys: the key set is empty")
	}
	return set, nil
}
