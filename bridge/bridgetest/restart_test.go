//go:build !js

package bridgetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bridge, its own OS process, is killed with SIGKILL mid-call and
// started again on the same SQLite file; VCC redelivers what it missed and
// the call finishes with exactly one interaction, closed_complete, with the
// right links and one work note on the case.
func TestBridgeKilledMidCall(t *testing.T) {
	cases := map[string]struct {
		// kill runs the call up to the kill and returns after it; the
		// bridge is down when it returns.
		kill func(t *testing.T, env *Env, a *Agent, id string)
	}{
		"after the call is answered; the agent hangs up while it is down": {
			kill: func(t *testing.T, env *Env, a *Agent, id string) {
				ix := env.WaitInteraction(id, "created", InState("new"))
				a.Answer(ix["sys_id"], id)
				env.WaitInteraction(id, "answered", InState("work_in_progress"))
				env.KillBridge()
				a.HangUp(id)
			},
		},
		"while the interaction is being created": {
			kill: func(t *testing.T, env *Env, a *Agent, id string) {
				env.Eventually("the create in flight", func() bool { return env.ActiveFaults() == 0 })
				env.KillBridge()
				env.ClearFaults()
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := Start(t, Options{Process: true})
			beth := env.ReadyAgent("beth.anglin")
			kase := env.Records("sn_customerservice_case", "number=CS0000101")[0]
			ref := "sn_customerservice_case:" + kase["sys_id"]
			before := env.NotesOn(ref)
			// The create waits a second at ServiceNow, long enough to kill
			// the bridge while it is in flight.
			env.AddFault(Fault{LatencyMS: 1000, PathPrefix: "/api/now/openframe/voice-interaction", Method: "POST"})

			id := env.PlaceCall("+14155550201", "support")
			tc.kill(t, env, beth, id)
			env.StartBridge()

			ix := env.WaitInteraction(id, "created", func(Record) bool { return true })
			if ix["state"] == "new" {
				beth.Answer(ix["sys_id"], id)
				beth.HangUp(id)
			}
			env.WaitHungUp(id)
			beth.WrapUp(id, "Resolved", "Walked the caller through it")
			env.WaitInteraction(id, "closed", InState("closed_complete"))
			env.WaitSettled()

			got := env.OutcomeOf(id, before)
			assert.Equal(t, 1, got.Interactions)
			assert.Equal(t, "closed_complete", got.State)
			assert.Equal(t, []string{ref}, got.Links)
			assert.Equal(t, 1, got.CaseNotes, "work notes on the case")
			assert.Equal(t, beth.SysID, got.AssignedTo)
			assert.Equal(t, kase["contact"], got.Contact)
			require.Contains(t, got.NoteLines, "1 notes; Inbound call with +14155550201, handled by Beth Anglin")
			assert.Contains(t, got.NoteLines, "Disposition: Resolved.\nNotes: Walked the caller through it")
		})
	}
}
