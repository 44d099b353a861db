package snsim

import (
	"slices"
	"sort"
	"strings"
)

// The dictionary is the simulator's small stand-in for ServiceNow's
// sys_dictionary and sys_choice: for each table the seed and the bridge use,
// its parent table, its display field, its columns, which columns are
// references (and to which table), which have choice labels, and which hold
// passwords. The Table API uses it to
//   - render references as {"link","value"} and display values
//     (sysparm_display_value, sysparm_exclude_reference_link);
//   - dot-walk one level (caller_id.user_name) in queries and sysparm_fields;
//   - tell valid query fields from invalid ones (invalid ones are ignored);
//   - read a parent table with its children's rows, as ServiceNow does:
//     task holds incidents, cases and requests; sys_user holds customer
//     contacts (customer_contact extends sys_user: contacts live in their own
//     seed file, customer_contact.json, and are also returned, with their
//     sys_class_name, when sys_user is read).
//
// Tables are schemaless otherwise: a column a record holds is a column, and
// writes may set columns the dictionary does not list (ServiceNow would drop
// them; the simulator keeps them so the bridge can store what it needs).
//
// Reference: sys_dictionary and sys_choice, and the data model in
// https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html.

// tableDef describes one table.
type tableDef struct {
	// extends is the parent table ("" for a base table).
	extends string
	// display is the field shown as the record's display value (inherited
	// when empty; sys_id when no table in the chain names one).
	display string
	// columns lists the plain columns, space-separated.
	columns string
	// fields describes the columns that are references, choices or
	// passwords (they are columns too).
	fields map[string]fieldDef
}

// fieldDef describes a column that is more than a string.
type fieldDef struct {
	// ref is the referenced table, for reference fields.
	ref string
	// choices maps stored values to their labels.
	choices []choice
	// password fields are never returned and cannot be queried.
	password bool
}

type choice struct{ value, label string }

// systemColumns every table has.
var systemColumns = []string{"sys_id", "sys_created_on", "sys_created_by", "sys_updated_on", "sys_updated_by", "sys_mod_count", "sys_class_name"}

func ref(table string) fieldDef       { return fieldDef{ref: table} }
func choices(cs ...choice) fieldDef   { return fieldDef{choices: cs} }
func label(value, text string) choice { return choice{value: value, label: text} }

var (
	priorities = choices(label("1", "1 - Critical"), label("2", "2 - High"), label("3", "3 - Moderate"), label("4", "4 - Low"), label("5", "5 - Planning"))
	// contactTypes are task.contact_type's values (the channel a task came in by).
	contactTypes = choices(label("phone", "Phone"), label("email", "Email"), label("chat", "Chat"), label("web", "Web"),
		label("social", "Social"), label("self-service", "Self-service"), label("walk-in", "Walk-in"), label("virtual_agent", "Virtual Agent"))
)

// dictionary is the simulator's schema, by table name.
var dictionary = map[string]tableDef{
	"sys_user": {display: "name",
		columns: "user_name first_name last_name name email phone mobile_phone home_phone title active locked_out time_zone",
		fields:  map[string]fieldDef{"user_password": {password: true}, "manager": ref("sys_user")}},
	"customer_contact": {extends: "sys_user",
		fields: map[string]fieldDef{"account": ref("customer_account")}},
	"customer_account": {display: "name", columns: "name number phone city country active customer",
		fields: map[string]fieldDef{"primary_contact": ref("customer_contact")}},
	"csm_consumer": {display: "name",
		columns: "first_name last_name name email business_phone mobile_phone home_phone number active",
		fields:  map[string]fieldDef{"user": ref("sys_user")}},

	"task": {display: "number",
		columns: "number short_description description active opened_at closed_at work_notes comments close_notes",
		fields: map[string]fieldDef{
			"state": choices(label("-5", "Pending"), label("1", "Open"), label("2", "Work in Progress"),
				label("3", "Closed Complete"), label("4", "Closed Incomplete"), label("7", "Closed Skipped")),
			"priority": priorities, "contact_type": contactTypes,
			"assigned_to": ref("sys_user"), "assignment_group": ref("sys_user_group"),
			"opened_by": ref("sys_user"), "parent": ref("task"),
		}},
	"incident": {extends: "task", columns: "impact urgency category incident_state close_code hold_reason",
		fields: map[string]fieldDef{
			"caller_id": ref("sys_user"),
			"state": choices(label("1", "New"), label("2", "In Progress"), label("3", "On Hold"),
				label("6", "Resolved"), label("7", "Closed"), label("8", "Canceled")),
		}},
	"sn_customerservice_case": {extends: "task", columns: "category resolution_code product",
		fields: map[string]fieldDef{
			"account": ref("customer_account"), "contact": ref("customer_contact"), "consumer": ref("csm_consumer"),
			"state": choices(label("1", "New"), label("10", "Open"), label("18", "Awaiting Info"),
				label("6", "Resolved"), label("3", "Closed"), label("7", "Cancelled")),
		}},
	"sc_request": {extends: "task",
		fields: map[string]fieldDef{
			"requested_for": ref("sys_user"),
			"request_state": choices(label("requested", "Pending Approval"), label("in_process", "Approved"),
				label("closed_complete", "Closed Complete"), label("closed_incomplete", "Closed Incomplete"),
				label("closed_cancelled", "Closed Cancelled"), label("closed_rejected", "Closed Rejected")),
		}},
	"sc_req_item": {extends: "task", fields: map[string]fieldDef{"request": ref("sc_request")}},
	"sc_task":     {extends: "task", fields: map[string]fieldDef{"request_item": ref("sc_req_item")}},

	"interaction": {display: "number",
		columns: "number short_description work_notes active caller_phone_number channel_metadata_table channel_metadata_document " +
			"context_table context_document state_reason opened_at closed_at duration wait_time virtual_agent",
		fields: map[string]fieldDef{
			"state": choices(label("new", "New"), label("on_hold", "On Hold"), label("work_in_progress", "Work In Progress"),
				label("wrap_up", "Wrap Up"), label("closed_complete", "Closed Complete"), label("closed_abandoned", "Closed Abandoned")),
			"type":        choices(label("phone", "Phone"), label("chat", "Chat"), label("walkup", "Walk-up"), label("email", "Email")),
			"direction":   choices(label("inbound", "Inbound"), label("outbound", "Outbound")),
			"assigned_to": ref("sys_user"), "opened_for": ref("sys_user"),
			"account": ref("customer_account"), "contact": ref("customer_contact"), "consumer": ref("csm_consumer"),
			"queue": ref("awa_queue"), "channel": ref("awa_service_channel"),
		}},
	"interaction_related_record": {display: "document_table", columns: "document_table document_id",
		fields: map[string]fieldDef{
			"interaction": ref("interaction"), "task": ref("task"),
			"type": choices(label("task", "Task"), label("knowledge", "Knowledge")),
		}},
	"interaction_wrap_up_code": {display: "code", columns: "code description order active"},
	"interaction_wrap_up_segment": {columns: "wrap_up_code wrap_up_notes external external_segment_id",
		fields: map[string]fieldDef{"interaction": ref("interaction"), "agent": ref("sys_user")}},
	"sn_openframe_phone_log": {display: "call_id", columns: "call_id phone_number call_type duration start_time end_time",
		fields: map[string]fieldDef{"agent": ref("sys_user"), "contact": ref("sys_user"), "task": ref("task")}},

	"sys_user_role":     {display: "name", columns: "name description"},
	"sys_user_has_role": {fields: map[string]fieldDef{"user": ref("sys_user"), "role": ref("sys_user_role")}},
	"sys_user_group": {display: "name", columns: "name description email active",
		fields: map[string]fieldDef{"manager": ref("sys_user")}},
	"sys_user_grmember": {fields: map[string]fieldDef{"user": ref("sys_user"), "group": ref("sys_user_group")}},
	"oauth_entity": {display: "name", columns: "name client_id active access_token_lifespan refresh_token_lifespan",
		fields: map[string]fieldDef{"client_secret": {password: true}, "user": ref("sys_user")}},
	"sys_rate_limit_rules": {display: "name", columns: "name active rest_api table rate_limit",
		fields: map[string]fieldDef{
			"user": ref("sys_user"), "role": ref("sys_user_role"),
			"apply_to": choices(label("single_user", "Single user"), label("role", "Users with role"), label("all_users", "All users")),
		}},

	// AWA tables, for display values of the references above; their
	// records and columns belong to the AWA engine.
	"awa_queue":           {display: "name"},
	"awa_service_channel": {display: "name"},
	"awa_presence_state":  {display: "name"},
	"awa_work_item": {display: "display_name",
		fields: map[string]fieldDef{"assigned_to": ref("sys_user"), "queue": ref("awa_queue")}},
}

// defined reports whether the dictionary describes the table.
func defined(table string) bool {
	_, ok := dictionary[table]
	return ok
}

// fieldOf returns a column's definition, looking up the parent tables too.
func fieldOf(table, name string) (fieldDef, bool) {
	for t := table; t != ""; t = dictionary[t].extends {
		if f, ok := dictionary[t].fields[name]; ok {
			return f, true
		}
	}
	return fieldDef{}, false
}

// declaredColumns lists the columns the dictionary gives a table, its
// parents' and the system columns included.
func declaredColumns(table string) []string {
	cols := append([]string(nil), systemColumns...)
	for t := table; t != ""; t = dictionary[t].extends {
		def := dictionary[t]
		cols = append(cols, strings.Fields(def.columns)...)
		for name := range def.fields {
			cols = append(cols, name)
		}
	}
	return cols
}

// isDeclared reports whether the dictionary gives a table (or a parent of
// it) the column, system columns included.
func isDeclared(table, name string) bool {
	if slices.Contains(systemColumns, name) {
		return true
	}
	for t := table; t != ""; t = dictionary[t].extends {
		if _, ok := dictionary[t].fields[name]; ok || slices.Contains(strings.Fields(dictionary[t].columns), name) {
			return true
		}
	}
	return false
}

// isPassword reports whether a column holds a password.
func isPassword(table, name string) bool {
	f, _ := fieldOf(table, name)
	return f.password
}

// displayField is the column whose value is a record's display value.
func displayField(table string) string {
	for t := table; t != ""; t = dictionary[t].extends {
		if d := dictionary[t].display; d != "" {
			return d
		}
	}
	return "sys_id"
}

// subtables lists table and every table that extends it, directly or not,
// table first and the others sorted.
func subtables(table string) []string {
	out := []string{table}
	for name := range dictionary {
		if name != table && extendsTable(name, table) {
			out = append(out, name)
		}
	}
	sort.Strings(out[1:])
	return out
}

// extendsTable reports whether child extends ancestor, directly or not.
func extendsTable(child, ancestor string) bool {
	for t := dictionary[child].extends; t != ""; t = dictionary[t].extends {
		if t == ancestor {
			return true
		}
	}
	return false
}

// choiceLabel returns the label of a choice value ("" and false when the
// field has no such choice).
func (f fieldDef) choiceLabel(value string) (string, bool) {
	for _, c := range f.choices {
		if c.value == value {
			return c.label, true
		}
	}
	return "", false
}

// choiceValue returns the value whose label is text.
func (f fieldDef) choiceValue(text string) (string, bool) {
	for _, c := range f.choices {
		if c.label == text {
			return c.value, true
		}
	}
	return "", false
}
