package snsim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault injection: POST /sim/faults makes the next requests fail the way a
// real instance sometimes does, so tests can prove the bridge retries,
// honours Retry-After and loses nothing. Faults apply to every path but
// /sim/ ones, in the order they were added; each lasts Count matching
// requests.

// faultSpec is POST /sim/faults's body.
type faultSpec struct {
	// Status is the status to answer (400-599, or 200-599 with a Body), 0
	// for none (latency only).
	Status int `json:"status"`
	// Body, when set, is answered instead of ServiceNow's error JSON, with
	// ContentType (default text/html): a maintenance page or a single
	// sign-on page that a proxy answers with 200, as real instances do.
	Body        string `json:"body"`
	ContentType string `json:"content_type"`
	// Count is how many matching requests the fault hits (default 1).
	Count int `json:"count"`
	// RetryAfter, in seconds, is sent as Retry-After when positive.
	RetryAfter int `json:"retry_after"`
	// LatencyMS delays the request first (at most a minute).
	LatencyMS int `json:"latency_ms"`
	// Drop closes the connection without an answer.
	Drop bool `json:"drop"`
	// PathPrefix selects the requests (default "/api/").
	PathPrefix string `json:"path_prefix"`
	// Method, when set, selects only requests with that method.
	Method string `json:"method"`
}

// fault is an active fault, as GET /sim/faults lists it.
type fault struct {
	ID int `json:"id"`
	faultSpec
	Remaining int `json:"remaining"`
}

// faultInjector holds the active faults.
type faultInjector struct {
	mu     sync.Mutex
	nextID int
	active []*fault
}

func newFaultInjector() *faultInjector { return &faultInjector{nextID: 1} }

// validate fills defaults and checks a spec, saying what to fix.
func (spec *faultSpec) validate() error {
	if spec.Count == 0 {
		spec.Count = 1
	}
	if spec.PathPrefix == "" {
		spec.PathPrefix = "/api/"
	}
	spec.Method = strings.ToUpper(spec.Method)
	switch {
	case spec.Body == "" && spec.Status != 0 && (spec.Status < 400 || spec.Status > 599):
		return fmt.Errorf("status %d is not an error status: use 400-599, or 0 with latency_ms, or give a body (a page answered with 200)", spec.Status)
	case spec.Body != "" && (spec.Status < 200 || spec.Status > 599):
		return fmt.Errorf("status %d with a body: use 200-599", spec.Status)
	case spec.Body == "" && spec.ContentType != "":
		return fmt.Errorf("content_type without a body: give the body too")
	case spec.Count < 0:
		return fmt.Errorf("count %d is negative: use the number of requests to fail", spec.Count)
	case spec.RetryAfter < 0:
		return fmt.Errorf("retry_after %d is negative: use seconds", spec.RetryAfter)
	case spec.LatencyMS < 0 || spec.LatencyMS > 60000:
		return fmt.Errorf("latency_ms %d is out of range: use 0-60000", spec.LatencyMS)
	case !strings.HasPrefix(spec.PathPrefix, "/"):
		return fmt.Errorf("path_prefix %q must start with /", spec.PathPrefix)
	case spec.Status == 0 && !spec.Drop && spec.LatencyMS == 0:
		return fmt.Errorf("the fault does nothing: set status, latency_ms or drop")
	}
	return nil
}

// add activates a validated fault and returns it.
func (fi *faultInjector) add(spec faultSpec) fault {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := &fault{ID: fi.nextID, faultSpec: spec, Remaining: spec.Count}
	fi.nextID++
	fi.active = append(fi.active, f)
	return *f
}

// take returns the first active fault matching a request and uses up one of
// its requests.
func (fi *faultInjector) take(method, path string) (faultSpec, bool) {
	if strings.HasPrefix(path, "/sim/") {
		return faultSpec{}, false
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	for i, f := range fi.active {
		if !strings.HasPrefix(path, f.PathPrefix) || (f.Method != "" && f.Method != method) {
			continue
		}
		f.Remaining--
		if f.Remaining <= 0 {
			fi.active = append(fi.active[:i:i], fi.active[i+1:]...)
		}
		return f.faultSpec, true
	}
	return faultSpec{}, false
}

// list returns the active faults.
func (fi *faultInjector) list() []fault {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	out := make([]fault, 0, len(fi.active))
	for _, f := range fi.active {
		out = append(out, *f)
	}
	return out
}

// clear removes every fault.
func (fi *faultInjector) clear() {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.active = nil
}

// injectFault applies a fault to a request: it waits, then drops the
// connection or answers the fault's status. It returns false when the
// request should go on (a latency-only fault).
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, spec faultSpec) bool {
	if spec.LatencyMS > 0 {
		t := time.NewTimer(time.Duration(spec.LatencyMS) * time.Millisecond)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	switch {
	case spec.Drop:
		if info := requestInfoFrom(r); info != nil {
			info.dropped = true
		}
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
			return true
		}
		// No connection to hijack (HTTP/2, a batch's inner request): abort
		// the response, which closes the stream without an answer.
		panic(http.ErrAbortHandler)
	case spec.Body != "":
		if spec.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(spec.RetryAfter))
		}
		ct := spec.ContentType
		if ct == "" {
			ct = "text/html; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(spec.Status)
		_, _ = w.Write([]byte(spec.Body))
		return true
	case spec.Status != 0:
		if spec.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(spec.RetryAfter))
		}
		message := http.StatusText(spec.Status)
		if spec.Status == http.StatusTooManyRequests {
			message = "Rate limit exceeded"
		}
		writeError(w, spec.Status, message, "Fault injected through /sim/faults on "+r.Method+" "+r.URL.Path)
		return true
	}
	return false
}
