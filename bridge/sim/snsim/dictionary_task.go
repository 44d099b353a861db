package snsim

// Task and the tables that extend it: incident, sn_customerservice_case,
// sc_request, sc_req_item and sc_task.
//
// Sources (paths under markdown/ in ServiceNow/ServiceNowDocs):
//   - task: platform-administration/table-administration-and-data-management/
//     r_ImportantTaskTableFields.md, and the task columns of the incident
//     records api-reference/rest-apis/c_TableAPI.md returns;
//   - incident: the same c_TableAPI.md records (caller_id, category,
//     incident_state, close_code, ...) and the incident the Batch API's
//     example returns (hold_reason, api-reference/rest-apis/batch-api.md);
//     state labels: it-service-management/incident-management/
//     c_IncidentManagementStateModel.md;
//   - sn_customerservice_case: api-reference/rest-apis/case-api.md (its
//     records, its state and priority lists);
//   - sc_request, sc_req_item, sc_task: sc_task.request_item and
//     sc_req_item.request (api-reference/scripts/c_UIMacros.md,
//     api-reference/scripts/c_ScptblAsmtExctnPlns.md), sc_request.requested_for
//     (api-reference/web-services/c_DataRetrievalAPI.md), the requested item's
//     "Requested for" (it-service-management/procurement/
//     r_ClientScriptsProcurement.md). Their other columns (stage, quantity,
//     cat_item, ...) are well known; no page lists them.
//
// Numbers: INC, CS, REQ, RITM, SCTASK and TASK prefixes (db.go).

// taskColumns are task's plain columns.
const taskColumns = "active activity_due additional_assignee_list approval approval_set business_duration " +
	"calendar_duration close_notes closed_at correlation_display correlation_id delivery_plan delivery_task " +
	"description due_date escalation expected_start follow_up group_list impact knowledge made_sla number " +
	"opened_at order reassignment_count short_description sla_due time_worked upon_approval upon_reject urgency " +
	"user_input watch_list wf_activity work_end work_notes_list work_start sys_domain sys_domain_path sys_tags"

var (
	priorities = choices(label("1", "1 - Critical"), label("2", "2 - High"), label("3", "3 - Moderate"), label("4", "4 - Low"), label("5", "5 - Planning"))
	// contactTypes are task.contact_type's values (the channel a task came in by).
	contactTypes = choices(label("phone", "Phone"), label("email", "Email"), label("chat", "Chat"), label("web", "Web"),
		label("social", "Social"), label("self-service", "Self-service"), label("walk-in", "Walk-in"), label("virtual_agent", "Virtual Agent"))
	taskStates = choices(label("-5", "Pending"), label("1", "Open"), label("2", "Work in Progress"),
		label("3", "Closed Complete"), label("4", "Closed Incomplete"), label("7", "Closed Skipped"))
)

func init() {
	defineTables(map[string]tableDef{
		"task": {display: "number", columns: taskColumns,
			fields: map[string]fieldDef{
				"state": taskStates, "priority": priorities, "contact_type": contactTypes,
				"assigned_to": ref("sys_user"), "assignment_group": ref("sys_user_group"),
				"opened_by": ref("sys_user"), "closed_by": ref("sys_user"), "parent": ref("task"),
				"company": ref("core_company"), "location": ref("cmn_location"), "cmdb_ci": ref("cmdb_ci"),
				"business_service": ref("cmdb_ci_service"),
				"work_notes":       journalField, "comments": journalField,
				"approval_history": journalField, "comments_and_work_notes": journalField,
			}},
		"incident": {extends: "task",
			columns: "business_stc calendar_stc category child_incidents close_code hold_reason incident_state notify " +
				"reopen_count resolved_at severity subcategory",
			fields: map[string]fieldDef{
				"caller_id": ref("sys_user"), "resolved_by": ref("sys_user"), "problem_id": ref("problem"),
				"parent_incident": ref("incident"), "caused_by": ref("change_request"), "rfc": ref("change_request"),
				"state": choices(label("1", "New"), label("2", "In Progress"), label("3", "On Hold"),
					label("6", "Resolved"), label("7", "Closed"), label("8", "Canceled")),
			}},
		"sn_customerservice_case": {extends: "task",
			columns: "active_account_escalation active_escalation auto_created_case business_impact case_report category cause " +
				"child_case_creation_progress contact_local_time contact_time_zone first_response_time follow_the_sun " +
				"hierarchical_variables major_case_state notes_to_comments probable_cause resolution_code resolved_at " +
				"skills subcategory sync_driver variable_pool variables",
			fields: map[string]fieldDef{
				"account": ref("customer_account"), "contact": ref("customer_contact"), "consumer": ref("csm_consumer"),
				"product": ref("cmdb_model"), "asset": ref("alm_asset"), "contract": ref("ast_contract"),
				"entitlement": ref("service_entitlement"), "partner": ref("customer_account"),
				"partner_contact": ref("customer_contact"), "resolved_by": ref("sys_user"), "problem": ref("problem"),
				"change": ref("change_request"), "case": ref("sn_customerservice_case"),
				"support_manager": ref("sys_user"), "caused_by": ref("change_request"),
				"state": choices(label("1", "New"), label("10", "Open"), label("18", "Awaiting Info"),
					label("6", "Resolved"), label("3", "Closed"), label("7", "Cancelled")),
			}},
		"sc_request": {extends: "task",
			columns: "stage price special_instructions delivery_address requested_date calendar_stc",
			fields: map[string]fieldDef{
				"requested_for": ref("sys_user"),
				"request_state": choices(label("requested", "Pending Approval"), label("in_process", "Approved"),
					label("closed_complete", "Closed Complete"), label("closed_incomplete", "Closed Incomplete"),
					label("closed_cancelled", "Closed Cancelled"), label("closed_rejected", "Closed Rejected")),
			}},
		"sc_req_item": {extends: "task",
			columns: "stage quantity price recurring_price backordered estimated_delivery",
			fields: map[string]fieldDef{
				"request": ref("sc_request"), "requested_for": ref("sys_user"), "cat_item": ref("sc_cat_item"),
				"configuration_item": ref("cmdb_ci"), "order_guide": ref("sc_cat_item_guide"),
			}},
		"sc_task": {extends: "task",
			fields: map[string]fieldDef{"request_item": ref("sc_req_item"), "request": ref("sc_request"), "sc_catalog": ref("sc_catalog")}},
	})
}
