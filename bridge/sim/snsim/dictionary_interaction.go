package snsim

// Interactions and what the OpenFrame plugin installs.
//
// Sources (paths under markdown/ in ServiceNow/ServiceNowDocs):
//   - interaction: servicenow-platform/interaction-management/
//     interaction-form.md (number, type, account, contact, consumer, state,
//     assigned_to, short_description, work_notes), interaction-states.md (the
//     states), interaction-context-channel-metadata.md (the context and
//     channel metadata document ID pairs), api-reference/server-api-reference/
//     CTIOperationResponseAPI.md (channel_metadata_table/document, opened_for),
//     api-reference/rest-apis/openframe-api.md (caller_phone_number,
//     direction), conversational-interfaces/virtual-agent/
//     formula-override-examples-pae.md (state_reason, agent_chat,
//     virtual_agent). queue, channel, assignment_group, active, opened_at and
//     closed_at are well known; no page lists their names.
//   - interaction_related_record: conversational-interfaces/agent-chat/
//     ci-agent-chat-reference.md (the interaction, the related document, task
//     or knowledge, the operation).
//   - sn_openframe_phone_log: CTIOperationResponseAPI.md (call_id,
//     phone_number, contact) and openframe-api.md (agent, call_id,
//     start_time). task is inferred: the case form's Phone related list
//     (customer-service-management/r_CSCaseFormRelatedLists.md) and the
//     "Update Task Work Notes" rule (r_InstalledWithOpenFrame.md) need a
//     reference to the task; its name is on no page.
//   - sn_openframe_configuration: customer-service-management/
//     t_CreateAnOpenFrameConfiguration.md; default from the "One Default
//     Configuration" rule (r_InstalledWithOpenFrame.md).
//   - interaction_wrap_up_code, interaction_wrap_up_configuration and
//     interaction_wrap_up_segment: the codes, configurations and segments of
//     api-reference/rest-apis/wrap-up-api.md (the Wrap Up API's objects);
//     the table names are the simulator's (wrapup_*.go).
//   - sys_journal_field: api-reference/web-services/retrieving-journal-entries.md
//     (element_id, element) and platform-administration/c_JournalFields.md.

// interactionStates are interaction.state's values (interaction-states.md).
var interactionStates = choices(label("new", "New"), label("on_hold", "On Hold"), label("work_in_progress", "Work In Progress"),
	label("wrap_up", "Wrap Up"), label("closed_complete", "Closed Complete"), label("closed_abandoned", "Closed Abandoned"))

func init() {
	defineTables(map[string]tableDef{
		"interaction": {display: "number",
			columns: "number short_description active caller_phone_number channel_metadata_table channel_metadata_document " +
				"context_table context_document state_reason opened_at closed_at virtual_agent agent_chat",
			fields: map[string]fieldDef{
				"state":       interactionStates,
				"type":        choices(label("phone", "Phone"), label("chat", "Chat"), label("walkup", "Walk-up"), label("email", "Email")),
				"direction":   choices(label("inbound", "Inbound"), label("outbound", "Outbound")),
				"assigned_to": ref("sys_user"), "opened_for": ref("sys_user"), "assignment_group": ref("sys_user_group"),
				"account": ref("customer_account"), "contact": ref("customer_contact"), "consumer": ref("csm_consumer"),
				"queue": ref("awa_queue"), "channel": ref("awa_service_channel"),
				"work_notes": journalField,
			}},
		"interaction_related_record": {display: "document_table", columns: "document_table document_id",
			fields: map[string]fieldDef{
				"interaction": ref("interaction"), "task": ref("task"), "knowledge": ref("kb_knowledge"),
				"type":      choices(label("task", "Task"), label("knowledge", "Knowledge")),
				"operation": choices(label("insert", "Insert"), label("update", "Update"), label("mention", "Mention"), label("open", "Open"), label("unknown", "Unknown")),
			}},
		"sn_openframe_phone_log": {display: "call_id", columns: "call_id phone_number start_time",
			fields: map[string]fieldDef{"agent": ref("sys_user"), "contact": ref("sys_user"), "task": ref("task")}},
		"sn_openframe_configuration": {display: "name",
			columns: "name title subtitle order collapsed_view_enabled show_presence_indicator user_group url active width " +
				"height icon_class title_icon configuration default"},

		"interaction_wrap_up_code": {display: "code", columns: "code description order active external"},
		"interaction_wrap_up_configuration": {display: "name",
			columns: "name table active enable_codes allowed_codes duration show_timer enable_ai_code enable_ai_notes " +
				"use_ai_as_default use_third_party_ai",
			fields: map[string]fieldDef{"default_code": ref("interaction_wrap_up_code")}},
		"interaction_wrap_up_segment": {
			columns: "state external external_segment_id wrap_up_notes notes segmented segment_table segment_id opened_on " +
				"submitted_on confirmed_on awaiting_confirmation duration ai_notes ai_wrap_up_code",
			fields: map[string]fieldDef{"interaction": ref("interaction"), "agent": ref("sys_user"),
				"wrap_up_code": ref("interaction_wrap_up_code"), "wrap_up_configuration": ref("interaction_wrap_up_configuration")}},

		"sys_journal_field": {display: "value", columns: "name element element_id value"},
	})
}
