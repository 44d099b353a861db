package records

// SchemaTable is a table the bridge reads or writes, with every column it
// names: in Table API fields, sysparm_fields and queries, as a dot-walk's
// target, in the voice-interaction API's additionalParams and phoneLogs
// (interaction and phone-log columns), and in the record forms it prefills.
type SchemaTable struct {
	Table string
	// Extends is the table's parent on an instance, whose columns it
	// inherits ("task" for incidents, cases and catalog records; "sys_user"
	// for customer contacts): a column may be defined there.
	Extends string
	Columns []string
	// Plugin brings the table, for advice when it or a column is missing.
	Plugin string
	// Need says when the bridge uses the table.
	Need Need
}

// Need says when the bridge uses a table.
type Need int

// When tables are used.
const (
	// NeedAlways: every deployment.
	NeedAlways Need = iota
	// NeedCSM: rules with a csm queue (or default).
	NeedCSM
	// NeedITSM: rules with an itsm queue (or default).
	NeedITSM
	// NeedCreateRequest: a rule with createRequest.
	NeedCreateRequest
	// NeedDoctor: read by `bridge doctor` only.
	NeedDoctor
)

// Plugins of the tables.
const (
	pluginInteraction = "Interaction Logging (com.glide.interaction)"
	pluginOpenFrame   = "OpenFrame (com.sn_openframe)"
	pluginAWA         = "Advanced Work Assignment (com.glide.awa)"
	pluginBase        = "the base system"
	pluginCSM         = "Customer Service Management (com.sn_customerservice)"
	pluginIncident    = "Incident Management (com.snc.incident)"
	pluginCatalog     = "Service Catalog (com.glideapp.servicecatalog)"
)

// Schema is every table and column the bridge reads or writes. A test checks
// it against the ServiceNow simulator's dictionary, and `bridge doctor`
// against a real instance's sys_dictionary: on an instance a write to a
// column a table lacks is dropped without an error, so a missing column is
// found only by looking.
//
// Sources: the interaction's fields, servicenow-platform/interaction-management/
// interaction-form.md and api-reference/rest-apis/openframe-api.md
// (callbackPhoneNumber is caller_phone_number); the phone log's,
// openframe-api.md; AWA's, conversational-interfaces/advanced-work-assignment/;
// CSM's and ITSM's, api-reference/rest-apis/case-api.md and the Table API.
var Schema = []SchemaTable{
	{Table: "interaction", Plugin: pluginInteraction, Columns: []string{"sys_id", "number", "type", "state", "state_reason", "direction",
		"queue", "channel", "short_description", "opened_for", "contact", "account", "consumer", "assigned_to", "work_notes",
		"caller_phone_number", "sys_created_on"}},
	{Table: "interaction_related_record", Plugin: pluginInteraction, Columns: []string{"interaction", "document_table", "document_id"}},
	{Table: "sn_openframe_phone_log", Plugin: pluginOpenFrame, Columns: []string{"call_id", "phone_number", "contact", "agent", "start_time"}},
	{Table: "awa_queue", Plugin: pluginAWA, Columns: []string{"sys_id", "external_id", "name", "active"}},
	{Table: "awa_service_channel", Plugin: pluginAWA, Columns: []string{"sys_id", "name"}},
	{Table: "awa_presence_state", Plugin: pluginAWA, Columns: []string{"sys_id", "name"}},
	{Table: "sys_user", Plugin: pluginBase, Columns: []string{"sys_id", "name", "user_name", "active", "phone", "mobile_phone", "home_phone", "sys_class_name"}},
	{Table: "sys_user_has_role", Plugin: pluginBase, Need: NeedDoctor, Columns: []string{"user", "role", "state"}},
	{Table: "sys_user_role", Plugin: pluginBase, Need: NeedDoctor, Columns: []string{"name"}},
	{Table: "customer_contact", Extends: "sys_user", Plugin: pluginCSM, Need: NeedCSM,
		Columns: []string{"sys_id", "name", "active", "account", "phone", "mobile_phone", "home_phone"}},
	{Table: "customer_account", Plugin: pluginCSM, Need: NeedCSM, Columns: []string{"name"}},
	{Table: "csm_consumer", Plugin: pluginCSM, Need: NeedCSM, Columns: []string{"sys_id", "name", "active", "business_phone", "mobile_phone", "home_phone"}},
	{Table: "sn_customerservice_case", Extends: "task", Plugin: pluginCSM, Need: NeedCSM, Columns: []string{"sys_id", "number", "short_description",
		"active", "contact", "account", "consumer", "contact_type", "state", "resolution_code", "close_notes", "work_notes",
		"sys_created_on", "sys_updated_on"}},
	{Table: "incident", Extends: "task", Plugin: pluginIncident, Need: NeedITSM, Columns: []string{"sys_id", "number", "short_description",
		"active", "caller_id", "contact_type", "work_notes", "sys_updated_on"}},
	{Table: "sc_req_item", Extends: "task", Plugin: pluginCatalog, Need: NeedITSM, Columns: []string{"sys_id", "number", "short_description",
		"active", "requested_for", "work_notes", "sys_updated_on"}},
	{Table: "sc_task", Extends: "task", Plugin: pluginCatalog, Need: NeedITSM, Columns: []string{"work_notes"}},
	{Table: "task", Plugin: pluginBase, Columns: []string{"sys_id", "number", "short_description", "active", "work_notes"}},
	{Table: "sc_request", Extends: "task", Plugin: pluginCatalog, Need: NeedCreateRequest, Columns: []string{"sys_id", "number", "parent",
		"requested_for", "short_description", "description", "sys_created_on"}},
}

// SchemaTableOf returns the Schema entry of a table.
func SchemaTableOf(table string) (SchemaTable, bool) {
	for _, t := range Schema {
		if t.Table == table {
			return t, true
		}
	}
	return SchemaTable{}, false
}

// Ancestors returns the table and the tables it extends, nearest first, as
// far as Schema knows them.
func Ancestors(table string) []string {
	var out []string
	for t := table; t != ""; {
		out = append(out, t)
		st, ok := SchemaTableOf(t)
		if !ok {
			break
		}
		t = st.Extends
	}
	return out
}
