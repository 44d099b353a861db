package bridge

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
)

// Tokens live in the store, so that a fresh Go instance on Workers does
// not fetch new ones. The token last loaded or saved is kept in memory too,
// while it has more than a minute to live (the clients' own margin): every
// ServiceNow or VCC request asks for it, and on Workers each read of the
// store is a D1 round trip. An invalidated token
// (Save of an empty one, after a 401) is forgotten in memory as in the
// store; one near its expiry is read from the store again, where another
// process may have put its successor.

// tokenMargin is what a token kept in memory must have left to be used
// without reading the store.
const tokenMargin = time.Minute

type storeTokenCache struct {
	s   *store.Store
	now func() time.Time

	mu  sync.Mutex
	mem servicenow.Token
}

func (c *storeTokenCache) Load(ctx context.Context) (servicenow.Token, bool) {
	c.mu.Lock()
	mem := c.mem
	c.mu.Unlock()
	if mem.Access != "" && c.now().Add(tokenMargin).Before(mem.Expiry) {
		return mem, true
	}
	v, ok, err := c.s.Get(ctx, "servicenow:token")
	if err != nil || !ok {
		return servicenow.Token{}, false
	}
	var t servicenow.Token
	if json.Unmarshal([]byte(v), &t) != nil || t.Access == "" {
		return servicenow.Token{}, false
	}
	c.mu.Lock()
	c.mem = t
	c.mu.Unlock()
	return t, true
}

func (c *storeTokenCache) Save(ctx context.Context, t servicenow.Token) {
	c.mu.Lock()
	c.mem = t
	c.mu.Unlock()
	b, _ := json.Marshal(t)
	_ = c.s.Put(ctx, "servicenow:token", string(b), t.Expiry.Add(24*time.Hour))
}

type storeVCCTokens struct {
	s   *store.Store
	now func() time.Time

	mu  sync.Mutex
	mem map[string]vccToken // by scope
}

type vccToken struct {
	Token  string    `json:"token"`
	Expiry time.Time `json:"expiry"`
}

func (c *storeVCCTokens) Load(ctx context.Context, scope string) (string, time.Time, bool) {
	c.mu.Lock()
	mem := c.mem[scope]
	c.mu.Unlock()
	if mem.Token != "" && c.now().Add(tokenMargin).Before(mem.Expiry) {
		return mem.Token, mem.Expiry, true
	}
	v, ok, err := c.s.Get(ctx, "vcc:token:"+scope)
	if err != nil || !ok {
		return "", time.Time{}, false
	}
	var t vccToken
	if json.Unmarshal([]byte(v), &t) != nil {
		return "", time.Time{}, false
	}
	c.remember(scope, t)
	return t.Token, t.Expiry, t.Token != ""
}

func (c *storeVCCTokens) Save(ctx context.Context, scope, token string, expiry time.Time) {
	c.remember(scope, vccToken{Token: token, Expiry: expiry})
	b, _ := json.Marshal(map[string]any{"token": token, "expiry": expiry})
	_ = c.s.Put(ctx, "vcc:token:"+scope, string(b), expiry)
}

func (c *storeVCCTokens) remember(scope string, t vccToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mem == nil {
		c.mem = map[string]vccToken{}
	}
	c.mem[scope] = t
}

// storeKeys keeps VCC's signing keys in the store (vccapi.KeysCache), so a
// fresh Worker instance verifies agents' tokens without fetching them, and
// when the last fetch was tried, so that it does not ask VCC again within
// the minute either.
type storeKeys struct{ s *store.Store }

// storedKeys is the JSON of the "vcc:jwks" row.
type storedKeys struct {
	Keys    json.RawMessage `json:"keys,omitempty"`
	Fetched time.Time       `json:"fetched"`
	Tried   time.Time       `json:"tried"`
}

func (c *storeKeys) LoadKeys(ctx context.Context) (vccapi.CachedKeys, bool) {
	v, ok, err := c.s.Get(ctx, "vcc:jwks")
	if err != nil || !ok {
		return vccapi.CachedKeys{}, false
	}
	var k storedKeys
	if json.Unmarshal([]byte(v), &k) != nil {
		return vccapi.CachedKeys{}, false
	}
	return vccapi.CachedKeys{JWKS: k.Keys, Fetched: k.Fetched, Tried: k.Tried}, true
}

func (c *storeKeys) SaveKeys(ctx context.Context, keys vccapi.CachedKeys, expires time.Time) {
	b, err := json.Marshal(storedKeys{Keys: keys.JWKS, Fetched: keys.Fetched, Tried: keys.Tried})
	if err == nil {
		_ = c.s.Put(ctx, "vcc:jwks", string(b), expires)
	}
}
