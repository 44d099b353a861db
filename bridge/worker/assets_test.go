//go:build !js

package worker_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/devstack"
)

// The panel's files are Workers Static Assets, served as they were built
// (in workerd, by assets.mjs as Cloudflare would), and the page the Worker
// renders loads them: its versioned URLs answer with the same files.
func TestWorkerServesThePanelsFilesAsStaticAssets(t *testing.T) {
	t.Parallel()
	rt, _ := startWithStats(t, nil)
	root, err := devstack.FindRoot()
	require.NoError(t, err)
	client := &http.Client{Timeout: 30 * time.Second}
	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := client.Get(rt.URL() + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, "GET %s", path)
		return resp, body
	}
	files := map[string]string{
		"style.css": filepath.Join(root, "web", "static", "style.css"),
		"loader.js": filepath.Join(root, "web", "static", "loader.js"),
	}
	if _, err := os.Stat(filepath.Join(root, "web", "dist", "connector.wasm")); err == nil {
		files["connector.wasm"] = filepath.Join(root, "web", "dist", "connector.wasm")
		files["wasm_exec.js"] = filepath.Join(root, "web", "dist", "wasm_exec.js")
	}
	_, page := get("/")
	for name, src := range files {
		want, err := os.ReadFile(src)
		require.NoError(t, err)
		m := regexp.MustCompile(`/assets/` + regexp.QuoteMeta(name) + `\?v=[0-9a-f]+`).Find(page)
		require.NotNil(t, m, "the page loads %s", name)
		resp, got := get(string(m))
		assert.Equal(t, len(want), len(got), "%s: the built file", name)
		assert.Equal(t, want, got, "%s: the built file", name)
		assert.NotEmpty(t, resp.Header.Get("Content-Type"), name)
	}
}
