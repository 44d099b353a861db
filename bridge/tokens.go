package bridge

import (
	"context"
	"encoding/json"
	"time"

	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
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
// fresh Worker instance verifies agents' tokens without fetching them.
type storeKeys struct{ s *store.Store }

func (c *storeKeys) LoadKeys(ctx context.Context) ([]byte, time.Time, bool) {
	v, ok, err := c.s.Get(ctx, "vcc:jwks")
	if err != nil || !ok {
		return nil, time.Time{}, false
	}
	var k struct {
		Keys    json.RawMessage `json:"keys"`
		Fetched time.Time       `json:"fetched"`
	}
	if json.Unmarshal([]byte(v), &k) != nil || len(k.Keys) == 0 {
		return nil, time.Time{}, false
	}
	return k.Keys, k.Fetched, true
}

func (c *storeKeys) SaveKeys(ctx context.Context, jwks []byte, fetched, expires time.Time) {
	b, err := json.Marshal(struct {
		Keys    json.RawMessage `json:"keys"`
		Fetched time.Time       `json:"fetched"`
	}{jwks, fetched})
	if err == nil {
		_ = c.s.Put(ctx, "vcc:jwks", string(b), expires)
	}
}
