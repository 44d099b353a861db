//go:build !js

package bridge

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/store"
)

// sampleLine is a Prometheus text-format sample: name, optional labels,
// value.
var sampleLine = regexp.MustCompile(`^[a-z_]+(\{([a-z_]+="[^"]*",?)+\})? [0-9.e+-]+$|^[a-z_]+(\{.*le="\+Inf"\})? [0-9]+$`)

func TestMetricsText(t *testing.T) {
	m := newMetrics()
	m.webhook("channel.alerted", webhookAccepted)
	m.webhook("channel.alerted", webhookAccepted)
	m.webhook("channel.alerted", webhookDuplicate)
	m.webhook("", webhookRefused)
	m.webhook("billing.invoiced", webhookDropped)
	m.servicenowRequest("GET", "/api/now/table/incident", 200, time.Millisecond)
	m.servicenowRequest("POST", "/api/now/openframe/voice-interaction", 429, time.Millisecond)
	m.servicenowRequest("POST", "/api/now/awa/inbox/actions/accept", 0, time.Millisecond)
	m.observe("POST /api/v1/agent/session", 3*time.Millisecond)
	m.observe("POST /api/v1/agent/session", 40*time.Millisecond)
	m.observe("POST /api/v1/agent/session", 20*time.Second)

	var b bytes.Buffer
	m.write(&b, store.OutboxCounts{Pending: 2, Failing: 1, Dead: 3}, 90*time.Second)
	out := b.String()
	for _, want := range []string{
		`vccnow_webhook_events_total{type="channel.alerted",outcome="accepted"} 2`,
		`vccnow_webhook_events_total{type="channel.alerted",outcome="duplicate"} 1`,
		`vccnow_webhook_events_total{type="unknown",outcome="refused"} 1`,
		`vccnow_webhook_events_total{type="other",outcome="dropped"} 1`,
		`vccnow_servicenow_requests_total{api="table",status="200"} 1`,
		`vccnow_servicenow_requests_total{api="openframe",status="429"} 1`,
		`vccnow_servicenow_requests_total{api="awa",status="error"} 1`,
		`vccnow_agent_api_request_duration_seconds_bucket{route="POST /api/v1/agent/session",le="0.005"} 1`,
		`vccnow_agent_api_request_duration_seconds_bucket{route="POST /api/v1/agent/session",le="0.025"} 1`,
		`vccnow_agent_api_request_duration_seconds_bucket{route="POST /api/v1/agent/session",le="0.05"} 2`,
		`vccnow_agent_api_request_duration_seconds_bucket{route="POST /api/v1/agent/session",le="10"} 2`,
		`vccnow_agent_api_request_duration_seconds_bucket{route="POST /api/v1/agent/session",le="+Inf"} 3`,
		`vccnow_agent_api_request_duration_seconds_sum{route="POST /api/v1/agent/session"} 20.043`,
		`vccnow_agent_api_request_duration_seconds_count{route="POST /api/v1/agent/session"} 3`,
		"vccnow_outbox_pending 2",
		"vccnow_outbox_oldest_age_seconds 90",
		"vccnow_outbox_failing 1",
		"vccnow_outbox_dead 3",
		"# TYPE vccnow_outbox_dead gauge",
		"# TYPE vccnow_agent_api_request_duration_seconds histogram",
	} {
		assert.Contains(t, out, want+"\n")
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, "# ") {
			assert.Regexp(t, sampleLine, line)
		}
	}
}

func TestMetricsEndpoint(t *testing.T) {
	s, err := New(testConfig(), testDeps(t))
	require.NoError(t, err)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "text/plain; version=0.0.4; charset=utf-8", w.Header().Get("Content-Type"))
	assert.Contains(t, w.Body.String(), "vccnow_outbox_pending 0\n")

	// A request without a token is refused and still timed under its route.
	w = httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("POST", "/api/v1/agent/session", strings.NewReader("{}")))
	require.Equal(t, http.StatusUnauthorized, w.Code)
	w = httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	assert.Contains(t, w.Body.String(), `vccnow_agent_api_request_duration_seconds_count{route="POST /api/v1/agent/session"} 1`)
}
