package snsim

// Advanced Work Assignment's tables and the platform tables the simulator
// serves (OAuth clients, rate-limit rules).
//
// Sources (paths under markdown/ in ServiceNow/ServiceNowDocs, all under
// conversational-interfaces/advanced-work-assignment/ unless said):
//   - the tables: installed-with-awa.md;
//   - awa_service_channel: awa-create-service-channel.md (name, table,
//     condition, type, capacity, utilization condition, assignment fields);
//   - awa_queue: awa-create-queue.md (name, number, service channel, active,
//     schedule, order, short description, routing condition, script, wait
//     times) and its Provider queue ID, external_id
//     (enable-awa-external-routing.md);
//   - awa_work_item: awa-work-items-all.md (every field of the form);
//   - awa_presence_state, awa_agent_presence, awa_agent_capacity,
//     awa_agent_channel_availability, awa_reject_reason,
//     awa_work_item_rejection, awa_eligibility_pool, awa_assignment_rule:
//     awa-agent-presence.md, awa-configure-agent-presence.md,
//     api-reference/rest-apis/agent-api.md, awa-inbox-actions-api.md and the
//     assignment-rule pages.
//
// The docs give labels; the column names are the ones the base system uses
// where they are well known (document_id, document_table, offered_on,
// external_id, ...) and otherwise the label in snake case. Columns the AWA
// engine keeps for itself (offer_timeout, allowed_to_decline, transferred,
// ...: awa_offer.go) are not columns of the real table: they are not listed,
// so the Table API neither writes nor returns them.

func init() {
	defineTables(map[string]tableDef{
		"awa_service_channel": {display: "name",
			columns: "name active short_description table condition service_channel_type max_capacity order " +
				"utilization_condition assigned_to_field assignment_group_field work_item_size"},
		"awa_queue": {display: "name",
			columns: "name number active schedule order short_description routing_condition condition_type condition " +
				"script target_wait_time max_wait_time external_id",
			fields: map[string]fieldDef{"service_channel": ref("awa_service_channel")}},
		"awa_work_item": {display: "display_name",
			columns: "document_id document_table state active cancel_reason is_dismissed rejected timed_out " +
				"state_changed_on display_name offered_on size wait_time offer_count exceeded_queue_target_wait_time",
			fields: map[string]fieldDef{
				"queue": ref("awa_queue"), "assigned_to": ref("sys_user"), "assignment_group": ref("sys_user_group"),
				"previous_work_item": ref("awa_work_item"), "allocated_by": ref("sys_user"),
				"assignment_rule": ref("awa_assignment_rule"), "service_channel": ref("awa_service_channel"),
			}},
		"awa_work_item_rejection": {fields: map[string]fieldDef{
			"work_item": ref("awa_work_item"), "agent": ref("sys_user"), "reject_reason": ref("awa_reject_reason")}},
		"awa_reject_reason": {display: "name", columns: "name order active",
			fields: map[string]fieldDef{"service_channel": ref("awa_service_channel")}},
		"awa_presence_state": {display: "name",
			columns: "name active available order service_channels show_channels disable_inactivity_check restrict_update " +
				"color apply_to_all_groups groups"},
		"awa_agent_presence": {columns: "state_changed_on",
			fields: map[string]fieldDef{"agent": ref("sys_user"), "current_presence_state": ref("awa_presence_state"),
				"previous_presence_state": ref("awa_presence_state")}},
		"awa_agent_channel_availability": {columns: "available",
			fields: map[string]fieldDef{"agent": ref("sys_user"), "service_channel": ref("awa_service_channel")}},
		"awa_agent_capacity": {columns: "max_capacity",
			fields: map[string]fieldDef{"user": ref("sys_user"), "service_channel": ref("awa_service_channel")}},
		"awa_eligibility_pool": {columns: "groups order active",
			fields: map[string]fieldDef{"queue": ref("awa_queue"), "assignment_rule": ref("awa_assignment_rule")}},
		"awa_assignment_rule": {display: "name",
			columns: "name active assign_by auto_accept allow_reject reassign_on_timeout timeout",
			fields:  map[string]fieldDef{"timeout_presence_state": ref("awa_presence_state")}},

		// Platform tables: OAuth clients (platform-security/authentication/
		// client-credentials-grant-workflow.md) and rate-limit rules
		// (api-reference/rest-api-explorer/inbound-REST-API-rate-limiting.md).
		"oauth_entity": {display: "name", columns: "name client_id active access_token_lifespan refresh_token_lifespan redirect_url",
			fields: map[string]fieldDef{"client_secret": {password: true}, "user": ref("sys_user")}},
		"sys_rate_limit_rules": {display: "name", columns: "name active rest_api table rate_limit",
			fields: map[string]fieldDef{
				"user": ref("sys_user"), "role": ref("sys_user_role"),
				"apply_to": choices(label("single_user", "Single user"), label("role", "Users with role"), label("all_users", "All users")),
			}},
	})
}
