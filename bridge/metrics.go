package bridge

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vccnow/connector/bridge/store"
)

// metrics is the bridge's small Prometheus registry, rendered at /metrics
// in the text exposition format (version 0.0.4,
// https://prometheus.io/docs/instrumenting/exposition_formats/):
//
//	vccnow_webhook_events_total{type,outcome}            VCC notifications received
//	vccnow_servicenow_requests_total{api,status}         requests the bridge sent to ServiceNow
//	vccnow_agent_api_request_duration_seconds{route}     the agent API's latency (histogram)
//	vccnow_outbox_pending                                ServiceNow writes waiting (from the store)
//	vccnow_outbox_oldest_age_seconds                     age of the oldest of them
//	vccnow_outbox_failing                                of them, those failing in a way only a person can mend
//	vccnow_outbox_dead                                   dead letters: ops set aside, to be retried by an admin
//
// Counters count since the process started; on Workers, where every request
// runs in a fresh instance, only the outbox gauges (read from the store)
// mean anything. Label values come from a fixed vocabulary, never from
// callers, so the series stay few.
type metrics struct {
	mu         sync.Mutex
	webhooks   map[[2]string]uint64 // type, outcome
	servicenow map[[2]string]uint64 // api, status
	latency    map[string]*histogram
}

// Webhook outcomes.
const (
	webhookAccepted  = "accepted"  // stored and folded into the call
	webhookDuplicate = "duplicate" // (source, id) seen before: acknowledged, dropped
	webhookRefused   = "refused"   // signature missing, forged, expired or body altered: 401
	webhookDropped   = "dropped"   // signed but unusable: acknowledged, logged
	webhookUnstored  = "unstored"  // the store failed: 503, VCC delivers it again
)

// latencyBuckets are the agent API histogram's upper bounds, in seconds.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	count  uint64
}

func newMetrics() *metrics {
	return &metrics{webhooks: map[[2]string]uint64{}, servicenow: map[[2]string]uint64{}, latency: map[string]*histogram{}}
}

// webhookTypes are the event types counted by name; others count as
// "other", and notifications whose signature failed as "unknown" (their
// bodies are not read).
var webhookTypes = []string{"agent.presencechanged", "channel.alerted", "channel.connected", "channel.connectionfailed",
	"channel.disconnected", "channel.ended", "channel.held", "channel.interrupted", "channel.resumed", "channel.retrieved",
	"channel.wrapstarted"}

// webhook counts a notification: eventType is its type without version,
// "" when unknown.
func (m *metrics) webhook(eventType, outcome string) {
	switch {
	case eventType == "":
		eventType = "unknown"
	case !slices.Contains(webhookTypes, eventType):
		eventType = "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.webhooks[[2]string{eventType, outcome}]++
}

// servicenowRequest is servicenow.Client's OnRequest hook; status 0 is a
// request that got no answer.
func (m *metrics) servicenowRequest(method, path string, status int, took time.Duration) {
	s := "error"
	if status > 0 {
		s = strconv.Itoa(status)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.servicenow[[2]string{servicenowAPI(path), s}]++
}

// servicenowAPI names the API of a request path: table, awa, openframe,
// oauth or other.
func servicenowAPI(path string) string {
	switch {
	case strings.HasPrefix(path, "/api/now/table/"):
		return "table"
	case strings.HasPrefix(path, "/api/now/awa/"):
		return "awa"
	case strings.HasPrefix(path, "/api/now/openframe/"):
		return "openframe"
	case strings.HasPrefix(path, "/oauth_token.do"):
		return "oauth"
	}
	return "other"
}

// observe records an agent API request's duration under its route (the
// mux pattern).
func (m *metrics) observe(route string, took time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets))}
		m.latency[route] = h
	}
	sec := took.Seconds()
	if i, _ := slices.BinarySearch(latencyBuckets, sec); i < len(latencyBuckets) {
		h.counts[i]++
	}
	h.sum += sec
	h.count++
}

// write renders the registry, with the outbox gauges given.
func (m *metrics) write(w io.Writer, outbox store.OutboxCounts, outboxOldest time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP vccnow_webhook_events_total VCC webhook notifications received, by event type and outcome.")
	fmt.Fprintln(w, "# TYPE vccnow_webhook_events_total counter")
	for _, k := range sortedKeys(m.webhooks) {
		fmt.Fprintf(w, "vccnow_webhook_events_total{type=%q,outcome=%q} %d\n", k[0], k[1], m.webhooks[k])
	}
	fmt.Fprintln(w, "# HELP vccnow_servicenow_requests_total Requests the bridge sent to ServiceNow, by API and HTTP status (error: no answer).")
	fmt.Fprintln(w, "# TYPE vccnow_servicenow_requests_total counter")
	for _, k := range sortedKeys(m.servicenow) {
		fmt.Fprintf(w, "vccnow_servicenow_requests_total{api=%q,status=%q} %d\n", k[0], k[1], m.servicenow[k])
	}
	fmt.Fprintln(w, "# HELP vccnow_agent_api_request_duration_seconds Latency of the agent API, by route.")
	fmt.Fprintln(w, "# TYPE vccnow_agent_api_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, route := range routes {
		h := m.latency[route]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "vccnow_agent_api_request_duration_seconds_bucket{route=%q,le=%q} %d\n", route, formatFloat(le), cum)
		}
		fmt.Fprintf(w, "vccnow_agent_api_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", route, h.count)
		fmt.Fprintf(w, "vccnow_agent_api_request_duration_seconds_sum{route=%q} %s\n", route, formatFloat(h.sum))
		fmt.Fprintf(w, "vccnow_agent_api_request_duration_seconds_count{route=%q} %d\n", route, h.count)
	}
	fmt.Fprintln(w, "# HELP vccnow_outbox_pending ServiceNow writes waiting in the outbox.")
	fmt.Fprintln(w, "# TYPE vccnow_outbox_pending gauge")
	fmt.Fprintf(w, "vccnow_outbox_pending %d\n", outbox.Pending)
	fmt.Fprintln(w, "# HELP vccnow_outbox_oldest_age_seconds Age of the oldest write waiting in the outbox (0 when none).")
	fmt.Fprintln(w, "# TYPE vccnow_outbox_oldest_age_seconds gauge")
	fmt.Fprintf(w, "vccnow_outbox_oldest_age_seconds %s\n", formatFloat(outboxOldest.Seconds()))
	fmt.Fprintln(w, "# HELP vccnow_outbox_failing Outbox writes failing in a way only a person can mend (a page instead of the API's JSON, 401, 403, a missing queue); each becomes a dead letter after the dead-letter age.")
	fmt.Fprintln(w, "# TYPE vccnow_outbox_failing gauge")
	fmt.Fprintf(w, "vccnow_outbox_failing %d\n", outbox.Failing)
	fmt.Fprintln(w, "# HELP vccnow_outbox_dead Dead letters: outbox writes set aside with their last error until a newer write of their call or agent supersedes them or an admin retries them (bridge outbox retry).")
	fmt.Fprintln(w, "# TYPE vccnow_outbox_dead gauge")
	fmt.Fprintf(w, "vccnow_outbox_dead %d\n", outbox.Dead)
}

// serveMetrics is GET /metrics. It holds counts, never secrets, and like
// /healthz needs no token.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.Counts(r.Context())
	if err != nil {
		http.Error(w, "The bridge's store is unavailable; metrics need it for the outbox gauges.", http.StatusServiceUnavailable)
		return
	}
	var age time.Duration
	if !c.Oldest.IsZero() {
		age = max(s.now().Sub(c.Oldest), 0)
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	s.metrics.write(w, c, age)
}

func sortedKeys(m map[[2]string]uint64) [][2]string {
	keys := make([][2]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	return keys
}

func formatFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
