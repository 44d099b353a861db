//go:build !js

package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sort"
	"strings"
	"sync"
)

// QueryCounter counts the statements a store sends to its database, by
// statement, so tests can see what a call costs in queries and pin it: on
// Workers every statement is a D1 round trip that costs the Worker CPU. It
// is for tests and measurements (OpenSQLiteCounting); the bridge's own
// stores do not count.
type QueryCounter struct {
	mu    sync.Mutex
	total int
	by    map[string]int
	seq   []string
}

// Sequence lists the statements since the last Reset in the order they ran.
func (c *QueryCounter) Sequence() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.seq...)
}

// QueryCount is one statement and how often it ran.
type QueryCount struct {
	SQL string
	N   int
}

func (c *QueryCounter) add(query string) {
	q := strings.Join(strings.Fields(query), " ")
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string]int{}
	}
	c.total++
	c.by[q]++
	c.seq = append(c.seq, q)
}

// Total is how many statements ran since the last Reset.
func (c *QueryCounter) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

// Reset starts counting afresh.
func (c *QueryCounter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total, c.by, c.seq = 0, nil, nil
}

// Counts lists the statements that ran since the last Reset, most frequent
// first.
func (c *QueryCounter) Counts() []QueryCount {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]QueryCount, 0, len(c.by))
	for q, n := range c.by {
		out = append(out, QueryCount{SQL: q, N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].SQL < out[j].SQL
	})
	return out
}

// OpenSQLiteCounting is OpenSQLite with every statement counted in c.
func OpenSQLiteCounting(ctx context.Context, path string, c *QueryCounter) (*Store, error) {
	return openSQLite(ctx, path, func(db *sql.DB, dsn string) *sql.DB {
		drv := db.Driver()
		db.Close()
		return sql.OpenDB(countingConnector{drv: drv, dsn: dsn, c: c})
	})
}

type countingConnector struct {
	drv driver.Driver
	dsn string
	c   *QueryCounter
}

func (k countingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := k.drv.Open(k.dsn)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, c: k.c}, nil
}

func (k countingConnector) Driver() driver.Driver { return k.drv }

// countingConn passes everything to the driver's connection, counting the
// statements it executes (directly or, when the driver asks for it, through
// a prepared statement). A transaction (a batch, batch.go) counts once, as
// the statements it ran joined by "; ": on D1 a batch is one round trip.
type countingConn struct {
	driver.Conn
	c *QueryCounter
	// tx holds the statements of the transaction under way (nil: none).
	tx []string
}

// count counts a statement, or keeps it for its transaction's count.
func (k *countingConn) count(query string) {
	if k.tx != nil {
		k.tx = append(k.tx, strings.Join(strings.Fields(query), " "))
		return
	}
	k.c.add(query)
}

// countingTx counts its connection's transaction when it ends.
type countingTx struct {
	driver.Tx
	k *countingConn
}

func (t countingTx) end(err error) error {
	t.k.c.add("batch: " + strings.Join(t.k.tx, "; "))
	t.k.tx = nil
	return err
}

func (t countingTx) Commit() error   { return t.end(t.Tx.Commit()) }
func (t countingTx) Rollback() error { return t.end(t.Tx.Rollback()) }

func (k *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := k.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	res, err := e.ExecContext(ctx, query, args)
	if err != driver.ErrSkip {
		k.count(query)
	}
	return res, err
}

func (k *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := k.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	rows, err := q.QueryContext(ctx, query, args)
	if err != driver.ErrSkip {
		k.count(query)
	}
	return rows, err
}

func (k *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	k.count(query)
	if p, ok := k.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return k.Conn.Prepare(query)
}

func (k *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var tx driver.Tx
	var err error
	if b, ok := k.Conn.(driver.ConnBeginTx); ok {
		tx, err = b.BeginTx(ctx, opts)
	} else {
		tx, err = k.Conn.Begin() //nolint:staticcheck // the driver offers nothing newer
	}
	if err != nil {
		return nil, err
	}
	k.tx = []string{}
	return countingTx{Tx: tx, k: k}, nil
}

func (k *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := k.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (k *countingConn) IsValid() bool {
	if v, ok := k.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (k *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if c, ok := k.Conn.(driver.NamedValueChecker); ok {
		return c.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}
