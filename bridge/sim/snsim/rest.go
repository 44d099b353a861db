package snsim

import (
	"context"
	"net/http"
	"strconv"
	"strings"
)

// The REST side of the simulated instance: the Table API (tableapi.go), the
// Batch API (batch.go), the OAuth token endpoint (oauth.go), and the
// loopback control API under /sim/ (control.go). Every request except
// /sim/ ones passes serve, which injects the faults tests ask for
// (faults.go) and counts REST requests (stats.go); authUser applies the
// rate-limit rules (ratelimit.go).

// restRoutes registers the REST side's handlers. Handlers take every method
// and answer 405 themselves, with ServiceNow's envelope.
func (s *Server) restRoutes() {
	for _, prefix := range []string{"/api/now/table/", "/api/now/v1/table/", "/api/now/v2/table/"} {
		s.mux.HandleFunc(prefix+"{table}", s.serveTable)
		s.mux.HandleFunc(prefix+"{table}/{sys_id}", s.serveTable)
	}
	s.mux.HandleFunc("/api/now/batch", s.serveBatch)
	s.mux.HandleFunc("/api/now/v1/batch", s.serveBatch)
	s.mux.HandleFunc("/oauth_token.do", s.serveOAuthToken)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusBadRequest, "Requested URI does not represent any resource", r.URL.Path+" is not an API of this instance")
	})
	s.controlRoutes()
}

// serve is the gate every request passes before the mux.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/sim/") {
		s.mux.ServeHTTP(w, r)
		return
	}
	p := parseAPIPath(r.URL.Path)
	switch {
	case p.api == batchAPI:
		s.stats.countBatch()
	case r.URL.Path == "/oauth_token.do":
		s.stats.countTokenRequest()
	case p.api != "":
		info := &requestInfo{}
		r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
		sw := &statusWriter{ResponseWriter: w}
		w = sw
		defer func() {
			s.stats.record(statEntry{method: r.Method, path: p.normalized, table: p.table, user: info.user, status: sw.outcome(info)})
		}()
	}
	if spec, ok := s.faults.take(r.Method, r.URL.Path); ok && s.injectFault(w, r, spec) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// requestInfo is what the gate learns about a REST request while it runs.
type requestInfo struct {
	user    string // user_name, once authUser has authenticated the request
	dropped bool   // an injected fault dropped the connection
}

type requestInfoKey struct{}

// requestInfoFrom returns the request's info; nil outside REST requests.
func requestInfoFrom(r *http.Request) *requestInfo {
	info, _ := r.Context().Value(requestInfoKey{}).(*requestInfo)
	return info
}

// The REST APIs the simulator tells apart, named as rate-limit rules name
// them (sys_rate_limit_rules.rest_api).
const (
	tableAPI = "Table API"
	batchAPI = "Batch API"
	awaAPI   = "AWA API"
	otherAPI = "REST API"
)

// apiPath is a REST request path, classified.
type apiPath struct {
	api        string // "" when the path is not under /api/
	table      string // the table of a Table API path
	normalized string // the path with versions and sys_ids folded, for stats
}

// parseAPIPath classifies a path: /api/now/[v1|v2/]table/<table>[/<sys_id>]
// is the Table API (normalized to /api/now/table/<table>),
// /api/now/[v1/]batch the Batch API, /api/now/awa/... AWA, any other /api/
// path a REST API whose 32-hex segments are folded to {sys_id}.
func parseAPIPath(path string) apiPath {
	rest, ok := strings.CutPrefix(path, "/api/")
	if !ok {
		return apiPath{}
	}
	segs := strings.Split(rest, "/")
	now := segs
	if len(now) > 0 && now[0] == "now" {
		now = now[1:]
		if len(now) > 0 && (now[0] == "v1" || now[0] == "v2") {
			now = now[1:]
		}
		switch {
		case len(now) >= 2 && now[0] == "table" && now[1] != "":
			return apiPath{api: tableAPI, table: now[1], normalized: "/api/now/table/" + now[1]}
		case len(now) == 1 && now[0] == "batch":
			return apiPath{api: batchAPI, normalized: "/api/now/batch"}
		}
	}
	for i, seg := range segs {
		if isSysID(seg) {
			segs[i] = "{sys_id}"
		}
	}
	p := apiPath{api: otherAPI, normalized: "/api/" + strings.Join(segs, "/")}
	if strings.HasPrefix(rest, "now/awa/") {
		p.api = awaAPI
	}
	return p
}

// isSysID reports whether s looks like a sys_id: 32 hex digits.
func isSysID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (sw *statusWriter) WriteHeader(status int) {
	if sw.status == 0 {
		sw.status = status
	}
	sw.ResponseWriter.WriteHeader(status)
}

func (sw *statusWriter) Write(b []byte) (int, error) {
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	return sw.ResponseWriter.Write(b)
}

// Flush lets streaming handlers flush through the gate.
func (sw *statusWriter) Flush() { _ = http.NewResponseController(sw.ResponseWriter).Flush() }

// Unwrap lets http.ResponseController reach the connection (hijacking).
func (sw *statusWriter) Unwrap() http.ResponseWriter { return sw.ResponseWriter }

// outcome is the status to count: "dropped" for a dropped connection.
func (sw *statusWriter) outcome(info *requestInfo) string {
	switch {
	case info.dropped:
		return "dropped"
	case sw.status == 0:
		return "200"
	}
	return strconv.Itoa(sw.status)
}
