//go:build !js

package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/bridgetest"
	"github.com/vccnow/connector/bridge/store"
)

var errLoginPage = errors.New(`servicenow: POST /api/now/openframe/voice-interaction: 200 answered with an HTML page titled "Log in"`)

// outboxDB is a bridge database holding, by id: 1 pending, 2 failing (a
// sign-in page), 3 dead, 4 retrying after a 429, 5 done.
func outboxDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bridge.db")
	st, err := store.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer st.Close()
	ctx, now := context.Background(), time.Now()
	for _, key := range []string{"call:pending", "call:failing", "call:dead", "presence:beth", "call:done"} {
		require.NoError(t, st.Enqueue(ctx, key, "sync", "", now, true))
	}
	claim := func(key string) store.Op {
		op, ok, err := st.Claim(ctx, key, time.Minute)
		require.NoError(t, err)
		require.True(t, ok)
		return op
	}
	require.NoError(t, st.Fail(ctx, claim("call:failing").ID, store.Failure{Err: errLoginPage, Next: now.Add(20 * time.Minute), NeedsOperator: true}))
	_, err = st.MarkDead(ctx, claim("call:dead").ID, errLoginPage, true)
	require.NoError(t, err)
	require.NoError(t, st.Retry(ctx, claim("presence:beth").ID, now.Add(time.Minute), errors.New("servicenow: 429\nRate limit exceeded")))
	require.NoError(t, st.Done(ctx, claim("call:done").ID))
	return path
}

// runOutbox runs `bridge outbox args…` on the database at path.
func runOutbox(t *testing.T, path string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	vars := map[string]string{"VCCNOW_DB": path}
	code := run(context.Background(), append([]string{"outbox"}, args...), func(k string) string { return vars[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestOutboxList(t *testing.T) {
	path := outboxDB(t)
	code, out, errOut := runOutbox(t, path, "list")
	require.Equal(t, 0, code, errOut)
	t.Logf("bridge outbox list:\n%s", out)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 7, "a header, an op a line, the counts, what to do")
	for i, want := range []string{
		`^1\s+pending\s+call:pending\s+sync\s+0\s+-\s+\S+Z\s+-$`,
		`^2\s+failing\s+call:failing\s+sync\s+1\s+\S+Z\s+\S+Z\s+servicenow: POST .* titled "Log in"$`,
		`^3\s+dead\s+call:dead\s+sync\s+1\s+\S+Z\s+-\s+servicenow: POST`,
		`^4\s+retrying\s+presence:beth\s+sync\s+1\s+\S+Z\s+\S+Z\s+servicenow: 429 Rate limit exceeded$`,
	} {
		assert.Regexp(t, regexp.MustCompile(want), lines[i+1])
	}
	assert.Equal(t, "3 pending (1 failing), 1 dead letter", lines[5])
	assert.Contains(t, lines[6], "bridge outbox retry all")
}

func TestOutboxRetry(t *testing.T) {
	path := outboxDB(t)
	code, out, errOut := runOutbox(t, path, "retry", "3", "-db", path)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "op 3 due now; a running bridge runs it within a second.\n", out)
	code, _, errOut = runOutbox(t, path, "retry", "5")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no op 5 waiting: it is done")
	code, out, errOut = runOutbox(t, path, "-db", path, "retry", "all")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "3 ops due now; a running bridge runs them within a second.\n", out, "op 3 again (it has not run since), the failing op, the one retrying")

	st, err := store.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer st.Close()
	c, err := st.Counts(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 0, c.Dead)
	assert.Equal(t, 4, c.Pending)
	keys, err := st.DueKeys(context.Background(), 10)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"call:pending", "call:failing", "call:dead", "presence:beth"}, keys)
}

func TestOutboxMisused(t *testing.T) {
	path := outboxDB(t)
	cases := map[string]struct {
		args    []string
		path    string
		code    int
		wantErr string
	}{
		"no verb":          {args: nil, code: 2, wantErr: "usage: bridge outbox list"},
		"unknown verb":     {args: []string{"purge"}, code: 2, wantErr: "usage: bridge outbox list"},
		"retry what":       {args: []string{"retry"}, code: 2, wantErr: "usage"},
		"retry nonsense":   {args: []string{"retry", "twelve"}, code: 2, wantErr: `"twelve" is neither an op's id`},
		"no database":      {args: []string{"list"}, path: filepath.Join(t.TempDir(), "none.db"), code: 1, wantErr: "no database at"},
		"a flag misspelt":  {args: []string{"list", "-dbb", path}, code: 2, wantErr: "flag provided but not defined: -dbb"},
		"extra words list": {args: []string{"list", "now"}, code: 2, wantErr: "usage"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := path
			if tc.path != "" {
				p = tc.path
			}
			code, _, errOut := runOutbox(t, p, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, errOut, tc.wantErr)
		})
	}
}

// The doctor lists the bridge's dead letters (a warning, not a failure)
// and says how to run them again.
func TestDoctorListsDeadLetters(t *testing.T) {
	env := bridgetest.Start(t)
	vars := envOf(env)
	vars["VCCNOW_DB"] = outboxDB(t)
	code, report := runDoctor(t, vars)
	t.Logf("bridge doctor:\n%s", report)
	assert.Equal(t, 0, code)
	assert.Equal(t, "WARN", statusOf(report, "outbox"))
	assert.Contains(t, report, `1 dead letter, 1 failing (needing an operator), 3 pending; #3 call:dead sync since `)
	assert.Contains(t, fixOf(report, "outbox"), "bridge outbox retry all")
}
