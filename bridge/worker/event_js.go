//go:build js && wasm

package worker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"runtime/debug"
	"syscall/js"

	"github.com/syumai/workers"
)

// Handlers are what a warm Go instance serves, one event at a time.
type Handlers struct {
	// Fetch answers a request; ev is the request's event, also in
	// r.Context() (EventFrom), with its vars and its WaitUntil.
	Fetch func(ev *Event) http.Handler
	// Scheduled runs the cron trigger's task; an error or a panic fails
	// the run and retires the instance.
	Scheduled func(ctx context.Context, ev *Event) error
}

// ServeEvents serves the Worker's events with h for the life of the Go
// instance, and never returns. The Worker's entry (pool.mjs) calls the
// functions it puts in the instance's binding, with each event's request
// (or cron event), env and the callbacks that answer it (the event's ctx
// stays in JS: waitUntil is the entry's, through the settled callback):
//
//	fetch(request, env, {respond, fail, settled})
//	scheduled(event, env, {respond, fail, settled})
//
// It replaces syumai's workers.Serve, whose instance serves one event and
// ends, and whose streamed responses keep JS callbacks alive for the life
// of the instance: here an answer is buffered and handed over whole, and
// the functions in the binding are made once per instance.
func ServeEvents(h Handlers) {
	binding := js.Global().Get("context").Get("binding")
	binding.Set("fetch", js.FuncOf(func(_ js.Value, args []js.Value) any {
		req, env, cb := args[0], args[1], args[2]
		go serveFetch(h, req, env, cb)
		return nil
	}))
	binding.Set("scheduled", js.FuncOf(func(_ js.Value, args []js.Value) any {
		env, cb := args[1], args[2]
		go serveScheduled(h, env, cb)
		return nil
	}))
	// stats tells pool.mjs (VCCNOW_WORKER_STATS) what the Go program
	// holds: its goroutines and its heap.
	binding.Set("stats", js.FuncOf(func(js.Value, []js.Value) any {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return js.ValueOf(map[string]any{
			"goroutines": runtime.NumGoroutine(),
			"heapAlloc":  int(m.HeapAlloc),
			"numGC":      int(m.NumGC),
		})
	}))
	workers.Ready()
	select {}
}

// envGetenv reads a var or secret of env ("" when unset).
func envGetenv(env js.Value) func(string) string {
	return func(name string) string {
		if v := env.Get(name); v.Type() == js.TypeString {
			return v.String()
		}
		return ""
	}
}

func serveFetch(h Handlers, req, env, cb js.Value) {
	ev := NewEvent(envGetenv(env))
	r, err := valueToRequest(req)
	if err != nil {
		cb.Call("fail", err.Error())
		return
	}
	resp, err := ev.Serve(h.Fetch(ev), r)
	if err != nil {
		cb.Call("fail", err.Error())
		return
	}
	cb.Call("respond", responseToValue(resp))
	settle(ev, cb)
}

func serveScheduled(h Handlers, env, cb js.Value) {
	ev := NewEvent(envGetenv(env))
	func() {
		defer ev.recover()
		if err := h.Scheduled(context.Background(), ev); err != nil {
			ev.Fail(err)
		}
	}()
	cb.Call("respond", js.Undefined())
	settle(ev, cb)
}

// settle tells the entry that the event's background work is done, and
// whether it failed.
func settle(ev *Event, cb js.Value) {
	if err := ev.Settle(); err != nil {
		cb.Call("settled", err.Error())
		return
	}
	cb.Call("settled", js.Undefined())
}

// valueToRequest builds the request pool.mjs hands over:
// {method, url, headers: [[name, value], ...], body: Uint8Array | null}.
func valueToRequest(v js.Value) (r *http.Request, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("worker: read the request: %v\n%s", p, debug.Stack())
		}
	}()
	var body []byte
	if b := v.Get("body"); b.Truthy() {
		body = make([]byte, b.Get("byteLength").Int())
		js.CopyBytesToGo(body, b)
	}
	r, err = http.NewRequest(v.Get("method").String(), v.Get("url").String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	headers := v.Get("headers")
	for i, n := 0, headers.Length(); i < n; i++ {
		pair := headers.Index(i)
		r.Header.Add(pair.Index(0).String(), pair.Index(1).String())
	}
	if r.Method == "" {
		return nil, errors.New("worker: a request without a method")
	}
	r.ContentLength = int64(len(body))
	r.RemoteAddr = r.Header.Get("CF-Connecting-IP")
	return r, nil
}

// responseToValue is resp as pool.mjs reads it:
// {status, headers: [[name, value], ...], body: Uint8Array}.
func responseToValue(resp *Response) js.Value {
	headers := js.Global().Get("Array").New()
	for name, values := range resp.Header {
		for _, value := range values {
			headers.Call("push", js.ValueOf([]any{name, value}))
		}
	}
	body := js.Global().Get("Uint8Array").New(len(resp.Body))
	js.CopyBytesToJS(body, resp.Body)
	return js.ValueOf(map[string]any{"status": resp.Status, "headers": headers, "body": body})
}
