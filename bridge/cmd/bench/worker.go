//go:build !js

package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/e2e"
	"github.com/vccnow/connector/bridge/worker"
)

// measureWorker runs the same requests against the native bridge and the
// bridge as a Worker in workerd (built by ./build.sh into .build/worker,
// state in a local D1) and reports them side by side: a request's latency
// (GET /healthz: on Workers a fresh Go instance and a D1 query each time),
// and a VCC call's path from its first webhook to the interaction created
// in ServiceNow. Both bridges use the same simulators, one after the other.
func measureWorker(cfg config) ([]Row, error) {
	bundle := filepath.Join(cfg.root, ".build", "worker")
	size, err := worker.Measure(bundle)
	if err != nil {
		return nil, err
	}
	bin, err := worker.FindWorkerd(cfg.root)
	if err != nil {
		return nil, err
	}
	var rows []Row
	r := e2e.NewRunner("bench-worker", cfg.log)
	err = r.Run(func(t e2e.T) {
		env := e2e.Start(t)
		nativeHealth := timeRequests(t, env.Stack.BridgeURL+"/healthz", cfg.runs)
		nativeCalls := timeCalls(t, env, cfg.runs)

		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		wcfg := seedConfig(env)
		wcfg.PublicURL = "http://" + l.Addr().String()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		// workerd's output (the Worker's log lines) goes to
		// .build/bench-workerd.log.
		logFile, err := os.Create(filepath.Join(cfg.root, ".build", "bench-workerd.log"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { logFile.Close() })
		started := time.Now()
		rt, err := worker.Start(ctx, worker.Options{Workerd: bin, Bundle: bundle, Listener: l.(*net.TCPListener),
			DataDir: filepath.Join(t.TempDir(), "d1"), Vars: worker.Vars(wcfg), Log: logFile,
			// The cron trigger closes what the outbox put off (an abandoned
			// call is closed a few seconds after the hang-up), as Cloudflare
			// does every minute: here often enough that each timed call is
			// closed before the next. The timed path, webhook to
			// interaction, does not wait for it.
			Cron: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		startup := time.Since(started)
		t.Cleanup(rt.Stop)
		// The first cron run takes VCC's webhooks over from the native bridge.
		if err := rt.Scheduled(ctx); err != nil {
			t.Fatal(err)
		}
		workerHealth := timeRequests(t, rt.URL()+"/healthz", cfg.runs)
		cpu := requestCPU(t, rt, 200)
		peaks := concurrencyPeaks(t, rt, []int{5, 10, 20, 40}, 3*time.Second)
		// Over the first 10,000 requests workerd's resident set is still
		// growing towards where it settles, with or without the bridge
		// (the control); from 30,000 to 60,000 it has settled.
		seq := sequentialMemory(t, rt, "/healthz", 1000, 10000, 30000, 60000)
		ctl := controlMemory(t, bin, bundle, worker.Vars(wcfg))

		// Rows are kept as they are measured: a failing call below still
		// leaves the figures above in the report.
		rows = []Row{
			{Name: "Bridge request latency (native, GET /healthz)", Value: median(nativeHealth), Unit: "ms", Samples: len(nativeHealth)},
			{Name: "Worker request latency (workerd, GET /healthz, warm)", Value: median(workerHealth), Unit: "ms", Samples: len(workerHealth),
				Target: "≤ 5 ms", Met: bar(median(workerHealth) <= 5), Note: "a warm Go instance from the pool"},
			{Name: "Worker CPU per request (workerd, GET /healthz, warm)", Value: cpu, Unit: "ms",
				Note: "workerd's CPU time over 200 sequential requests, D1's included"},
			{Name: "Worker: workerd start → first answer", Value: float64(startup.Milliseconds()), Unit: "ms", Note: "compiles the bundle"},
			{Name: "Worker bundle, gzip", Value: float64(size.Gzip), Unit: "bytes", Target: "≤ 6 MB",
				Met: bar(size.Gzip <= 6<<20), Note: fmt.Sprintf("%.2f MB raw; plan: %s", float64(size.Raw)/1e6, size.Plan())},
		}
		for _, p := range peaks {
			rows = append(rows, Row{Name: fmt.Sprintf("Worker: workerd memory peak, %d concurrent requests", p.concurrency),
				Value: float64(p.aboveIdle), Unit: "bytes", Target: "≤ 128 MB above idle", Met: bar(p.aboveIdle <= 128<<20),
				Note: fmt.Sprintf("peak RSS %.0f MB, idle %.0f MB; %d requests, %d failed; the bridge's workerd process (local D1's apart: peak %.0f MB)",
					float64(p.peak)/1e6, float64(p.idle)/1e6, p.requests, p.failed, float64(p.d1Peak)/1e6)})
		}
		for _, w := range [][2]int{{0, 1}, {2, 3}} {
			g, per := seq.growth(w[0], w[1])
			rows = append(rows, Row{Name: fmt.Sprintf("Worker: workerd memory growth, GET /healthz %d → %d one at a time", seq.at[w[0]], seq.at[w[1]]),
				Value: float64(g), Unit: "bytes", Target: "≤ 1 KB a request", Met: bar(per <= 1024),
				Note: fmt.Sprintf("%s; the bridge's workerd process, local D1's apart (%.0f → %.0f MB)",
					seq.note(w[0], w[1]), float64(seq.d1[w[0]])/1e6, float64(seq.d1[w[1]])/1e6)})
		}
		g, _ := ctl.growth(0, 1)
		rows = append(rows, Row{Name: fmt.Sprintf("Worker: workerd memory growth, a static file %d → %d (control)", ctl.at[0], ctl.at[1]),
			Value: float64(g), Unit: "bytes",
			Note: fmt.Sprintf("%s for %s, in a workerd of its own: Static Assets serves it without Go or D1, so this is what workerd gathers by itself",
				ctl.note(0, 1), controlPath)})
		rows = append(rows, Row{Name: "Bridge: call queued → interaction created (native)", Value: median(nativeCalls), Unit: "ms", Samples: len(nativeCalls)})
		workerCalls := timeCalls(t, env, cfg.runs)
		rows = append(rows, Row{Name: "Worker: call queued → interaction created", Value: median(workerCalls), Unit: "ms", Samples: len(workerCalls),
			Target: "within 20% of native", Met: bar(median(workerCalls) <= 1.2*median(nativeCalls)),
			Note: "webhook, then the outbox in waitUntil"})
	})
	return rows, err
}

// requestCPU is workerd's CPU time per request, in milliseconds, over n
// sequential GET /healthz.
func requestCPU(t e2e.T, rt *worker.Runtime, n int) float64 {
	before, err := rt.CPU()
	if err != nil {
		t.Fatal(err)
	}
	timeRequests(t, rt.URL()+"/healthz", n)
	after, err := rt.CPU()
	if err != nil {
		t.Fatal(err)
	}
	return float64((after - before).Microseconds()) / 1000 / float64(n+1)
}

// peak is workerd's memory under one level of concurrency.
type peak struct {
	concurrency      int
	idle, peak       int64
	aboveIdle        int64
	requests, failed int
	d1Peak           int64 // the local D1's process
}

// concurrencyPeaks keeps each level's number of GET /healthz in flight at
// once for d, levels in increasing order, in the one workerd process, and
// reports its peak RSS (VmHWM, which only grows: the levels go up) above
// its RSS when idle before the first.
func concurrencyPeaks(t e2e.T, rt *worker.Runtime, levels []int, d time.Duration) []peak {
	idle, _, err := rt.Memory()
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var out []peak
	for _, c := range levels {
		var mu sync.Mutex
		p := peak{concurrency: c, idle: idle}
		var wg sync.WaitGroup
		end := time.Now().Add(d)
		for i := 0; i < c; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) {
					resp, err := client.Get(rt.URL() + "/healthz")
					ok := err == nil && resp.StatusCode == http.StatusOK
					if err == nil {
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
					mu.Lock()
					p.requests++
					if !ok {
						p.failed++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		_, hwm, err := rt.Memory()
		if err != nil {
			t.Fatal(err)
		}
		p.peak, p.aboveIdle = hwm, hwm-idle
		if _, p.d1Peak, err = rt.D1Memory(); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// sequential is workerd's memory over a long run of requests one at a
// time: its resident set after each checkpoint's count of requests, the
// bridge's process and the local D1's.
type sequential struct {
	at      []int
	rss, d1 []int64
}

// growth is how the bridge's process grew from checkpoint i to j, in all
// and in bytes a request.
func (s sequential) growth(i, j int) (int64, float64) {
	g := s.rss[j] - s.rss[i]
	return g, float64(g) / float64(s.at[j]-s.at[i])
}

// note describes the growth from checkpoint i to j.
func (s sequential) note(i, j int) string {
	_, per := s.growth(i, j)
	return fmt.Sprintf("RSS %.0f MB after %d requests, %.0f MB after %d (%.1f KB a request)",
		float64(s.rss[i])/1e6, s.at[i], float64(s.rss[j])/1e6, s.at[j], per/1024)
}

// controlPath is a file of the bundle's Static Assets: workerd serves it
// without the bridge.
const controlPath = "/assets/wasm_exec.js"

// sequentialMemory GETs path one request after the other and reads
// workerd's resident memory at each checkpoint (counts of requests,
// ascending): what a long-lived isolate gathers, request after request,
// once warm (the first ones start the instances and fill the caches).
func sequentialMemory(t e2e.T, rt *worker.Runtime, path string, checkpoints ...int) sequential {
	s := sequential{at: checkpoints}
	client := &http.Client{Timeout: 30 * time.Second}
	for i, next := 1, 0; next < len(checkpoints); i++ {
		getOK(t, client, rt.URL()+path, fmt.Sprintf("request %d", i))
		if i < checkpoints[next] {
			continue
		}
		rss, _, err := rt.Memory()
		if err != nil {
			t.Fatal(err)
		}
		d1, _, err := rt.D1Memory()
		if err != nil {
			t.Fatal(err)
		}
		s.rss, s.d1 = append(s.rss, rss), append(s.d1, d1)
		next++
	}
	return s
}

// controlMemory is sequentialMemory, over its first 10,000 requests, for
// a file of the Worker's Static Assets (controlPath), in a workerd process
// of its own, started for it: the requests reach neither Go nor D1.
func controlMemory(t e2e.T, bin, bundle string, vars map[string]string) sequential {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rt, err := worker.Start(ctx, worker.Options{Workerd: bin, Bundle: bundle, Listener: l.(*net.TCPListener),
		DataDir: filepath.Join(t.TempDir(), "control-d1"), Vars: vars})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Stop()
	return sequentialMemory(t, rt, controlPath, 1000, 10000)
}

// getOK GETs url and reads the answer, failing t unless it is 200; what
// names the request in the failure.
func getOK(t e2e.T, client *http.Client, url, what string) {
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s %s: %v", url, what, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s %s: %s", url, what, resp.Status)
	}
}

// timeRequests GETs url n times (after one warm-up) and returns the
// latencies in milliseconds.
func timeRequests(t e2e.T, url string, n int) []float64 {
	client := &http.Client{Timeout: 30 * time.Second}
	var out []float64
	for i := 0; i <= n; i++ {
		start := time.Now()
		getOK(t, client, url, "")
		if i > 0 {
			out = append(out, float64(time.Since(start).Microseconds())/1000)
		}
	}
	return out
}

// timeCalls places n calls, one at a time, and times each from VCC taking
// it to its interaction existing in ServiceNow; the caller then hangs up.
// The interaction is looked for every 2 ms (env.WaitInteraction's 50 ms
// would round every figure up to its next poll).
func timeCalls(t e2e.T, env *e2e.Env, n int) []float64 {
	var out []float64
	for i := 0; i < n; i++ {
		start := time.Now()
		id := env.PlaceCall("+14155550201", "support")
		for deadline := start.Add(e2e.Timeout); ; time.Sleep(2 * time.Millisecond) {
			if _, ok := env.Interaction(id); ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("call %s: no interaction after %v", id, e2e.Timeout)
			}
		}
		out = append(out, float64(time.Since(start).Microseconds())/1000)
		env.CallerHangsUp(id)
		env.WaitInteraction(id, "abandoned", func(ix map[string]string) bool { return ix["state"] == "closed_abandoned" })
	}
	return out
}

// seedConfig is the dev stack's bridge configuration: the seeded
// integration user and OAuth clients of both simulators (testdata), with a
// webhook secret of its own.
func seedConfig(env *e2e.Env) bridge.Config {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	return bridge.Config{
		InstanceURL: env.Stack.ServiceNowURL, VCCAuthURL: env.Stack.VCC.Issuer(), VCCAPIURL: env.Stack.VCCURL,
		VCCClientID: "servicenow-connector",
		SNUser:      "vcc.integration", SNPassword: "integration", SNClientID: "vcc-bridge", SNClientSecret: "bridge-secret",
		VCCBridgeClientID: "servicenow-bridge", VCCBridgeSecret: "bridge-secret", VCCAccountKey: "vccdemo01",
		WebhookSecret: base64.StdEncoding.EncodeToString(secret),
	}
}
