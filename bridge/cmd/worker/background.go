//go:build js && wasm

package main

import (
	"context"
	"log"
	"net/http"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/worker"
)

// Limits of one background run. Workers give waitUntil work 30 s after the
// response and a cron run 15 minutes (paid plan) of wall time; both stay
// well inside them.
const (
	afterResponseBudget = 25 * time.Second
	afterResponseOps    = 50
	cronBudget          = 50 * time.Second
	cronOps             = 500
)

// subscriptionCheck is how often the cron makes sure VCC's webhook
// subscription points at this Worker (it is idempotent; the interval saves
// VCC API calls).
const subscriptionCheck = time.Hour

// eventRetention keeps processed webhook events for deduplication: longer
// than VCC's 24 hours of redelivery.
const eventRetention = 48 * time.Hour

// afterResponse serves a request and, for a POST the bridge accepted that
// queued outbox work (a webhook or an agent's action; worker.AfterResponse
// says which), runs the outbox inside waitUntil: the response is already on
// its way, and the runtime keeps the instance alive until the work is done.
// The instance takes its next event only once this one's is done.
type afterResponse struct {
	srv *bridge.Server
	log *log.Logger
}

// handler is the bridge with the outbox run after its answers. A webhook's
// write claims the run's first op (bridge.ClaimAhead): one D1 round trip
// fewer a webhook.
func (a *afterResponse) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ahead := new(bridge.ClaimAhead)
		r = r.WithContext(bridge.WithClaimAhead(r.Context(), ahead))
		ran := false
		worker.AfterResponse(a.srv, a.srv.QueuedWork, func(r *http.Request) { ran = true; a.runOutbox(r, ahead) }).ServeHTTP(w, r)
		if !ran {
			a.srv.ReleaseClaimed(context.Background(), ahead)
		}
	})
}

// runOutbox runs the outbox once, after the answer to r, starting with
// the op r's write claimed ahead, if any.
func (a *afterResponse) runOutbox(r *http.Request, ahead *bridge.ClaimAhead) {
	worker.EventFrom(r.Context()).WaitUntil(func() {
		ctx, cancel := context.WithTimeout(bridge.WithClaimAhead(context.Background(), ahead), afterResponseBudget)
		defer cancel()
		// A run that fails before its first op gives that op back.
		defer a.srv.ReleaseClaimed(ctx, ahead)
		if beforeOutboxForTests != nil {
			beforeOutboxForTests()
		}
		if _, err := a.srv.RunOutbox(ctx, afterResponseOps); err != nil {
			a.log.Printf("outbox after %s %s: %v (the cron retries)", r.Method, r.URL.Path, err)
		}
	})
}

// scheduled is the cron trigger's task. It logs its errors rather than
// returning them, so that one failing step does not end the run without
// the rest (an error returned would retire the instance, too).
func (a *app) scheduled(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, cronBudget)
	defer cancel()
	if err := a.ensureSubscribed(ctx); err != nil {
		a.log.Printf("cron: webhook subscription: %v (calls do not reach ServiceNow until VCC can deliver events)", err)
	}
	if n, err := a.srv.RunOutbox(ctx, cronOps); err != nil {
		a.log.Printf("cron: outbox after %d ops: %v", n, err)
	}
	if err := a.store.PurgeEvents(ctx, time.Now().Add(-eventRetention)); err != nil {
		a.log.Printf("cron: purge old webhook events: %v", err)
	}
	return nil
}

// ensureSubscribed registers (or updates) VCC's webhook subscription once
// per subscriptionCheck, and at once when the public URL changed; the time
// of the last success is kept in the store.
func (a *app) ensureSubscribed(ctx context.Context) error {
	key := "worker:subscribed:" + a.publicURL
	if _, ok, err := a.store.Get(ctx, key); err != nil || ok {
		return err
	}
	if err := a.srv.Subscribe(ctx); err != nil {
		return err
	}
	return a.store.Put(ctx, key, time.Now().UTC().Format(time.RFC3339), time.Now().Add(subscriptionCheck))
}
