package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Dead letters. An op that cannot succeed (its error says so, or it has
// failed in a way only a person can fix for longer than the bridge's
// dead-letter age) is set aside: it keeps its last error and its place in
// the table (done_at stays NULL, dead_at is set), no longer runs, and no
// longer holds back the later ops of its key. A newer op of the same key
// and kind supersedes it (superseded_at and done_at are set): the newer
// one does the same work from what the bridge knows then. An admin can run
// it again (RetryNow). Every query of due or waiting ops skips dead
// letters (dead_at = '').

// MarkDead makes a running op a dead letter with its last error, and
// reports whether it was superseded at once: a newer op of its key and
// kind was queued while it ran. needsOperator records why it died (a
// failure a person must fix, for too long) as opposed to an op that can
// never succeed.
func (s *Store) MarkDead(ctx context.Context, id int64, cause error, needsOperator bool) (superseded bool, err error) {
	now := ts(s.clock())
	class := classPermanent
	if needsOperator {
		class = classOperator
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE outbox SET dead_at = ?, attempts = attempts + 1, last_error = ?, error_class = ?, lease_until = '',
		failing_since = CASE WHEN failing_since = '' THEN ? ELSE failing_since END
		WHERE id = ? AND done_at IS NULL AND dead_at = ''`, now, errorText(cause), class, now, id); err != nil {
		return false, fmt.Errorf("store: dead letter %d: %w", id, err)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET superseded_at = ?, done_at = ? WHERE id = ? AND done_at IS NULL AND dead_at != ''
		AND EXISTS (SELECT 1 FROM outbox n WHERE n.key = outbox.key AND n.op = outbox.op AND n.id > outbox.id
		AND n.done_at IS NULL AND n.dead_at = '')`, now, now, id)
	if err != nil {
		return false, fmt.Errorf("store: dead letter %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DeadLetters lists the dead letters no newer op has superseded, oldest
// first, at most limit.
func (s *Store) DeadLetters(ctx context.Context, limit int) ([]Op, error) {
	return s.queryOps(ctx, `SELECT `+opColumns+` FROM outbox WHERE done_at IS NULL AND dead_at != '' ORDER BY id LIMIT ?`, limit)
}

// Unfinished lists the ops not done, dead letters included, oldest first,
// at most limit (the admin's list).
func (s *Store) Unfinished(ctx context.Context, limit int) ([]Op, error) {
	return s.queryOps(ctx, `SELECT `+opColumns+` FROM outbox WHERE done_at IS NULL ORDER BY id LIMIT ?`, limit)
}

func (s *Store) queryOps(ctx context.Context, query string, args ...any) ([]Op, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list ops: %w", err)
	}
	defer rows.Close()
	var out []Op
	for rows.Next() {
		op, err := scanOp(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list ops: %w", err)
		}
		out = append(out, op)
	}
	return out, rows.Err()
}

// RetryNow makes op id due now, whether it is a dead letter or waiting
// after failures, and gives it a fresh start: its failing time and its
// last alert are forgotten, so a failure that persists is reported again
// and has the whole dead-letter age before it dies again. It reports false
// when there is no such op not done and not running.
func (s *Store) RetryNow(ctx context.Context, id int64) (bool, error) {
	now := ts(s.clock())
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET next_at = ?, dead_at = '', failing_since = '', alerted_at = ''
		WHERE id = ? AND done_at IS NULL AND lease_until < ?`, now, id, now)
	if err != nil {
		return false, fmt.Errorf("store: retry op %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RetryAllNow is RetryNow for every dead letter and every op waiting after
// a failure; it returns how many it made due.
func (s *Store) RetryAllNow(ctx context.Context) (int64, error) {
	now := ts(s.clock())
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET next_at = ?, dead_at = '', failing_since = '', alerted_at = ''
		WHERE done_at IS NULL AND lease_until < ? AND (dead_at != '' OR last_error != '')`, now, now)
	if err != nil {
		return 0, fmt.Errorf("store: retry ops: %w", err)
	}
	return res.RowsAffected()
}

// OutboxCounts is the outbox at a glance, for /healthz, /metrics and the
// doctor.
type OutboxCounts struct {
	// Pending counts the ops waiting or running, failing ones included.
	Pending int
	// Failing counts those of them whose last failure needs an operator.
	Failing int
	// Dead counts the dead letters no newer op superseded.
	Dead int
	// Oldest is when the oldest pending op was queued (zero when none).
	Oldest time.Time
}

// Counts reads the outbox's counts.
func (s *Store) Counts(ctx context.Context) (OutboxCounts, error) {
	var c OutboxCounts
	var pending, failing, dead sql.NullInt64
	var oldest sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT
		SUM(CASE WHEN dead_at = '' THEN 1 ELSE 0 END),
		SUM(CASE WHEN dead_at = '' AND error_class = ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN dead_at != '' THEN 1 ELSE 0 END),
		MIN(CASE WHEN dead_at = '' THEN created_at END)
		FROM outbox WHERE done_at IS NULL`, classOperator).Scan(&pending, &failing, &dead, &oldest)
	if err != nil {
		return c, fmt.Errorf("store: outbox counts: %w", err)
	}
	c.Pending, c.Failing, c.Dead = int(pending.Int64), int(failing.Int64), int(dead.Int64)
	if oldest.Valid {
		c.Oldest = parseTS(oldest.String)
	}
	return c, nil
}

// OutboxStats counts pending ops (dead letters aside) and the oldest one's
// time of queueing.
func (s *Store) OutboxStats(ctx context.Context) (pending int, oldest time.Time, err error) {
	c, err := s.Counts(ctx)
	return c.Pending, c.Oldest, err
}
