//go:build !js

package worker_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/bridgetest"
	"github.com/vccnow/connector/bridge/devstack"
	"github.com/vccnow/connector/bridge/worker"
)

// The Worker is built once per test binary, into a folder removed when the
// tests end; so is the bundle with the test hooks (failure_test.go).
type builtOnce struct {
	once sync.Once
	dir  string
	err  error
}

var bundle, hooksBundle builtOnce

func TestMain(m *testing.M) {
	// A Worker request starts a fresh Go instance (a few hundred ms of CPU
	// on these 2 cores), so the harness's waits get more room.
	bridgetest.Timeout = 45 * time.Second
	code := m.Run()
	for _, b := range []*builtOnce{&bundle, &hooksBundle} {
		if b.dir != "" {
			os.RemoveAll(b.dir)
		}
	}
	os.Exit(code)
}

// builtBundle builds bridge/cmd/worker with its JS glue, once: the bundle
// ./build.sh builds and wrangler deploys.
func builtBundle(t testing.TB) string {
	t.Helper()
	return bundle.build(t, worker.Build)
}

// builtHooksBundle is builtBundle with the Worker's test hooks compiled in
// (worker.BuildWithTestHooks), for the tests that make an event fail.
func builtHooksBundle(t testing.TB) string {
	t.Helper()
	return hooksBundle.build(t, worker.BuildWithTestHooks)
}

func (b *builtOnce) build(t testing.TB, build func(ctx context.Context, root, dir string) error) string {
	t.Helper()
	b.once.Do(func() {
		root, err := devstack.FindRoot()
		if err != nil {
			b.err = err
			return
		}
		if b.dir, b.err = os.MkdirTemp("", "vccnow-worker-bundle"); b.err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		b.err = build(ctx, root, b.dir)
	})
	require.NoError(t, b.err, "build the Worker")
	return b.dir
}

// workerd returns the workerd binary that `npm ci` installed, or fails the
// test saying how to install it.
func workerd(t testing.TB) string {
	t.Helper()
	root, err := devstack.FindRoot()
	require.NoError(t, err)
	bin, err := worker.FindWorkerd(root)
	require.NoError(t, err, "the Worker tests run in workerd and never skip")
	return bin
}

// workerEnv is bridgetest's world with the Worker in the bridge's place:
// the simulators in-process, and the bridge as a Cloudflare Worker in
// workerd, its state in a local D1 on disk.
type workerEnv struct {
	*bridgetest.Env
	t   testing.TB
	opt worker.Options
	rt  *worker.Runtime
}

// testD1InProcess runs the local D1 inside the bridge's workerd process in
// the tests, as the benchmark does not: a loopback hop per query to a
// process of its own costs CPU, and with the package's tests running at
// once on two cores, TestWorkerInboundCall then missed its wait in two of
// three runs (its ops stayed leased, nothing logged: most likely an outbox
// run starved past workerd's 30 s for waitUntil).
const testD1InProcess = true

// cronEvery is how often the tests fire the Worker's cron trigger, where
// Cloudflare would every minute: retries pushed into the future by a 429
// come due within seconds here.
const cronEvery = 500 * time.Millisecond

// startWorker starts bridgetest's env, then hands the bridge's address to
// the Worker: the env's native bridge (a process, subscribed to VCC's
// webhooks at that address) is stopped, and workerd serves the Worker there
// with the same settings. cron is how often the cron trigger fires (0:
// only when the test calls Scheduled).
func startWorker(t testing.TB, cron time.Duration) *workerEnv {
	t.Helper()
	return startWorkerWith(t, cron, builtBundle(t), nil, nil)
}

// startWorkerWith is startWorker with a bundle of its own, settings added
// to the env's (vars), and workerd's output copied to also (nil: none).
func startWorkerWith(t testing.TB, cron time.Duration, dir string, vars map[string]string, also io.Writer) *workerEnv {
	t.Helper()
	bin := workerd(t)
	env := bridgetest.Start(t, bridgetest.Options{Process: true})
	env.KillBridge()
	l, err := net.Listen("tcp", strings.TrimPrefix(env.BridgeURL, "http://"))
	require.NoError(t, err, "take over the bridge's address")
	t.Cleanup(func() { l.Close() })

	w := &workerEnv{Env: env, t: t}
	all := worker.Vars(env.Config())
	for name, value := range vars {
		all[name] = value
	}
	log := workerdLog(t)
	if also != nil {
		log = io.MultiWriter(log, also)
	}
	w.opt = worker.Options{
		Workerd: bin, Bundle: dir, Listener: l.(*net.TCPListener), DataDir: filepath.Join(t.TempDir(), "d1"),
		Vars: all, Cron: cron, Log: log, D1InProcess: testD1InProcess,
	}
	t.Cleanup(func() {
		if w.rt != nil {
			w.rt.Stop()
		}
	})
	w.Start()
	// The first cron run links the account and subscribes VCC's webhooks.
	w.Scheduled()
	return w
}

// Start starts workerd (again, after Kill) on the same address and D1.
func (w *workerEnv) Start() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rt, err := worker.Start(ctx, w.opt)
	require.NoError(w.t, err)
	w.rt = rt
}

// Kill ends workerd with SIGKILL, as a crashed machine would.
func (w *workerEnv) Kill() {
	w.rt.Kill()
	w.rt = nil
}

// Scheduled fires the Worker's cron trigger once.
func (w *workerEnv) Scheduled() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(w.t, w.rt.Scheduled(ctx))
}

// bareWorker is the Worker in workerd without simulators: for what the
// Worker does on its own.
type bareWorker struct {
	t  testing.TB
	rt *worker.Runtime
}

// startBareWorker runs the Worker with vars as its settings.
func startBareWorker(t testing.TB, vars map[string]string) *bareWorker {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rt, err := worker.Start(ctx, worker.Options{Workerd: workerd(t), Bundle: builtBundle(t), Listener: l.(*net.TCPListener),
		DataDir: filepath.Join(t.TempDir(), "d1"), Vars: vars, Log: workerdLog(t), D1InProcess: testD1InProcess})
	require.NoError(t, err)
	t.Cleanup(rt.Stop)
	return &bareWorker{t: t, rt: rt}
}

// get returns the status and body of a GET.
func (b *bareWorker) get(path string) (int, string) {
	b.t.Helper()
	resp, err := http.Get(b.rt.URL() + path)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	return resp.StatusCode, string(body)
}

// workerdLog is a file for workerd's output (the Worker's log lines
// included), shown when the test fails; VCCNOW_TEST_LOG shows it as it
// comes. Cleanups run last first, so it is read after workerd stopped.
func workerdLog(t testing.TB) io.Writer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "workerd.log")
	f, err := os.Create(path)
	require.NoError(t, err)
	t.Cleanup(func() {
		f.Close()
		if b, err := os.ReadFile(path); t.Failed() && err == nil {
			t.Logf("workerd's output:\n%s", b)
		}
	})
	if os.Getenv("VCCNOW_TEST_LOG") != "" {
		return io.MultiWriter(f, os.Stderr)
	}
	return f
}
