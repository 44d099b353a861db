package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Op is a unit of work for ServiceNow, queued durably: it is retried until
// done, and the ops of one key run one at a time, in order.
type Op struct {
	ID       int64
	Key      string // e.g. "call:<vcc id>", "presence:<user>"
	Kind     string // e.g. "sync"
	Payload  string
	Attempts int
	NextAt   time.Time
	LastErr  string
}

// Enqueue adds an op to run at (or after) at. With unique set, nothing is
// added when an op of the same key and kind is waiting to run: "sync the
// call" needs doing once, however many events asked for it. An op running
// now does not count: it may have read the call before this change, so the
// change gets an op of its own, which runs after it. A waiting op that was
// postponed (Postpone) is brought forward to at; one backing off after a
// failure keeps its time.
func (s *Store) Enqueue(ctx context.Context, key, kind, payload string, at time.Time, unique bool) error {
	if unique {
		now := ts(s.clock())
		if _, err := s.db.ExecContext(ctx, `UPDATE outbox SET next_at = ? WHERE key = ? AND op = ? AND done_at IS NULL
			AND lease_until < ? AND last_error = '' AND next_at > ?`, ts(at), key, kind, now, ts(at)); err != nil {
			return fmt.Errorf("store: enqueue: %w", err)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE key = ? AND op = ? AND done_at IS NULL AND lease_until < ?`,
			key, kind, now).Scan(&n); err != nil {
			return fmt.Errorf("store: enqueue: %w", err)
		}
		if n > 0 {
			return nil
		}
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO outbox (key, op, payload, next_at, created_at) VALUES (?, ?, ?, ?, ?)`,
		key, kind, payload, ts(at), ts(s.clock()))
	if err != nil {
		return fmt.Errorf("store: enqueue: %w", err)
	}
	return nil
}

// Claim leases the oldest due op of a key that no one holds, for ttl. It
// returns false when there is none (or another worker holds it).
func (s *Store) Claim(ctx context.Context, key string, ttl time.Duration) (Op, bool, error) {
	now := s.clock()
	var op Op
	var next string
	err := s.db.QueryRowContext(ctx, `SELECT id, key, op, payload, attempts, next_at, last_error FROM outbox
		WHERE key = ? AND done_at IS NULL ORDER BY id LIMIT 1`, key).Scan(&op.ID, &op.Key, &op.Kind, &op.Payload, &op.Attempts, &next, &op.LastErr)
	if errors.Is(err, sql.ErrNoRows) {
		return op, false, nil
	}
	if err != nil {
		return op, false, fmt.Errorf("store: claim: %w", err)
	}
	op.NextAt = parseTS(next)
	if op.NextAt.After(now) {
		return op, false, nil
	}
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET lease_until = ? WHERE id = ? AND done_at IS NULL AND lease_until < ?`,
		ts(now.Add(ttl)), op.ID, ts(now))
	if err != nil {
		return op, false, fmt.Errorf("store: claim: %w", err)
	}
	n, _ := res.RowsAffected()
	return op, n == 1, nil
}

// DueKeys lists keys whose first unfinished op is due.
func (s *Store) DueKeys(ctx context.Context, limit int) ([]string, error) {
	now := ts(s.clock())
	rows, err := s.db.QueryContext(ctx, `SELECT o.key FROM outbox o WHERE o.done_at IS NULL
		AND o.id = (SELECT MIN(i.id) FROM outbox i WHERE i.key = o.key AND i.done_at IS NULL)
		AND o.next_at <= ? AND o.lease_until < ? ORDER BY o.id LIMIT ?`, now, now, limit)
	if err != nil {
		return nil, fmt.Errorf("store: due keys: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// NextDue is when the earliest unfinished op is due (zero when none).
func (s *Store) NextDue(ctx context.Context) (time.Time, error) {
	var next *string
	if err := s.db.QueryRowContext(ctx, `SELECT MIN(next_at) FROM outbox WHERE done_at IS NULL`).Scan(&next); err != nil || next == nil {
		return time.Time{}, err
	}
	return parseTS(*next), nil
}

// Done marks an op finished.
func (s *Store) Done(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET done_at = ?, lease_until = '' WHERE id = ?`, ts(s.clock()), id)
	return err
}

// Retry reschedules an op after a failure.
func (s *Store) Retry(ctx context.Context, id int64, at time.Time, cause error) error {
	msg := ""
	if cause != nil {
		msg = cause.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
	}
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ?, lease_until = '' WHERE id = ?`, ts(at), msg, id)
	return err
}

// ReleaseLeases frees every op a worker holds, so that they run again, and
// returns how many there were. Only a worker that knows it is alone on the
// database may call it (the native bridge at start, after a crash).
func (s *Store) ReleaseLeases(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET lease_until = '' WHERE done_at IS NULL AND lease_until != ''`)
	if err != nil {
		return 0, fmt.Errorf("store: release leases: %w", err)
	}
	return res.RowsAffected()
}

// Postpone ends an op that has nothing to do until at (it waits for news,
// not for ServiceNow) and queues its like for at, unless one is waiting
// already: no attempt is counted, no error recorded, and an Enqueue of the
// key and kind brings it forward. A newer op of the key queued while this one
// ran is not held back behind it.
func (s *Store) Postpone(ctx context.Context, op Op, at time.Time) error {
	if err := s.Enqueue(ctx, op.Key, op.Kind, op.Payload, at, true); err != nil {
		return fmt.Errorf("store: postpone: %w", err)
	}
	if err := s.Done(ctx, op.ID); err != nil {
		return fmt.Errorf("store: postpone: %w", err)
	}
	return nil
}

// OutboxStats counts unfinished ops and the oldest one's age, for health.
func (s *Store) OutboxStats(ctx context.Context) (pending int, oldest time.Time, err error) {
	var first *string
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*), MIN(created_at) FROM outbox WHERE done_at IS NULL`).Scan(&pending, &first)
	if first != nil {
		oldest = parseTS(*first)
	}
	return pending, oldest, err
}
