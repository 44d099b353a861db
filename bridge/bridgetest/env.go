//go:build !js

// Package bridgetest proves the bridge's promises without a browser: both
// simulators run in the test's process on loopback ports, the bridge runs
// in-process or as its own OS process (to be killed with SIGKILL), and
// agents are played by Go clients: a VCC access token minted by the VCC
// simulator, a pion softphone on VCC's signaling socket, and the bridge's
// agent API, as the connector panel uses them.
//
// Tests read as a call's story:
//
//	env := bridgetest.Start(t)
//	beth := env.SignIn("beth.anglin")
//	beth.GoReady()
//	id := env.PlaceCall("+14155550201", "support")
//	ix := env.WaitInteraction(id, "created", bridgetest.InState("new"))
//
// Every helper fails the test with a clear message rather than returning an
// error, and every wait is bounded by Timeout.
package bridgetest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/devstack"
	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/sim/snsim"
	"github.com/vccnow/connector/bridge/sim/vccsim"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/wasm/api"
)

// Timeout bounds every wait.
var Timeout = 15 * time.Second

// Integration user and OAuth clients of the seeds, as the dev stack uses
// them.
const (
	IntegrationUser = "vcc.integration"
	snPassword      = "integration"
	snClientID      = "vcc-bridge"
	snClientSecret  = "bridge-secret"
	vccBridgeClient = "servicenow-bridge"
	vccBridgeSecret = "bridge-secret"
	connectorClient = "servicenow-connector"
)

// Options adjust Start.
type Options struct {
	// Process runs the bridge as its own OS process, built from
	// bridge/cmd/bridge, so a test can kill it (KillBridge) and start it
	// again on the same database (StartBridge).
	Process bool
	// Logger receives the bridge's and the simulators' logs (default:
	// discarded unless VCCNOW_TEST_LOG is set).
	Logger *log.Logger
	// BridgeLog, when set, receives the in-process bridge's logs as JSON
	// lines, as the native main writes them (tests of what it logs).
	BridgeLog io.Writer
	// BridgeTransport, when set, wraps the in-process bridge's outgoing
	// HTTP (tests that lose answers).
	BridgeTransport func(http.RoundTripper) http.RoundTripper
	// Rules, when set, replace the bridge's default per-queue rules.
	Rules *records.Rules
	// Presence, when set, replaces the default presence mapping.
	Presence *api.PresenceMap
	// RejectReason names the reject reason the bridge gives AWA
	// (bridge.Config.RejectReason).
	RejectReason string
	// ServiceNowSeed is the simulated instance's seed folder under
	// testdata (default "servicenow", the demo; "servicenow-empty" is an
	// instance `bridge setup` has not touched).
	ServiceNowSeed string
	// Queries, when set, counts the in-process bridge's store statements
	// (tests of what a call costs the store).
	Queries *store.QueryCounter
}

// Env is one test's world.
type Env struct {
	t   testing.TB
	opt Options

	SN  *snsim.Server
	VCC *vccsim.Server
	// SNURL, VCCURL and BridgeURL are the servers' base URLs.
	SNURL, VCCURL, BridgeURL string
	// Bridge and Store are the in-process bridge and its store (nil when
	// the bridge runs as a process).
	Bridge *bridge.Server
	Store  *store.Store
	// DBPath is the bridge's SQLite file.
	DBPath string
	// WebhookSecret is the secret VCC signs the bridge's webhooks with.
	WebhookSecret string

	bridgeAddr string
	// reserved holds the bridge's port from Start until the bridge's first
	// start takes it, so nothing else on the machine can take it between.
	reserved net.Listener
	// vccShift moves the VCC simulator's clock (nanoseconds), to mint
	// tokens that are already expired.
	vccShift atomic.Int64

	// vccRequests counts the requests VCC's simulator answered, by path.
	vccRequests sync.Map // string → *atomic.Int64

	stopBridge func()
	proc       *bridgeProcess
	// client makes the test's own requests; its idle connections are
	// closed before the servers stop, which would otherwise wait for them.
	client *http.Client
}

// Start runs both simulators and the bridge for t, and stops them when t
// ends.
func Start(t testing.TB, opts ...Options) *Env {
	t.Helper()
	var opt Options
	if len(opts) > 0 {
		opt = opts[0]
	}
	if opt.Logger == nil {
		opt.Logger = log.New(discard{}, "", 0)
		if os.Getenv("VCCNOW_TEST_LOG") != "" {
			opt.Logger = log.New(os.Stderr, t.Name()+" ", log.Lmicroseconds)
		}
	}
	root, err := devstack.FindRoot()
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{t: t, opt: opt, WebhookSecret: newSecret(), DBPath: filepath.Join(t.TempDir(), "bridge.db"),
		client: &http.Client{Timeout: Timeout, Transport: &http.Transport{}}}
	snL, vccL, bridgeL := listen(t), listen(t), listen(t)
	e.SNURL = "http://localhost:" + port(snL)
	e.VCCURL = "http://127.0.0.1:" + port(vccL)
	e.bridgeAddr = bridgeL.Addr().String()
	e.BridgeURL = "http://" + e.bridgeAddr

	if opt.ServiceNowSeed == "" {
		opt.ServiceNowSeed = "servicenow"
	}
	e.SN, err = snsim.New(snsim.Config{SeedDir: filepath.Join(root, "testdata", opt.ServiceNowSeed), ConnectorURL: e.BridgeURL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	e.VCC, err = vccsim.New(vccsim.Config{
		BaseURL: e.VCCURL, SeedDir: filepath.Join(root, "testdata", "vcc"), PanelOrigins: []string{e.BridgeURL},
		// VCC's documented event fields only, unless VCCNOW_VCC_WEBHOOK_EXTENSIONS=1
		// (./build.sh test runs the suite both ways).
		WebhookExtensions: vccsim.WebhookExtensionsFromEnv(),
		Now:               func() time.Time { return time.Now().Add(time.Duration(e.vccShift.Load())) },
		Logger:            opt.Logger,
		// A bridge that is down gets its events again within a second.
		Webhooks: vccsim.WebhookConfig{Timeout: 5 * time.Second, RetryDelays: []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond}},
	})
	if err != nil {
		t.Fatal(err)
	}
	serve(t, snL, e.SN, e.SN.Close)
	serve(t, vccL, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := e.vccRequests.LoadOrStore(r.URL.Path, new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
		e.VCC.ServeHTTP(w, r)
	}), e.VCC.Close)
	// The bridge's port stays reserved until the bridge takes it.
	e.reserved = bridgeL
	e.StartBridge()
	t.Cleanup(e.stop)
	return e
}

// VCCRequests is how many requests VCC's simulator answered at path (the
// bridge's and the test's).
func (e *Env) VCCRequests(path string) int {
	if n, ok := e.vccRequests.Load(path); ok {
		return int(n.(*atomic.Int64).Load())
	}
	return 0
}

// Config is the bridge's configuration for this env: the seeded integration
// user and OAuth clients of both simulators.
func (e *Env) Config() bridge.Config {
	return bridge.Config{
		InstanceURL: e.SNURL, VCCAuthURL: e.VCC.Issuer(), VCCAPIURL: e.VCCURL, VCCClientID: connectorClient,
		SNUser: IntegrationUser, SNPassword: snPassword, SNClientID: snClientID, SNClientSecret: snClientSecret,
		VCCBridgeClientID: vccBridgeClient, VCCBridgeSecret: vccBridgeSecret, VCCAccountKey: "vccdemo01",
		PublicURL: e.BridgeURL, WebhookSecret: e.WebhookSecret,
		Rules: rules(e.opt.Rules), Presence: presence(e.opt.Presence), RejectReason: e.opt.RejectReason,
	}
}

func presence(m *api.PresenceMap) api.PresenceMap {
	if m == nil {
		return api.PresenceMap{}
	}
	return *m
}

func rules(r *records.Rules) records.Rules {
	if r == nil {
		return records.Rules{}
	}
	return *r
}

// StartBridge starts the bridge on its address and database (again, after
// KillBridge) and waits until it answers and is subscribed to VCC.
func (e *Env) StartBridge() {
	e.t.Helper()
	if e.stopBridge != nil {
		e.t.Fatal("the bridge is running already")
	}
	if e.opt.Process {
		if e.reserved != nil {
			e.reserved.Close()
			e.reserved = nil
		}
		e.proc = startBridgeProcess(e.t, e)
		e.stopBridge = e.proc.stop
	} else {
		e.startInProcess()
	}
	e.waitHealthy()
}

func (e *Env) startInProcess() {
	t := e.t
	var st *store.Store
	var err error
	if e.opt.Queries != nil {
		st, err = store.OpenSQLiteCounting(context.Background(), e.DBPath, e.opt.Queries)
	} else {
		st, err = store.OpenSQLite(context.Background(), e.DBPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	transport := &http.Transport{}
	hc := &http.Client{Timeout: 15 * time.Second, Transport: transport}
	if e.opt.BridgeTransport != nil {
		hc.Transport = e.opt.BridgeTransport(transport)
	}
	deps := bridge.Deps{Store: st, Logger: e.opt.Logger, HTTP: hc}
	if e.opt.BridgeLog != nil {
		deps.Log = slog.New(slog.NewJSONHandler(e.opt.BridgeLog, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	b, err := bridge.New(e.Config(), deps)
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	l, err := e.bridgeListener()
	if err != nil {
		st.Close()
		t.Fatalf("listen on the bridge's address %s again: %v", e.bridgeAddr, err)
	}
	srv := &http.Server{Handler: b, ErrorLog: e.opt.Logger, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	work, stopWork := context.WithCancel(context.Background())
	worked := make(chan struct{})
	go func() {
		defer close(worked)
		b.Work(work)
	}()
	e.Bridge, e.Store = b, st
	e.stopBridge = func() {
		stopWork()
		<-worked
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
		st.Close()
		transport.CloseIdleConnections()
		e.Bridge, e.Store = nil, nil
	}
	if err := retry(func() error { return b.Subscribe(context.Background()) }); err != nil {
		t.Fatalf("subscribe the bridge to VCC's webhooks: %v", err)
	}
	// As the native main and the dev stack do at start. An instance other
	// than the demo's may not be set up yet: the warm-up then only says so.
	if err := b.Warm(context.Background()); err != nil && e.opt.ServiceNowSeed == "" {
		t.Fatalf("the bridge's warm-up: %v", err)
	} else if err != nil {
		t.Logf("the bridge's warm-up (the instance is not set up yet): %v", err)
	}
}

// bridgeListener is the reserved port on the first start; on a restart the
// port the stopped bridge let go, retried for a few seconds in case a
// connection of another process holds it for a moment.
func (e *Env) bridgeListener() (net.Listener, error) {
	if l := e.reserved; l != nil {
		e.reserved = nil
		return l, nil
	}
	var err error
	for range 30 {
		var l net.Listener
		if l, err = net.Listen("tcp", e.bridgeAddr); err == nil {
			return l, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, err
}

// KillBridge ends the bridge process with SIGKILL, as a crash or the OOM
// killer would: no shutdown, no flush.
func (e *Env) KillBridge() {
	e.t.Helper()
	if e.proc == nil {
		e.t.Fatal("KillBridge needs Options.Process")
	}
	e.proc.kill()
	e.proc, e.stopBridge = nil, nil
}

// ShiftVCCClock moves the VCC simulator's clock by d (tokens minted then
// carry its times); ShiftVCCClock(0) puts it back.
func (e *Env) ShiftVCCClock(d time.Duration) { e.vccShift.Store(int64(d)) }

func (e *Env) stop() {
	if e.stopBridge != nil {
		e.stopBridge()
		e.stopBridge = nil
	}
	e.client.CloseIdleConnections()
}

// waitHealthy waits until the bridge answers /healthz.
func (e *Env) waitHealthy() {
	e.t.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		resp, err := e.client.Get(e.BridgeURL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("the bridge at %s did not answer /healthz within %v: %v", e.BridgeURL, Timeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func listen(t testing.TB) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func port(l net.Listener) string { return fmt.Sprint(l.Addr().(*net.TCPAddr).Port) }

// serve serves h on l until the test ends; closeSim ends the simulator's
// long-lived streams first so the server stops at once.
func serve(t testing.TB, l net.Listener, h http.Handler, closeSim func() error) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(discard{}, "", 0)}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Logf("server on %s stopped: %v", l.Addr(), err)
		}
	}()
	t.Cleanup(func() {
		_ = closeSim()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
	})
}

// retry tries f a few times while the servers come up.
func retry(f func() error) error {
	var err error
	for i := 0; i < 40; i++ {
		if err = f(); err == nil {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return err
}

// newSecret is a random webhook signing secret (base64 of 32 bytes).
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
