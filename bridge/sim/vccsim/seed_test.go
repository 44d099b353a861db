//go:build !js

package vccsim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedWithAccounts copies the repository's seed with accounts.json edited
// by a string replacement.
func seedWithAccounts(t *testing.T, old, new string) string {
	t.Helper()
	src, dst := repoSeedDir(t), t.TempDir()
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		if e.Name() == "accounts.json" {
			require.Contains(t, string(b), old)
			b = []byte(strings.Replace(string(b), old, new, 1))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644))
	}
	return dst
}

// Every seeded queue has its own dialled number, in E.164.
func TestSeedQueueNumbers(t *testing.T) {
	sim := startAPISim(t, "", nil)
	seen := map[string]string{}
	for _, acct := range sim.srv.seed.accounts {
		for _, q := range acct.Queues {
			assert.NotEmpty(t, q.DDI, q.Name)
			assert.Empty(t, seen[q.DDI], "%s and %s share %s", q.Name, seen[q.DDI], q.DDI)
			seen[q.DDI] = q.Name
		}
	}
	assert.Equal(t, "+18005550100", findQueue(sim.srv.seed.accounts[0], "support").DDI)

	for name, edit := range map[string][2]string{
		"no number":       {`, "ddi": "+18005550100"`, ``},
		"not E.164":       {`"ddi": "+18005550100"`, `"ddi": "800-555-0100"`},
		"a shared number": {`"ddi": "+18005550101"`, `"ddi": "+18005550100"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New(Config{BaseURL: "http://127.0.0.1:1", SeedDir: seedWithAccounts(t, edit[0], edit[1])})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "ddi")
		})
	}
}
