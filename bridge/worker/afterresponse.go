package worker

import "net/http"

// AfterResponse serves each request with h and then, only when the request
// was a POST the bridge accepted (a 2xx answer) and queued outbox work
// (queued, bridge.Server.QueuedWork), calls run: the Worker runs the outbox
// there, inside waitUntil, so the ServiceNow writes a webhook or an agent's
// wrap-up queued happen at once. A refused request (401, 403, 400, 404,
// 429), a duplicate webhook, a read or anything else that queued nothing
// starts no run: a flood of junk costs the Worker its answers only, and
// the cron trigger runs whatever is due anyway.
func AfterResponse(h http.Handler, queued func() bool, run func(*http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		// Asked after every request, so that no request's work is taken
		// for the next one's.
		if q := queued(); RunsOutboxAfter(r.Method, rec.status(), q) {
			run(r)
		}
	})
}

// RunsOutboxAfter is AfterResponse's rule: a POST answered 2xx that queued
// outbox work.
func RunsOutboxAfter(method string, status int, queued bool) bool {
	return method == http.MethodPost && status >= 200 && status < 300 && queued
}

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the runtime's writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// status is the answer's status: 200 when the handler wrote nothing.
func (s *statusRecorder) status() int {
	if s.code == 0 {
		return http.StatusOK
	}
	return s.code
}
