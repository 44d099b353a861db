//go:build !js

package bridgetest

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// The panel sends its wrap-up to VCC and to the bridge at once; VCC's
// webhook (channel.ended, no notes) often wins. The interaction must still
// close with the agent's notes, once.
func TestWrapUpNotesWhenVCCIsFirst(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	id, _ := beth.TakeCall("+14155550201", "support")
	beth.HangUp(id)
	env.WaitHungUp(id)

	beth.Phone.Do(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: "Resolved"})
	env.Eventually("the bridge to learn that VCC's wrap-up ended", func() bool {
		c, err := env.Store.LoadCall(context.Background(), id)
		require.NoError(t, err)
		return !c.Facts.WrapDoneAt.IsZero()
	})
	beth.MustAPI("POST", "/api/v1/calls/"+id+"/wrapup", api.WrapUp{Disposition: "Resolved", Notes: "Replaced the router"}, nil)

	closed := env.WaitInteraction(id, "closed", InState("closed_complete"))
	notes := env.WorkNotes("interaction", closed["sys_id"])
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], "Disposition: Resolved.")
	assert.Contains(t, notes[0], "Notes: Replaced the router")
	links := env.Links(closed["sys_id"])
	require.Len(t, links, 1)
	// The case's note is the close's second write.
	var caseNotes []string
	env.Eventually("the case's work note", func() bool {
		caseNotes = env.WorkNotes("sn_customerservice_case", strings.TrimPrefix(links[0], "sn_customerservice_case:"))
		return len(caseNotes) > 0
	})
	assert.Contains(t, caseNotes[len(caseNotes)-1], "Notes: Replaced the router")
}

// Without the panel's wrap-up (the agent wrapped up elsewhere), VCC's end of
// wrap-up closes the interaction once the grace for the notes has passed.
func TestWrapUpWithoutThePanel(t *testing.T) {
	t.Parallel() // it waits out the grace
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	id, _ := beth.TakeCall("+14155550111", "servicedesk")
	beth.HangUp(id)
	beth.Phone.Do(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: "Escalated"})
	closed := env.WaitInteraction(id, "closed", InState("closed_complete"))
	notes := env.WorkNotes("interaction", closed["sys_id"])
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], "Disposition: Escalated.")
}
