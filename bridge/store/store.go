// Package store keeps the bridge's durable state: idempotency keys, the
// outbox of ServiceNow writes, session leases, presence versions, agents and
// cached keys and tokens. It speaks database/sql with SQL that both SQLite (the
// embedded default, modernc.org/sqlite) and Cloudflare D1 accept, so the same
// queries run natively and on Workers.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Store is the bridge's state on a database. Its methods are single SQL
// statements, optimistic read-modify-write loops, or batches (batch.go):
// statements sent together and run as one transaction, the only kind D1
// offers.
type Store struct {
	db  *sql.DB
	now func() time.Time
	// batcher runs batches in one round trip (D1); nil: a transaction of db
	// (batch.go).
	batcher Batcher
}

// SetClock replaces the store's clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// New wraps an open database and brings its schema up to date.
func New(ctx context.Context, db *sql.DB) (*Store, error) {
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// DB is the underlying database.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// migrations are applied in order; each runs once. Append, never edit.
var migrations = []string{
	`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
	`CREATE TABLE binding (instance TEXT PRIMARY KEY, account_id TEXT NOT NULL, bound_at TEXT NOT NULL)`,
	`CREATE TABLE events (source TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, key TEXT NOT NULL, at TEXT NOT NULL,
		body TEXT NOT NULL, received_at TEXT NOT NULL, processed_at TEXT, PRIMARY KEY (source, id))`,
	`CREATE INDEX events_pending ON events (key, processed_at, at)`,
	`CREATE TABLE calls (vcc_id TEXT PRIMARY KEY, interaction_sys_id TEXT NOT NULL DEFAULT '', facts TEXT NOT NULL,
		sync TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL)`,
	`CREATE INDEX calls_interaction ON calls (interaction_sys_id)`,
	`CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, op TEXT NOT NULL, payload TEXT NOT NULL,
		attempts INTEGER NOT NULL DEFAULT 0, next_at TEXT NOT NULL, created_at TEXT NOT NULL, done_at TEXT,
		last_error TEXT NOT NULL DEFAULT '', lease_until TEXT NOT NULL DEFAULT '')`,
	`CREATE INDEX outbox_due ON outbox (done_at, next_at)`,
	`CREATE INDEX outbox_key ON outbox (key, done_at)`,
	`CREATE TABLE agents (user_name TEXT PRIMARY KEY, vcc_user_id TEXT NOT NULL DEFAULT '', agent_id TEXT NOT NULL DEFAULT '',
		sys_id TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '', presence TEXT NOT NULL DEFAULT '', presence_at TEXT NOT NULL DEFAULT '',
		awa_state TEXT NOT NULL DEFAULT '', panel_until TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL)`,
	`CREATE INDEX agents_vcc ON agents (vcc_user_id)`,
	`CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until TEXT NOT NULL)`,
	`CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at TEXT NOT NULL DEFAULT '')`,
	// The VCC account is the bridge's setting, no longer bound by the
	// first token that arrived.
	`DROP TABLE IF EXISTS binding`,
	// Dead letters (deadletter.go): an op that cannot succeed is set aside
	// with its last error instead of blocking its key; a newer op of its
	// key and kind supersedes it. failing_since and error_class say how
	// long and why an op has been failing; alerted_at when it was last
	// reported at error level.
	`ALTER TABLE outbox ADD COLUMN dead_at TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE outbox ADD COLUMN superseded_at TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE outbox ADD COLUMN failing_since TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE outbox ADD COLUMN error_class TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE outbox ADD COLUMN alerted_at TEXT NOT NULL DEFAULT ''`,
	// Ops that earlier versions gave up on were parked a year ahead, with
	// every later op of their key queued behind them: they become dead
	// letters, listed and retried like any other.
	`UPDATE outbox SET dead_at = ` + sqlNow + `, failing_since = created_at, error_class = 'operator'
		WHERE done_at IS NULL AND next_at > (strftime('%Y-%m-%dT%H:%M:%S', 'now', '+30 days') || '.000000000Z')`,
	// ... superseded at once when a newer op of their key and kind waits.
	`UPDATE outbox SET superseded_at = ` + sqlNow + `, done_at = ` + sqlNow + `
		WHERE done_at IS NULL AND dead_at != '' AND EXISTS (SELECT 1 FROM outbox n WHERE n.key = outbox.key
		AND n.op = outbox.op AND n.id > outbox.id AND n.done_at IS NULL AND n.dead_at = '')`,
	// A Retry-After is now at most an hour: an op pushed further by an
	// unbounded one runs now.
	`UPDATE outbox SET next_at = ` + sqlNow + ` WHERE done_at IS NULL AND dead_at = ''
		AND next_at > (strftime('%Y-%m-%dT%H:%M:%S', 'now', '+1 hour') || '.000000000Z')`,
	// A batch's guard (batch.go: guardChanged): one row, which a batch
	// whose optimistic write changed nothing fails to write, and so rolls
	// back.
	`CREATE TABLE batch_guard (id INTEGER PRIMARY KEY, changed INTEGER NOT NULL CHECK (changed > 0))`,
}

// sqlNow is the database's clock in timeFormat, for migrations (the
// store's own clock is not set yet when they run).
const sqlNow = `(strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.000000000Z')`

// timeFormat stores times as fixed-width UTC text, so text order is time
// order in SQL.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

func parseTS(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	switch {
	case err == sql.ErrNoRows:
		if _, err := s.db.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("store: migrate: %w", err)
	}
	for i := v; i < len(migrations); i++ {
		if _, err := s.db.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("store: migration %d: %w", i+1, err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE schema_version SET version = ?`, i+1); err != nil {
			return fmt.Errorf("store: migration %d: %w", i+1, err)
		}
	}
	return nil
}
