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
	"path/filepath"
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
		started := time.Now()
		rt, err := worker.Start(ctx, worker.Options{Workerd: bin, Bundle: bundle, Listener: l.(*net.TCPListener),
			DataDir: filepath.Join(t.TempDir(), "d1"), Vars: worker.Vars(wcfg)})
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
		workerCalls := timeCalls(t, env, cfg.runs)

		rows = []Row{
			{Name: "Bridge request latency (native, GET /healthz)", Value: median(nativeHealth), Unit: "ms", Samples: len(nativeHealth)},
			{Name: "Worker request latency (workerd, GET /healthz)", Value: median(workerHealth), Unit: "ms", Samples: len(workerHealth),
				Note: "a fresh Go instance per request"},
			{Name: "Bridge: call queued → interaction created (native)", Value: median(nativeCalls), Unit: "ms", Samples: len(nativeCalls)},
			{Name: "Worker: call queued → interaction created", Value: median(workerCalls), Unit: "ms", Samples: len(workerCalls),
				Note: "webhook, then the outbox in waitUntil"},
			{Name: "Worker: workerd start → first answer", Value: float64(startup.Milliseconds()), Unit: "ms", Note: "compiles the bundle"},
			{Name: "Worker bundle, gzip", Value: float64(size.Gzip), Unit: "bytes", Target: "≤ 10 MB (Workers Paid)",
				Met: bar(size.Gzip <= 10<<20), Note: fmt.Sprintf("%.2f MB raw; plan: %s", float64(size.Raw)/1e6, size.Plan())},
		}
	})
	return rows, err
}

// timeRequests GETs url n times (after one warm-up) and returns the
// latencies in milliseconds.
func timeRequests(t e2e.T, url string, n int) []float64 {
	client := &http.Client{Timeout: 30 * time.Second}
	var out []float64
	for i := 0; i <= n; i++ {
		start := time.Now()
		resp, err := client.Get(url)
		if err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s", url, resp.Status)
		}
		if i > 0 {
			out = append(out, float64(time.Since(start).Microseconds())/1000)
		}
	}
	return out
}

// timeCalls places n calls, one at a time, and times each from VCC taking
// it to its interaction existing in ServiceNow; the caller then hangs up.
func timeCalls(t e2e.T, env *e2e.Env, n int) []float64 {
	var out []float64
	for i := 0; i < n; i++ {
		start := time.Now()
		id := env.PlaceCall("+14155550201", "support")
		env.WaitInteraction(id, "created", func(map[string]string) bool { return true })
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
