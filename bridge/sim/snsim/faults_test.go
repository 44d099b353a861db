package snsim

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// addFault posts a fault through the control API.
func (f *restFixture) addFault(body string) {
	f.t.Helper()
	rec := f.do(restReq{method: http.MethodPost, path: "/sim/faults", body: body, noAuth: true})
	require.Equal(f.t, http.StatusCreated, rec.Code, rec.Body.String())
}

func TestFaultStatus(t *testing.T) {
	tests := []struct {
		name    string
		fault   string
		status  int
		message string
		retry   string
	}{
		{"503 with Retry-After", `{"status":503,"count":2,"retry_after":7}`, http.StatusServiceUnavailable, "Service Unavailable", "7"},
		{"429", `{"status":429,"count":2}`, http.StatusTooManyRequests, "Rate limit exceeded", ""},
		{"500", `{"status":500,"count":2,"path_prefix":"/api/now/table/"}`, http.StatusInternalServerError, "Internal Server Error", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newRESTFixture(t)
			f.addFault(tc.fault)
			for range 2 {
				rec := f.get("/api/now/table/sys_user?sysparm_limit=1")
				e := errorOf(t, rec, tc.status)
				assert.Equal(t, tc.message, e.Error.Message)
				assert.Equal(t, tc.retry, rec.Header().Get("Retry-After"))
			}
			assert.Equal(t, http.StatusOK, f.get("/api/now/table/sys_user?sysparm_limit=1").Code, "the fault is used up")
		})
	}
}

// A page answered with 200, as a maintenance window or a single sign-on
// proxy answers in an instance's place.
func TestFaultPage(t *testing.T) {
	f := newRESTFixture(t)
	page := `<html><head><title>Instance Maintenance</title></head><body>Back soon</body></html>`
	f.addFault(`{"status":200,"body":` + strconv.Quote(page) + `,"path_prefix":"/api/now/table/"}`)
	rec := f.get("/api/now/table/sys_user?sysparm_limit=1")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "text/html; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.Equal(t, page, rec.Body.String())
	assert.Equal(t, "application/json", strings.Split(f.get("/api/now/table/sys_user?sysparm_limit=1").Header().Get("Content-Type"), ";")[0],
		"the fault is used up")

	f.addFault(`{"status":401,"body":"{\"error\":\"invalid\"}","content_type":"application/json"}`)
	rec = f.get("/api/now/table/sys_user?sysparm_limit=1")
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
}

func TestFaultMatching(t *testing.T) {
	f := newRESTFixture(t)
	f.addFault(`{"status":503,"path_prefix":"/api/now/table/incident","method":"post"}`)
	assert.Equal(t, http.StatusOK, f.get("/api/now/table/incident").Code, "another method")
	assert.Equal(t, http.StatusOK, f.get("/api/now/table/sys_user").Code, "another path")
	assert.Equal(t, http.StatusNoContent, f.do(restReq{method: http.MethodPost, path: "/sim/stats/reset", noAuth: true}).Code, "control paths are never faulted")
	errorOf(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/incident", body: map[string]string{}}), http.StatusServiceUnavailable)

	f.addFault(`{"status":500,"count":5}`)
	list := decodeAs[[]fault](t, f.do(restReq{path: "/sim/faults", noAuth: true}))
	require.Len(t, list, 1)
	assert.Equal(t, 5, list[0].Remaining)
	assert.Equal(t, "/api/", list[0].PathPrefix)
	assert.Equal(t, http.StatusNoContent, f.do(restReq{method: http.MethodDelete, path: "/sim/faults", noAuth: true}).Code)
	assert.Equal(t, http.StatusOK, f.get("/api/now/table/sys_user?sysparm_limit=1").Code)
}

func TestFaultLatency(t *testing.T) {
	f := newRESTFixture(t)
	f.addFault(`{"latency_ms":40}`)
	start := time.Now()
	rec := f.get("/api/now/table/sys_user?sysparm_limit=1")
	assert.Equal(t, http.StatusOK, rec.Code, "latency alone lets the request through")
	assert.GreaterOrEqual(t, time.Since(start), 40*time.Millisecond)
}

func TestFaultDropClosesTheConnection(t *testing.T) {
	f := newRESTFixture(t)
	srv := httptest.NewServer(f.s)
	defer srv.Close()
	f.addFault(`{"drop":true}`)
	client := &http.Client{Timeout: 5 * time.Second}
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/now/table/sys_user", nil)
	require.NoError(t, err)
	req.SetBasicAuth("vcc.integration", "integration")
	_, err = client.Do(req)
	require.Error(t, err, "no answer")

	resp, err := client.Do(req)
	require.NoError(t, err)
	// Reading to the end waits for the handler, which counts the request.
	_, err = io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the next request is answered")

	st := f.s.stats.snapshot()
	assert.Equal(t, map[string]int{"dropped": 1, "200": 1}, st.ByStatus)
}

func TestControlAPIRejectsBadBodies(t *testing.T) {
	tests := []struct{ name, path, body string }{
		{"fault with a success status", "/sim/faults", `{"status":200}`},
		{"fault with a body and no status", "/sim/faults", `{"body":"<html></html>"}`},
		{"fault with a content type and no body", "/sim/faults", `{"status":503,"content_type":"text/html"}`},
		{"fault that does nothing", "/sim/faults", `{"count":3}`},
		{"fault with a negative count", "/sim/faults", `{"status":503,"count":-1}`},
		{"fault with a negative retry", "/sim/faults", `{"status":503,"retry_after":-1}`},
		{"fault with a huge latency", "/sim/faults", `{"latency_ms":600000}`},
		{"fault with a relative prefix", "/sim/faults", `{"status":503,"path_prefix":"api"}`},
		{"fault with an unknown field", "/sim/faults", `{"status":503,"times":2}`},
		{"fault not in JSON", "/sim/faults", `status=503`},
		{"rule without a limit", "/sim/ratelimit", `{"user":"vcc.integration"}`},
		{"rule with a negative limit", "/sim/ratelimit", `{"user":"vcc.integration","limit":-1}`},
		{"rule for an unknown user", "/sim/ratelimit", `{"user":"nobody","limit":1}`},
		{"rule for an unknown role", "/sim/ratelimit", `{"role":"nothing","limit":1}`},
		{"rule for a user and a role", "/sim/ratelimit", `{"user":"vcc.integration","role":"itil","limit":1}`},
		{"rule with an unknown field", "/sim/ratelimit", `{"usr":"vcc.integration","limit":1}`},
		{"rule not in JSON", "/sim/ratelimit", `limit=1`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newRESTFixture(t)
			errorOf(t, f.do(restReq{method: http.MethodPost, path: tc.path, body: tc.body, noAuth: true}), http.StatusBadRequest)
		})
	}
}

func TestControlAPIIsLoopbackOnly(t *testing.T) {
	paths := []struct{ method, path string }{
		{http.MethodPost, "/sim/faults"}, {http.MethodDelete, "/sim/faults"}, {http.MethodGet, "/sim/stats"},
		{http.MethodPost, "/sim/stats/reset"}, {http.MethodPost, "/sim/reset"}, {http.MethodPost, "/sim/ratelimit"},
		{http.MethodDelete, "/sim/tokens"},
	}
	for _, p := range paths {
		t.Run(p.method+" "+p.path, func(t *testing.T) {
			f := newRESTFixture(t)
			rec := f.do(restReq{method: p.method, path: p.path, body: `{"status":503}`, noAuth: true, remote: "192.0.2.7:5000"})
			assert.Equal(t, "Forbidden", errorOf(t, rec, http.StatusForbidden).Error.Message)
		})
	}
	f := newRESTFixture(t)
	assert.Equal(t, http.StatusOK, f.do(restReq{path: "/sim/stats", noAuth: true, remote: "[::1]:5000"}).Code, "IPv6 loopback")
}
