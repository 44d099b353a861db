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

// An event that arrives while its call's sync runs must get a sync of its
// own: the running one may have read the call before the event.
func TestEnqueueWhileRunning(t *testing.T) {
	cases := map[string]struct {
		// before runs between the first Enqueue and the second.
		before      func(t *testing.T, s *Store, now *time.Time)
		wantPending int
	}{
		"waiting op absorbs the request": {
			before:      func(*testing.T, *Store, *time.Time) {},
			wantPending: 1,
		},
		"running op does not": {
			before: func(t *testing.T, s *Store, _ *time.Time) {
				_, ok, err := s.Claim(context.Background(), "call:1", time.Minute)
				require.NoError(t, err)
				require.True(t, ok)
			},
			wantPending: 2,
		},
		"op whose worker died counts as waiting": {
			before: func(t *testing.T, s *Store, now *time.Time) {
				_, ok, err := s.Claim(context.Background(), "call:1", time.Minute)
				require.NoError(t, err)
				require.True(t, ok)
				*now = now.Add(2 * time.Minute)
			},
			wantPending: 1,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s, now := open(t)
			ctx := context.Background()
			require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
			tc.before(t, s, now)
			require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
			pending, _, err := s.OutboxStats(ctx)
			require.NoError(t, err)
			assert.Equal(t, tc.wantPending, pending)
		})
	}
}

// The second op of a key waits until the first is done.
func TestOpsOfAKeyRunInOrder(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	first, ok, err := s.Claim(ctx, "call:1", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	_, ok, err = s.Claim(ctx, "call:1", time.Minute)
	require.NoError(t, err)
	assert.False(t, ok, "the second op ran beside the first")
	require.NoError(t, s.Done(ctx, first.ID))
	second, ok, err := s.Claim(ctx, "call:1", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Greater(t, second.ID, first.ID)
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
			ctx := context.Background()
			require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
			op, ok, err := s.Claim(ctx, "call:1", time.Minute)
			require.NoError(t, err)
			require.True(t, ok)
			require.NoError(t, tc.park(s, op, now.Add(30*time.Second)))
			require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
			next, err := s.NextDue(ctx)
			require.NoError(t, err)
			assert.Equal(t, tc.wantNext, next.Sub(*now))
			pending, _, err := s.OutboxStats(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, pending)
		})
	}
}

// An op queued while a postponed one ran is not held behind it.
func TestPostponeDoesNotBlockANewerOp(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	op, ok, err := s.Claim(ctx, "call:1", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true)) // news while it runs
	require.NoError(t, s.Postpone(ctx, op, now.Add(30*time.Second)))
	next, ok, err := s.Claim(ctx, "call:1", time.Minute)
	require.NoError(t, err)
	require.True(t, ok, "the newer op waits behind the postponed one")
	assert.Greater(t, next.ID, op.ID)
	pending, _, err := s.OutboxStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, pending)
}

// A worker that died mid-op leaves a lease; the next worker on the
// database releases it and the op runs again, before its key's later ops.
func TestReleaseLeases(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	first, ok, err := s.Claim(ctx, "call:1", 2*time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))

	n, err := s.ReleaseLeases(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)
	again, ok, err := s.Claim(ctx, "call:1", 2*time.Minute)
	require.NoError(t, err)
	require.True(t, ok, "the op of the dead worker is still held")
	assert.Equal(t, first.ID, again.ID)
}
