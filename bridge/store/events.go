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
	st := s.addEventStmt(e)
	res, err := s.db.ExecContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return false, fmt.Errorf("store: add event: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (s *Store) addEventStmt(e Event) Statement {
	return Statement{SQL: `INSERT INTO events (source, id, type, key, at, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source, id) DO NOTHING`, Args: []any{e.Source, e.ID, e.Type, e.Key, ts(e.At), string(e.Body), ts(s.clock())}}
}

// AddEventAndRead is AddEvent, then PendingEvents of the event's key and,
// when vccID is set, LoadCall of that call: one round trip, where a webhook
// would otherwise make three before it can fold its event in.
func (s *Store) AddEventAndRead(ctx context.Context, e Event, vccID string) (inserted bool, pending []Event, c Call, err error) {
	stmts := []Statement{s.addEventStmt(e), pendingStmt(e.Key)}
	if vccID != "" {
		stmts = append(stmts, loadCallStmt(vccID))
	}
	res, err := s.batch(ctx, stmts)
	if err != nil {
		return false, nil, c, fmt.Errorf("store: add event: %w", err)
	}
	if pending, err = readEvents(res[1].Rows); err != nil {
		return false, nil, c, err
	}
	if vccID != "" {
		if c, err = readCall(vccID, rowScanner{res[2].Rows}); err != nil {
			return false, nil, c, err
		}
	}
	return res[0].Changes == 1, pending, c, nil
}

// PendingEvents returns a key's unprocessed events, oldest event time first.
func (s *Store) PendingEvents(ctx context.Context, key string) ([]Event, error) {
	rows, err := queryAll(ctx, s.db, pendingStmt(key))
	if err != nil {
		return nil, fmt.Errorf("store: pending events: %w", err)
	}
	return readEvents(rows)
}

// PendingWithCall is PendingEvents of a call's key and LoadCall of the
// call, in one round trip.
func (s *Store) PendingWithCall(ctx context.Context, key, vccID string) ([]Event, Call, error) {
	res, err := s.batch(ctx, []Statement{pendingStmt(key), loadCallStmt(vccID)})
	if err != nil {
		return nil, Call{}, fmt.Errorf("store: pending events: %w", err)
	}
	evs, err := readEvents(res[0].Rows)
	if err != nil {
		return nil, Call{}, err
	}
	c, err := readCall(vccID, rowScanner{res[1].Rows})
	return evs, c, err
}

func pendingStmt(key string) Statement {
	return Statement{SQL: `SELECT source, id, type, key, at, body FROM events WHERE key = ? AND processed_at IS NULL ORDER BY at, id`,
		Args: []any{key}, Rows: true}
}

func readEvents(rows [][]any) ([]Event, error) {
	var out []Event
	for _, row := range rows {
		var e Event
		var at, body string
		if err := scanValues(row, &e.Source, &e.ID, &e.Type, &e.Key, &at, &body); err != nil {
			return nil, fmt.Errorf("store: pending events: %w", err)
		}
		e.At, e.Body = parseTS(at), []byte(body)
		out = append(out, e)
	}
	return out, nil
}

// MarkProcessed records that an event was applied.
func (s *Store) MarkProcessed(ctx context.Context, e Event) error {
	st := s.markProcessedStmt(e)
	if _, err := s.db.ExecContext(ctx, st.SQL, st.Args...); err != nil {
		return fmt.Errorf("store: mark processed: %w", err)
	}
	return nil
}

func (s *Store) markProcessedStmt(e Event) Statement {
	return Statement{SQL: `UPDATE events SET processed_at = ? WHERE source = ? AND id = ?`, Args: []any{ts(s.clock()), e.Source, e.ID}}
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
