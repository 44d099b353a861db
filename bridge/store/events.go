package store

import (
	"context"
	"fmt"
	"time"
)

// Event is a received VCC notification, kept until processed.
type Event struct {
	Source, ID, Type string
	// Key groups the events of one call (the interaction id) or one agent
	// ("agent:<userId>").
	Key  string
	At   time.Time
	Body []byte
}

// AddEvent stores an event once: a second delivery of the same (source, id)
// is reported as not inserted.
func (s *Store) AddEvent(ctx context.Context, e Event) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO events (source, id, type, key, at, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source, id) DO NOTHING`, e.Source, e.ID, e.Type, e.Key, ts(e.At), string(e.Body), ts(s.clock()))
	if err != nil {
		return false, fmt.Errorf("store: add event: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// PendingEvents returns a key's unprocessed events, oldest event time first.
func (s *Store) PendingEvents(ctx context.Context, key string) ([]Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, id, type, key, at, body FROM events WHERE key = ? AND processed_at IS NULL ORDER BY at, id`, key)
	if err != nil {
		return nil, fmt.Errorf("store: pending events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at, body string
		if err := rows.Scan(&e.Source, &e.ID, &e.Type, &e.Key, &at, &body); err != nil {
			return nil, fmt.Errorf("store: pending events: %w", err)
		}
		e.At, e.Body = parseTS(at), []byte(body)
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkProcessed records that an event was applied.
func (s *Store) MarkProcessed(ctx context.Context, e Event) error {
	_, err := s.db.ExecContext(ctx, `UPDATE events SET processed_at = ? WHERE source = ? AND id = ?`, ts(s.clock()), e.Source, e.ID)
	if err != nil {
		return fmt.Errorf("store: mark processed: %w", err)
	}
	return nil
}

// PendingKeys lists keys with unprocessed events (after a restart).
func (s *Store) PendingKeys(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT key FROM events WHERE processed_at IS NULL LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: pending keys: %w", err)
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

// PurgeEvents deletes processed events older than before (the dedupe window
// must outlast VCC's 24 hours of redelivery).
func (s *Store) PurgeEvents(ctx context.Context, before time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM events WHERE processed_at IS NOT NULL AND received_at < ?`, ts(before))
	return err
}
