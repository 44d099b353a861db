//go:build !js

package bridgetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ServiceNow refusing the bridge's requests in storms of 429s (with
// Retry-After) and 503s during a call loses nothing and duplicates nothing:
// the outbox retries each write until it is applied once, and the records
// end as a clean run leaves them.
func TestStormsDuringACall(t *testing.T) {
	clean, _, _ := callOutcome(t, func(*Env) {}, false)
	cases := map[string]struct {
		faults []Fault
		// wantCreates is how often the create was sent (refusals
		// included); one interaction results all the same.
		wantCreates int
	}{
		"429s with Retry-After on the lookup and the case's note": {
			faults: []Fault{
				{Status: 429, Count: 3, RetryAfter: 1, PathPrefix: "/api/now/table/sn_customerservice_case", Method: "GET"},
				{Status: 429, Count: 3, RetryAfter: 1, PathPrefix: "/api/now/table/sn_customerservice_case/", Method: "PATCH"},
			},
			wantCreates: 1,
		},
		"503s on the create and the close": {
			faults: []Fault{
				{Status: 503, Count: 4, PathPrefix: "/api/now/openframe/voice-interaction", Method: "POST"},
				{Status: 503, Count: 4, PathPrefix: "/api/now/openframe/voice-interaction/", Method: "PATCH"},
			},
			wantCreates: 5,
		},
		"a storm on every write and the accept": {
			faults: []Fault{
				{Status: 503, Count: 2, PathPrefix: "/api/now/awa/inbox/"},
				{Status: 429, Count: 2, RetryAfter: 1, PathPrefix: "/api/now/openframe/voice-interaction", Method: "POST"},
				{Status: 503, Count: 3, PathPrefix: "/api/now/table/sn_customerservice_case/", Method: "PATCH"},
				{Status: 429, Count: 3, RetryAfter: 1, PathPrefix: "/api/now/openframe/voice-interaction/", Method: "PATCH"},
			},
			wantCreates: 3,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var env *Env
			got, steps, _ := callOutcome(t, func(e *Env) {
				env = e
				for _, f := range tc.faults {
					e.AddFault(f)
				}
			}, false)
			assert.Equal(t, clean, got)
			assert.Zero(t, env.ActiveFaults(), "faults left unused: the storm missed the call")
			st := env.Stats()
			assert.Equal(t, tc.wantCreates, st.ByPath["/api/now/openframe/voice-interaction"], "creates sent")
			t.Logf("the integration user's answered requests %+v; all requests by status %v", steps, st.ByStatus)
			// The simulator counts a refused request as nobody's: the
			// integration user's count is of answered requests, and a
			// refused create is not looked for before it is sent again.
			assert.Equal(t, 2, steps.Queued, "the lookup and the create")
			var retried int
			require.NoError(t, env.Store.DB().QueryRowContext(context.Background(),
				`SELECT COUNT(*) FROM outbox WHERE attempts > 0 AND done_at IS NOT NULL`).Scan(&retried))
			assert.Positive(t, retried, "no outbox op was retried")
		})
	}
}
