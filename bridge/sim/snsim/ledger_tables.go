package snsim

// Ledger rows for the tables (dictionary_*.go), the write rules every
// write from outside passes (tablewrite_rules.go), the journal and business
// rules (journal.go) and the seed (seed.go, testdata/servicenow).
func init() {
	const area = "Tables"
	addLedger(
		Row{Area: area, Item: "strict columns: writes",
			What:   "A Table API, voice-interaction API or Batch API inner write to a column the table does not have is dropped silently; the rest of the write is stored. System columns other than sys_id (on insert) are the instance's and dropped too.",
			Source: "api-reference/rest-apis/c_TableAPI.md (invalid fields are ignored; the instance fills the system fields)", Status: Documented},
		Row{Area: area, Item: "strict columns: reads",
			What:   "A record renders the columns of the table it is read through and nothing else (an incident read through task shows task's columns); a sysparm_fields entry or query condition on a column the table does not have is ignored.",
			Source: "api-reference/rest-apis/c_TableAPI.md (sysparm_fields: invalid fields are ignored; sysparm_query: the invalid part is ignored)", Status: Documented},
		Row{Area: area, Item: "table hierarchy",
			What:   "task holds incidents, cases, requests, requested items and catalog tasks; sys_user holds customer contacts; each row keeps its sys_class_name.",
			Source: "platform-administration/table-administration-and-data-management/r_ImportantTaskTableFields.md (Task Type = sys_class_name, the child class)", Status: Documented},
		Row{Area: area, Item: "sys_user, customer_contact",
			What:   "The columns of the contact records the Contact API returns (sys_user's, plus account on customer_contact); user_password is a password column: writable, never returned nor queryable.",
			Source: "api-reference/rest-apis/contact-api.md; user_password is well known, no page lists it", Status: Documented},
		Row{Area: area, Item: "customer_account",
			What:   "The columns of the Account API's records (no active column).",
			Source: "api-reference/rest-apis/account-api.md", Status: Documented},
		Row{Area: area, Item: "csm_consumer",
			What:   "The columns of the Consumer API's records (business_phone, mobile_phone, home_phone, household, user, ...).",
			Source: "api-reference/rest-apis/consumer-api.md; financial-services-operations/fso-int_guide-table_defs.md", Status: Documented},
		Row{Area: area, Item: "task",
			What:   "The task columns (number, state, short_description, assigned_to, assignment_group, work_notes, comments, active, opened_at, closed_at, parent, ...) and task's state choices.",
			Source: "platform-administration/table-administration-and-data-management/r_ImportantTaskTableFields.md; the incident records of api-reference/rest-apis/c_TableAPI.md", Status: Documented},
		Row{Area: area, Item: "incident",
			What:   "task's columns plus caller_id, category, incident_state, close_code, hold_reason, resolved_at, ...; states 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled.",
			Source: "api-reference/rest-apis/c_TableAPI.md (incident records); api-reference/rest-apis/batch-api.md (hold_reason in its example); it-service-management/incident-management/c_IncidentManagementStateModel.md", Status: Documented},
		Row{Area: area, Item: "sn_customerservice_case",
			What:   "task's columns plus account, contact, consumer, product, resolution_code, ...; states 1 New, 10 Open, 18 Awaiting Info, 6 Resolved, 3 Closed (7 Cancelled kept for the seed).",
			Source: "api-reference/rest-apis/case-api.md", Status: Documented},
		Row{Area: area, Item: "sc_request, sc_req_item, sc_task",
			What:   "task's columns plus sc_request.requested_for/request_state, sc_req_item.request/requested_for, sc_task.request_item/request; their other columns (stage, quantity, cat_item, price, ...) are well known.",
			Source: "api-reference/scripts/c_UIMacros.md (sc_task.request_item); api-reference/scripts/c_ScptblAsmtExctnPlns.md (request.requested_for); it-service-management/procurement/r_ClientScriptsProcurement.md (the requested item's Requested for); stage/quantity/cat_item are well known, no page lists them", Status: Documented},
		Row{Area: area, Item: "interaction",
			What:   "number, type, state, state_reason, account, contact, consumer, assigned_to, opened_for, short_description, work_notes (journal), caller_phone_number, direction, channel_metadata_table/document, context_table/document, virtual_agent, agent_chat; queue, channel, assignment_group, active, opened_at, closed_at are well known.",
			Source: "servicenow-platform/interaction-management/interaction-form.md, interaction-states.md, interaction-context-channel-metadata.md; api-reference/server-api-reference/CTIOperationResponseAPI.md; api-reference/rest-apis/openframe-api.md; conversational-interfaces/virtual-agent/formula-override-examples-pae.md", Status: Documented},
		Row{Area: area, Item: "interaction_related_record",
			What:   "interaction, document_table, document_id, type (task or knowledge), task, knowledge, operation.",
			Source: "conversational-interfaces/agent-chat/ci-agent-chat-reference.md (Interaction related records)", Status: Documented},
		Row{Area: area, Item: "sn_openframe_phone_log",
			What:   "call_id, phone_number, contact, agent, start_time; task, inferred (no page names the column; the case form's Phone related list and the Update Task Work Notes rule need one). No description, duration or call type.",
			Source: "api-reference/server-api-reference/CTIOperationResponseAPI.md; api-reference/rest-apis/openframe-api.md; customer-service-management/r_CSCaseFormRelatedLists.md", Status: Documented},
		Row{Area: area, Item: "sn_openframe_configuration",
			What:   "name, title, subtitle, order, collapsed_view_enabled, show_presence_indicator, user_group, url, active, width, height, icon_class, title_icon, configuration, default.",
			Source: "customer-service-management/t_CreateAnOpenFrameConfiguration.md; r_InstalledWithOpenFrame.md (One Default Configuration)", Status: Documented},
		Row{Area: area, Item: "awa_* tables",
			What:   "The AWA tables with the fields their forms show (work item: document_id, document_table, queue, state, assigned_to, offered_on, rejected, timed_out, cancel_reason, offer_count, ...; queue: service_channel, order, condition, external_id, ...). Names follow the labels where no page gives them; the AWA engine's own bookkeeping columns are not table columns and the Table API neither writes nor returns them.",
			Source: "conversational-interfaces/advanced-work-assignment/installed-with-awa.md, awa-work-items-all.md, awa-create-queue.md, awa-create-service-channel.md, enable-awa-external-routing.md; api-reference/rest-apis/agent-api.md", Status: Documented},
		Row{Area: area, Item: "interaction_wrap_up_code, interaction_wrap_up_configuration, interaction_wrap_up_segment",
			What:   "Codes (code, description, order, active, external), configurations (name, table, enable_codes, allowed_codes, default_code, duration, ...) and segments (interaction, agent, state, external, external_segment_id, wrap_up_code, notes, opened_on, submitted_on, confirmed_on, ...), as the Wrap Up API's objects name their fields.",
			Source: "api-reference/rest-apis/wrap-up-api.md (its code and segment objects)", Status: Documented},
		Row{Area: area, Item: "sys_dictionary, sys_db_object",
			What:   "Generated from the simulator's dictionary at every reset: one sys_db_object row per table (name, super_class), one sys_dictionary row per column a table defines (name, element, internal_type, reference), so that the bridge's doctor can check columns as on an instance.",
			Source: "platform-administration/table-administration-and-data-management/ (dictionary and tables); the column names are well known", Status: Documented},
		Row{Area: area, Item: "calculated name",
			What:   "sys_user, customer_contact and csm_consumer name is first_name and last_name with a space, recomputed whenever either is written; a name written directly is replaced.",
			Source: "api-reference/rest-apis/contact-api.md and consumer-api.md (every record's name is its first and last name); the calculation is sys_user.name's dictionary entry, well known", Status: Documented},
		Row{Area: area, Item: "defaults on insert",
			What:   "A new interaction's state is new; a new case's state is 1 (New). No other column gets a value the write did not give.",
			Source: "servicenow-platform/interaction-management/interaction-states.md (New: inserted); api-reference/rest-apis/case-api.md (state default 1)", Status: Documented},
		Row{Area: area, Item: "Dictionary()",
			What:   "snsim.Dictionary() lists every table and its columns (inherited included) for the bridge's schema test.",
			Source: "the simulator's own API (bridge/records Schema test)", Status: StandIn},
	)
	ledgerJournal()
	ledgerSeed()
}

func ledgerJournal() {
	const area = "Journal and business rules"
	const openFrame = "customer-service-management/r_InstalledWithOpenFrame.md"
	addLedger(
		Row{Area: area, Item: "journal entries",
			What:   "Each value written to a journal field (work_notes, comments) adds a sys_journal_field row (name = the record's table, element_id = its sys_id, element = the field, value = the text, sys_created_by = the writer); the record reads the field back empty.",
			Source: "platform-administration/c_JournalFields.md; api-reference/web-services/retrieving-journal-entries.md; api-reference/rest-apis/c_TableAPI.md (PATCH example)", Status: Documented},
		Row{Area: area, Item: "Set Agent (sn_openframe_phone_log)",
			What:   "A phone log created without an agent gets the user who created it as its agent.",
			Source: openFrame + " (business rule Set Agent)", Status: Documented},
		Row{Area: area, Item: "Update Task Work Notes (sn_openframe_phone_log)",
			What:   "With the switch on, a phone log created with a task adds the fixed line \"" + phoneLogTaskNote + "\" to that task's work notes; it copies nothing from the phone log. Off, no phone log changes any task.",
			Source: openFrame + " names the rule and says it updates a task's work notes when a call is logged for it; what it writes and which column names the task are not documented",
			Status: Assumed, Switch: switchPhoneLogTaskNote,
			IfWrong: "Nothing: the bridge writes the closing note into the task's work_notes itself with the Table API (a documented journal field)."},
	)
}

func ledgerSeed() {
	const area = "Seed"
	addLedger(
		Row{Area: area, Item: "testdata/servicenow/<table>.json",
			What:   "The instance's records at start and after POST /sim/reset; every record holds only columns its table has (TestSeedColumnsAreReal).",
			Source: "the project's fixtures (testdata/servicenow/README.md)", Status: StandIn},
		Row{Area: area, Item: "phone numbers as people store them",
			What:   "Numbers are stored as typed ((415) 555-0111, 415.555.0112, +1 415-555-0121, 415-555-0131 x123, +14155550161, 020 7946 0018, 01 23 45 67 89, ...); callers dial their E.164 form. The product finds them with STARTSWITH over written forms.",
			Source: "api-reference/server-api-reference/CTIOperationResponseAPI.md (the instance's own lookup compares phone, mobile_phone, home_phone as stored); the formats are the seed's choice", Status: StandIn},
	)
}
