//go:build js && wasm

// Command worker is the bridge as a Cloudflare Worker (syumai/workers): the
// same bridge.Server as the native binary, with its state in D1 and its
// outgoing requests made with the runtime's fetch. Build and run it with
// ./build.sh (the bundle lands in .build/worker/); bridge/worker holds its
// wrangler.jsonc and the tests that run it in workerd.
//
// An instance, once started, serves event after event (pool.mjs in
// bridge/worker keeps a few warm per isolate), but only one at a time. Its
// bridge is built on its first event, from that event's vars and D1
// binding, and kept: package init()s (phonenumbers' metadata), the
// routes and what the bridge caches in memory are paid for once per
// instance, not once per request. Everything an event does with the outside world
// goes through that event: D1 and fetch run in its context, and its
// background work (WaitUntil) is finished before the instance takes the
// next one.
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
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/syumai/workers/cloudflare/d1"
	"github.com/syumai/workers/cloudflare/fetch"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/worker"
	"github.com/vccnow/connector/wasm/api"
)

func main() {
	logger := log.New(os.Stderr, "", 0)
	var a *app
	worker.ServeEvents(worker.Handlers{
		Fetch: func(ev *worker.Event) http.Handler {
			if a == nil {
				var err error
				if a, err = setup(ev, logger); err != nil {
					// Asked again on the next event: the settings are
					// fixed per deployment, but D1 may have been away.
					logger.Printf("not serving the bridge: %v", err)
					return unavailable(err)
				}
			}
			h := (&afterResponse{srv: a.srv, log: logger}).handler()
			if wrapForTests != nil {
				h = wrapForTests(h, a.store)
			}
			return h
		},
		Scheduled: func(ctx context.Context, ev *worker.Event) error {
			if a == nil {
				var err error
				if a, err = setup(ev, logger); err != nil {
					logger.Printf("cron: not serving the bridge: %v", err)
					return nil
				}
			}
			if cronFailureForTests != nil {
				if err := cronFailureForTests(); err != nil {
					return err
				}
			}
			return a.scheduled(ctx)
		},
	})
}

// The test hooks (testhooks.go), set only in a bundle built with the build
// tag vccnow_worker_testhooks, for bridge/worker's tests; nil in every other
// build, the deployed one included.
var (
	// wrapForTests wraps the bridge's handler; st is the instance's store.
	wrapForTests func(h http.Handler, st *store.Store) http.Handler
	// beforeOutboxForTests runs at the start of the outbox run after a
	// request, in waitUntil.
	beforeOutboxForTests func()
	// cronFailureForTests may fail a cron run before its task.
	cronFailureForTests func() error
)

// app is the bridge of one instance, which serves one event at a time.
type app struct {
	srv       *bridge.Server
	store     *store.Store
	publicURL string
	log       *log.Logger
}

// setup builds the bridge from the Worker's settings and its D1 binding.
func setup(ev *worker.Event, logger *log.Logger) (*app, error) {
	cfg, err := worker.Config(ev.Getenv)
	if err != nil {
		return nil, err
	}
	cfg.OpLease = worker.OpLease
	if _, err := d1.OpenConnector(worker.DBBinding); err != nil {
		return nil, fmt.Errorf("worker: no D1 binding named %s (wrangler.jsonc d1_databases): %w", worker.DBBinding, err)
	}
	db := sql.OpenDB(eventD1{})
	// No connection is kept between queries: each opens on the D1 binding
	// of the event it runs in.
	db.SetMaxIdleConns(0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Batches (a webhook's writes, the outbox's step from op to op) go to
	// D1's batch(): one round trip each.
	st, err := store.NewBatched(ctx, db, worker.D1Batcher{})
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

// eventD1 opens D1 on the binding of the event being served: syumai's d1
// reads it from the instance's runtime context, which pool.mjs points at
// the current event's env while it runs (and at none between events).
type eventD1 struct{}

var _ driver.Connector = eventD1{}

func (eventD1) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := d1.OpenConnector(worker.DBBinding)
	if err != nil {
		return nil, err
	}
	return c.Connect(ctx)
}

func (eventD1) Driver() driver.Driver { return d1Driver{} }

// d1Driver is the driver eventD1 belongs to; database/sql only asks for it.
type d1Driver struct{}

func (d1Driver) Open(string) (driver.Conn, error) { return eventD1{}.Connect(context.Background()) }
