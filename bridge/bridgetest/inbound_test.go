//go:build !js

package bridgetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/records"
)

// supportFor is the default rules with the support line serving only
// callers (records.CallersContacts or records.CallersConsumers).
func supportFor(callers string) *records.Rules {
	r := records.DefaultRules()
	q := r.Queues["support"]
	q.Callers, q.UnknownCaller = callers, "" // a new contact or consumer, by default
	r.Queues["support"] = q
	return &r
}

// One inbound call, webhook to closed interaction, for each kind of caller:
// the right correlation, the right links, the screen-pop target, and the
// ServiceNow requests it costs (the bar is 6, any API). The agent signs in
// and goes Ready first; the bridge's start-up warm-up (AWA queues, the Phone
// channel) and the agent's sign-in lookup are not the call's.
func TestInboundCall(t *testing.T) {
	cases := []struct {
		name, from, queue string
		// caller is the interaction's caller field and the seed record it
		// holds ("contact" → customer_contact julie.lewis).
		callerField, callerTable, callerKey string
		// link is the record the call is linked to and popped ("" for none:
		// a prefilled new record of popTable is popped instead).
		linkTable, linkNumber string
		popTable              string
		steps                 callSteps
		// rules replace the default rules (support: CSM, both contacts
		// and consumers).
		rules *records.Rules
	}{
		{
			name: "CSM contact with an open case", from: "+14155550201", queue: "support",
			callerField: "contact", callerTable: "customer_contact", callerKey: "user_name=julie.lewis",
			linkTable: "sn_customerservice_case", linkNumber: "CS0000101", popTable: "sn_customerservice_case",
			steps: callSteps{Queued: 2, Answered: 1, Closed: 2},
		},
		{
			name: "CSM contact whose number has an extension", from: "+14155550211", queue: "support",
			callerField: "contact", callerTable: "customer_contact", callerKey: "user_name=george.warren",
			linkTable: "sn_customerservice_case", linkNumber: "CS0000103", popTable: "sn_customerservice_case",
			steps: callSteps{Queued: 2, Answered: 1, Closed: 2},
		},
		{
			name: "CSM contact whose number is stored the UK way", from: "+442079460018", queue: "support",
			callerField: "contact", callerTable: "customer_contact", callerKey: "user_name=oliver.bennett",
			linkTable: "sn_customerservice_case", linkNumber: "CS0000108", popTable: "sn_customerservice_case",
			steps: callSteps{Queued: 2, Answered: 1, Closed: 2},
		},
		{
			name: "CSM consumer whose number is stored the French way", from: "+33123456789", queue: "support",
			callerField: "consumer", callerTable: "csm_consumer", callerKey: "number=CSMC0000104",
			linkTable: "sn_customerservice_case", linkNumber: "CS0000109", popTable: "sn_customerservice_case",
			steps: callSteps{Queued: 2, Answered: 1, Closed: 2},
		},
		{
			name: "ITSM caller with an open incident", from: "+14155550121", queue: "servicedesk",
			callerField: "opened_for", callerTable: "sys_user", callerKey: "user_name=fred.luddy",
			linkTable: "incident", linkNumber: "INC0000103", popTable: "incident",
			// incident and requested-item lookups, the create; the close and
			// the incident's note.
			steps: callSteps{Queued: 3, Answered: 1, Closed: 2},
		},
		{
			name: "ITSM caller with an open requested item", from: "+14155550171", queue: "servicedesk",
			callerField: "opened_for", callerTable: "sys_user", callerKey: "user_name=megan.burke",
			linkTable: "sc_req_item", linkNumber: "RITM0000102", popTable: "sc_req_item",
			steps: callSteps{Queued: 3, Answered: 1, Closed: 2},
		},
		{
			name: "unknown caller on the service desk", from: "+14155550199", queue: "servicedesk",
			popTable: "incident",
			// incident, requested-item and sys_user lookups find no one.
			steps: callSteps{Queued: 4, Answered: 1, Closed: 1},
		},
		{
			name: "unknown caller on the support line", from: "+14155550199", queue: "support",
			popTable: "customer_contact",
			// case, contact and consumer lookups find no one.
			steps: callSteps{Queued: 4, Answered: 1, Closed: 1},
		},
		{
			name: "unknown caller on a support line for business customers", from: "+14155550199", queue: "support",
			popTable: "customer_contact",
			rules:    supportFor(records.CallersContacts),
			// case and contact lookups: no consumer lookup.
			steps: callSteps{Queued: 3, Answered: 1, Closed: 1},
		},
		{
			name: "unknown caller on a support line for consumers", from: "+14155550199", queue: "support",
			popTable: "csm_consumer",
			rules:    supportFor(records.CallersConsumers),
			steps:    callSteps{Queued: 3, Answered: 1, Closed: 1},
		},
		{
			name: "CSM contact on a support line for consumers is not looked up", from: "+14155550201", queue: "support",
			popTable: "csm_consumer",
			rules:    supportFor(records.CallersConsumers),
			steps:    callSteps{Queued: 3, Answered: 1, Closed: 1},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := Start(t, Options{Rules: tc.rules})
			beth := env.ReadyAgent("beth.anglin")

			var linked Record
			if tc.linkTable != "" {
				linked = env.Records(tc.linkTable, "number="+tc.linkNumber)[0]
			}
			before := 0
			if linked != nil {
				before = len(env.WorkNotes(tc.linkTable, linked["sys_id"]))
			}

			c := takeCall(t, env, beth, tc.from, tc.queue)
			t.Logf("ServiceNow requests: %+v, %d in all", c.steps, c.steps.total())
			assert.Equal(t, tc.steps, c.steps, "requests per step")

			ix := c.ix
			assert.Equal(t, "phone", ix["type"])
			assert.Equal(t, "inbound", ix["direction"])
			assert.Equal(t, tc.from, ix["caller_phone_number"])
			assert.Equal(t, beth.SysID, ix["assigned_to"])
			assert.Equal(t, env.Records("awa_queue", "external_id="+tc.queue)[0]["sys_id"], ix["queue"])
			logs := env.Records("sn_openframe_phone_log", "call_id="+c.id)
			require.Len(t, logs, 1, "one phone log, created with the interaction")
			assert.Equal(t, tc.from, logs[0]["phone_number"])
			if tc.callerField != "" {
				caller := env.Records(tc.callerTable, tc.callerKey)[0]
				assert.Equal(t, caller["sys_id"], ix[tc.callerField], tc.callerField)
				if tc.callerField == "contact" {
					assert.Equal(t, caller["account"], ix["account"], "the contact's account")
				}
			} else {
				for _, f := range []string{"opened_for", "contact", "account", "consumer"} {
					assert.Empty(t, ix[f], f)
				}
			}

			require.NotNil(t, c.pop.Record, "the screen-pop target")
			assert.Equal(t, tc.popTable, c.pop.Record.Table)
			notes := env.WorkNotes("interaction", ix["sys_id"])
			require.Len(t, notes, 1, "the interaction's closing note")
			assert.Contains(t, notes[0], "Disposition: Resolved.\nNotes: Walked the caller through it")
			if linked == nil {
				assert.Equal(t, "-1", c.pop.Record.SysID, "a prefilled new record")
				assert.Empty(t, env.Links(ix["sys_id"]), "no link")
				return
			}
			assert.Equal(t, linked["sys_id"], c.pop.Record.SysID)
			assert.Equal(t, []string{tc.linkTable + ":" + linked["sys_id"]}, env.Links(ix["sys_id"]))
			caseNotes := env.WorkNotes(tc.linkTable, linked["sys_id"])
			require.Len(t, caseNotes, before+1, "one work note on the linked record")
			assert.Contains(t, caseNotes[len(caseNotes)-1], "Notes: Walked the caller through it")
		})
	}
}
