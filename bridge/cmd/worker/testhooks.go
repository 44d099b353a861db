//go:build js && wasm && vccnow_worker_testhooks

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/worker"
)

// The Worker's test hooks, compiled in only with the build tag
// vccnow_worker_testhooks (worker.BuildWithTestHooks, which bridge/worker's
// tests use; ./build.sh and every deployed bundle leave them out, and
// without them worker.TestHookPath is no route at all). They make this instance
// fail the way a bug would, so the tests can show what a failure retires:
//
//	POST /__test/fail?what=panic       the handler panics (the request answers 500)
//	POST /__test/fail?what=background  the next outbox run after a request panics in waitUntil
//	POST /__test/fail?what=cron        the next cron run's task fails
//	POST /__test/fail?what=d1-conflict a save whose call changed meanwhile, on D1 (d1Conflict)
//
// Armed failures, of this instance only: a fresh instance starts with none.
var armedBackground, armedCron atomic.Bool

func init() {
	wrapForTests = func(h http.Handler, st *store.Store) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != worker.TestHookPath || r.Method != http.MethodPost {
				h.ServeHTTP(w, r)
				return
			}
			switch r.URL.Query().Get("what") {
			case "panic":
				panic("test hook: a panic in a handler")
			case "background":
				armedBackground.Store(true)
			case "cron":
				armedCron.Store(true)
			case "d1-conflict":
				d1Conflict(w, r, st)
				return
			default:
				http.Error(w, "what=panic, background, cron or d1-conflict", http.StatusBadRequest)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		})
	}
	beforeOutboxForTests = func() {
		if armedBackground.Swap(false) {
			panic("test hook: a panic in background work")
		}
	}
	cronFailureForTests = func() error {
		if armedCron.Swap(false) {
			return errors.New("test hook: a failing scheduled task")
		}
		return nil
	}
}

// d1Conflict shows, on D1, what a batch's guard does: it reads a call with
// an event, lets another writer save the call, then saves its stale copy
// with the event processed and an op queued (store.SaveCallWith), and
// answers what came of it as JSON: the error, the events left to process,
// the number the call holds and whether an op was queued. The test expects
// ErrConflict and nothing written.
func d1Conflict(w http.ResponseWriter, r *http.Request, st *store.Store) {
	ctx := r.Context()
	id := "d1-conflict-" + r.URL.Query().Get("call")
	key := "call:" + id
	report := map[string]any{}
	err := func() error {
		e := store.Event{Source: "/test", ID: id, Type: "test.v1", Key: key, At: time.Now(), Body: []byte(`{}`)}
		_, pending, stale, err := st.AddEventAndRead(ctx, e, id)
		if err != nil {
			return err
		}
		other := stale
		other.Facts.From = "+14155550101"
		if err := st.SaveCall(ctx, &other); err != nil {
			return err
		}
		stale.Facts.From = "+14155550102"
		saveErr := st.SaveCallWith(ctx, &stale, pending, store.Queued{Key: key, Kind: "test", At: time.Now(), Unique: true})
		report["conflict"] = errors.Is(saveErr, store.ErrConflict)
		report["error"] = fmt.Sprint(saveErr)
		left, c, err := st.PendingWithCall(ctx, key, id)
		if err != nil {
			return err
		}
		report["pending"], report["from"] = len(left), c.Facts.From
		due, err := st.DueKeys(ctx, 1000)
		report["queued"] = slices.Contains(due, key)
		return err
	}()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(report)
}
