//go:build !js

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/sim/snsim"
	"github.com/vccnow/connector/bridge/sim/vccsim"
	"github.com/vccnow/connector/wasm/api"
)

// loadWorld is the load suite's product: both simulators and the ACD in
// this process, the bridge in its own (the native bridge or workerd).
type loadWorld struct {
	snURL, vccURL, bridgeURL string
	sn                       *snsim.Server
	vcc                      *vccsim.Server
	acd                      *loadACD
	watch                    *interactionWatch
	bridge                   bridgeUnderLoad
	servers                  []*http.Server
	hc                       *http.Client
	lat                      *latencies
	agents                   []loadAgent
}

// startLoadWorld starts the simulators on the seed in dir/seed, the ACD in
// front of VCC's API, and the bridge target serves (its files in dir).
func startLoadWorld(root, dir string, agents []loadAgent, target loadTarget) (*loadWorld, error) {
	w := &loadWorld{agents: agents, lat: &latencies{},
		hc: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxIdleConns: 1024}}}
	snL, vccL, acdL, bridgeL, err := listenFour()
	if err != nil {
		return nil, err
	}
	w.snURL, w.vccURL = "http://"+snL.Addr().String(), "http://"+vccL.Addr().String()
	acdURL := "http://" + acdL.Addr().String()
	w.bridgeURL = "http://" + bridgeL.Addr().String()
	closeAll := func() {
		for _, l := range []net.Listener{snL, vccL, acdL, bridgeL} {
			l.Close()
		}
	}
	seed := filepath.Join(dir, "seed")
	if w.sn, err = snsim.New(snsim.Config{SeedDir: filepath.Join(seed, "servicenow"), ConnectorURL: w.bridgeURL + "/"}); err != nil {
		closeAll()
		return nil, err
	}
	w.watch = watchInteractions(w.sn.DB)
	if w.vcc, err = vccsim.New(vccsim.Config{BaseURL: w.vccURL, SeedDir: filepath.Join(seed, "vcc"), PanelOrigins: []string{w.bridgeURL}}); err != nil {
		closeAll()
		w.close()
		return nil, err
	}
	cfg := bridge.Config{
		InstanceURL: w.snURL, VCCAuthURL: w.vcc.Issuer(), VCCAPIURL: acdURL, VCCClientID: "servicenow-connector",
		SNUser: "vcc.integration", SNPassword: "integration", SNClientID: "vcc-bridge", SNClientSecret: "bridge-secret",
		VCCBridgeClientID: "servicenow-bridge", VCCBridgeSecret: "bridge-secret", VCCAccountKey: "vccdemo01",
		PublicURL: w.bridgeURL, WebhookSecret: newWebhookSecret(),
	}
	if w.acd, err = newLoadACD(w.bridgeURL, cfg.WebhookSecret, w.vccURL, w.hc, w.lat); err != nil {
		closeAll()
		w.close()
		return nil, err
	}
	for l, h := range map[net.Listener]http.Handler{snL: w.sn, vccL: w.vcc, acdL: w.acd} {
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
		w.servers = append(w.servers, srv)
		go func() { _ = srv.Serve(l) }()
	}
	b, err := target.start(root, dir, bridgeL.(*net.TCPListener), cfg)
	bridgeL.Close() // the bridge holds the port now, or failed
	if err != nil {
		w.close()
		return nil, err
	}
	w.bridge = b
	return w, nil
}

func listenFour() (a, b, c, d net.Listener, err error) {
	var ls []net.Listener
	for range 4 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			for _, l := range ls {
				l.Close()
			}
			return nil, nil, nil, nil, err
		}
		ls = append(ls, l)
	}
	return ls[0], ls[1], ls[2], ls[3], nil
}

func newWebhookSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// close stops the bridge, then the simulators.
func (w *loadWorld) close() {
	if w.bridge != nil {
		w.bridge.stop()
	}
	if w.watch != nil {
		w.watch.cancel()
	}
	if w.sn != nil {
		_ = w.sn.Close()
	}
	if w.vcc != nil {
		_ = w.vcc.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, srv := range w.servers {
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
	}
	w.hc.CloseIdleConnections()
}

// signIn mints each agent's VCC token and opens their panel's session at
// the bridge, as agents do at the start of a shift, eight at a time.
func (w *loadWorld) signIn(ctx context.Context) error {
	return forEach(ctx, len(w.agents), 8, func(i int) error {
		a := &w.agents[i]
		var tok struct {
			Access string `json:"access_token"`
		}
		if err := w.call(ctx, http.MethodPost, w.vccURL+"/sim/tokens", "", map[string]string{"user_name": a.UserName}, &tok); err != nil {
			return fmt.Errorf("mint %s's token: %w", a.UserName, err)
		}
		a.Token = tok.Access
		var info api.SessionInfo
		if err := w.agentAPI(ctx, a, http.MethodPost, api.RouteSession.Path(), api.Session{Client: "bench"}, &info); err != nil {
			return fmt.Errorf("%s's panel session: %w", a.UserName, err)
		}
		if info.UserSysID != a.SysID {
			return fmt.Errorf("%s's session names sys_user %s, want %s", a.UserName, info.UserSysID, a.SysID)
		}
		return nil
	})
}

// agentAPI calls the bridge's agent API with the agent's token and records
// the round trip.
func (w *loadWorld) agentAPI(ctx context.Context, a *loadAgent, method, path string, body, out any) error {
	start := time.Now()
	err := w.call(ctx, method, w.bridgeURL+path, "Bearer "+a.Token, body, out)
	w.lat.add(kindAgentAPI, time.Since(start))
	return err
}

// call sends a JSON request and decodes a 2xx answer into out.
func (w *loadWorld) call(ctx context.Context, method, url, auth string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := w.hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return &statusError{status: res.StatusCode, body: string(bytes.TrimSpace(data))}
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// statusError is a non-2xx answer.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.status, e.body) }

// forEach runs f(0..n-1), at most par at a time, and returns their errors
// joined.
func forEach(ctx context.Context, n, par int, f func(i int) error) error {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	sem := make(chan struct{}, par)
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := f(i); err != nil {
				mu.Lock()
				firstErr = errors.Join(firstErr, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return firstErr
}
