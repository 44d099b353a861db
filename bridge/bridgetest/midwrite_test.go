//go:build !js

package bridgetest

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Events that arrive while the bridge's write to ServiceNow is in flight
// neither repeat that write nor get lost: the write is recorded once, and
// the new facts get a sync of their own.
func TestEventsDuringAWrite(t *testing.T) {
	t.Run("the caller hangs up while the interaction is being created", func(t *testing.T) {
		env := Start(t)
		env.ResetStats() // the bridge's warm-up is not the call's
		env.AddFault(Fault{LatencyMS: 500, PathPrefix: "/api/now/openframe/voice-interaction", Method: "POST"})
		id := env.PlaceCall("+14155550201", "support")
		env.Eventually("the create in flight", func() bool {
			c, err := env.Store.LoadCall(context.Background(), id)
			require.NoError(t, err)
			return c.Sync.Creating
		})
		env.CallerHangsUp(id)
		env.WaitInteraction(id, "abandoned", InState("closed_abandoned"))
		env.WaitSettled()
		st := env.Stats()
		assert.Equal(t, 1, st.ByPath["/api/now/openframe/voice-interaction"], "creates")
		// The case lookup, the create and the abandon: no lookup of a
		// create whose answer was lost.
		assert.Equal(t, 3, st.ByUser[IntegrationUser], "requests: %v", st.ByPath)
	})
	t.Run("VCC's wrap-up events arrive while the close is being written", func(t *testing.T) {
		env := Start(t)
		beth := env.ReadyAgent("beth.anglin")
		id, _ := beth.TakeCall("+14155550201", "support")
		beth.HangUp(id)
		env.WaitHungUp(id)
		const closePath = "/api/now/openframe/voice-interaction/{sys_id}"
		before := env.Stats().ByPath[closePath]
		env.AddFault(Fault{LatencyMS: 300, PathPrefix: "/api/now/openframe/voice-interaction/", Method: "PATCH"})
		beth.WrapUp(id, "Resolved", "Walked the caller through it")
		env.WaitInteraction(id, "closed", InState("closed_complete"))
		env.WaitSettled()
		assert.Equal(t, 1, env.Stats().ByPath[closePath]-before, "closes")
	})
}

// loseAnswer passes requests on, but loses ServiceNow's answer to the first
// one whose method and path match, as a connection reset after the
// instance did the work would.
type loseAnswer struct {
	next         http.RoundTripper
	method, path string
	lost         atomic.Bool
}

func (l *loseAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(req)
	if err == nil && req.Method == l.method && req.URL.Path == l.path && !l.lost.Swap(true) {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

// The create reached ServiceNow but its answer was lost: the bridge finds
// the interaction by the tag it put in its short description instead of
// creating a second one, and
// still writes the call's note on the case the create linked.
func TestCreateWhoseAnswerIsLost(t *testing.T) {
	lose := &loseAnswer{method: "POST", path: "/api/now/openframe/voice-interaction"}
	env := Start(t, Options{BridgeTransport: func(next http.RoundTripper) http.RoundTripper { lose.next = next; return lose }})
	beth := env.ReadyAgent("beth.anglin")
	kase := env.Records("sn_customerservice_case", "number=CS0000101")[0]
	ref := "sn_customerservice_case:" + kase["sys_id"]
	before := env.NotesOn(ref)
	c := takeCall(t, env, beth, "+14155550201", "support")
	require.True(t, lose.lost.Load(), "no answer was lost")
	got := env.OutcomeOf(c.id, before)
	assert.Equal(t, 1, got.Interactions)
	assert.Equal(t, "closed_complete", got.State)
	assert.Equal(t, []string{ref}, got.Links)
	assert.Equal(t, 1, got.CaseNotes, "work notes on the case")
}
