//go:build !js

package devstack

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The restarted bridge answers on the same URL, with the same database:
// what the first bridge stored is still there.
func TestRestartBridge(t *testing.T) {
	root, err := FindRoot()
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := Start(ctx, Options{DataDir: t.TempDir(), SeedDir: filepath.Join(root, "testdata")})
	require.NoError(t, err)
	defer st.Close(context.Background())

	healthy := func(what string) {
		t.Helper()
		res, err := http.Get(st.BridgeURL + "/healthz")
		require.NoError(t, err, what)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode, what)
	}
	healthy("before the restart")
	require.NoError(t, st.Store.Put(ctx, "restart-test", "first", time.Now().Add(time.Hour)))
	first, firstStore := st.Bridge, st.Store

	require.NoError(t, st.RestartBridge(ctx))
	healthy("after the restart")
	assert.NotSame(t, first, st.Bridge, "a new bridge")
	assert.NotSame(t, firstStore, st.Store, "the store opened again")
	got, ok, err := st.Store.Get(ctx, "restart-test")
	require.NoError(t, err)
	assert.True(t, ok, "the same database")
	assert.Equal(t, "first", got, "the same database")

	require.NoError(t, st.RestartBridge(ctx), "a second restart")
	healthy("after the second restart")
}
