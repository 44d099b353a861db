//go:build !js

package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/calls"
)

// A webhook's two round trips: the event stored with its key's pending
// events and the call read; then the call, the events processed and the
// ops saved together.
func TestWebhookBatches(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	e := Event{Source: "/channel", ID: "e1", Type: "channel.alerted.v1", Key: "call:c1", At: now.Add(-time.Second), Body: []byte(`{}`)}
	inserted, pending, c, err := s.AddEventAndRead(ctx, e, "c1")
	require.NoError(t, err)
	assert.True(t, inserted)
	require.Len(t, pending, 1)
	assert.Equal(t, "e1", pending[0].ID)
	assert.Equal(t, 0, c.Version, "a new call")
	assert.Equal(t, "c1", c.Facts.VCCID)

	c.Facts.From = "+14155550201"
	sync := Queued{Key: "call:c1", Kind: "sync", At: *now, Unique: true}
	require.NoError(t, s.SaveCallWith(ctx, &c, pending, sync))
	assert.Equal(t, 1, c.Version)

	again, pending, c2, err := s.AddEventAndRead(ctx, e, "c1")
	require.NoError(t, err)
	assert.False(t, again, "a redelivery is a duplicate")
	assert.Empty(t, pending, "processed with the save")
	assert.Equal(t, "+14155550201", c2.Facts.From)
	assert.Equal(t, 1, c2.Version)

	op, ok := claimNext(t, s)
	require.True(t, ok)
	assert.Equal(t, "sync", op.Kind)
	require.NotNil(t, op.Call, "the claim reads the op's call")
	assert.Equal(t, c2, *op.Call)
}

// alerted stores call c1's first event at at, as a webhook does, and
// returns the call's pending events and the call, read with it.
func alerted(t *testing.T, s *Store, at time.Time) ([]Event, Call) {
	t.Helper()
	e := Event{Source: "/channel", ID: "e1", Type: "channel.alerted.v1", Key: "call:c1", At: at, Body: []byte(`{}`)}
	_, pending, c, err := s.AddEventAndRead(context.Background(), e, "c1")
	require.NoError(t, err)
	return pending, c
}

// claimNext is ClaimNext with a lease of a minute, which must not fail.
func claimNext(t *testing.T, s *Store) (Op, bool) {
	t.Helper()
	op, ok, err := s.ClaimNext(context.Background(), time.Minute)
	require.NoError(t, err)
	return op, ok
}

// A save whose call changed meanwhile writes nothing: neither the call,
// nor its events' processing, nor its ops.
func TestSaveCallWithConflictWritesNothing(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	pending, stale := alerted(t, s, *now)
	other := stale
	other.Facts.From = "+1"
	require.NoError(t, s.SaveCall(ctx, &other))

	stale.Facts.From = "+2"
	err := s.SaveCallWith(ctx, &stale, pending, Queued{Key: "call:c1", Kind: "sync", At: *now, Unique: true})
	assert.ErrorIs(t, err, ErrConflict)
	assert.Equal(t, 0, stale.Version, "the version moves only with a save")
	left, c, err := s.PendingWithCall(ctx, "call:c1", "c1")
	require.NoError(t, err)
	assert.Len(t, left, 1, "the event is still to be processed")
	assert.Equal(t, "+1", c.Facts.From)
	_, ok := claimNext(t, s)
	assert.False(t, ok, "no op was queued")

	// Saved at its version, the same write lands whole.
	c.Facts.From = "+2"
	require.NoError(t, s.SaveCallWith(ctx, &c, left, Queued{Key: "call:c1", Kind: "sync", At: *now, Unique: true}))
	left, _, err = s.PendingWithCall(ctx, "call:c1", "c1")
	require.NoError(t, err)
	assert.Empty(t, left)
	_, ok = claimNext(t, s)
	assert.True(t, ok)
}

// Writers of one call through SaveCallWith, each retrying on a conflict as
// the bridge does, all land, and every event is processed once.
func TestSaveCallWithConcurrentWriters(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			e := Event{Source: "/channel", ID: string(rune('a' + i)), Type: "channel.held.v1", Key: "call:c1", At: now.Add(time.Duration(i) * time.Second), Body: []byte(`{}`)}
			_, pending, c, err := s.AddEventAndRead(ctx, e, "c1")
			for attempt := 0; err == nil && attempt < 50; attempt++ {
				for _, p := range pending {
					c.Facts.Apply(calls.Event{ID: p.ID, Kind: calls.Held, At: p.At})
				}
				if err = s.SaveCallWith(ctx, &c, pending, Queued{Key: "call:c1", Kind: "sync", At: *now, Unique: true}); err != ErrConflict {
					break
				}
				pending, c, err = s.PendingWithCall(ctx, "call:c1", "c1")
			}
			assert.NoError(t, err)
		}(i)
	}
	wg.Wait()
	left, c, err := s.PendingWithCall(ctx, "call:c1", "c1")
	require.NoError(t, err)
	assert.Empty(t, left)
	assert.Len(t, c.Facts.Held, 8)
}

// The outbox steps from op to op in one round trip: done, then the next
// claimed; an op of no call is claimed without one.
func TestDoneAndClaimNext(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "presence:beth", "presence", "", *now, true))
	require.NoError(t, s.Enqueue(ctx, "call:c1", "sync", "", now.Add(time.Millisecond), true))
	first, ok := claimNext(t, s)
	require.True(t, ok)
	assert.Equal(t, "presence:beth", first.Key)
	assert.Nil(t, first.Call)
	*now = now.Add(time.Second)
	next, ok, err := s.DoneAndClaimNext(ctx, first.ID, time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "call:c1", next.Key)
	assert.Nil(t, next.Call, "the call has no row yet")
	_, ok, err = s.DoneAndClaimNext(ctx, next.ID, time.Minute)
	require.NoError(t, err)
	assert.False(t, ok, "nothing left")
	due, err := s.NextDue(ctx)
	require.NoError(t, err)
	assert.True(t, due.IsZero(), "both ops are done")
}

// The save that queues a call's ops claims the outbox's next op with it,
// the call's row read in; a save that conflicts claims nothing.
func TestSaveCallWithClaim(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	pending, c := alerted(t, s, *now)
	stale := c
	c.Facts.From = "+1"
	op, ok, err := s.SaveCallWithClaim(ctx, &c, pending, time.Minute,
		Queued{Key: "detail:c1", Kind: "detail", At: *now, Unique: true}, Queued{Key: "call:c1", Kind: "sync", At: *now, Unique: true})
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "detail:c1", op.Key, "the first op queued is the first claimed")
	require.NotNil(t, op.Call, "the claim reads the call's row")
	assert.Equal(t, "+1", op.Call.Facts.From)
	assert.Equal(t, c.Version, op.Call.Version)

	// The claimed op is leased: the next claim takes the other one.
	next, ok := claimNext(t, s)
	require.True(t, ok)
	assert.Equal(t, "call:c1", next.Key)

	// A save at a stale version writes nothing and claims nothing.
	require.NoError(t, s.Enqueue(ctx, "presence:beth", "presence", "", *now, true))
	stale.Facts.From = "+2"
	_, ok, err = s.SaveCallWithClaim(ctx, &stale, nil, time.Minute)
	assert.ErrorIs(t, err, ErrConflict)
	assert.False(t, ok)
	left, ok := claimNext(t, s)
	require.True(t, ok, "the op the failed save would have claimed is still there")
	assert.Equal(t, "presence:beth", left.Key)
}

// Unclaim gives an op's lease up, so that the next claim takes it; a lease
// that ended and was taken by another run since is left alone.
func TestUnclaim(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "call:c1", "sync", "", *now, true))
	op, ok := claimNext(t, s)
	require.True(t, ok)
	require.NoError(t, s.Unclaim(ctx, op))
	again, ok := claimNext(t, s)
	require.True(t, ok, "given back, it is claimed again at once")
	assert.Equal(t, op.ID, again.ID)

	// The first lease ends; another run claims the op; the first run's
	// Unclaim comes late and changes nothing.
	*now = now.Add(2 * time.Minute)
	other, ok := claimNext(t, s)
	require.True(t, ok)
	require.NoError(t, s.Unclaim(ctx, again))
	_, ok = claimNext(t, s)
	assert.False(t, ok, "the other run's lease stands")
	require.NoError(t, s.Unclaim(ctx, other))
	_, ok = claimNext(t, s)
	assert.True(t, ok)
}

// UpdateCallDone saves the call, queues its ops, marks the op that ran done
// and claims the next op in one transaction; after a conflict it makes all
// of it again on the call read anew, and when f fails, none of it.
func TestUpdateCallDone(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	pending, c := alerted(t, s, *now)
	require.NoError(t, s.SaveCallWith(ctx, &c, pending, Queued{Key: "detail:c1", Kind: "detail", At: *now, Unique: true}))
	detail, ok := claimNext(t, s)
	require.True(t, ok)
	require.Equal(t, "detail:c1", detail.Key)

	// Another writer saves the call meanwhile: f runs again on its copy.
	other := c
	other.Facts.Queue = "support"
	require.NoError(t, s.SaveCall(ctx, &other))
	runs := 0
	saved, next, ok, err := s.UpdateCallDone(ctx, c, func(c *Call) error {
		runs++
		c.Facts.From = "+14155550201"
		return nil
	}, detail.ID, time.Minute, Queued{Key: "call:c1", Kind: "sync", At: *now, Unique: true})
	require.NoError(t, err)
	assert.Equal(t, 2, runs, "once on the stale copy, once on the call read again")
	assert.Equal(t, "support", saved.Facts.Queue)
	require.True(t, ok, "the sync it queued is claimed")
	assert.Equal(t, "call:c1", next.Key)
	require.NotNil(t, next.Call, "with the call as this save left it")
	assert.Equal(t, "+14155550201", next.Call.Facts.From)
	assert.Equal(t, saved.Version, next.Call.Version)
	ops, err := s.Unfinished(ctx, 10)
	require.NoError(t, err)
	require.Len(t, ops, 1, "the detail op is done")
	assert.Equal(t, next.ID, ops[0].ID)

	// f fails: nothing is saved, the op stays unfinished, nothing claimed.
	boom := errors.New("boom")
	_, _, ok, err = s.UpdateCallDone(ctx, saved, func(c *Call) error { return boom }, next.ID, time.Minute)
	assert.ErrorIs(t, err, boom)
	assert.False(t, ok)
	ops, err = s.Unfinished(ctx, 10)
	require.NoError(t, err)
	assert.Len(t, ops, 1)

	// Nothing else due: the op is done and nothing is claimed.
	_, _, ok, err = s.UpdateCallDone(ctx, saved, func(c *Call) error { return nil }, next.ID, time.Minute)
	require.NoError(t, err)
	assert.False(t, ok)
	ops, err = s.Unfinished(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, ops)
}

// A Settled entry queues nothing and finishes the key and kind's op that
// was postponed; an op backing off after a failure, one running, one due
// now and another key's are left as they are.
func TestSettledFinishesOnlyAPostponedOp(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	pending, c := alerted(t, s, *now)
	claim := func(key string) Op {
		t.Helper()
		op, ok, err := s.Claim(ctx, key, time.Minute)
		require.NoError(t, err)
		require.True(t, ok, key)
		return op
	}
	for _, k := range []string{"call:c1", "call:failing", "call:running", "call:due", "other:c1"} {
		require.NoError(t, s.Enqueue(ctx, k, "sync", "", *now, true))
	}
	require.NoError(t, s.Postpone(ctx, claim("call:c1"), now.Add(time.Minute)))
	require.NoError(t, s.Postpone(ctx, claim("other:c1"), now.Add(time.Minute)))
	require.NoError(t, s.Fail(ctx, claim("call:failing").ID, Failure{Err: errors.New("503"), Next: now.Add(time.Minute)}))
	claim("call:running")

	settle := func(key string) {
		t.Helper()
		require.NoError(t, s.SaveCallWith(ctx, &c, pending, Queued{Key: key, Kind: "sync", At: *now, Unique: true, Settled: true}))
		pending = nil
	}
	for _, k := range []string{"call:c1", "call:failing", "call:running", "call:due"} {
		settle(k)
	}
	ops, err := s.Unfinished(ctx, 10)
	require.NoError(t, err)
	var left []string
	for _, op := range ops {
		left = append(left, op.Key)
	}
	assert.ElementsMatch(t, []string{"call:failing", "call:running", "call:due", "other:c1"}, left)
	assert.True(t, QueuesWork([]Queued{{Settled: true}, {}}))
	assert.False(t, QueuesWork([]Queued{{Settled: true}}))
}
