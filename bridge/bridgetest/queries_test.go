//go:build !js

package bridgetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vccnow/connector/bridge/store"
)

// maxQueriesPerCall bounds the store round trips one inbound call costs the
// bridge, webhook to closed interaction, the agent's panel requests
// included: a statement, or a batch of them (one transaction, counted
// once, "batch: ..." in the log). On Workers each is a D1 round trip
// costing about a millisecond of CPU, so this is what bounds how many
// agents a Worker serves.
const maxQueriesPerCall = 80

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
		if strings.HasPrefix(c.SQL, "SELECT SUM(CASE WHEN dead_at = '' THEN 1 ELSE 0 END)") {
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
