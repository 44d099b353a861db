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
// statements or optimistic read-modify-write loops, never transactions: D1
// offers none across statements.
type Store struct {
	db  *sql.DB
	now func() time.Time
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
}

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
