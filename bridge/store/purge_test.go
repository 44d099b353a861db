//go:build !js

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/calls"
)

const retention = 30 * 24 * time.Hour

// saveCall stores a call with the given facts and sync at the store's
// clock.
func saveCall(t *testing.T, s *Store, id string, f calls.Facts, sy Sync) {
	t.Helper()
	f.VCCID = id
	c := Call{Facts: f, Sync: sy}
	require.NoError(t, s.SaveCall(context.Background(), &c))
}

func callExists(t *testing.T, s *Store, id string) bool {
	t.Helper()
	var n int
	require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM calls WHERE vcc_id = ?`, id).Scan(&n))
	return n == 1
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM `+table).Scan(&n))
	return n
}

// Purge deletes settled calls last touched before the retention, and never
// a call whose interaction is open or whose work is unfinished.
func TestPurgeCalls(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	present := *now
	*now = present.Add(-31 * 24 * time.Hour)

	closed := Sync{InteractionSysID: "ix", State: calls.StateClosedComplete}
	inbound := calls.Facts{Direction: "inbound", QueuedAt: *now}
	saveCall(t, s, "closed", inbound, closed)
	saveCall(t, s, "closed-op-waiting", inbound, closed)
	require.NoError(t, s.Enqueue(ctx, "call:closed-op-waiting", "sync", "", *now, true))
	saveCall(t, s, "closed-detail-waiting", inbound, closed)
	require.NoError(t, s.Enqueue(ctx, "detail:closed-detail-waiting", "detail", "", *now, true))
	saveCall(t, s, "closed-disposition-waiting", inbound, closed)
	require.NoError(t, s.Enqueue(ctx, "disposition:closed-disposition-waiting:u1", "disposition", "{}", *now, false))
	// An op of another call whose id starts like this one's does not count.
	saveCall(t, s, "closed-pre", inbound, closed)
	require.NoError(t, s.Enqueue(ctx, "disposition:closed-prefix:u1", "disposition", "{}", *now, false))
	saveCall(t, s, "closed-event-waiting", inbound, closed)
	_, err := s.AddEvent(ctx, Event{Source: "/channel", ID: "e1", Type: "channel.ended.v1", Key: "call:closed-event-waiting", At: *now, Body: []byte(`{}`)})
	require.NoError(t, err)
	saveCall(t, s, "closed-ops-done", inbound, closed)
	require.NoError(t, s.Enqueue(ctx, "call:closed-ops-done", "sync", "", *now, true))
	op, ok, err := s.Claim(ctx, "call:closed-ops-done", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Done(ctx, op.ID))
	saveCall(t, s, "open", inbound, Sync{InteractionSysID: "ix2", State: calls.StateWorkInProgress})
	saveCall(t, s, "wrap-up", inbound, Sync{InteractionSysID: "ix3", State: calls.StateWrapUp})
	saveCall(t, s, "creating", inbound, Sync{Creating: true})
	saveCall(t, s, "no-interaction-needed", calls.Facts{}, Sync{})
	saveCall(t, s, "interaction-still-to-create", inbound, Sync{})
	saveCall(t, s, "unreadable", inbound, closed)
	_, err = s.DB().Exec(`UPDATE calls SET sync = '{' WHERE vcc_id = 'unreadable'`)
	require.NoError(t, err)

	*now = present.Add(-29 * 24 * time.Hour)
	saveCall(t, s, "closed-recently", inbound, closed)
	*now = present

	p, err := s.Purge(ctx, retention)
	require.NoError(t, err)
	assert.Equal(t, int64(4), p.Calls, "%v", p)
	for id, want := range map[string]bool{
		"closed": false, "closed-ops-done": false, "no-interaction-needed": false, "closed-pre": false,
		"closed-op-waiting": true, "closed-detail-waiting": true, "closed-disposition-waiting": true, "closed-event-waiting": true,
		"open": true, "wrap-up": true, "creating": true, "interaction-still-to-create": true, "unreadable": true, "closed-recently": true,
	} {
		assert.Equal(t, want, callExists(t, s, id), "call %s kept", id)
	}
}

// Purge deletes processed events, finished ops and expired keys older than
// the retention, nothing newer and nothing unfinished.
func TestPurgeEventsOpsAndKeys(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	present := *now
	*now = present.Add(-31 * 24 * time.Hour)
	for i := range 3 {
		e := Event{Source: "/channel", ID: fmt.Sprint("old-", i), Type: "t", Key: "call:x", At: *now, Body: []byte(`{}`)}
		_, err := s.AddEvent(ctx, e)
		require.NoError(t, err)
		if i < 2 {
			require.NoError(t, s.MarkProcessed(ctx, e))
		}
	}
	for _, key := range []string{"done-old", "waiting-old"} {
		require.NoError(t, s.Enqueue(ctx, key, "sync", "", *now, true))
	}
	op, ok, err := s.Claim(ctx, "done-old", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Done(ctx, op.ID))
	require.NoError(t, s.Put(ctx, "expired-long-ago", "v", *now))
	require.NoError(t, s.Put(ctx, "forever", "v", time.Time{}))

	*now = present.Add(-time.Hour)
	recent := Event{Source: "/channel", ID: "recent", Type: "t", Key: "call:x", At: *now, Body: []byte(`{}`)}
	_, err = s.AddEvent(ctx, recent)
	require.NoError(t, err)
	require.NoError(t, s.MarkProcessed(ctx, recent))
	require.NoError(t, s.Enqueue(ctx, "done-recently", "sync", "", *now, true))
	op, ok, err = s.Claim(ctx, "done-recently", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Done(ctx, op.ID))
	require.NoError(t, s.Put(ctx, "expired-recently", "v", *now))
	require.NoError(t, s.Put(ctx, "valid", "v", present.Add(time.Hour)))
	*now = present

	p, err := s.Purge(ctx, retention)
	require.NoError(t, err)
	assert.Equal(t, Purged{Events: 2, Ops: 1, Keys: 1}, p)
	assert.Equal(t, 2, count(t, s, "events"), "the unprocessed old event and the recent one stay")
	keys, err := s.PendingKeys(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"call:x"}, keys)
	assert.Equal(t, 2, count(t, s, "outbox"), "the waiting op and the recent one stay")
	due, err := s.DueKeys(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"waiting-old"}, due)
	assert.Equal(t, 3, count(t, s, "kv"))
	_, ok, err = s.Get(ctx, "valid")
	require.NoError(t, err)
	assert.True(t, ok)

	p, err = s.Purge(ctx, retention)
	require.NoError(t, err)
	assert.Equal(t, Purged{}, p, "nothing more to purge")
}

// Purge works through more rows than one batch, settled calls among
// unsettled ones, and the WAL is truncated afterwards.
func TestPurgeInBatches(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	present := *now
	*now = present.Add(-40 * 24 * time.Hour)
	n := purgeBatch*2 + 7
	closed, err := json.Marshal(Sync{InteractionSysID: "ix", State: calls.StateClosedComplete})
	require.NoError(t, err)
	open, err := json.Marshal(Sync{InteractionSysID: "ix", State: calls.StateWorkInProgress})
	require.NoError(t, err)
	// Written in one transaction, as the bridge would have over weeks.
	tx, err := s.DB().BeginTx(ctx, nil)
	require.NoError(t, err)
	for i := range n {
		_, err := tx.Exec(`INSERT INTO events (source, id, type, key, at, body, received_at, processed_at) VALUES ('/channel', ?, 't', 'k', ?, '{}', ?, ?)`,
			fmt.Sprint(i), ts(*now), ts(*now), ts(*now))
		require.NoError(t, err)
		sy := closed
		if i%3 == 0 {
			sy = open
		}
		_, err = tx.Exec(`INSERT INTO calls (vcc_id, facts, sync, version, updated_at) VALUES (?, '{"direction":"inbound"}', ?, 1, ?)`,
			fmt.Sprintf("call-%04d", i), string(sy), ts(*now))
		require.NoError(t, err)
	}
	require.NoError(t, tx.Commit())
	*now = present
	p, err := s.Purge(ctx, retention)
	require.NoError(t, err)
	assert.Equal(t, int64(n), p.Events)
	assert.Equal(t, int64(n-(n+2)/3), p.Calls)
	assert.Equal(t, (n+2)/3, count(t, s, "calls"), "the open calls stay")

	complete, err := s.Checkpoint(ctx)
	require.NoError(t, err)
	assert.True(t, complete)
}

func TestCheckpointTruncatesTheLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridge.db")
	s, err := OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer s.Close()
	for i := range 100 {
		require.NoError(t, s.Put(context.Background(), fmt.Sprint("k", i), "value", time.Time{}))
	}
	fi, err := os.Stat(path + "-wal")
	require.NoError(t, err)
	require.Positive(t, fi.Size())
	complete, err := s.Checkpoint(context.Background())
	require.NoError(t, err)
	assert.True(t, complete)
	fi, err = os.Stat(path + "-wal")
	require.NoError(t, err)
	assert.Zero(t, fi.Size(), "the log is truncated")
}
