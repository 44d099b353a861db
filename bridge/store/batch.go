package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Statement is one statement of a batch.
type Statement struct {
	SQL  string
	Args []any
	// Rows says the statement returns rows (a SELECT, or RETURNING).
	Rows bool
}

// BatchResult is what one statement of a batch did.
type BatchResult struct {
	// Rows are the rows it returned, each value a string, an int64 or a
	// float64, or nil for NULL.
	Rows [][]any
	// Changes is how many rows it inserted, updated or deleted.
	Changes int64
}

// Batcher runs statements in one round trip to the database, as one
// transaction: all of them happen, in order, or none (an error). On Workers
// it is D1's batch(), whose statements are a SQL transaction
// (https://developers.cloudflare.com/d1/worker-api/d1-database/#batch): a
// read-modify-write a statement at a time costs a round trip each, and a
// webhook, an outbox step, is several.
type Batcher interface {
	Batch(ctx context.Context, stmts []Statement) ([]BatchResult, error)
}

// NewBatched is New on a database whose batches b runs (D1's); New's
// store runs a batch as a transaction of the database/sql handle (SQLite).
func NewBatched(ctx context.Context, db *sql.DB, b Batcher) (*Store, error) {
	s, err := New(ctx, db)
	if err != nil {
		return nil, err
	}
	s.batcher = b
	return s, nil
}

// batch runs stmts in one transaction.
func (s *Store) batch(ctx context.Context, stmts []Statement) ([]BatchResult, error) {
	if s.batcher != nil {
		out, err := s.batcher.Batch(ctx, stmts)
		if err == nil && len(out) != len(stmts) {
			err = fmt.Errorf("store: a batch of %d statements answered %d results", len(stmts), len(out))
		}
		return out, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	out := make([]BatchResult, len(stmts))
	for i, st := range stmts {
		if !st.Rows {
			res, err := tx.ExecContext(ctx, st.SQL, st.Args...)
			if err != nil {
				return nil, err
			}
			out[i].Changes, _ = res.RowsAffected()
			continue
		}
		if out[i].Rows, err = queryAll(ctx, tx, st); err != nil {
			return nil, err
		}
	}
	return out, tx.Commit()
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryAll runs a statement that returns rows and reads them all as a
// batch's are.
func queryAll(ctx context.Context, q querier, st Statement) ([][]any, error) {
	rows, err := q.QueryContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]any
	for rows.Next() {
		row := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range row {
			if b, ok := v.([]byte); ok {
				row[i] = string(b)
			}
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// guardChanged aborts its batch unless the statement before it changed a
// row: it writes changes() into batch_guard, whose CHECK refuses 0, and a
// failed statement rolls its whole batch back. It makes an optimistic
// write (SaveCall's version) and what goes with it one transaction.
var guardChanged = Statement{SQL: `INSERT INTO batch_guard (id, changed) VALUES (1, changes())
	ON CONFLICT (id) DO UPDATE SET changed = excluded.changed`}

// isGuardFailure says the batch was aborted by guardChanged (SQLite's and
// D1's message for a CHECK constraint that failed).
func isGuardFailure(err error) bool {
	return err != nil && strings.Contains(err.Error(), "CHECK constraint failed") && strings.Contains(err.Error(), "changed > 0")
}

// scanValues copies a batch row's values into dest: *string, *int,
// *int64, **string (NULL: nil) or *any.
func scanValues(row []any, dest ...any) error {
	if len(row) != len(dest) {
		return fmt.Errorf("store: a row of %d values read into %d", len(row), len(dest))
	}
	for i, v := range row {
		switch d := dest[i].(type) {
		case *string:
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("store: value %d is %T, not text", i, v)
			}
			*d = s
		case **string:
			if v == nil {
				*d = nil
				continue
			}
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("store: value %d is %T, not text", i, v)
			}
			*d = &s
		case *int64:
			n, err := integer(v)
			if err != nil {
				return fmt.Errorf("store: value %d: %w", i, err)
			}
			*d = n
		case *any:
			*d = v
		case *int:
			n, err := integer(v)
			if err != nil {
				return fmt.Errorf("store: value %d: %w", i, err)
			}
			*d = int(n)
		default:
			return fmt.Errorf("store: cannot read into %T", dest[i])
		}
	}
	return nil
}

// integer is an INTEGER column's value: an int64 (SQLite's driver, and
// D1's batches as the Worker's Batcher reads them), or a float64 that holds
// an integer.
func integer(v any) (int64, error) {
	switch n := v.(type) {
	case int64:
		return n, nil
	case float64:
		if n != float64(int64(n)) {
			return 0, fmt.Errorf("%v is not an integer", n)
		}
		return int64(n), nil
	}
	return 0, fmt.Errorf("%T is not an integer", v)
}

// rowScanner reads one row of a batch result as a scanner (scanOp), and
// reports sql.ErrNoRows when there is none.
type rowScanner struct{ rows [][]any }

func (r rowScanner) Scan(dest ...any) error {
	if len(r.rows) == 0 {
		return sql.ErrNoRows
	}
	return scanValues(r.rows[0], dest...)
}

var _ scanner = rowScanner{}

// batchError is ErrConflict for a batch its guard aborted, else err
// saying what failed.
func batchError(what string, err error) error {
	if isGuardFailure(err) {
		return ErrConflict
	}
	if errors.Is(err, ErrConflict) {
		return err
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
