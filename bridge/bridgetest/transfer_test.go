//go:build !js

package bridgetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// Beth sends a caller blind to the service desk; her panel tells the bridge
// as soon as VCC took the transfer (only she may: Abel is refused), the
// bridge hands the interaction on in AWA, Abel is offered it and takes it,
// and the call ends with one interaction, closed by Abel, with Beth's notes
// as a note of her part.
func TestTransferReportedByThePanel(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	abel := env.ReadyAgent("abel.tuter")
	abel.SetPresence("Break") // Beth takes the first offer
	env.Eventually("Abel away in AWA", func() bool { return abel.AWAPresence() == "Away" })

	id, ix := beth.TakeCall("+14155550201", "support")
	abel.SetPresence("Ready")
	env.Eventually("Abel available in AWA", func() bool { return abel.AWAPresence() == "Available" })

	beth.Phone.Do(vccproto.TypeTransfer, vccproto.Transfer{CallID: id, Target: vccproto.Target{Type: "queue", ID: "servicedesk"}})
	assert.Equal(t, http.StatusForbidden, abel.API("POST", "/api/v1/calls/"+id+"/transfer", api.Transfer{ToType: "queue", To: "servicedesk"}, nil),
		"only the agent on the call reports its transfer")
	assert.Equal(t, http.StatusBadRequest, beth.API("POST", "/api/v1/calls/"+id+"/transfer", api.Transfer{ToType: "room", To: "x"}, nil))
	beth.MustAPI("POST", "/api/v1/calls/"+id+"/transfer", api.Transfer{ToType: "queue", To: "servicedesk"}, nil)

	offered := abel.Answer(ix["sys_id"], id)
	require.Equal(t, ix["sys_id"], offered.SysID)
	beth.Phone.AwaitCall(id, vccproto.CallWrapUp)
	beth.WrapUp(id, "Escalated", "Sent to the service desk")
	abel.HangUp(id)
	abel.WrapUp(id, "Resolved", "Fixed it")
	closed := env.WaitInteraction(id, "closed", InState("closed_complete"))
	env.WaitSettled()
	assert.Equal(t, abel.SysID, closed["assigned_to"])
	notes := env.WorkNotes("interaction", closed["sys_id"])
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], "Notes before the transfer: Sent to the service desk")
	assert.Contains(t, notes[0], "Notes: Fixed it")
	assert.Len(t, env.Interactions(id), 1)
}
