//go:build !js

package bridgetest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/store"
)

// maxQueriesPerCall bounds the store round trips one inbound call costs the
// bridge, webhook to closed interaction, the agent's panel requests
// included: a statement, or a batch of them (one transaction, counted
// once, "batch: ..." in the log). On Workers each is a D1 round trip
// costing about a millisecond of CPU, so this is what bounds how many
// agents a Worker serves. Most of a call's events change nothing
// ServiceNow holds and queue no sync (bridge: processCall); with an op
// for each, a call cost 67.
const maxQueriesPerCall = 55

// Statements the tests leave out of what they count: the test's own
// polling of /healthz (WaitSettled), and the native outbox worker's wait
// for the next op due, which is not on a call's path.
const (
	healthQuery     = "SELECT SUM(CASE WHEN dead_at = '' THEN 1 ELSE 0 END)"
	workerWaitQuery = "SELECT MIN(next_at) FROM outbox"
)

// The store round trips of a call: counted over a few calls of the kinds
// the load benchmark places, broken down by statement in the test's log,
// and bounded so that a change that adds round trips to every call fails
// here.
func TestQueriesPerCall(t *testing.T) {
	var q store.QueryCounter
	env := Start(t, Options{Queries: &q})
	beth := env.ReadyAgent("beth.anglin")
	env.WaitSettled()
	callers := []struct{ from, queue string }{
		{"+14155550201", "support"}, {"+14155550121", "servicedesk"}, {"+14155550199", "support"},
	}
	q.Reset()
	for _, c := range callers {
		takeCall(t, env, beth, c.from, c.queue)
	}
	counts := q.Counts()
	// The test's own polling of /healthz (WaitSettled) is not the call's.
	total, health := 0, 0
	var b strings.Builder
	for _, c := range counts {
		if strings.HasPrefix(c.SQL, healthQuery) {
			health += c.N
			continue
		}
		total += c.N
		fmt.Fprintf(&b, "%6.1f  %.160s\n", float64(c.N)/float64(len(callers)), c.SQL)
	}
	per := float64(total) / float64(len(callers))
	t.Logf("store round trips per call: %.1f (%d calls; /healthz's %d left out)\n%s", per, len(callers), health, b.String())
	if per > maxQueriesPerCall {
		t.Errorf("a call costs %.1f store round trips, more than %d", per, maxQueriesPerCall)
	}
}

// maxQueriesPerPresenceChange bounds the store round trips of an agent's
// presence change in VCC carried to AWA: the webhook (its event stored
// with the agent's pending events read, the agent read, the presence
// saved, the op queued, the events marked) and the outbox's op.
const maxQueriesPerPresenceChange = 10

// The store round trips of a presence change, webhook to AWA, counted and
// bounded as TestQueriesPerCall does a call's.
func TestQueriesPerPresenceChange(t *testing.T) {
	var q store.QueryCounter
	env := Start(t, Options{Queries: &q})
	beth := env.SignIn("beth.anglin")
	knownWithoutPanel(beth)
	beth.GoReady()
	env.WaitSettled()
	steps := []struct{ vcc, awa string }{{"Break", "Away"}, {"Ready", "Available"}, {"Lunch", "Away"}, {"Ready", "Available"}}
	q.Reset()
	for _, s := range steps {
		env.SupervisorSetsPresence("beth.anglin", s.vcc)
		env.Eventually("AWA presence "+s.awa, func() bool { return beth.AWAPresence() == s.awa })
		env.WaitSettled()
	}
	total := 0
	var b strings.Builder
	for _, c := range q.Counts() {
		if strings.HasPrefix(c.SQL, healthQuery) || strings.HasPrefix(c.SQL, workerWaitQuery) {
			continue // the test's polling of /healthz; the native outbox worker's wait
		}
		total += c.N
		fmt.Fprintf(&b, "%6.1f  %.160s\n", float64(c.N)/float64(len(steps)), c.SQL)
	}
	per := float64(total) / float64(len(steps))
	t.Logf("store round trips per presence change: %.1f\n%s", per, b.String())
	if per > maxQueriesPerPresenceChange {
		t.Errorf("a presence change costs %.1f store round trips, more than %d", per, maxQueriesPerPresenceChange)
	}
}

// maxRoundTripsBeforeInteraction bounds the store round trips between VCC's
// webhook for a queued call and the bridge's request that creates its
// interaction, on the native bridge: the event stored with the call's
// pending events read; the call saved with its ops queued; the detail op
// claimed; the detail saved with that op done and the sync claimed; the
// create marked before it is sent. On Workers the webhook's save claims the
// detail op too (bridge.ClaimAhead): one fewer. Each is a D1 round trip
// there, on the path to the agent's ring.
const maxRoundTripsBeforeInteraction = 5

// The store round trips on the path from a queued call to its interaction
// create, counted from the store's log up to the moment the create leaves
// the bridge, and bounded.
func TestRoundTripsBeforeInteraction(t *testing.T) {
	var q store.QueryCounter
	var mu sync.Mutex
	var before []string // the statements run when the create left
	creates := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.Method == http.MethodPost && r.URL.Path == "/api/now/openframe/voice-interaction" {
				mu.Lock()
				if before == nil {
					before = q.Sequence()
				}
				mu.Unlock()
			}
			return next.RoundTrip(r)
		})
	}
	env := Start(t, Options{Queries: &q, BridgeTransport: creates})
	// A first call warms what every later call finds in memory (VCC's
	// API token, kept in the store too, and ServiceNow's lookups).
	first := env.PlaceCall("+14155550121", "servicedesk")
	env.WaitInteraction(first, "created", InState("new"))
	env.WaitSettled()
	mu.Lock()
	q.Reset()
	before = nil
	mu.Unlock()
	id := env.PlaceCall("+14155550201", "support")
	env.WaitInteraction(id, "created", InState("new"))
	mu.Lock()
	defer mu.Unlock()
	require.NotNil(t, before, "the bridge's create was not seen")
	var path []string
	for _, s := range before {
		switch {
		case strings.HasPrefix(s, healthQuery), // the test's /healthz
			strings.HasPrefix(s, workerWaitQuery),                   // the native worker's wait
			strings.HasPrefix(s, "SELECT DISTINCT key FROM events"): // its scan for events left unprocessed
			continue
		}
		path = append(path, s)
	}
	var b strings.Builder
	for _, s := range path {
		fmt.Fprintf(&b, "  %.140s\n", s)
	}
	t.Logf("store round trips before the create: %d\n%s", len(path), b.String())
	if len(path) > maxRoundTripsBeforeInteraction {
		t.Errorf("%d store round trips before the interaction's create, more than %d", len(path), maxRoundTripsBeforeInteraction)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
