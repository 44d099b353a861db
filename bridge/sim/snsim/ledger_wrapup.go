package snsim

// Ledger rows for wrap-up: the Wrap Up API (wrapup_*.go), the workspace's
// wrap-up dialog (workspace_wrapup.go) and openframe_wrap_up_submitted.
const (
	docWrapUpAPI    = "api-reference/rest-apis/wrap-up-api.md"
	docWrapUpConfig = "servicenow-platform/interaction-management/create-interaction-wrap-up-config.md"
	docWrapUpState  = "servicenow-platform/interaction-management/interaction-wrap-up-state.md"
)

func init() {
	const area = "Wrap Up API"
	addLedger(
		Row{Area: area, Item: "role interaction_integration_user",
			What:   "Every call needs it (the seed gives it to vcc.integration; admin has every role); without it 403 with the platform's envelope, without credentials 401. Also under /api/now/v1/wrapup/.",
			Source: docWrapUpAPI + "; the 403: " + docRESTCodes, Status: Documented},
		Row{Area: area, Item: "GET /api/now/wrapup/code/{code_id}",
			What:   "{\"result\":{\"success\":true,\"message\":\"Wrap up code found.\",\"result_map\":{\"wrap_up_code\":{code, description, active, external, sys_id, translated_code, translated_description}}}}.",
			Source: docWrapUpAPI, Status: Documented},
		Row{Area: area, Item: "POST /api/now/wrapup/code",
			What:   "{codes:[{code, description, active, translations}]} creates codes (external) or updates the code with the same label; 200 all, 207 some refused, 400 none; result_map.created_wrap_up_codes lists them.",
			Source: docWrapUpAPI, Status: Documented},
		Row{Area: area, Item: "code translations",
			What:   "Checked (code and language required, description when the code has one) but not kept: translated_code and translated_description are the code's own, the simulated users reading English.",
			Source: docWrapUpAPI, Status: Assumed,
			IfWrong: "Nothing: the product sends no translations and reads code, not translated_code."},
		Row{Area: area, Item: "POST /api/now/wrapup/segment/create",
			What:   "Opens a segment (state open) for agent_sys_id and interaction_sys_id: external with external_segment_id and a configuration (allowed_codes, default_code, enable_codes, duration with show_timer and opened_on, AI flags), kept as an inactive interaction_wrap_up_configuration of its own; internal with wrap_up_configuration_sys_id. Answers {\"success\":true,\"message\",\"sys_id\",\"segment\":{agent, external, interaction, opened_on, segmented, segment_id, segment_table, state, sys_id, wrap_up_configuration}}.",
			Source: docWrapUpAPI, Status: Documented},
		Row{Area: area, Item: "segment create: allowed codes",
			What:   "Each allowed code must be an active interaction_wrap_up_code (by label) and default_code one of them; otherwise success:false.",
			Source: docWrapUpAPI + " (allowed_codes and default_code refer to interaction_wrap_up_code; the page gives no error)", Status: Assumed,
			IfWrong: "The bridge creates VCC's codes with POST /api/now/wrapup/code first, or reports the refusal."},
		Row{Area: area, Item: "one open segment per agent and interaction",
			What:   "A second create while the agent's segment of the interaction is open answers success:false naming the open one.",
			Source: docWrapUpAPI + " (silent)", Status: Assumed,
			IfWrong: "The bridge finds its segment with GET /api/now/wrapup/segment/agent/{agent}/interaction/{interaction} after a lost answer instead of creating another."},
		Row{Area: area, Item: "PUT /api/now/wrapup/segment/update",
			What:   "Names the segment by query parameters (segment_sys_id, else external_segment_id, else agent_sys_id with interaction_sys_id; 400 without); body {wrap_up_code, notes, confirmed_on}. Closes it: state closed, awaiting_confirmation false, the code (an allowed label; without one the code the agent submitted, else the default), notes and confirmed_on. Answers {\"success\":true,\"message\",\"sys_id\",\"segment\":{…, code, notes}}.",
			Source: docWrapUpAPI, Status: Documented},
		Row{Area: area, Item: "GET /api/now/wrapup/segment/{segment_id}",
			What:   "By sys_id or external segment id: {\"success\":true,\"message\",\"segment_id\",\"segment\":{agent, ai_*, awaiting_confirmation, confirmed_on, external, interaction, opened_on, segmented, segment_id, segment_table, state, submitted_on, sys_id, wrap_up_configuration}}.",
			Source: docWrapUpAPI, Status: Documented},
		Row{Area: area, Item: "GET /api/now/wrapup/segment/agent/{agent_id}/interaction/{interaction_id}",
			What:   "The agent's segment of the interaction (the open one, else the latest), answered as GET segment/{id}.",
			Source: docWrapUpAPI, Status: Documented},
		Row{Area: area, Item: "envelopes",
			What:   "Code endpoints answer inside {\"result\":…}; segment endpoints answer {\"success\",\"message\",…} at the top level, as every segment sample on the page does.",
			Source: docWrapUpAPI, Status: Documented},
		Row{Area: area, Item: "failures",
			What:   "success:false with a message of the simulator's own: 400 for a malformed body or a missing required field, 200 for a record that does not exist, a closed segment, or a code that cannot be used (the page's status codes are 200, 400, 401, 500).",
			Source: docWrapUpAPI + " (the page gives no failure messages)", Status: Assumed, IfWrong: productReads},
		Row{Area: area, Item: "PUT /api/now/wrapup/segment/update/ai, Now Assist",
			What:   "Not simulated: AI fields sent at create are stored and returned, nothing fills them.",
			Source: docWrapUpAPI, Status: Assumed, IfWrong: "Nothing: the product uses no AI wrap-up."},
	)

	const dialog = "Agent Workspace wrap-up"
	addLedger(
		Row{Area: dialog, Item: "wrap-up dialog",
			What:   "Shows the signed-in agent's open segments they have not submitted (external ones with the codes their create call allowed, internal ones with their configuration's), default code selected.",
			Source: docWrapUpDialog, Status: Documented},
		Row{Area: dialog, Item: "no segment by itself",
			What:   "The simulator never opens a segment: an interaction in wrap_up, a hang-up or a panel's wrap-up open nothing; only the Wrap Up API and internal configurations do.",
			Source: docWrapUpState + ", " + docWrapUpConfig, Status: Documented},
		Row{Area: dialog, Item: "submit an external segment",
			What:   "Records the code, notes, submitted_on and awaiting_confirmation=true (the segment stays open until the external system closes it) and raises openframe_wrap_up_submitted in the agent's panel.",
			Source: docWrapUpAPI + " (awaiting_confirmation), " + docOpenFrameAPI, Status: Documented},
		Row{Area: dialog, Item: "submit an internal segment",
			What:   "Closes the segment and moves the interaction to closed_complete; raises nothing in the panel.",
			Source: docWrapUpDialog + " (Submit & close), " + docOpenFrameAPI, Status: Documented},
		Row{Area: dialog, Item: "openframe_wrap_up_submitted",
			What:   "{wrapUp:{external:true, externalSegmentId, recordId (the interaction), recordTable:\"interaction\", wrapUpCode (the code's label), wrapUpNotes, wrapUpSegmentId}}, only when an external segment is submitted in the dialog: never for an internal one, never for a segment closed through the API.",
			Source: docOpenFrameAPI + " (the event is triggered only when the wrap up is external)", Status: Documented},
		Row{Area: dialog, Item: "POST /now/workspace/api/wrapup",
			What:   "The dialog's Submit {segment | interaction, code, notes} for the signed-in agent: 404 nothing waiting, 403 another agent's, 409 already submitted, 400 a code that cannot be used.",
			Source: "the workspace's internal endpoint (workspace_wrapup.go)", Status: StandIn},
		Row{Area: dialog, Item: "wrap-up timer",
			What:   "Not simulated: duration and show_timer are stored; nothing ends a wrap-up on time.",
			Source: docWrapUpDialog, Status: Assumed,
			IfWrong: "Nothing: the bridge sends no duration; a real timer ending the wrap-up closes the segment with the default code, which the bridge reads like any closed segment."},
	)
}
