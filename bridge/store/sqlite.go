//go:build !js

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the embedded default database
)

// OpenSQLite opens (creating if needed) the SQLite database at path. The
// database runs in WAL mode with a busy timeout, so a crash loses at most the
// transaction in flight and concurrent requests wait instead of failing.
// The file holds the bridge's OAuth and VCC tokens: it is created readable
// and writable by its owner only, and an existing one is narrowed to that
// (Restrict; call it first to hear what it narrowed).
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	return openSQLite(ctx, path, nil)
}

// openSQLite opens the database at path; wrap, when set, may replace the
// database handle opened on dsn (OpenSQLiteCounting).
func openSQLite(ctx context.Context, path string, wrap func(db *sql.DB, dsn string) *sql.DB) (*Store, error) {
	if _, err := Restrict(path); err != nil {
		return nil, err
	}
	// SQLite reads the name as a URI: '?' would start its parameters, '#'
	// a fragment and '%' an escape, and another file would be opened.
	name := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	// A transaction (a batch, batch.go) takes the write lock as it begins
	// (_txlock=immediate): one that read first and wrote later could not
	// wait for another writer, and would fail with SQLITE_BUSY.
	dsn := "file:" + name + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(ON)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if wrap != nil {
		db = wrap(db, dsn)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s, err := New(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Narrowed is a file whose permissions Restrict narrowed, and what they
// were.
type Narrowed struct {
	Path string
	Was  fs.FileMode
}

// Restrict makes the database file at path, and its WAL and shared-memory
// files when they exist, readable and writable by their owner only: it
// creates the database file (empty, which SQLite takes for a new database)
// with mode 0600 when there is none, in a folder of mode 0700 when that is
// missing too, so SQLite never creates it with the process's umask (SQLite
// gives the WAL and shared-memory files the database file's mode), and
// takes group and other permissions off files that have them. It returns
// the files it narrowed.
func Restrict(path string) ([]Narrowed, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		f.Close()
	case !errors.Is(err, fs.ErrExist):
		return nil, fmt.Errorf("store: create %s: %w", path, err)
	}
	var narrowed []Narrowed
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return narrowed, fmt.Errorf("store: %w", err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			if err := os.Chmod(p, perm&^0o077); err != nil {
				return narrowed, fmt.Errorf("store: only the owner may read %s, and it cannot be made so: %w", p, err)
			}
			narrowed = append(narrowed, Narrowed{Path: p, Was: perm})
		}
	}
	return narrowed, nil
}

// Checkpoint copies the write-ahead log into the database file and
// truncates it (PRAGMA wal_checkpoint(TRUNCATE)), so the disk space a purge
// freed in the log is given back. It reports whether the checkpoint was
// complete: a reader in the middle of a transaction can keep part of the
// log, which the next checkpoint takes.
func (s *Store) Checkpoint(ctx context.Context) (complete bool, err error) {
	var busy, logFrames, done int
	if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return false, fmt.Errorf("store: checkpoint: %w", err)
	}
	return busy == 0, nil
}
