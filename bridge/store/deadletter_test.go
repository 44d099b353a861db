//go:build !js

package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// claimKey claims key's next op, and fails unless there is one.
func claimKey(t *testing.T, s *Store, key string) Op {
	t.Helper()
	op, ok, err := s.Claim(context.Background(), key, time.Minute)
	require.NoError(t, err)
	require.True(t, ok, "no op of %s to claim", key)
	return op
}

func counts(t *testing.T, s *Store) OutboxCounts {
	t.Helper()
	c, err := s.Counts(context.Background())
	require.NoError(t, err)
	return c
}

var errPage = errors.New(`servicenow: POST /api/now/openframe/voice-interaction: 200 answered with an HTML page titled "Log in"`)

// A dead letter keeps its error and no longer holds back its key's later
// ops, which once waited behind an op parked for a year.
func TestADeadLetterDoesNotBlockItsKey(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "agent:1", "first", "", *now, false))
	require.NoError(t, s.Enqueue(ctx, "agent:1", "second", "", *now, false))
	first := claimKey(t, s, "agent:1")
	superseded, err := s.MarkDead(ctx, first.ID, errPage, true)
	require.NoError(t, err)
	assert.False(t, superseded, "an op of another kind supersedes nothing")

	assert.Equal(t, "second", claimKey(t, s, "agent:1").Kind)
	dead, err := s.DeadLetters(ctx, 10)
	require.NoError(t, err)
	require.Len(t, dead, 1)
	assert.Equal(t, first.ID, dead[0].ID)
	assert.Equal(t, errPage.Error(), dead[0].LastErr)
	assert.Equal(t, "dead", dead[0].State(*now))
	assert.True(t, dead[0].DeadAt.Equal(*now))
	assert.Equal(t, OutboxCounts{Pending: 1, Dead: 1, Oldest: *now}, counts(t, s))
}

// A newer op of the same key and kind supersedes a dead letter: it stops
// counting, and the new op runs.
func TestANewerOpSupersedesADeadLetter(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	syncCall(t, s)
	dead := mustClaim(t, s)
	_, err := s.MarkDead(ctx, dead.ID, errPage, true)
	require.NoError(t, err)
	require.NoError(t, s.Enqueue(ctx, "call:1", "note", "", *now, false))
	assert.Equal(t, 1, counts(t, s).Dead, "another kind supersedes nothing")
	require.NoError(t, s.Done(ctx, claimKey(t, s, "call:1").ID))

	*now = now.Add(time.Hour)
	syncCall(t, s)
	assert.Equal(t, OutboxCounts{Pending: 1, Oldest: *now}, counts(t, s))
	left, err := s.DeadLetters(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, left)
	assert.Greater(t, mustClaim(t, s).ID, dead.ID)
	var superseded string
	require.NoError(t, s.DB().QueryRow(`SELECT superseded_at FROM outbox WHERE id = ?`, dead.ID).Scan(&superseded))
	assert.Equal(t, ts(*now), superseded)
}

// An op that dies while a newer op of its key and kind waits (queued while
// it ran) is superseded at once.
func TestAnOpDyingBehindANewerOneIsSuperseded(t *testing.T) {
	s, _ := open(t)
	syncCall(t, s)
	running := mustClaim(t, s)
	syncCall(t, s)
	superseded, err := s.MarkDead(context.Background(), running.ID, errPage, true)
	require.NoError(t, err)
	assert.True(t, superseded)
	assert.Zero(t, counts(t, s).Dead)
	assert.Greater(t, mustClaim(t, s).ID, running.ID)
}

// Failures are counted and classed: an op is failing from its first
// failure that needs an operator; a temporary failure is not failing.
func TestFailRecordsWhyAndSince(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	syncCall(t, s)
	start := *now
	op := mustClaim(t, s)
	require.NoError(t, s.Fail(ctx, op.ID, Failure{Err: errors.New("429"), Next: *now}))
	assert.Equal(t, 0, counts(t, s).Failing)
	op = mustClaim(t, s)
	assert.Equal(t, "running", op.State(*now))
	assert.Equal(t, "retrying", op.State(now.Add(2*time.Minute)))
	assert.True(t, op.FailingSince.Equal(start))
	assert.True(t, op.AlertedAt.IsZero())

	*now = now.Add(time.Minute)
	require.NoError(t, s.Fail(ctx, op.ID, Failure{Err: errPage, Next: *now, NeedsOperator: true, Alerted: true}))
	assert.Equal(t, 1, counts(t, s).Failing)
	op = mustClaim(t, s)
	assert.Equal(t, 2, op.Attempts)
	assert.True(t, op.NeedsOperator)
	assert.Equal(t, "failing", op.State(now.Add(2*time.Minute)))
	assert.True(t, op.FailingSince.Equal(start), "failing since its first failure")
	assert.True(t, op.AlertedAt.Equal(*now))

	*now = now.Add(time.Minute)
	require.NoError(t, s.Fail(ctx, op.ID, Failure{Err: errPage, Next: *now, NeedsOperator: true}))
	op = mustClaim(t, s)
	assert.True(t, op.AlertedAt.Equal(now.Add(-time.Minute)), "an alert not made now keeps the last one's time")
	require.NoError(t, s.Done(ctx, op.ID))
	assert.Equal(t, OutboxCounts{}, counts(t, s))
}

// An admin's retry makes a dead letter or a failing op due now, with its
// failing time forgotten; a running op is left to its worker.
func TestRetryNow(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	require.NoError(t, s.Enqueue(ctx, "call:2", "sync", "", *now, true))
	require.NoError(t, s.Enqueue(ctx, "call:3", "sync", "", *now, true))
	dead := claimKey(t, s, "call:1")
	_, err := s.MarkDead(ctx, dead.ID, errPage, true)
	require.NoError(t, err)
	failing := claimKey(t, s, "call:2")
	require.NoError(t, s.Fail(ctx, failing.ID, Failure{Err: errPage, Next: now.Add(30 * time.Minute), NeedsOperator: true, Alerted: true}))
	running := claimKey(t, s, "call:3")

	*now = now.Add(time.Minute)
	ok, err := s.RetryNow(ctx, running.ID)
	require.NoError(t, err)
	assert.False(t, ok, "a running op is its worker's")
	ok, err = s.RetryNow(ctx, dead.ID)
	require.NoError(t, err)
	assert.True(t, ok)
	op := claimKey(t, s, "call:1")
	assert.Equal(t, dead.ID, op.ID)
	assert.True(t, op.DeadAt.IsZero())
	assert.True(t, op.FailingSince.IsZero(), "a fresh start")
	assert.Equal(t, errPage.Error(), op.LastErr, "the last error is kept until the next run")
	_, err = s.MarkDead(ctx, op.ID, errPage, true)
	require.NoError(t, err)

	n, err := s.RetryAllNow(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 2, n, "the dead letter and the failing op")
	keys, err := s.DueKeys(ctx, 10)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"call:1", "call:2"}, keys)
	ok, err = s.RetryNow(ctx, 999)
	require.NoError(t, err)
	assert.False(t, ok)
}

// Earlier versions parked an op they gave up on a year ahead, and an op
// behind an unbounded Retry-After as far as it said; the migration makes
// the first dead letters (superseded when a newer op of their key and kind
// waits) and the second due now.
func TestMigrationRescuesParkedOps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridge.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	before := 0
	for i, m := range migrations {
		if strings.Contains(m, "ADD COLUMN dead_at") {
			before = i
			break
		}
	}
	require.NotZero(t, before)
	_, err = db.Exec(`CREATE TABLE schema_version (version INTEGER NOT NULL)`)
	require.NoError(t, err)
	for _, m := range migrations[:before] {
		_, err := db.Exec(m)
		require.NoError(t, err)
	}
	_, err = db.Exec(`INSERT INTO schema_version (version) VALUES (?)`, before)
	require.NoError(t, err)
	now := time.Now()
	insert := func(key, kind string, next time.Time, attempts int, lastErr string) {
		_, err := db.Exec(`INSERT INTO outbox (key, op, payload, attempts, next_at, created_at, last_error) VALUES (?, ?, '', ?, ?, ?, ?)`,
			key, kind, attempts, ts(next), ts(now.Add(-time.Hour)), lastErr)
		require.NoError(t, err)
	}
	yearAhead := now.Add(365 * 24 * time.Hour)
	insert("call:parked", "sync", yearAhead, 8, "servicenow: 401 User Not Authenticated")
	insert("disposition:x:u", "disposition", yearAhead, 8, "vcc: 403")
	insert("disposition:x:u", "disposition", now, 0, "")
	insert("presence:beth", "presence", now.Add(100*24*time.Hour*365), 1, "servicenow: 429 Rate limit exceeded")
	insert("presence:abel", "presence", now.Add(3*time.Hour), 1, "servicenow: 429 Rate limit exceeded")
	insert("call:fine", "sync", now.Add(10*time.Second), 0, "")
	require.NoError(t, db.Close())

	s, err := OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer s.Close()
	s.SetClock(func() time.Time { return now.Add(time.Minute) })
	dead, err := s.DeadLetters(context.Background(), 10)
	require.NoError(t, err)
	var deadKeys []string
	for _, op := range dead {
		deadKeys = append(deadKeys, op.Key)
		assert.NotEmpty(t, op.LastErr)
		assert.True(t, op.NeedsOperator)
		assert.False(t, op.DeadAt.IsZero())
		assert.True(t, op.FailingSince.Before(op.DeadAt))
	}
	assert.Equal(t, []string{"call:parked", "presence:beth"}, deadKeys)
	keys, err := s.DueKeys(context.Background(), 10)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"disposition:x:u", "presence:abel", "call:fine"}, keys,
		"the superseded parked disposition holds nothing back; the hours-away retry is due")
	c, err := s.Counts(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, c.Dead)
	assert.Equal(t, 3, c.Pending)
}

func TestOpState(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		op   Op
		want string
	}{
		{"new", Op{}, "pending"},
		{"lease over", Op{LeaseUntil: now.Add(-time.Second)}, "pending"},
		{"held", Op{LeaseUntil: now.Add(time.Second), LastErr: "x", NeedsOperator: true}, "running"},
		{"after a 429", Op{LastErr: "429"}, "retrying"},
		{"after a 401", Op{LastErr: "401", NeedsOperator: true}, "failing"},
		{"dead", Op{DeadAt: now, LastErr: "401", NeedsOperator: true}, "dead"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, tc.op.State(now)) })
	}
}
