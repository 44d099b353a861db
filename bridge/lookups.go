package bridge

import (
	"context"
	"sync"
	"time"

	"github.com/vccnow/connector/bridge/store"
)

// lookupCache is the syncer's cache of lookups that rarely change (queue
// and channel sys_ids, reject reasons: a day in the store), kept in memory
// too for lookupMemTTL: every call reads its queue's and the Phone
// channel's, and on Workers each read of the store is a D1 round trip. A
// lookup the store has not kept, or that expired there, is not kept here.
type lookupCache struct {
	s   *store.Store
	now func() time.Time

	mu  sync.Mutex
	mem map[string]lookupEntry
}

type lookupEntry struct {
	value string
	until time.Time
}

// lookupMemTTL is how long a lookup is used from memory before the store
// is read again (where another process may have put a newer one).
const lookupMemTTL = time.Minute

func (c *lookupCache) Get(ctx context.Context, key string) (string, bool, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.mem[key]
	c.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.value, true, nil
	}
	v, ok, err := c.s.Get(ctx, key)
	if err != nil || !ok {
		return v, ok, err
	}
	c.remember(key, v, now.Add(lookupMemTTL))
	return v, true, nil
}

func (c *lookupCache) Put(ctx context.Context, key, value string, exp time.Time) error {
	if err := c.s.Put(ctx, key, value, exp); err != nil {
		return err
	}
	until := c.now().Add(lookupMemTTL)
	if !exp.IsZero() && exp.Before(until) {
		until = exp
	}
	c.remember(key, value, until)
	return nil
}

func (c *lookupCache) remember(key, value string, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mem == nil {
		c.mem = map[string]lookupEntry{}
	}
	c.mem[key] = lookupEntry{value: value, until: until}
}
