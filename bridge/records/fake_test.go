package records

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/vccnow/connector/bridge/servicenow"
)

// fakeSN is a ServiceNow instance for records' tests: an httptest server
// answering each endpoint the bridge calls with its documented success
// shape, unless a test sets an answer of its own. Table reads return the
// rows a test put in the table (the query is recorded, not evaluated: the
// queries have tests of their own).
type fakeSN struct {
	t  *testing.T
	mu sync.Mutex
	// rows are what GET /api/now/table/{table} returns, by table.
	rows map[string][]servicenow.Record
	// answers override endpoints, by "METHOD /path" (a path prefix).
	answers map[string]http.HandlerFunc
	reqs    []fakeReq
	created int
}

// fakeReq is one request the fake saw.
type fakeReq struct {
	Method, Path, Query string
	// Fields is sysparm_fields, split.
	Fields []string
	Body   map[string]any
}

func (r fakeReq) String() string { return r.Method + " " + r.Path }

func newFake(t *testing.T) (*fakeSN, *servicenow.Client) {
	f := &fakeSN{t: t, rows: map[string][]servicenow.Record{}, answers: map[string]http.HandlerFunc{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, &servicenow.Client{BaseURL: srv.URL, HTTP: srv.Client()}
}

// answer sets the answer of an endpoint ("POST /api/now/openframe/voice-interaction").
func (f *fakeSN) answer(key string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers[key] = h
}

// requests returns what the fake saw, as "METHOD /path".
func (f *fakeSN) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, len(f.reqs))
	for i, r := range f.reqs {
		out[i] = r.String()
	}
	return out
}

// last returns the last request to method and path.
func (f *fakeSN) last(method, path string) fakeReq {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.reqs) - 1; i >= 0; i-- {
		if f.reqs[i].Method == method && f.reqs[i].Path == path {
			return f.reqs[i]
		}
	}
	f.t.Fatalf("no %s %s among %v", method, path, f.reqs)
	return fakeReq{}
}

func (f *fakeSN) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = nil
}

func (f *fakeSN) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	req := fakeReq{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query().Get("sysparm_query")}
	if fs := r.URL.Query().Get("sysparm_fields"); fs != "" {
		req.Fields = strings.Split(fs, ",")
	}
	_ = json.Unmarshal(data, &req.Body)
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	var h http.HandlerFunc
	for k, a := range f.answers {
		if m, p, _ := strings.Cut(k, " "); m == r.Method && strings.HasPrefix(r.URL.Path, p) {
			h = a
		}
	}
	f.mu.Unlock()
	if h != nil {
		h(w, r)
		return
	}
	f.documented(w, r, req)
}

// documented answers as the docs say success looks like.
func (f *fakeSN) documented(w http.ResponseWriter, r *http.Request, req fakeReq) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/now/"), "/")
	switch {
	case r.Method == http.MethodGet && parts[0] == "table" && len(parts) == 2:
		f.mu.Lock()
		rows := f.rows[parts[1]]
		f.mu.Unlock()
		if rows == nil {
			rows = []servicenow.Record{}
		}
		writeJSON(w, 200, map[string]any{"result": rows})
	case r.Method == http.MethodPost && parts[0] == "table":
		f.mu.Lock()
		f.created++
		n := f.created
		f.mu.Unlock()
		rec := map[string]any{"sys_id": fmt.Sprintf("%032x", 0xc0ffee00+n), "number": fmt.Sprintf("NEW%04d", n)}
		for k, v := range req.Body {
			rec[k] = v
		}
		writeJSON(w, 201, map[string]any{"result": rec})
	case r.Method == http.MethodPatch && parts[0] == "table":
		writeJSON(w, 200, map[string]any{"result": req.Body})
	case r.Method == http.MethodPost && parts[0] == "openframe":
		writeJSON(w, 200, map[string]any{"result": map[string]string{"status": "SUCCESS", "sysId": ixID, "number": "IMS0000052"}})
	case r.Method == http.MethodPatch && parts[0] == "openframe":
		writeJSON(w, 200, map[string]any{"result": map[string]string{"status": "SUCCESS"}})
	case parts[0] == "awa" && strings.HasSuffix(r.URL.Path, "/offer"):
		writeJSON(w, 200, map[string]any{"result": map[string]any{"success": true, "message": "Manual assignment successfully requested.",
			"work_item": map[string]string{"sys_id": "wi", "document_table": "interaction"}}})
	case r.URL.Path == "/api/now/wrapup/segment/create":
		writeJSON(w, 200, map[string]any{"success": true, "message": "Wrap-up segment created successfully.", "sys_id": segID,
			"segment": map[string]any{"sys_id": segID, "state": "open", "external": true}})
	case r.URL.Path == "/api/now/wrapup/segment/update":
		writeJSON(w, 200, map[string]any{"success": true, "message": "Wrap-up segment updated successfully.", "sys_id": segID,
			"segment": map[string]any{"sys_id": segID, "state": "closed"}})
	case strings.HasPrefix(r.URL.Path, "/api/now/wrapup/segment/"):
		writeJSON(w, 200, map[string]any{"success": false, "message": "Segment not found."})
	default:
		f.t.Errorf("the fake has no %s %s", r.Method, r.URL.Path)
		writeJSON(w, 400, map[string]any{"error": map[string]string{"message": "Requested URI does not represent any resource"}, "status": "failure"})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// reply is an answer of its own.
func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

const (
	ixID  = "12961fff7fb2d2102d0cd3cf8c86652b"
	segID = "abcd1234abcd1234abcd1234abcd1234"
)
