//go:build !js

package worker_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/worker"
)

// One warm Go instance serves thousands of requests (GET /healthz: D1
// queries each) and keeps what it holds bounded: its memory stops growing
// once warm, and the JS values its Go program holds (each callback and
// each value it was given) come and go with Go's garbage collector instead
// of piling up. The instance is never retired here (its events cap is out
// of reach), so what it would keep, it keeps for good. Before the patch to
// syumai/workers (syumaipatch.go), the JS values grew by about one a D1
// query and the memory with them.
func TestWorkerInstanceMemoryBoundedOverManyRequests(t *testing.T) {
	t.Parallel()
	const (
		requests = 4000
		every    = 250
	)
	rt, stats := startWithStats(t, map[string]string{
		worker.EnvInstances: "1", worker.EnvEventsPerInstance: "1000000", worker.EnvStats: fmt.Sprint(every),
	})
	client := &http.Client{Timeout: 30 * time.Second}
	rss0, _, err := rt.Memory()
	require.NoError(t, err)
	getHealth(t, client, rt, requests)
	rss1, _, err := rt.Memory()
	require.NoError(t, err)
	// The startup probe's request is the instance's first event.
	require.Eventually(t, func() bool { return len(stats.get()) >= requests/every }, 10*time.Second, 50*time.Millisecond,
		"the instance's stats lines")
	seen := stats.get()
	t.Logf("instance after %d events: %d bytes of memory, %d JS values held; after %d: %d bytes, %d values; workerd's RSS %.1f → %.1f MiB",
		seen[3].events, seen[3].memory, seen[3].values, seen[len(seen)-1].events, seen[len(seen)-1].memory, seen[len(seen)-1].values,
		float64(rss0)/(1<<20), float64(rss1)/(1<<20))
	// Warm after 1000 events: from there on, the memory does not grow
	// and the values held stay within what the first stretch held.
	warm := seen[1000/every-1:]
	third := len(warm) / 3
	maxValues := func(s []stat) int {
		m := 0
		for _, x := range s {
			m = max(m, x.values)
		}
		return m
	}
	first, last := warm[:third], warm[len(warm)-third:]
	assert.LessOrEqual(t, last[len(last)-1].memory-warm[0].memory, int64(2<<20), "the instance's memory grew while warm")
	assert.LessOrEqual(t, maxValues(last), maxValues(first)+1000,
		"the JS values the instance holds grew: %d at most in its first warm stretch, %d in its last", maxValues(first), maxValues(last))
}

// An instance is retired after VCCNOW_WORKER_EVENTS_PER_INSTANCE events
// and the next event starts a fresh one.
func TestWorkerInstanceRetiredAfterItsEvents(t *testing.T) {
	t.Parallel()
	rt, stats := startWithStats(t, map[string]string{
		worker.EnvInstances: "1", worker.EnvEventsPerInstance: "100", worker.EnvStats: "100",
	})
	getHealth(t, &http.Client{Timeout: 30 * time.Second}, rt, 350)
	// The startup probe was event 1 of instance 1.
	require.Eventually(t, func() bool { return len(stats.get()) >= 3 }, 10*time.Second, 50*time.Millisecond)
	var ids []int
	for _, s := range stats.get() {
		assert.Equal(t, 100, s.events)
		ids = append(ids, s.id)
	}
	assert.Equal(t, []int{1, 2, 3}, ids, "the instances that served 100 events each")
}

// startWithStats runs the Worker in workerd with a settings of its own
// (no simulators: requests that need none) and collects its instances'
// stats lines.
func startWithStats(t *testing.T, settings map[string]string) (*worker.Runtime, *instanceStats) {
	t.Helper()
	vars := worker.Vars(bridge.Config{
		InstanceURL: "http://127.0.0.1:9", VCCAuthURL: "http://127.0.0.1:9/Auth", VCCAPIURL: "http://127.0.0.1:9",
		VCCClientID: "connector", SNUser: "vcc.integration", SNPassword: "pw",
		VCCBridgeClientID: "bridge", VCCBridgeSecret: "bridge-secret", VCCAccountKey: "acme1",
		PublicURL: "http://127.0.0.1:9", WebhookSecret: base64.StdEncoding.EncodeToString([]byte(strings.Repeat("w", 32))),
	})
	for k, v := range settings {
		vars[k] = v
	}
	stats := &instanceStats{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rt, err := worker.Start(ctx, worker.Options{Workerd: workerd(t), Bundle: builtBundle(t), Listener: l.(*net.TCPListener),
		DataDir: filepath.Join(t.TempDir(), "d1"), Vars: vars, Log: io.MultiWriter(workerdLog(t), stats), D1InProcess: testD1InProcess})
	require.NoError(t, err)
	t.Cleanup(rt.Stop)
	return rt, stats
}

// getHealth GETs /healthz n times, one after the other.
func getHealth(t *testing.T, client *http.Client, rt *worker.Runtime, n int) {
	t.Helper()
	for i := 1; i <= n; i++ {
		resp, err := client.Get(rt.URL() + "/healthz")
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, "request %d", i)
	}
}

// stat is one of pool.mjs's lines about an instance (VCCNOW_WORKER_STATS).
type stat struct {
	id     int
	events int
	memory int64
	values int
}

// instanceStats collects pool.mjs's stats lines from workerd's output.
type instanceStats struct {
	mu      sync.Mutex
	partial []byte
	stats   []stat
}

func (s *instanceStats) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.partial = append(s.partial, p...)
	sc := bufio.NewScanner(strings.NewReader(string(s.partial)))
	complete := strings.HasSuffix(string(s.partial), "\n")
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	s.partial = nil
	if !complete && len(lines) > 0 {
		s.partial = []byte(lines[len(lines)-1])
		lines = lines[:len(lines)-1]
	}
	for _, line := range lines {
		i := strings.Index(line, "Go instance ")
		if i < 0 {
			continue
		}
		var st stat
		if _, err := fmt.Sscanf(line[i:], "Go instance %d: %d events, %d bytes of memory, %d JS values held", &st.id, &st.events, &st.memory, &st.values); err == nil {
			s.stats = append(s.stats, st)
		}
	}
	return len(p), nil
}

func (s *instanceStats) get() []stat {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]stat(nil), s.stats...)
}
