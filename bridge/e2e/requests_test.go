//go:build !js

package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// integrationUser is the bridge's ServiceNow user in the seed.
const integrationUser = "vcc.integration"

// Beth takes one inbound call in the panel for each kind of caller, from
// VCC's webhook to the closed interaction: the panel shows who calls, pops
// the record the call is about (or a new record prefilled with the number),
// and the interaction closes with the right caller, links and work notes. The
// bridge's ServiceNow requests, any API, are counted per step from the
// moment Beth is Ready (her sign-in lookup and the bridge's start-up warm-up
// are not the call's); the bar is 6.
func TestInboundCallRequests(t *testing.T) {
	cases := []struct {
		name, from, queue, callerName string
		// record is the record popped and linked ("" for a new one of
		// popTable, not linked).
		recordTable, recordNumber, popTable string
		// callerField holds the caller's sys_id, found by callerQuery in
		// callerTable.
		callerField, callerTable, callerQuery string
		steps                                 [4]int // queued, answered, hung up, closed
	}{
		{
			name: "CSM contact with an open case", from: "+14155550201", queue: "support", callerName: "Julie Lewis",
			recordTable: "sn_customerservice_case", recordNumber: "CS0000101", popTable: "sn_customerservice_case",
			callerField: "contact", callerTable: "customer_contact", callerQuery: "user_name=julie.lewis",
			// the case lookup and the create; the accept; nothing at hang-up;
			// the close and the case's note.
			steps: [4]int{2, 1, 0, 2},
		},
		{
			name: "ITSM caller with an open incident", from: "+14155550121", queue: "servicedesk", callerName: "Fred Luddy",
			recordTable: "incident", recordNumber: "INC0000103", popTable: "incident",
			callerField: "opened_for", callerTable: "sys_user", callerQuery: "user_name=fred.luddy",
			// the incident and requested-item lookups, the create.
			steps: [4]int{3, 1, 0, 2},
		},
		{
			name: "unknown caller", from: "+14155550199", queue: "servicedesk", popTable: "incident",
			// incident, requested-item and user lookups, the create.
			steps: [4]int{4, 1, 0, 1},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := Start(t)
			ws, panel := env.ReadyInWorkspace("beth.anglin")
			var record map[string]string
			if tc.recordTable != "" {
				var rs []map[string]string
				env.Records(tc.recordTable, "number="+tc.recordNumber, &rs)
				require.Len(t, rs, 1)
				record = rs[0]
			}
			env.WaitBridgeSettled()
			env.ResetServiceNowStats()
			var steps [4]int
			count := func(i int) {
				env.WaitBridgeSettled()
				steps[i] = env.ServiceNowRequests(integrationUser) - steps[0] - steps[1] - steps[2]
			}

			id := env.PlaceCall(tc.from, tc.queue)
			panel.WaitCall("", cti.CallRinging)
			ix := env.WaitInteraction(id, "created", func(ix map[string]string) bool { return ix["state"] == "new" })
			count(0)

			panel.Click("answer")
			c := panel.WaitDetailed(id)
			assert.Equal(t, tc.callerName, c.CallerName)
			env.WaitInteraction(id, "work in progress", func(ix map[string]string) bool { return ix["state"] == "work_in_progress" })
			pop := ws.WaitRecordTab(tc.popTable)
			assert.Equal(t, "interaction:"+ix["sys_id"], pop.Parent, "the record opens under the interaction")
			count(1)

			panel.Click("hangup")
			panel.WaitCall(id, cti.CallWrapUp)
			env.WaitHungUp(id)
			count(2)

			panel.Select("disposition", "Resolved")
			panel.Type("notes", "Walked the caller through it")
			panel.Click("wrapup-submit")
			panel.WaitState("the call gone", func(s cti.State) bool { return len(s.Calls) == 0 })
			ix = env.WaitInteraction(id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
			count(3)
			t.Logf("ServiceNow requests by step (queued, answered, hung up, closed): %v, %d in all", steps, steps[0]+steps[1]+steps[2]+steps[3])
			assert.Equal(t, tc.steps, steps)

			assert.Equal(t, tc.from, ix["caller_phone_number"])
			assert.Equal(t, "inbound", ix["direction"])
			assert.Contains(t, env.WorkNotes("interaction", ix["sys_id"]), "Disposition: Resolved.")
			assert.Contains(t, env.WorkNotes("interaction", ix["sys_id"]), "Notes: Walked the caller through it", "the notes typed in the panel")
			var links []map[string]string
			env.Records("interaction_related_record", "interaction="+ix["sys_id"], &links)
			if record == nil {
				assert.Equal(t, "-1", pop.SysID, "a new record")
				assert.Equal(t, "phone", pop.Prefill["contact_type"], "prefilled: %v", pop.Prefill)
				assert.Contains(t, pop.Prefill["short_description"], tc.from)
				assert.Empty(t, links, "no link")
				return
			}
			assert.Equal(t, record["sys_id"], pop.SysID)
			require.Len(t, links, 1)
			assert.Equal(t, tc.recordTable, links[0]["document_table"])
			assert.Equal(t, record["sys_id"], links[0]["document_id"])
			var callers []map[string]string
			env.Records(tc.callerTable, tc.callerQuery, &callers)
			require.Len(t, callers, 1)
			assert.Equal(t, callers[0]["sys_id"], ix[tc.callerField])
			var notes []map[string]string
			env.Records("sys_journal_field", "element_id="+record["sys_id"]+"^element=work_notes", &notes)
			require.NotEmpty(t, notes, "a work note on the linked record")
			assert.Contains(t, notes[len(notes)-1]["value"], "Disposition: Resolved.")
			assert.Contains(t, notes[len(notes)-1]["value"], "Notes: Walked the caller through it")
		})
	}
}
