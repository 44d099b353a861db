//go:build !js

package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The outbox's promises under any interleaving of its operations by two
// workers: no op is handed to two holders at once, no two ops of a key run
// at once, a dead letter never coexists with a newer waiting op of its key
// and kind, no row disappears, and every request (Enqueue) is served by an
// op of its key and kind claimed after it and done — none is absorbed into
// an op already running or dead.

// propKinds are the op kinds played: sync is queued unique (one waiting op
// absorbs requests), note is not.
var propKinds = []string{"sync", "note"}

var propKeys = []string{"call:a", "call:b", "presence:c"}

// interleaving is one seeded run against a store with a clock it moves.
type interleaving struct {
	t   *testing.T
	s   *Store
	now *time.Time
	rnd *rand.Rand
	ctx context.Context
	// held is what each worker holds: the op and when it claimed it.
	held [2]*heldOp
	// step counts the actions; requested[key kind] is the step of the
	// latest Enqueue, served[key kind] the latest claim step of an op
	// that was then done.
	step      int
	requested map[string]int
	served    map[string]int
	inserted  int
}

type heldOp struct {
	op      Op
	claimed int
}

const propTTL = time.Minute

func TestOutboxInterleavings(t *testing.T) {
	// One goroutine plays both workers, so the race detector has nothing
	// to find here and only slows it: one seed then.
	seeds := uint64(25)
	if raceEnabled {
		seeds = 1
	}
	for seed := uint64(1); seed <= seeds; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			s, now := open(t)
			p := &interleaving{t: t, s: s, now: now, rnd: rand.New(rand.NewPCG(seed, 14)), ctx: context.Background(),
				requested: map[string]int{}, served: map[string]int{}}
			for range 250 {
				p.step++
				p.act()
				p.check()
			}
			p.drain()
		})
	}
}

func (p *interleaving) act() {
	t, ctx := p.t, p.ctx
	w := p.rnd.IntN(2)
	switch r := p.rnd.IntN(100); {
	case r < 30:
		key, kind := propKeys[p.rnd.IntN(len(propKeys))], propKinds[p.rnd.IntN(len(propKinds))]
		before := p.rows()
		require.NoError(t, p.s.Enqueue(ctx, key, kind, fmt.Sprint(p.step), *p.now, kind == "sync"))
		p.inserted += p.rows() - before
		p.requested[key+" "+kind] = p.step
		p.mustHaveWaiting(key, kind)
	case r < 60:
		p.claim(w)
	case r < 85:
		p.finish(w)
	case r < 92:
		*p.now = p.now.Add(time.Duration(p.rnd.IntN(3000)) * time.Millisecond)
	case r < 95:
		// A worker dies holding its op: its lease runs out and the op
		// runs again. The clock jumps past the lease only when the other
		// worker holds nothing (a live worker finishes within its lease).
		if p.held[1-w] == nil && p.held[w] != nil {
			p.held[w] = nil
			*p.now = p.now.Add(propTTL + time.Second)
		}
	case r < 98:
		_, err := p.s.RetryAllNow(ctx)
		require.NoError(t, err)
	default:
		dead, err := p.s.DeadLetters(ctx, 10)
		require.NoError(t, err)
		if len(dead) > 0 {
			ok, err := p.s.RetryNow(ctx, dead[0].ID)
			require.NoError(t, err)
			assert.True(t, ok, "a dead letter can be retried")
		}
	}
}

// claim has worker w claim a due op, as RunOutbox does (ClaimNext), or a
// due key's op (DueKeys, then Claim), and checks nobody else holds it or
// another op of its key.
func (p *interleaving) claim(w int) {
	if p.held[w] != nil {
		return
	}
	var op Op
	var ok bool
	var err error
	if p.rnd.IntN(2) == 0 {
		op, ok, err = p.s.ClaimNext(p.ctx, propTTL)
	} else {
		keys, kerr := p.s.DueKeys(p.ctx, 10)
		require.NoError(p.t, kerr)
		if len(keys) == 0 {
			return
		}
		op, ok, err = p.s.Claim(p.ctx, keys[p.rnd.IntN(len(keys))], propTTL)
	}
	require.NoError(p.t, err)
	if !ok {
		return
	}
	if other := p.held[1-w]; other != nil {
		require.NotEqual(p.t, other.op.ID, op.ID, "step %d: op %d handed to both workers", p.step, op.ID)
		require.NotEqual(p.t, other.op.Key, op.Key, "step %d: two ops of %s run at once", p.step, op.Key)
	}
	p.held[w] = &heldOp{op: op, claimed: p.step}
}

// finish ends worker w's op one of the ways a run ends.
func (p *interleaving) finish(w int) {
	h := p.held[w]
	if h == nil {
		return
	}
	p.held[w] = nil
	t, ctx, op := p.t, p.ctx, h.op
	next := p.now.Add(time.Duration(p.rnd.IntN(4000)) * time.Millisecond)
	switch r := p.rnd.IntN(10); {
	case r < 5:
		require.NoError(t, p.s.Done(ctx, op.ID))
		k := op.Key + " " + op.Kind
		p.served[k] = max(p.served[k], h.claimed)
	case r < 6:
		before := p.rows()
		require.NoError(t, p.s.Postpone(ctx, op, next))
		p.inserted += p.rows() - before
	case r < 7:
		require.NoError(t, p.s.Retry(ctx, op.ID, next, errors.New("429")))
	case r < 9:
		require.NoError(t, p.s.Fail(ctx, op.ID, Failure{Err: errPage, Next: next, NeedsOperator: true, Alerted: r == 7}))
	default:
		_, err := p.s.MarkDead(ctx, op.ID, errPage, p.rnd.IntN(2) == 0)
		require.NoError(t, err)
	}
}

// mustHaveWaiting checks that a request just made has an op of its key and
// kind to serve it: unfinished, not a dead letter, held by nobody.
func (p *interleaving) mustHaveWaiting(key, kind string) {
	var n int
	require.NoError(p.t, p.s.DB().QueryRow(`SELECT COUNT(*) FROM outbox WHERE key = ? AND op = ? AND done_at IS NULL AND dead_at = ''
		AND lease_until < ?`, key, kind, ts(*p.now)).Scan(&n))
	require.Positive(p.t, n, "step %d: a request for %s %s has no waiting op to serve it", p.step, key, kind)
}

func (p *interleaving) rows() int {
	var n int
	require.NoError(p.t, p.s.DB().QueryRow(`SELECT COUNT(*) FROM outbox`).Scan(&n))
	return n
}

// check verifies what must hold between any two actions.
func (p *interleaving) check() {
	t, now := p.t, ts(*p.now)
	var n int
	require.NoError(t, p.s.DB().QueryRow(`SELECT COUNT(*) FROM (SELECT key FROM outbox WHERE done_at IS NULL AND lease_until >= ?
		GROUP BY key HAVING COUNT(*) > 1)`, now).Scan(&n))
	require.Zero(t, n, "step %d: two ops of a key are held at once", p.step)
	require.NoError(t, p.s.DB().QueryRow(`SELECT COUNT(*) FROM outbox d WHERE d.done_at IS NULL AND d.dead_at != ''
		AND EXISTS (SELECT 1 FROM outbox n WHERE n.key = d.key AND n.op = d.op AND n.id > d.id AND n.done_at IS NULL AND n.dead_at = '')`).Scan(&n))
	require.Zero(t, n, "step %d: a dead letter outlives a newer op of its key and kind", p.step)
	require.NoError(t, p.s.DB().QueryRow(`SELECT COUNT(*) FROM outbox WHERE dead_at != '' AND lease_until != ''`).Scan(&n))
	require.Zero(t, n, "step %d: a dead letter is held", p.step)
	require.Equal(t, p.inserted, p.rows(), "step %d: rows disappeared", p.step)
}

// drain lets the workers finish what they hold, has an admin retry every
// dead letter, and runs everything to done; then every request was served.
func (p *interleaving) drain() {
	t, ctx := p.t, p.ctx
	for w := range p.held {
		if p.held[w] != nil {
			p.finishDone(w)
		}
	}
	for range 200 {
		*p.now = p.now.Add(time.Hour)
		_, err := p.s.RetryAllNow(ctx)
		require.NoError(t, err)
		keys, err := p.s.DueKeys(ctx, 100)
		require.NoError(t, err)
		if len(keys) == 0 {
			break
		}
		for _, key := range keys {
			op, ok, err := p.s.Claim(ctx, key, propTTL)
			require.NoError(t, err)
			require.True(t, ok, "a due key's op could not be claimed with no worker running")
			p.step++
			p.held[0] = &heldOp{op: op, claimed: p.step}
			p.finishDone(0)
		}
	}
	c, err := p.s.Counts(ctx)
	require.NoError(t, err)
	require.Equal(t, OutboxCounts{}, c, "the outbox did not drain")
	for k, r := range p.requested {
		assert.Greater(t, p.served[k], r, "the request for %s at step %d was never served (last served by a claim at step %d)", k, r, p.served[k])
	}
	require.Equal(t, p.inserted, p.rows())
}

func (p *interleaving) finishDone(w int) {
	h := p.held[w]
	p.held[w] = nil
	require.NoError(p.t, p.s.Done(p.ctx, h.op.ID))
	k := h.op.Key + " " + h.op.Kind
	p.served[k] = max(p.served[k], h.claimed)
}

// concurrentRounds is how often each worker of TestOutboxConcurrentWorkers
// claims.
var concurrentRounds = map[bool]int{false: 300, true: 100}[raceEnabled]

// Two workers at once, on the real clock: an op is never held by two of
// them, and all the ops queued end done.
func TestOutboxConcurrentWorkers(t *testing.T) {
	s, err := OpenSQLite(context.Background(), t.TempDir()+"/bridge.db")
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	var mu sync.Mutex
	holder := map[int64]int{} // op id → worker
	holding := map[string]int64{}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 7))
			for i := range concurrentRounds {
				key := propKeys[rnd.IntN(len(propKeys))]
				if rnd.IntN(3) == 0 {
					kind := propKinds[rnd.IntN(len(propKinds))]
					if err := s.Enqueue(ctx, key, kind, fmt.Sprint(w, i), time.Now(), kind == "sync"); err != nil {
						errs <- err
						return
					}
				}
				// As RunOutbox claims (the next due op of any key), or a
				// key's.
				var op Op
				var ok bool
				var err error
				if rnd.IntN(2) == 0 {
					op, ok, err = s.ClaimNext(ctx, time.Minute)
				} else {
					op, ok, err = s.Claim(ctx, key, time.Minute)
				}
				if err != nil {
					errs <- err
					return
				}
				if !ok {
					continue
				}
				mu.Lock()
				if other, taken := holder[op.ID]; taken {
					mu.Unlock()
					errs <- fmt.Errorf("op %d handed to worker %d while worker %d held it", op.ID, w, other)
					return
				}
				if other, taken := holding[op.Key]; taken {
					mu.Unlock()
					errs <- fmt.Errorf("ops %d and %d of %s held at once", other, op.ID, op.Key)
					return
				}
				holder[op.ID], holding[op.Key] = w, op.ID
				mu.Unlock()
				// Leave the model before the store: once the store lets go,
				// the other worker may take it at once.
				mu.Lock()
				delete(holder, op.ID)
				delete(holding, op.Key)
				mu.Unlock()
				switch rnd.IntN(4) {
				case 0:
					err = s.Fail(ctx, op.ID, Failure{Err: errPage, Next: time.Now(), NeedsOperator: true})
				case 1:
					_, err = s.MarkDead(ctx, op.ID, errPage, true)
				default:
					err = s.Done(ctx, op.ID)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	_, err = s.RetryAllNow(ctx)
	require.NoError(t, err)
	for range 1000 {
		keys, err := s.DueKeys(ctx, 10)
		require.NoError(t, err)
		if len(keys) == 0 {
			break
		}
		for _, k := range keys {
			if op, ok, err := s.Claim(ctx, k, time.Minute); err == nil && ok {
				require.NoError(t, s.Done(ctx, op.ID))
			}
		}
	}
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, OutboxCounts{}, c)
}
