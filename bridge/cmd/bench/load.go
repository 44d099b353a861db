//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/vccnow/connector/bridge/sim/snsim"
	"github.com/vccnow/connector/bridge/sim/vccsim"
	"github.com/vccnow/connector/wasm/api"
)

// The design's bar for the bridge: 500 simulated agents, a call each every
// 10 s, p99 < 50 ms, zero lost or duplicate records.
const (
	loadAgents   = 500
	loadInterval = 10 * time.Second
	// loadTalk and loadWrapUp are how long each call talks and how long
	// its agent takes to wrap up.
	loadTalk   = 2 * time.Second
	loadWrapUp = 500 * time.Millisecond
	// loadWindow is how long calls are placed: three rounds of calls. The
	// simulated instance, in this process, finds records by scanning its
	// tables, so it slows down as they grow and takes CPU from the bridge
	// in longer runs (60 s: p99 143 ms, half of this process's CPU in
	// servicenow.DB.Find). The environment variables
	// VCCNOW_BENCH_LOAD_SECONDS and VCCNOW_BENCH_LOAD_AGENTS change the
	// window and the number of agents, to explore other loads.
	loadWindow = 30 * time.Second
	// loadSettle bounds the wait for the last interactions to close.
	loadSettle = 2 * time.Minute
	// loadDrain bounds how long calls placed in the window may take to
	// end after it: a bridge that cannot keep up is measured, not waited
	// for (the calls it did not finish count as failed flows).
	loadDrain = time.Minute
)

// loadCallers ring in turn: CSM callers (queue support), ITSM callers
// (queue servicedesk) and an unknown number (testdata/servicenow/README.md).
var loadCallers = []struct{ from, queue string }{
	{"+14155550201", "support"}, {"+14155550111", "servicedesk"}, {"+14155550301", "support"},
	{"+14155550121", "servicedesk"}, {"+14155550211", "support"}, {"+14155550199", "support"},
}

// measureLoad runs the bridge, as its own process, under the load of 500
// agents taking a call every 10 s each, and reports its request latency,
// whether every call left exactly one closed interaction, and its peak
// memory; then the same for the bridge as a Worker in workerd
// (loadworker.go). What the suite plays instead of VCC's ACD is in
// loadacd.go.
func measureLoad(cfg config) ([]Row, error) {
	var (
		rows []Row
		errs []error
	)
	for _, target := range loadTargets() {
		r, err := runLoad(cfg, target)
		rows = append(rows, r...)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", target.name, err))
		}
	}
	return rows, errors.Join(errs...)
}

// runLoad runs the load against one bridge.
func runLoad(cfg config, target loadTarget) ([]Row, error) {
	window, agentCount := loadWindow, target.agents
	if s, err := strconv.Atoi(os.Getenv("VCCNOW_BENCH_LOAD_SECONDS")); err == nil && s > 0 {
		window = time.Duration(s) * time.Second
	}
	if n, err := strconv.Atoi(os.Getenv(target.agentsEnv)); err == nil && n > 0 {
		agentCount = n
	}
	dir, err := os.MkdirTemp("", "bench-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	agents, err := writeLoadSeed(cfg.root, filepath.Join(dir, "seed"), agentCount)
	if err != nil {
		return nil, err
	}
	queues, err := loadQueues(filepath.Join(dir, "seed", "vcc", "accounts.json"))
	if err != nil {
		return nil, err
	}
	w, err := startLoadWorld(cfg.root, dir, agents, target)
	if err != nil {
		return nil, err
	}
	defer w.close()
	ctx, cancel := context.WithTimeout(context.Background(), window+loadSettle+5*time.Minute)
	defer cancel()
	cfg.log.Printf("load (%s): signing %d agents in", target.name, len(agents))
	if err := w.signIn(ctx); err != nil {
		return nil, err
	}
	cfg.log.Printf("load (%s): %d agents, a call each every %v, for %v", target.name, len(agents), loadInterval, window)
	cpu := startCPU(w.bridge)
	w.lat.record(true)
	started := time.Now()
	drain := loadDrain
	if target.drain > 0 {
		drain = target.drain
	}
	flowCtx, cancelFlows := context.WithTimeout(ctx, window+drain)
	calls, flowErr := w.run(flowCtx, window, queues)
	cancelFlows()
	w.lat.record(false)
	took := time.Since(started)
	used := cpu.stop(len(calls))
	cfg.log.Printf("load (%s): %d calls placed in %v; waiting for their interactions to close", target.name, len(calls), took.Round(time.Second))
	settle := loadSettle
	if target.settle > 0 {
		settle = target.settle
	}
	out, err := w.outcome(ctx, calls, settle)
	if err != nil {
		return nil, err
	}
	return append(loadRows(target, w, out, window, took, flowErr, used), w.bridge.memoryRows(target.name)...), nil
}

// run makes every agent take a call every loadInterval, their first calls
// spread over the first interval, until window has passed. Calls arrive on
// schedule whatever the bridge's pace (each runs on its own), so a slow
// bridge is measured under the load it was given, not a lighter one. It
// returns every call placed and the first errors of call flows that
// failed.
func (w *loadWorld) run(ctx context.Context, window time.Duration, queues map[string]vccsim.QueueRef) ([]*loadCall, error) {
	start := time.Now()
	end := start.Add(window)
	var (
		mu    sync.Mutex
		calls []*loadCall
		errs  []error
		wg    sync.WaitGroup
	)
	take := func(a *loadAgent, n int) {
		defer wg.Done()
		caller := loadCallers[n%len(loadCallers)]
		c, err := w.takeCall(ctx, a, caller.from, queues[caller.queue])
		mu.Lock()
		defer mu.Unlock()
		c.finished = err == nil
		calls = append(calls, c)
		if err != nil && len(errs) < 3 {
			errs = append(errs, fmt.Errorf("%s, call %s: %w", a.UserName, c.id, err))
		}
	}
	for i := range w.agents {
		offset := loadInterval * time.Duration(i) / time.Duration(len(w.agents))
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := i
			for next := start.Add(offset); next.Before(end) && sleepUntil(ctx, next); next = next.Add(loadInterval) {
				wg.Add(1)
				go take(&w.agents[i], n)
				n++
			}
		}()
	}
	wg.Wait()
	return calls, errors.Join(errs...)
}

// takeCall is one call as the agent's panel lives it: the caller waits in
// the queue, the panel is offered the call's interaction (loadwatch.go),
// reads it and accepts it (as from the workspace inbox: the suite stands in
// for AWA's accept, which assigns the interaction to the agent, and the
// bridge reads that back), they talk, the agent hangs up and wraps up.
func (w *loadWorld) takeCall(ctx context.Context, a *loadAgent, from string, q vccsim.QueueRef) (*loadCall, error) {
	c := w.acd.place(from, q, a)
	sysID, err := w.watch.wait(ctx, c.id)
	if err != nil {
		return c, fmt.Errorf("no interaction before the suite's deadline: %w", err)
	}
	// The panel reads the offered interaction (caller, record to pop).
	var ix api.Interaction
	if err := w.agentAPI(ctx, a, http.MethodGet, api.RouteInteraction.Path(sysID), nil, &ix); err != nil {
		return c, fmt.Errorf("read the interaction: %w", err)
	}
	if _, err := w.sn.DB.Update("interaction", sysID, snsim.Record{"assigned_to": a.SysID, "state": "work_in_progress"}, "awa"); err != nil {
		return c, fmt.Errorf("AWA's accept: %w", err)
	}
	if err := w.agentAPI(ctx, a, http.MethodPost, api.RouteAccept.Path(sysID), api.Accept{InWorkspace: true}, nil); err != nil {
		return c, fmt.Errorf("accept: %w", err)
	}
	select {
	case <-c.connected:
	case <-ctx.Done():
		return c, ctx.Err()
	}
	sleepUntil(ctx, time.Now().Add(loadTalk))
	w.acd.hangUp(c)
	sleepUntil(ctx, time.Now().Add(loadWrapUp))
	if err := w.agentAPI(ctx, a, http.MethodPost, api.RouteWrapUp.Path(c.id), api.WrapUp{Disposition: "Resolved", Notes: "Load test"}, nil); err != nil {
		return c, fmt.Errorf("wrap-up: %w", err)
	}
	w.acd.wrapEnded(c, "Resolved")
	return c, nil
}

// sleepUntil waits until t; false when ctx ended first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// loadQueues reads the demo account's queues from the VCC seed.
func loadQueues(accountsFile string) (map[string]vccsim.QueueRef, error) {
	var accounts []struct {
		Queues []vccsim.QueueRef `json:"queues"`
	}
	if err := readJSON(accountsFile, &accounts); err != nil {
		return nil, err
	}
	out := map[string]vccsim.QueueRef{}
	for _, acct := range accounts {
		for _, q := range acct.Queues {
			if _, ok := out[q.Name]; !ok {
				out[q.Name] = q
			}
		}
	}
	for _, c := range loadCallers {
		if _, ok := out[c.queue]; !ok {
			return nil, fmt.Errorf("%s has no queue %q", accountsFile, c.queue)
		}
	}
	return out, nil
}
