//go:build !js

package bridgetest

import (
	"context"
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
	t.Run("the agent hangs up while the wrap-up state is being written", func(t *testing.T) {
		env := Start(t)
		beth := env.SignIn("beth.anglin")
		beth.OpenPanel()
		beth.GoReady(true)
		id := env.PlaceCall("+14155550201", "support")
		ix := env.WaitInteraction(id, "created", InState("new"))
		beth.Answer(ix["sys_id"], id)
		env.WaitSettled()
		before := env.Stats().Tables["interaction"]["PATCH"]
		env.AddFault(Fault{LatencyMS: 300, PathPrefix: "/api/now/table/interaction/", Method: "PATCH"})
		beth.HangUp(id)
		env.WaitInteraction(id, "in wrap-up", InState("wrap_up"))
		env.WaitSettled()
		assert.Equal(t, 1, env.Stats().Tables["interaction"]["PATCH"]-before, "wrap_up writes")
	})
}
