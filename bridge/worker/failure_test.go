//go:build !js

package worker_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/worker"
)

// A panic in a handler, a panic in the background work after a request and
// a failing cron task each retire only the instance that served them: the
// next event is served by a fresh instance, and nothing is lost: a call
// whose outbox run panicked after its webhook was accepted still ends with
// exactly one interaction, closed, with its links and notes (the cron runs
// what the run left). The failures come from the Worker's test hooks
// (bridge/cmd/worker/testhooks.go), which only a test bundle has. One
// instance per isolate, so that each event's instance is known.
//
// Not parallel: it runs before the parallel tests, as building its bundle
// keeps both cores busy for a while.
func TestWorkerFailureRetiresOnlyItsInstance(t *testing.T) {
	log := &instanceLog{}
	env := startWorkerWith(t, cronEvery, builtHooksBundle(t),
		map[string]string{worker.EnvInstances: "1", worker.EnvStats: "1"}, log)
	c := env.readyForCall()

	// The outbox run after the call's webhook panics: the webhook was
	// accepted (its event is in D1), its instance is retired, and the
	// cron, on a fresh instance, creates the interaction.
	env.failNext("background")
	id := env.PlaceCall(c.from, c.queue)
	c.take(id)
	c.checkClosed(id)
	log.requireRetired(t, "panic: test hook: a panic in background work")

	// A panic in a handler answers 500 and retires its instance.
	resp := env.post(worker.TestHookPath + "?what=panic")
	assert.Equal(t, http.StatusInternalServerError, resp.status)
	assert.Contains(t, resp.body, `"code":"internal"`)
	log.requireRetired(t, "panic: test hook: a panic in a handler")

	// A failing cron task retires its instance too (a cron run fires
	// every cronEvery).
	env.failNext("cron")
	log.requireRetired(t, "test hook: a failing scheduled task")

	// And the Worker goes on: another call, whole.
	c2 := env.readyForCall()
	id2 := env.PlaceCall(c2.from, c2.queue)
	c2.take(id2)
	c2.checkClosed(id2)

	// Every event after a retirement was served by a later instance.
	log.checkRetiredNeverServeAgain(t)
}

// On D1 as on SQLite, a batch whose optimistic write finds the call changed
// writes nothing (store.SaveCallWith's guard): the event stays to be
// processed, the other writer's call stands, no op is queued. The test
// hook runs it inside the Worker, against the local D1.
func TestWorkerD1BatchConflictWritesNothing(t *testing.T) {
	env := startWorkerWith(t, time.Hour, builtHooksBundle(t), map[string]string{}, nil)
	resp := env.post(worker.TestHookPath + "?what=d1-conflict&call=1")
	require.Equal(t, http.StatusOK, resp.status, resp.body)
	var got struct {
		Conflict bool
		Error    string
		Pending  int
		From     string
		Queued   bool
	}
	require.NoError(t, json.Unmarshal([]byte(resp.body), &got), resp.body)
	assert.True(t, got.Conflict, "ErrConflict, not %s", got.Error)
	assert.Equal(t, 1, got.Pending, "the event is still to be processed")
	assert.Equal(t, "+14155550101", got.From, "the other writer's call stands")
	assert.False(t, got.Queued, "no op was queued")
}

// The deployed bundle has no test hooks: their path is no route, and
// asking for it fails nothing.
func TestWorkerHasNoTestHooks(t *testing.T) {
	t.Parallel()
	w := startBareWorker(t, map[string]string{})
	for _, what := range []string{"panic", "background", "cron", "d1-conflict"} {
		resp, err := http.Post(w.rt.URL()+worker.TestHookPath+"?what="+what, "text/plain", nil)
		require.NoError(t, err)
		resp.Body.Close()
		assert.NotEqual(t, http.StatusInternalServerError, resp.StatusCode, what)
		assert.NotEqual(t, http.StatusNoContent, resp.StatusCode, what)
	}
}

// failNext arms one of the test hooks' failures (what: background or
// cron) on the Worker's instance.
func (w *workerEnv) failNext(what string) {
	w.t.Helper()
	resp := w.post(worker.TestHookPath + "?what=" + what)
	require.Equal(w.t, http.StatusNoContent, resp.status, "arm the test hook %s: %s", what, resp.body)
}

type answer struct {
	status int
	body   string
}

// post POSTs to the Worker without a body.
func (w *workerEnv) post(path string) answer {
	w.t.Helper()
	resp, err := http.Post(w.rt.URL()+path, "text/plain", nil)
	require.NoError(w.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(w.t, err)
	return answer{resp.StatusCode, string(b)}
}

// instanceLog collects pool.mjs's lines about instances, in order: a stats
// line after each event (VCCNOW_WORKER_STATS=1) and a line for each
// instance retired after a failure.
type instanceLog struct {
	mu      sync.Mutex
	partial string
	lines   []instanceLine
}

type instanceLine struct {
	id      int
	retired string // why, for a retirement; "" for an event's stats
}

func (l *instanceLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	text := l.partial + string(p)
	lines := strings.Split(text, "\n")
	l.partial = lines[len(lines)-1]
	for _, line := range lines[:len(lines)-1] {
		i := strings.Index(line, "Go instance ")
		if i < 0 {
			continue
		}
		var id, events int
		if _, err := fmt.Sscanf(line[i:], "Go instance %d: %d events", &id, &events); err == nil {
			l.lines = append(l.lines, instanceLine{id: id})
			continue
		}
		if _, err := fmt.Sscanf(line[i:], "Go instance %d retired after %d events:", &id, &events); err == nil {
			why := line[strings.Index(line, "events:")+len("events:"):]
			l.lines = append(l.lines, instanceLine{id: id, retired: strings.TrimSpace(why)})
		}
	}
	return len(p), nil
}

func (l *instanceLog) get() []instanceLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]instanceLine(nil), l.lines...)
}

// requireRetired waits for an instance retired because of why.
func (l *instanceLog) requireRetired(t *testing.T, why string) {
	t.Helper()
	require.Eventually(t, func() bool {
		for _, line := range l.get() {
			if strings.HasPrefix(line.retired, why) {
				return true
			}
		}
		return false
	}, 30*time.Second, 50*time.Millisecond, "no instance retired with %q", why)
}

// checkRetiredNeverServeAgain checks that no event was served by an
// instance after it was retired, and that instances were retired only for
// the failures the test made.
func (l *instanceLog) checkRetiredNeverServeAgain(t *testing.T) {
	t.Helper()
	retired := map[int]bool{}
	served := 0
	for _, line := range l.get() {
		if line.retired != "" {
			assert.Contains(t, line.retired, "test hook:", "instance %d retired for another reason", line.id)
			retired[line.id] = true
			continue
		}
		served++
		assert.False(t, retired[line.id], "instance %d served an event after it was retired", line.id)
	}
	assert.Len(t, retired, 3, "the instances retired")
	assert.Positive(t, served)
}
