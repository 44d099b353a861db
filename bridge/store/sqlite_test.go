//go:build !js

package store

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	return fi.Mode().Perm()
}

// The database holds OAuth and VCC tokens: a new one, and its log, are its
// owner's only.
func TestNewDatabaseIsOwnersOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "bridge.db")
	s, err := OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Put(context.Background(), "vcc:token:x", "secret", time.Time{}))
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		assert.Equal(t, fs.FileMode(0o600), mode(t, p), p)
	}
	assert.Equal(t, fs.FileMode(0o700), mode(t, filepath.Dir(path)), "the folder the bridge made")
}

// An existing database readable by others is narrowed at open, and Restrict
// says which files it narrowed.
func TestExistingDatabaseIsNarrowed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridge.db")
	s, err := OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	require.NoError(t, s.Put(context.Background(), "k", "v", time.Time{}))
	require.NoError(t, s.Close())
	require.NoError(t, os.Chmod(path, 0o644))
	require.NoError(t, os.WriteFile(path+"-wal", nil, 0o666))
	require.NoError(t, os.Chmod(path+"-wal", 0o666))

	narrowed, err := Restrict(path)
	require.NoError(t, err)
	assert.Equal(t, []Narrowed{{Path: path, Was: 0o644}, {Path: path + "-wal", Was: 0o666}}, narrowed)
	assert.Equal(t, fs.FileMode(0o600), mode(t, path))
	assert.Equal(t, fs.FileMode(0o600), mode(t, path+"-wal"))

	require.NoError(t, os.Chmod(path, 0o640))
	s, err = OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, fs.FileMode(0o600), mode(t, path), "OpenSQLite narrows too")
	_, ok, err := s.Get(context.Background(), "k")
	require.NoError(t, err)
	assert.True(t, ok, "the data is intact")

	narrowed, err = Restrict(path)
	require.NoError(t, err)
	assert.Empty(t, narrowed, "nothing left to narrow")
}

// A database path is a file name, whatever characters it holds: SQLite
// reads the name as a URI, where '?' would start its parameters and '#' a
// fragment, so another file (made with the process's umask) would be
// opened instead.
func TestDatabasePathWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"bridge#1.db", "bridge?mode=ro.db", "bridge%41.db", "data #2/bridge.db"} {
		path := filepath.Join(dir, name)
		s, err := OpenSQLite(context.Background(), path)
		require.NoError(t, err, name)
		require.NoError(t, s.Put(context.Background(), "k", name, time.Time{}))
		require.NoError(t, s.Close())
		assert.Equal(t, fs.FileMode(0o600), mode(t, path), name)
		fi, err := os.Stat(path)
		require.NoError(t, err)
		assert.Positive(t, fi.Size(), "%s: the data is in the file named", name)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"bridge#1.db", "bridge?mode=ro.db", "bridge%41.db", "data #2"}, names, "no other file made")
}
