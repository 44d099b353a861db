package worker

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync"
)

// TestHookPath is where the Worker's test hooks answer, in a bundle built
// with them only (BuildWithTestHooks): POST TestHookPath?what=panic,
// background or cron. In any other bundle it is no route.
const TestHookPath = "/__test/fail"

// Event is one event (a request or a cron run) served by a warm Go
// instance. The Worker's entry (pool.mjs) gives an instance one event at a
// time; everything the event needs comes with it, never from an earlier
// one: its vars (Getenv) and its background work (WaitUntil), which the
// instance finishes before it takes the next event.
type Event struct {
	// Getenv reads the event's vars and secrets ("" when unset).
	Getenv func(name string) string

	bg     sync.WaitGroup
	mu     sync.Mutex
	failed error
}

// NewEvent is an event whose vars getenv reads.
func NewEvent(getenv func(string) string) *Event {
	return &Event{Getenv: getenv}
}

// WaitUntil runs task in the background of the event, as a Worker's
// ctx.waitUntil does: the response may already be on its way, and the
// event settles only once task returned. A panic in task fails the event
// (Settle), so its instance is retired.
func (e *Event) WaitUntil(task func()) {
	e.bg.Add(1)
	go func() {
		defer e.bg.Done()
		defer e.recover()
		task()
	}()
}

// Settle waits for the event's background work and returns why the event
// failed: a panic in its handler or its background work, or nil.
func (e *Event) Settle() error {
	e.bg.Wait()
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.failed
}

// Fail records why the event failed; the first reason is kept.
func (e *Event) Fail(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.failed == nil {
		e.failed = err
	}
}

// recover turns a panic of the calling goroutine into the event's failure.
func (e *Event) recover() {
	if v := recover(); v != nil {
		e.Fail(fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
	}
}

type eventKey struct{}

// WithEvent returns ctx carrying ev.
func WithEvent(ctx context.Context, ev *Event) context.Context {
	return context.WithValue(ctx, eventKey{}, ev)
}

// EventFrom returns the event ctx carries, or nil.
func EventFrom(ctx context.Context) *Event {
	ev, _ := ctx.Value(eventKey{}).(*Event)
	return ev
}

// Response is a handler's whole answer, buffered: the Worker sends it as
// one body, so no stream of the Go instance outlives the event.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Serve runs h for r (its context carrying ev) and returns the buffered
// answer, or the event's failure when h panicked.
func (ev *Event) Serve(h http.Handler, r *http.Request) (resp *Response, err error) {
	w := &bufferedWriter{header: http.Header{}}
	func() {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
				ev.Fail(err)
			}
		}()
		h.ServeHTTP(w, r.WithContext(WithEvent(r.Context(), ev)))
	}()
	if err != nil {
		return nil, err
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return &Response{Status: w.status, Header: w.header, Body: w.body.Bytes()}, nil
}

// bufferedWriter is an http.ResponseWriter that keeps the answer.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

var _ http.ResponseWriter = (*bufferedWriter)(nil)

func (w *bufferedWriter) Header() http.Header { return w.header }

func (w *bufferedWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *bufferedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}

// Flush does nothing: the answer is sent whole.
func (w *bufferedWriter) Flush() {}
