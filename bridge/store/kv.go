package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Get returns a value stored with Put, unless it expired.
func (s *Store) Get(ctx context.Context, key string) (string, bool, error) {
	var v, exp string
	err := s.db.QueryRowContext(ctx, `SELECT value, expires_at FROM kv WHERE key = ?`, key).Scan(&v, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if exp != "" && !parseTS(exp).After(s.clock()) {
		return "", false, nil
	}
	return v, true, nil
}

// Put stores a value until exp (zero: no expiry).
func (s *Store) Put(ctx context.Context, key, value string, exp time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`, key, value, ts(exp))
	return err
}
