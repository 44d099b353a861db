//go:build !js

package worker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/devstack"
)

// The patch finds each of its lines once in go.mod's syumai/workers, and
// the build's go.mod puts the patched copy in its place. (That it stops
// the leak is TestWorkerInstanceMemoryBoundedOverManyRequests, in workerd.)
func TestSyumaiPatchApplies(t *testing.T) {
	root, err := devstack.FindRoot()
	require.NoError(t, err)
	dir := t.TempDir()
	modfile, err := patchedModFile(root, dir)
	require.NoError(t, err)
	gomod, err := os.ReadFile(modfile)
	require.NoError(t, err)
	copyDir := filepath.Join(dir, "syumai-workers")
	assert.Contains(t, string(gomod), "replace "+syumaiModule+" => "+copyDir)
	for _, p := range syumaiPatch {
		b, err := os.ReadFile(filepath.Join(copyDir, p.file))
		require.NoError(t, err)
		assert.Contains(t, string(b), p.new, p.file)
		assert.NotContains(t, string(b), p.old, p.file)
	}
	b, err := os.ReadFile(filepath.Join(copyDir, "internal/jsutil/jsutil.go"))
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(b), "defer release()"), "AwaitPromise: then and catch release both")
}
