//go:build js && wasm && vccnow_worker_testhooks

package main

import (
	"errors"
	"net/http"
	"sync/atomic"

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
//
// Armed failures, of this instance only: a fresh instance starts with none.
var armedBackground, armedCron atomic.Bool

func init() {
	wrapForTests = func(h http.Handler) http.Handler {
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
			default:
				http.Error(w, "what=panic, background or cron", http.StatusBadRequest)
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
