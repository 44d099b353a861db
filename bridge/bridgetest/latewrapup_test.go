//go:build !js

package bridgetest

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// A panel that comes back after the wrap-up grace (offline, or a bridge
// slow under load) finds the interaction closed with VCC's account only.
// Its notes must still reach the interaction and the case, once.
func TestWrapUpNotesAfterTheClose(t *testing.T) {
	t.Parallel() // it waits out the grace
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	id, _ := beth.TakeCall("+14155550201", "support")
	beth.HangUp(id)
	beth.Phone.Do(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: "Resolved"})
	closed := env.WaitInteraction(id, "closed without the panel's notes", InState("closed_complete"))
	require.Len(t, env.WorkNotes("interaction", closed["sys_id"]), 1)

	late := api.WrapUp{Disposition: "Resolved", Notes: "Replaced the router"}
	beth.MustAPI("POST", "/api/v1/calls/"+id+"/wrapup", late, nil)
	var notes []string
	env.Eventually("the late notes on the interaction", func() bool {
		notes = env.WorkNotes("interaction", closed["sys_id"])
		return len(notes) == 2
	})
	// Two notes written in the same second may list in either order.
	i := slices.IndexFunc(notes, func(n string) bool { return strings.Contains(n, "received after the interaction closed") })
	require.GreaterOrEqual(t, i, 0, "no note says it was received after the close: %q", notes)
	assert.Contains(t, notes[i], "Notes: Replaced the router")

	links := env.Links(closed["sys_id"])
	require.Len(t, links, 1)
	// The case's note is the sync's next step after the interaction's.
	env.Eventually("the late notes on the case", func() bool {
		caseNotes := env.WorkNotes("sn_customerservice_case", strings.TrimPrefix(links[0], "sn_customerservice_case:"))
		return slices.ContainsFunc(caseNotes, func(n string) bool { return strings.Contains(n, "Notes: Replaced the router") })
	})

	// The panel retries its wrap-up (a lost answer): nothing is written twice.
	beth.MustAPI("POST", "/api/v1/calls/"+id+"/wrapup", late, nil)
	env.WaitSettled()
	assert.Len(t, env.WorkNotes("interaction", closed["sys_id"]), 2)
}
