package bridge

import (
	"context"
	"encoding/json"
	"time"

	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
)

// Tokens live in the store, so that every request on Workers (a fresh Go
// instance each time) does not fetch new ones.

type storeTokenCache struct{ s *store.Store }

func (c *storeTokenCache) Load(ctx context.Context) (servicenow.Token, bool) {
	v, ok, err := c.s.Get(ctx, "servicenow:token")
	if err != nil || !ok {
		return servicenow.Token{}, false
	}
	var t servicenow.Token
	if json.Unmarshal([]byte(v), &t) != nil || t.Access == "" {
		return servicenow.Token{}, false
	}
	return t, true
}

func (c *storeTokenCache) Save(ctx context.Context, t servicenow.Token) {
	b, _ := json.Marshal(t)
	_ = c.s.Put(ctx, "servicenow:token", string(b), t.Expiry.Add(24*time.Hour))
}

type storeVCCTokens struct{ s *store.Store }

func (c *storeVCCTokens) Load(ctx context.Context, scope string) (string, time.Time, bool) {
	v, ok, err := c.s.Get(ctx, "vcc:token:"+scope)
	if err != nil || !ok {
		return "", time.Time{}, false
	}
	var t struct {
		Token  string    `json:"token"`
		Expiry time.Time `json:"expiry"`
	}
	if json.Unmarshal([]byte(v), &t) != nil {
		return "", time.Time{}, false
	}
	return t.Token, t.Expiry, t.Token != ""
}

func (c *storeVCCTokens) Save(ctx context.Context, scope, token string, expiry time.Time) {
	b, _ := json.Marshal(map[string]any{"token": token, "expiry": expiry})
	_ = c.s.Put(ctx, "vcc:token:"+scope, string(b), expiry)
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
