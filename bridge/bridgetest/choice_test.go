//go:build !js

package bridgetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
)

// An employee with an open incident and an open requested item calls the
// service desk: both are offered to the agent, who picks the request; the
// call is linked to it and its closing note lands there, not on the
// incident. Lookup to close: the two lookups, the create, the accept, the
// choice, the close and the request's note.
func TestITSMCallerWithSeveralRecords(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	david := env.Records("sys_user", "user_name=david.miller")[0]
	incident := env.Records("incident", "number=INC0000101")[0]
	item := env.Records("sc_req_item", "number=RITM0000101")[0]
	incidentNotes := len(env.WorkNotes("incident", incident["sys_id"]))

	env.ResetStats()
	id := env.PlaceCall("+14155550111", "servicedesk")
	ix := env.WaitInteraction(id, "created", InState("new"))
	assert.Equal(t, david["sys_id"], ix["opened_for"], "one caller: the interaction is opened for him")
	pop := beth.Answer(ix["sys_id"], id)
	assert.Nil(t, pop.Record, "nothing is popped before the agent chooses")
	var got []string
	for _, m := range pop.Matches {
		got = append(got, m.Table+":"+m.Number)
	}
	assert.ElementsMatch(t, []string{"incident:INC0000101", "sc_req_item:RITM0000101"}, got)

	var chosen api.Interaction
	beth.MustAPI("POST", "/api/v1/interactions/"+ix["sys_id"]+"/match", api.Match{Table: "sc_req_item", SysID: item["sys_id"]}, &chosen)
	require.NotNil(t, chosen.Record)
	assert.Equal(t, item["sys_id"], chosen.Record.SysID)

	beth.HangUp(id)
	env.WaitHungUp(id)
	beth.WrapUp(id, "Resolved", "Chased the laptop order")
	ix = env.WaitInteraction(id, "closed", InState("closed_complete"))
	env.WaitSettled()

	assert.Equal(t, []string{"sc_req_item:" + item["sys_id"]}, env.Links(ix["sys_id"]))
	notes := env.WorkNotes("sc_req_item", item["sys_id"])
	require.NotEmpty(t, notes, "the closing note on the requested item")
	assert.Contains(t, notes[len(notes)-1], "Notes: Chased the laptop order")
	assert.Len(t, env.WorkNotes("incident", incident["sys_id"]), incidentNotes, "nothing written on the incident")
	assert.Equal(t, 7, env.BridgeRequests(), "requests, lookup to close: %v", env.Stats())
}
