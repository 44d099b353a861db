//go:build js && wasm

// Command worker is the bridge as a Cloudflare Worker (syumai/workers): the
// same bridge.Server as the native binary, with its state in D1 and its
// outgoing requests made with the runtime's fetch. Build and run it with
// ./build.sh (the bundle lands in .build/worker/); bridge/worker holds its
// wrangler.jsonc and the tests that run it in workerd.
//
// Every request (and every cron run) starts a fresh Go instance, so nothing
// is kept in Go memory between them: main reads the settings, opens D1 and
// builds the handler each time (bridge.New does no I/O; the store's
// migration check is two queries).
//
// Background work without goroutines that outlive a request:
//   - after a POST that queued ServiceNow or VCC work (an accepted webhook, an
//     agent's wrap-up) is answered, the outbox runs once inside waitUntil, so
//     the writes it queued happen at once; a refused request starts nothing;
//   - the cron trigger (wrangler.jsonc "triggers") runs due outbox ops, the
//     retries that ServiceNow's 429s and 5xx pushed into the future and
//     presence updates, keeps VCC's webhook subscription in place, and purges
//     old webhook events.
//
// Serialisation needs no Durable Object: the outbox runs a key's ops one at
// a time through a lease taken by a single conditional UPDATE in D1
// (store.Claim), and a call's row is written with an optimistic version
// (store.SaveCall), so two isolates working at once cannot apply an op twice
// or lose a fact.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/cron"
	"github.com/syumai/workers/cloudflare/d1"
	"github.com/syumai/workers/cloudflare/fetch"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/worker"
	"github.com/vccnow/connector/wasm/api"
)

func main() {
	logger := log.New(os.Stderr, "", 0)
	var background sync.WaitGroup
	a, err := setup(logger)
	if err != nil {
		logger.Printf("not serving the bridge: %v", err)
		workers.ServeNonBlock(unavailable(err))
		cron.ScheduleTaskNonBlock(func(context.Context) error { return nil })
	} else {
		workers.ServeNonBlock((&afterResponse{srv: a.srv, wg: &background, log: logger}).handler())
		cron.ScheduleTaskNonBlock(a.scheduled)
	}
	workers.Ready()
	// A request's instance ends once its response is sent and its
	// waitUntil work is done. A cron run's never gets Done (syumai's
	// scheduler resolves its promise itself); the runtime drops it.
	<-workers.Done()
	background.Wait()
}

// app is the bridge of one instance, which serves one request or one cron
// run.
type app struct {
	srv       *bridge.Server
	store     *store.Store
	publicURL string
	log       *log.Logger
}

// setup builds the bridge from the Worker's settings and its D1 binding.
func setup(logger *log.Logger) (*app, error) {
	cfg, err := worker.Config(cloudflare.Getenv)
	if err != nil {
		return nil, err
	}
	cfg.OpLease = worker.OpLease
	conn, err := d1.OpenConnector(worker.DBBinding)
	if err != nil {
		return nil, fmt.Errorf("worker: no D1 binding named %s (wrangler.jsonc d1_databases): %w", worker.DBBinding, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := store.New(ctx, sql.OpenDB(conn))
	if err != nil {
		return nil, fmt.Errorf("worker: D1: %w", err)
	}
	srv, err := bridge.New(cfg, bridge.Deps{
		Store: st,
		// Go's own net/http client cannot dial inside workerd; fetch can.
		HTTP:   fetch.NewClient().HTTPClient(fetch.RedirectModeFollow),
		Logger: logger,
	})
	if err != nil {
		return nil, err
	}
	return &app{srv: srv, store: st, publicURL: cfg.PublicURL, log: logger}, nil
}

// unavailable answers every request with the setup error, so a
// misconfigured deployment says what to fix instead of failing silently.
func unavailable(cause error) http.Handler {
	var body api.Error
	body.Error.Code = api.CodeUnavailable
	body.Error.Message = "The bridge is not configured correctly: " + cause.Error()
	b, _ := json.Marshal(body)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write(b)
	})
}
