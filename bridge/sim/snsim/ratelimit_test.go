package snsim

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// setRateRule adds a rule through the control API.
func (f *restFixture) setRateRule(body string) Record {
	f.t.Helper()
	rec := f.do(restReq{method: http.MethodPost, path: "/sim/ratelimit", body: body, noAuth: true})
	require.Contains(f.t, []int{http.StatusCreated, http.StatusOK}, rec.Code, rec.Body.String())
	return decodeAs[Record](f.t, rec)
}

func TestRateLimitNoRuleNoHeaders(t *testing.T) {
	f := newRESTFixture(t)
	for range 20 {
		rec := f.get("/api/now/table/sys_user?sysparm_limit=1")
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Empty(t, rec.Header().Get("X-RateLimit-Limit"))
	}
}

func TestRateLimitSingleUser(t *testing.T) {
	f := newRESTFixture(t)
	rule := f.setRateRule(`{"user":"vcc.integration","limit":2}`)
	assert.Equal(t, "single_user", rule["apply_to"])
	assert.Equal(t, integrationID, rule["user"])

	reset := strconv.FormatInt(time.Date(2024, 5, 8, 13, 0, 0, 0, time.UTC).Unix(), 10)
	for i := range 2 {
		rec := f.get("/api/now/table/sys_user?sysparm_limit=1")
		require.Equal(t, http.StatusOK, rec.Code, "request %d", i)
		assert.Equal(t, "2", rec.Header().Get("X-RateLimit-Limit"))
		assert.Equal(t, reset, rec.Header().Get("X-RateLimit-Reset"))
		assert.Equal(t, rule["sys_id"], rec.Header().Get("X-RateLimit-Rule"))
	}
	f.clock = f.clock.Add(15 * time.Minute)
	rec := f.get("/api/now/table/sys_user?sysparm_limit=1")
	require.Equal(t, http.StatusTooManyRequests, rec.Code)
	assert.Equal(t, "2700", rec.Header().Get("Retry-After"), "seconds until the hour ends")
	assert.JSONEq(t, `{"error":{"message":"Rate limit exceeded","detail":"Rate limit of 2 requests per hour for Table API exceeded"},"status":"failure"}`, rec.Body.String())

	other := f.do(restReq{path: "/api/now/table/sys_user?sysparm_limit=1", user: "beth.anglin", pass: "demo"})
	assert.Equal(t, http.StatusOK, other.Code, "other users are not limited")
	assert.Empty(t, other.Header().Get("X-RateLimit-Limit"))

	f.clock = f.clock.Add(45 * time.Minute)
	assert.Equal(t, http.StatusOK, f.get("/api/now/table/sys_user?sysparm_limit=1").Code, "a new hour, a new count")

	updated := f.setRateRule(`{"user":"vcc.integration","limit":5}`)
	assert.Equal(t, rule["sys_id"], updated["sys_id"], "the same rule is updated")
	assert.Equal(t, "5", f.get("/api/now/table/sys_user?sysparm_limit=1").Header().Get("X-RateLimit-Limit"))

	list := decodeAs[[]map[string]any](t, f.do(restReq{path: "/sim/ratelimit", noAuth: true}))
	require.Len(t, list, 1)
	assert.Equal(t, float64(1), list[0]["count"], "updating the limit restarted the count")

	assert.Equal(t, http.StatusNoContent, f.do(restReq{method: http.MethodDelete, path: "/sim/ratelimit", noAuth: true}).Code)
	assert.Empty(t, f.get("/api/now/table/sys_user?sysparm_limit=1").Header().Get("X-RateLimit-Limit"))
}

func TestRateLimitPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		rules []string
		user  string
		pass  string
		want  string // X-RateLimit-Limit, "" for none
	}{
		{"single user beats role", []string{`{"role":"itil","limit":1}`, `{"user":"vcc.integration","limit":3}`}, "vcc.integration", "integration", "3"},
		{"role beats all users", []string{`{"limit":7}`, `{"role":"itil","limit":4}`}, "beth.anglin", "demo", "4"},
		{"lowest role limit wins", []string{`{"role":"itil","limit":9}`, `{"role":"awa_agent","limit":6}`}, "beth.anglin", "demo", "6"},
		{"all users when nothing else matches", []string{`{"limit":7}`, `{"role":"itil","limit":4}`}, "report.viewer", "viewer", "7"},
		{"admin is not in every role for rate limits", []string{`{"role":"itil","limit":4}`}, "admin", "admin", ""},
		{"rule for another API", []string{`{"user":"vcc.integration","limit":1,"rest_api":"AWA API"}`}, "vcc.integration", "integration", ""},
		{"rule for another table", []string{`{"user":"vcc.integration","limit":1,"rest_api":"Table API","table":"incident"}`}, "vcc.integration", "integration", ""},
		{"rule for this table", []string{`{"user":"vcc.integration","limit":1,"rest_api":"Table API","table":"sys_user"}`}, "vcc.integration", "integration", "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newRESTFixture(t)
			for _, r := range tc.rules {
				f.setRateRule(r)
			}
			rec := f.do(restReq{path: "/api/now/table/sys_user?sysparm_limit=1", user: tc.user, pass: tc.pass})
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, tc.want, rec.Header().Get("X-RateLimit-Limit"))
		})
	}
}

func TestRateLimitCountsEveryAPI(t *testing.T) {
	f := newRESTFixture(t)
	f.setRateRule(`{"user":"vcc.integration","limit":3}`)
	paths := []string{"/api/now/table/sys_user?sysparm_limit=1", "/api/now/awa/agents/" + bethID, "/api/now/table/incident?sysparm_limit=1"}
	for _, p := range paths {
		assert.NotEqual(t, http.StatusTooManyRequests, f.get(p).Code, p)
	}
	rec := f.get("/api/now/table/sys_user?sysparm_limit=1")
	require.Equal(t, http.StatusTooManyRequests, rec.Code)
	assert.Equal(t, fmt.Sprintf("Rate limit of %d requests per hour for %s exceeded", 3, tableAPI), *decodeAs[envelope](t, rec).Error.Detail)
}
