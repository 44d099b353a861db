package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Op is a unit of work for ServiceNow, queued durably: it is retried until
// done, and the ops of one key run one at a time, in order. An op that
// cannot succeed becomes a dead letter (deadletter.go), which no longer
// holds its key's later ops back.
type Op struct {
	ID        int64
	Key       string // e.g. "call:<vcc id>", "presence:<user>"
	Kind      string // e.g. "sync"
	Payload   string
	Attempts  int
	NextAt    time.Time
	LastErr   string
	CreatedAt time.Time
	// LeaseUntil is when the lease of the worker running it ends (zero or
	// past: nobody runs it).
	LeaseUntil time.Time
	// FailingSince is its first failure since it was queued or last
	// retried by hand (zero: it has not failed).
	FailingSince time.Time
	// NeedsOperator says its last failure was one a person must fix
	// (Failure.NeedsOperator).
	NeedsOperator bool
	// AlertedAt is when its failure was last reported at error level.
	AlertedAt time.Time
	// DeadAt is when it became a dead letter (zero: it is not one).
	DeadAt time.Time
	// Call is, for an op of a call (its key "call:<id>" or "detail:<id>"),
	// the call as it was when ClaimNext leased the op, read in the same
	// statement; nil when the op was not claimed so or its call has no row.
	Call *Call
}

// State names what an op is doing at now: "dead" (a dead letter),
// "running" (a worker holds it), "failing" (waiting to run again after a
// failure that needs an operator), "retrying" (after a temporary one) or
// "pending".
func (op Op) State(now time.Time) string {
	switch {
	case !op.DeadAt.IsZero():
		return "dead"
	case op.LeaseUntil.After(now):
		return "running"
	case op.NeedsOperator:
		return "failing"
	case op.LastErr != "":
		return "retrying"
	}
	return "pending"
}

// opColumns are the columns scanOp reads, in its order.
const opColumns = `id, key, op, payload, attempts, next_at, last_error, created_at, lease_until, failing_since, error_class, alerted_at, dead_at`

// Error classes kept in error_class.
const (
	classTemporary = "temporary"
	classOperator  = "operator"
	classPermanent = "permanent"
)

type scanner interface{ Scan(dest ...any) error }

func scanOp(row scanner) (Op, error) {
	var op Op
	err := scanOpWith(row, &op)
	return op, err
}

// scanOpWith reads opColumns into op, and the columns after them into
// more.
func scanOpWith(row scanner, op *Op, more ...any) error {
	var next, created, lease, failing, class, alerted, dead string
	err := row.Scan(append([]any{&op.ID, &op.Key, &op.Kind, &op.Payload, &op.Attempts, &next, &op.LastErr, &created, &lease,
		&failing, &class, &alerted, &dead}, more...)...)
	op.NextAt, op.CreatedAt, op.LeaseUntil = parseTS(next), parseTS(created), parseTS(lease)
	op.FailingSince, op.AlertedAt, op.DeadAt = parseTS(failing), parseTS(alerted), parseTS(dead)
	op.NeedsOperator = class == classOperator
	return err
}

// Enqueue adds an op to run at (or after) at. With unique set, nothing is
// added when an op of the same key and kind is waiting to run: "sync the
// call" needs doing once, however many events asked for it. An op running
// now does not count: it may have read the call before this change, so the
// change gets an op of its own, which runs after it. A waiting op that was
// postponed (Postpone) is brought forward to at; one backing off after a
// failure keeps its time. A dead letter of the key and kind is superseded:
// the newer op does what it would have done.
func (s *Store) Enqueue(ctx context.Context, key, kind, payload string, at time.Time, unique bool) error {
	_, err := s.batch(ctx, enqueueStmts(s.clock(), Queued{Key: key, Kind: kind, Payload: payload, At: at, Unique: unique}))
	if err != nil {
		return fmt.Errorf("store: enqueue: %w", err)
	}
	return nil
}

// enqueueStmts are Enqueue's statements, run in one batch: every event of a
// call queues its sync, and on D1 a batch is one round trip. The UPDATE
// supersedes the key and kind's dead letters and (unique) brings a
// postponed waiting op forward; the INSERT adds the op unless one is
// waiting, in one statement, so two enqueuers cannot both add it.
func enqueueStmts(clock time.Time, q Queued) []Statement {
	now, at := ts(clock), ts(q.At)
	if q.Settled {
		// The waiting ops the UPDATE below brings forward, finished.
		return []Statement{{SQL: `UPDATE outbox SET done_at = ? WHERE key = ? AND op = ? AND done_at IS NULL AND dead_at = ''
			AND lease_until < ? AND last_error = '' AND next_at > ?`, Args: []any{now, q.Key, q.Kind, now, now}}}
	}
	if !q.Unique {
		return []Statement{
			{SQL: `UPDATE outbox SET superseded_at = ?, done_at = ? WHERE key = ? AND op = ?
				AND done_at IS NULL AND dead_at != ''`, Args: []any{now, now, q.Key, q.Kind}},
			{SQL: `INSERT INTO outbox (key, op, payload, next_at, created_at) VALUES (?, ?, ?, ?, ?)`,
				Args: []any{q.Key, q.Kind, q.Payload, at, now}},
		}
	}
	return []Statement{
		{SQL: `UPDATE outbox SET
			superseded_at = CASE WHEN dead_at != '' THEN ? ELSE superseded_at END,
			done_at = CASE WHEN dead_at != '' THEN ? ELSE done_at END,
			next_at = CASE WHEN dead_at = '' THEN ? ELSE next_at END
			WHERE key = ? AND op = ? AND done_at IS NULL
			AND (dead_at != '' OR (lease_until < ? AND last_error = '' AND next_at > ?))`, Args: []any{now, now, at, q.Key, q.Kind, now, at}},
		{SQL: `INSERT INTO outbox (key, op, payload, next_at, created_at) SELECT ?, ?, ?, ?, ?
			WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE key = ? AND op = ? AND done_at IS NULL AND dead_at = '' AND lease_until < ?)`,
			Args: []any{q.Key, q.Kind, q.Payload, at, now, q.Key, q.Kind, now}},
	}
}

// Claim leases the oldest due op of a key, for ttl, when no op of the key
// is held. It returns false when there is none (or another worker holds
// one). Dead letters are skipped. It is one statement: the lease is taken
// only if, as it is taken, the op is its key's first unfinished one, due,
// and no other op of its key is held (a dead letter an admin retried is its
// key's first op again, and may find a later op of its key running).
func (s *Store) Claim(ctx context.Context, key string, ttl time.Duration) (Op, bool, error) {
	now := s.clock()
	op, err := scanOp(s.db.QueryRowContext(ctx, `UPDATE outbox SET lease_until = ?
		WHERE id = (SELECT MIN(f.id) FROM outbox f WHERE f.key = ? AND f.done_at IS NULL AND f.dead_at = '')
		AND next_at <= ? AND lease_until < ?
		AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.key = outbox.key AND o.id != outbox.id AND o.done_at IS NULL AND o.lease_until >= ?)
		RETURNING `+opColumns, ts(now.Add(ttl)), key, ts(now), ts(now), ts(now)))
	if errors.Is(err, sql.ErrNoRows) {
		return Op{}, false, nil
	}
	if err != nil {
		return Op{}, false, fmt.Errorf("store: claim: %w", err)
	}
	return op, true, nil
}

// ClaimNext leases, for ttl, the op due longest of any key whose first
// unfinished op it is and none of whose ops is held (DueKeys and Claim in
// one statement: the outbox runs op after op with one round trip each, and
// one more to find that nothing is due). It returns false when nothing is
// due. It runs under the database's write lock, so it walks the due ops in
// the order of their index (outbox_due: next_at) and stops at the first it
// can take, rather than sorting every due op on each claim.
func (s *Store) ClaimNext(ctx context.Context, ttl time.Duration) (Op, bool, error) {
	st := s.claimNextStmt(ttl)
	return claimed(s.db.QueryRowContext(ctx, st.SQL, st.Args...))
}

// DoneAndClaimNext is Done of op id, then ClaimNext, in one round trip: the
// outbox's step from one op to the next.
func (s *Store) DoneAndClaimNext(ctx context.Context, id int64, ttl time.Duration) (Op, bool, error) {
	res, err := s.batch(ctx, []Statement{s.doneStmt(id), s.claimNextStmt(ttl)})
	if err != nil {
		return Op{}, false, fmt.Errorf("store: done and claim: %w", err)
	}
	return claimed(rowScanner{res[1].Rows})
}

// callOfOp reads, in a RETURNING clause of the outbox, the row of the call
// an op's key names after its first colon: the call of "call:<id>" and
// "detail:<id>"; no call's for the others.
const callOfOp = `(SELECT facts FROM calls WHERE vcc_id = substr(outbox.key, instr(outbox.key, ':') + 1)),
	(SELECT sync FROM calls WHERE vcc_id = substr(outbox.key, instr(outbox.key, ':') + 1)),
	(SELECT version FROM calls WHERE vcc_id = substr(outbox.key, instr(outbox.key, ':') + 1))`

func (s *Store) claimNextStmt(ttl time.Duration) Statement {
	t := s.clock()
	now := ts(t)
	return Statement{SQL: `UPDATE outbox SET lease_until = ?
		WHERE id = (SELECT o.id FROM outbox o WHERE o.done_at IS NULL AND o.dead_at = ''
			AND o.id = (SELECT MIN(i.id) FROM outbox i WHERE i.key = o.key AND i.done_at IS NULL AND i.dead_at = '')
			AND o.next_at <= ? AND o.lease_until < ?
			AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.key = o.key AND x.id != o.id AND x.done_at IS NULL AND x.lease_until >= ?)
			ORDER BY o.next_at, o.id LIMIT 1)
		RETURNING ` + opColumns + `, ` + callOfOp, Args: []any{ts(t.Add(ttl)), now, now, now}, Rows: true}
}

// claimed reads claimNextStmt's row: the op, and its call when it has one.
func claimed(row scanner) (Op, bool, error) {
	var op Op
	var facts, sync *string
	var version any
	err := scanOpWith(row, &op, &facts, &sync, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return Op{}, false, nil
	}
	if err != nil {
		return Op{}, false, fmt.Errorf("store: claim: %w", err)
	}
	if facts != nil && sync != nil {
		if n, err := integer(version); err == nil {
			c := Call{Version: int(n)}
			c.Facts.VCCID = op.CallID()
			if decodeCall(c.Facts.VCCID, *facts, *sync, &c) == nil {
				op.Call = &c
			}
		}
	}
	return op, true, nil
}

// CallID is the call id an op's key names after its first colon: the
// call of "call:<id>" and "detail:<id>".
func (op Op) CallID() string {
	_, id, _ := strings.Cut(op.Key, ":")
	return id
}

// DueKeys lists keys whose first unfinished op (dead letters aside) is
// due.
func (s *Store) DueKeys(ctx context.Context, limit int) ([]string, error) {
	now := ts(s.clock())
	rows, err := s.db.QueryContext(ctx, `SELECT o.key FROM outbox o WHERE o.done_at IS NULL AND o.dead_at = ''
		AND o.id = (SELECT MIN(i.id) FROM outbox i WHERE i.key = o.key AND i.done_at IS NULL AND i.dead_at = '')
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
	if err := s.db.QueryRowContext(ctx, `SELECT MIN(next_at) FROM outbox WHERE done_at IS NULL AND dead_at = ''`).Scan(&next); err != nil || next == nil {
		return time.Time{}, err
	}
	return parseTS(*next), nil
}

// Done marks an op finished.
func (s *Store) Done(ctx context.Context, id int64) error {
	st := s.doneStmt(id)
	_, err := s.db.ExecContext(ctx, st.SQL, st.Args...)
	return err
}

func (s *Store) doneStmt(id int64) Statement {
	return Statement{SQL: `UPDATE outbox SET done_at = ?, lease_until = '' WHERE id = ?`, Args: []any{ts(s.clock()), id}}
}

// Failure is a failed run of an op and what comes of it.
type Failure struct {
	Err error
	// Next is when the op runs again.
	Next time.Time
	// NeedsOperator marks a failure that trying again will not mend until a
	// person acts (ServiceNow answering a page, 401, 403, a missing
	// queue): the op counts as failing until it succeeds.
	NeedsOperator bool
	// Alerted says the failure was reported at error level now.
	Alerted bool
}

// Fail records a failed run of an op and reschedules it: one attempt more,
// its error, its class; it is failing from now unless it was already.
func (s *Store) Fail(ctx context.Context, id int64, f Failure) error {
	now := ts(s.clock())
	class, alerted := classTemporary, ""
	if f.NeedsOperator {
		class = classOperator
	}
	if f.Alerted {
		alerted = now
	}
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ?, lease_until = '', error_class = ?,
		failing_since = CASE WHEN failing_since = '' THEN ? ELSE failing_since END,
		alerted_at = CASE WHEN ? = '' THEN alerted_at ELSE ? END
		WHERE id = ? AND done_at IS NULL AND dead_at = ''`, ts(f.Next), errorText(f.Err), class, now, alerted, alerted, id)
	if err != nil {
		return fmt.Errorf("store: fail op %d: %w", id, err)
	}
	return nil
}

// Retry reschedules an op after a temporary failure (Fail).
func (s *Store) Retry(ctx context.Context, id int64, at time.Time, cause error) error {
	return s.Fail(ctx, id, Failure{Err: cause, Next: at})
}

// errorText is an error as kept in last_error, at most 500 bytes.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	return msg
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

// Unclaim gives up the lease on op, claimed and not run, so that the next
// claim takes it at once rather than once the lease ends. A lease that
// ended and was taken by another run since is left alone.
func (s *Store) Unclaim(ctx context.Context, op Op) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE outbox SET lease_until = '' WHERE id = ? AND done_at IS NULL AND lease_until = ?`,
		op.ID, ts(op.LeaseUntil)); err != nil {
		return fmt.Errorf("store: unclaim op %d: %w", op.ID, err)
	}
	return nil
}

// Postpone ends an op that has nothing to do until at (it waits for news,
// not for ServiceNow) and queues its like for at, unless one is waiting
// already: no attempt is counted, no error recorded, and an Enqueue of the
// key and kind brings it forward. A newer op of the key queued while this one
// ran is not held back behind it.
func (s *Store) Postpone(ctx context.Context, op Op, at time.Time) error {
	stmts := append(enqueueStmts(s.clock(), Queued{Key: op.Key, Kind: op.Kind, Payload: op.Payload, At: at, Unique: true}), s.doneStmt(op.ID))
	if _, err := s.batch(ctx, stmts); err != nil {
		return fmt.Errorf("store: postpone: %w", err)
	}
	return nil
}
