//go:build !js

package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncCall asks for a sync of call 1 (as every event does), at the store's
// now.
func syncCall(t *testing.T, s *Store) {
	t.Helper()
	require.NoError(t, s.Enqueue(context.Background(), "call:1", "sync", "", s.clock(), true))
}

// mustClaim claims call 1's next op, as a worker does, and fails unless
// there is one.
func mustClaim(t *testing.T, s *Store) Op {
	t.Helper()
	op, ok, err := s.Claim(context.Background(), "call:1", time.Minute)
	require.NoError(t, err)
	require.True(t, ok, "no op of call 1 to claim")
	return op
}

func pendingOps(t *testing.T, s *Store) int {
	t.Helper()
	n, _, err := s.OutboxStats(context.Background())
	require.NoError(t, err)
	return n
}

// An event that arrives while its call's sync runs must get a sync of its
// own: the running one may have read the call before the event.
func TestEnqueueWhileRunning(t *testing.T) {
	cases := map[string]struct {
		// before runs between the first Enqueue and the second.
		before      func(t *testing.T, s *Store, now *time.Time)
		wantPending int
	}{
		"waiting op absorbs the request": {before: func(*testing.T, *Store, *time.Time) {}, wantPending: 1},
		"running op does not":            {before: func(t *testing.T, s *Store, _ *time.Time) { mustClaim(t, s) }, wantPending: 2},
		"op whose worker died counts as waiting": {
			before: func(t *testing.T, s *Store, now *time.Time) {
				mustClaim(t, s)
				*now = now.Add(2 * time.Minute)
			},
			wantPending: 1,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s, now := open(t)
			syncCall(t, s)
			tc.before(t, s, now)
			syncCall(t, s)
			assert.Equal(t, tc.wantPending, pendingOps(t, s))
		})
	}
}

// The second op of a key waits until the first is done.
func TestOpsOfAKeyRunInOrder(t *testing.T) {
	s, _ := open(t)
	syncCall(t, s)
	first := mustClaim(t, s)
	syncCall(t, s)
	_, ok, err := s.Claim(context.Background(), "call:1", time.Minute)
	require.NoError(t, err)
	assert.False(t, ok, "the second op ran beside the first")
	require.NoError(t, s.Done(context.Background(), first.ID))
	assert.Greater(t, mustClaim(t, s).ID, first.ID)
}

// A new request brings a postponed op forward; an op backing off after a
// failure (a 429's Retry-After) keeps its time.
func TestEnqueueBringsPostponedForward(t *testing.T) {
	cases := map[string]struct {
		park     func(s *Store, op Op, at time.Time) error
		wantNext time.Duration
	}{
		"postponed": {park: func(s *Store, op Op, at time.Time) error { return s.Postpone(context.Background(), op, at) }, wantNext: 0},
		"backing off": {park: func(s *Store, op Op, at time.Time) error {
			return s.Retry(context.Background(), op.ID, at, errors.New("429"))
		}, wantNext: 30 * time.Second},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s, now := open(t)
			syncCall(t, s)
			require.NoError(t, tc.park(s, mustClaim(t, s), now.Add(30*time.Second)))
			syncCall(t, s)
			next, err := s.NextDue(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.wantNext, next.Sub(*now))
			assert.Equal(t, 1, pendingOps(t, s))
		})
	}
}

// An op queued while a postponed one ran is not held behind it.
func TestPostponeDoesNotBlockANewerOp(t *testing.T) {
	s, now := open(t)
	syncCall(t, s)
	op := mustClaim(t, s)
	syncCall(t, s) // news while it runs
	require.NoError(t, s.Postpone(context.Background(), op, now.Add(30*time.Second)))
	assert.Greater(t, mustClaim(t, s).ID, op.ID, "the newer op waits behind the postponed one")
	assert.Equal(t, 1, pendingOps(t, s))
}

// A worker that died mid-op leaves a lease; the next worker on the
// database releases it and the op runs again, before its key's later ops.
func TestReleaseLeases(t *testing.T) {
	s, _ := open(t)
	syncCall(t, s)
	first := mustClaim(t, s)
	syncCall(t, s)
	n, err := s.ReleaseLeases(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)
	assert.Equal(t, first.ID, mustClaim(t, s).ID, "the op of the dead worker is still held")
}

// ClaimNext takes the oldest due op among keys none of whose ops is held,
// skips ops that are not due, and finds nothing once all are held or done.
func TestClaimNext(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	require.NoError(t, s.Enqueue(ctx, "call:1", "note", "", *now, false))
	require.NoError(t, s.Enqueue(ctx, "call:2", "sync", "", now.Add(time.Minute), true))
	require.NoError(t, s.Enqueue(ctx, "call:3", "sync", "", *now, true))

	first, ok, err := s.ClaimNext(ctx, time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "call:1", first.Key)
	assert.Equal(t, "sync", first.Kind)
	assert.True(t, first.LeaseUntil.After(*now), "the op comes back held")

	// call:1's second op waits behind its first; call:2's is not due.
	next, ok, err := s.ClaimNext(ctx, time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "call:3", next.Key)
	_, ok, err = s.ClaimNext(ctx, time.Minute)
	require.NoError(t, err)
	assert.False(t, ok, "nothing else is due")

	require.NoError(t, s.Done(ctx, first.ID))
	op, ok, err := s.ClaimNext(ctx, time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "call:1", op.Key)
	assert.Equal(t, "note", op.Kind)

	*now = now.Add(time.Minute)
	op, ok, err = s.ClaimNext(ctx, time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "call:2", op.Key, "due now")
}

// A unique Enqueue while a like op waits adds nothing and brings a postponed
// one forward; a dead letter of the key and kind is superseded.
func TestEnqueueUniqueBringsForwardAndSupersedes(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", now.Add(time.Hour), true))
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	assert.Equal(t, 1, pendingOps(t, s))
	op := mustClaim(t, s)
	_, err := s.MarkDead(ctx, op.ID, errors.New("page"), false)
	require.NoError(t, err)
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, OutboxCounts{Pending: 1, Oldest: c.Oldest}, c, "the dead letter is superseded by the newer op")
}
