//go:build !js

// Package devstack runs the whole product on one machine: the ServiceNow
// instance simulator, the VCC simulator and the bridge, each on its own
// loopback port, with the bridge's state in SQLite. cmd/devstack runs it for
// people; the browser harness (package e2e) runs it inside tests.
package devstack

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/sim/snsim"
	"github.com/vccnow/connector/bridge/sim/vccsim"
	"github.com/vccnow/connector/bridge/store"
)

// Options says where the stack listens and keeps its files. Zero ports pick
// free ones (tests); cmd/devstack uses the documented 8701, 8702, 8703.
type Options struct {
	ServiceNowPort int
	BridgePort     int
	VCCPort        int
	// DataDir holds the bridge's SQLite database.
	DataDir string
	// SeedDir holds the simulators' seed records: its servicenow and vcc
	// folders (testdata).
	SeedDir string
	// ServiceNowSeed is the folder of SeedDir the instance's seed is in
	// (default "servicenow", the demo; "servicenow-empty": an instance
	// `bridge setup` has not touched).
	ServiceNowSeed string
	// Logger receives the servers' logs; nil discards them.
	Logger *log.Logger
	// Rules replace the bridge's default rules (records.DefaultRules).
	Rules *records.Rules
}

// Stack is a running dev stack.
type Stack struct {
	// ServiceNowURL is the simulated instance, on "localhost" so that it is
	// a different site from the bridge, as in production.
	ServiceNowURL string
	// BridgeURL serves the connector page and the bridge API.
	BridgeURL string
	// VCCURL is the simulated VCC region.
	VCCURL string

	ServiceNow *snsim.Server
	VCC        *vccsim.Server
	Bridge     *bridge.Server
	Store      *store.Store

	// servers are the simulators' HTTP servers; the bridge's is
	// bridgeSrv, kept apart so RestartBridge can replace it.
	servers []*http.Server
	errs    chan error
	logger  *log.Logger

	// The bridge's configuration, address and database, kept for
	// RestartBridge (restart.go).
	bridgeCfg  bridge.Config
	bridgeAddr string
	dbPath     string
	bridgeSrv  *http.Server
	stopWork   context.CancelFunc
	workDone   chan struct{}
	// apiDown cuts the panels off from the bridge's API (outage.go).
	apiDown atomic.Bool
}

// DemoAgents are the agents the seed signs in (password "demo" at VCC).
var DemoAgents = []string{"beth.anglin", "abel.tuter"}

// Start listens on all three ports and serves until Close.
func Start(ctx context.Context, opt Options) (*Stack, error) {
	if opt.SeedDir == "" {
		return nil, errors.New("devstack: no seed directory")
	}
	if opt.DataDir == "" {
		return nil, errors.New("devstack: no data directory")
	}
	logger := opt.Logger
	if logger == nil {
		logger = log.New(discard{}, "", 0)
	}
	lns := make([]net.Listener, 0, 3)
	closeAll := func() {
		for _, l := range lns {
			l.Close()
		}
	}
	for _, port := range []int{opt.ServiceNowPort, opt.BridgePort, opt.VCCPort} {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("devstack: %w (is another stack running? choose other ports with flags or env)", err)
		}
		lns = append(lns, l)
	}
	portOf := func(l net.Listener) int { return l.Addr().(*net.TCPAddr).Port }
	st := &Stack{
		ServiceNowURL: fmt.Sprintf("http://localhost:%d", portOf(lns[0])),
		BridgeURL:     fmt.Sprintf("http://127.0.0.1:%d", portOf(lns[1])),
		VCCURL:        fmt.Sprintf("http://127.0.0.1:%d", portOf(lns[2])),
		errs:          make(chan error, 3),
	}

	var err error
	if st.ServiceNow, err = snsim.New(snsim.Config{SeedDir: filepath.Join(opt.SeedDir, cmp.Or(opt.ServiceNowSeed, "servicenow")), ConnectorURL: st.BridgeURL + "/"}); err != nil {
		closeAll()
		return nil, err
	}
	if st.VCC, err = vccsim.New(vccsim.Config{BaseURL: st.VCCURL, SeedDir: filepath.Join(opt.SeedDir, "vcc"), PanelOrigins: []string{st.BridgeURL},
		// VCC's documented event fields only, unless VCCNOW_VCC_WEBHOOK_EXTENSIONS=1.
		WebhookExtensions: vccsim.WebhookExtensionsFromEnv()}); err != nil {
		closeAll()
		return nil, err
	}
	st.logger = logger
	st.dbPath = filepath.Join(opt.DataDir, "bridge.db")
	st.bridgeAddr = lns[1].Addr().String()
	st.bridgeCfg = bridge.Config{
		InstanceURL: st.ServiceNowURL,
		VCCAuthURL:  st.VCC.Issuer(),
		VCCAPIURL:   st.VCCURL,
		VCCClientID: "servicenow-connector",
		// The seeded integration user and OAuth clients of both simulators.
		SNUser: "vcc.integration", SNPassword: "integration", SNClientID: "vcc-bridge", SNClientSecret: "bridge-secret",
		VCCBridgeClientID: "servicenow-bridge", VCCBridgeSecret: "bridge-secret", VCCAccountKey: "vccdemo01",
		PublicURL: st.BridgeURL, WebhookSecret: newSecret(),
	}
	if opt.Rules != nil {
		st.bridgeCfg.Rules = *opt.Rules
	}
	for i, h := range []http.Handler{st.ServiceNow, st.VCC} {
		srv := &http.Server{Handler: h, ErrorLog: logger, ReadHeaderTimeout: 10 * time.Second}
		st.servers = append(st.servers, srv)
		st.serve(srv, []net.Listener{lns[0], lns[2]}[i])
	}
	if err := st.startBridge(ctx, lns[1]); err != nil {
		lns[1].Close()
		_ = st.Close(context.Background())
		return nil, err
	}
	return st, nil
}

// startBridge opens the store, starts the bridge's outbox worker and its
// server on l, and subscribes it to VCC's webhooks.
func (st *Stack) startBridge(ctx context.Context, l net.Listener) error {
	var err error
	if st.Store, err = store.OpenSQLite(ctx, st.dbPath); err != nil {
		return err
	}
	st.Bridge, err = bridge.New(st.bridgeCfg, bridge.Deps{Store: st.Store, Logger: st.logger})
	if err != nil {
		return err
	}
	work, stopWork := context.WithCancel(context.Background())
	st.stopWork = stopWork
	st.workDone = make(chan struct{})
	go func(b *bridge.Server, done chan struct{}) {
		defer close(done)
		b.Work(work)
	}(st.Bridge, st.workDone)
	st.bridgeSrv = &http.Server{Handler: st.outageGate(st.Bridge), ErrorLog: st.logger, ReadHeaderTimeout: 10 * time.Second}
	st.serve(st.bridgeSrv, l)
	// VCC must know where to deliver events before the first call.
	if err := retry(ctx, func() error { return st.Bridge.Subscribe(ctx) }); err != nil {
		return fmt.Errorf("devstack: subscribe the bridge to VCC's webhooks: %w", err)
	}
	if err := st.Bridge.Warm(ctx); err != nil {
		st.logger.Printf("bridge warm-up: %v", err)
	}
	return nil
}

// serve runs srv on l until it is shut down; any other end is reported on
// Err.
func (st *Stack) serve(srv *http.Server, l net.Listener) {
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			select {
			case st.errs <- err:
			default: // an earlier error is waiting to be read
			}
		}
	}()
}

// retry tries f a few times while the servers come up.
func retry(ctx context.Context, f func() error) error {
	var err error
	for i := 0; i < 20; i++ {
		if err = f(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return err
}

// newSecret is a random webhook signing secret (base64 of 32 bytes).
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// Err reports a server that stopped on its own.
func (st *Stack) Err() <-chan error { return st.errs }

// Close stops the servers, waiting up to ctx for requests in flight.
func (st *Stack) Close(ctx context.Context) error {
	errs := []error{st.stopBridge(ctx)}
	// The simulators end their long-lived streams (workspace event feeds,
	// softphone sockets) first, so the servers can shut down at once.
	if st.ServiceNow != nil {
		errs = append(errs, st.ServiceNow.Close())
	}
	if st.VCC != nil {
		errs = append(errs, st.VCC.Close())
	}
	for _, srv := range st.servers {
		if err := srv.Shutdown(ctx); err != nil {
			srv.Close()
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// FindRoot walks up from the working directory to the module root (the folder
// holding go.mod), so tests and tools find testdata wherever they run.
func FindRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("devstack: go.mod not found above the working directory")
		}
		dir = parent
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
