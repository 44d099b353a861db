package snsim

import (
	"net/http"
	"net/url"
	"strings"
)

// The Table API's golden cases (tableapi_golden_test.go runs them): one
// request each, its whole answer recorded in testdata/golden/<case>.json.

// longOr is a caller lookup over 30 written forms of +1 415 555 0111.
var longOr = url.QueryEscape(strings.Join(func() []string {
	var parts []string
	for _, f := range []string{"phone", "mobile_phone", "home_phone"} {
		for _, form := range []string{"+14155550111", "4155550111", "(415) 555-0111", "415-555-0111", "415.555.0111",
			"415 555 0111", "+1 415-555-0111", "+1 415 555 0111", "1-415-555-0111", "+1 (415) 555-0111"} {
			parts = append(parts, f+"STARTSWITH"+form)
		}
	}
	return parts
}(), "^OR"))

// Seeded records the cases address (testdata/servicenow).
const (
	inc101Path = "/api/now/table/incident/" + inc101ID
	// fieldsNumberState keeps list answers short.
	fieldsNumberState = "sysparm_fields=number,state"
)

func goldenCases() []goldenCase {
	list := func(query string) restReq {
		return restReq{path: "/api/now/table/incident?" + fieldsNumberState + "&" + query}
	}
	ixBody := map[string]string{"type": "phone", "direction": "inbound", "state": "new", "caller_phone_number": "+14155550111",
		"short_description": "Inbound call"}
	return []goldenCase{
		// Errors.
		{"error_400_invalid_table", "a table the instance does not have", restReq{path: "/api/now/table/no_such_table"}},
		{"error_400_invalid_limit", "sysparm_limit that is not a number", restReq{path: "/api/now/table/incident?sysparm_limit=ten"}},
		{"error_400_malformed_json", "a write whose body is not JSON", restReq{method: http.MethodPost, path: "/api/now/table/incident", body: `{"short_description":`}},
		{"error_401_no_credentials", "no Authorization header", restReq{path: "/api/now/table/incident", noAuth: true}},
		{"error_401_wrong_password", "Basic auth with a wrong password", restReq{path: "/api/now/table/incident", user: "vcc.integration", pass: "wrong"}},
		{"error_403_acl_read", "a user without itil reads incidents", restReq{path: "/api/now/table/incident", user: "report.viewer", pass: "viewer"}},
		{"error_403_acl_write", "a user without itil creates an incident", restReq{method: http.MethodPost, path: "/api/now/table/incident", user: "report.viewer", pass: "viewer", body: map[string]string{"short_description": "x"}}},
		{"error_404_no_record", "a sys_id the table does not hold", restReq{path: "/api/now/table/incident/0123456789abcdef0123456789abcdef"}},
		{"error_404_v1_empty_list", "Table API v1 answers 404 for a query that matches nothing", restReq{path: "/api/now/v1/table/incident?sysparm_query=number=INC9999999"}},
		{"error_405_delete_collection", "DELETE on a table rather than a record", restReq{method: http.MethodDelete, path: "/api/now/table/incident"}},
		{"error_405_post_record", "POST on a record rather than a table", restReq{method: http.MethodPost, path: inc101Path, body: map[string]string{}}},
		{"error_406_accept_xml", "an Accept header without JSON", restReq{path: inc101Path, header: map[string]string{"Accept": "application/xml"}}},
		{"error_415_text_body", "a write whose Content-Type is not JSON", restReq{method: http.MethodPatch, path: inc101Path, body: "state=2", header: map[string]string{"Content-Type": "text/plain"}}},

		// sysparm_query operators.
		{"query_equals", "=", list("sysparm_query=active=true")},
		{"query_not_equals", "!=", list("sysparm_query=state!=1")},
		{"query_like", "LIKE: contains (values are case-sensitive)", list("sysparm_query=short_descriptionLIKEphone")},
		{"query_not_like", "NOT LIKE", list("sysparm_query=short_descriptionNOT LIKEhour^active=true")},
		{"query_startswith", "STARTSWITH (values are case-sensitive: P, not p)", list("sysparm_query=short_descriptionSTARTSWITHP")},
		{"query_endswith", "ENDSWITH", list("sysparm_query=short_descriptionENDSWITHhour")},
		{"query_in", "IN", list("sysparm_query=stateIN1,3")},
		{"query_not_in", "NOT IN", list("sysparm_query=stateNOT IN1,2,3")},
		{"query_isempty", "ISEMPTY (a column a record lacks is empty)", list("sysparm_query=close_codeISEMPTY")},
		{"query_isnotempty", "ISNOTEMPTY", list("sysparm_query=hold_reasonISNOTEMPTY")},
		{"query_less", "< on numbers", list("sysparm_query=priority<4")},
		{"query_less_or_equal", "<= on date-times", list("sysparm_query=opened_at<=2024-05-05 15:10:00")},
		{"query_greater", "> on date-times", list("sysparm_query=opened_at>2024-05-06 08:45:00")},
		{"query_greater_or_equal", ">= on numbers", list("sysparm_query=state>=6")},
		{"query_and", "^ joins conditions that all hold", list("sysparm_query=active=true^category=hardware")},
		{"query_or", "^OR: either condition of the term", list("sysparm_query=state=3^ORstate=6")},
		{"query_new_query", "^NQ: either whole query", list("sysparm_query=category=network^NQstate=7^active=false")},
		{"query_orderby", "ORDERBY", list("sysparm_query=active=true^ORDERBYopened_at")},
		{"query_orderbydesc", "ORDERBYDESC, then ORDERBY", list("sysparm_query=ORDERBYDESCpriority^ORDERBYnumber")},
		{"query_dot_walk", "one-level dot-walk through a reference", list("sysparm_query=caller_id.user_name=david.miller")},
		{"query_dot_walk_levels", "a dot-walk through three references", restReq{path: "/api/now/table/sc_task?sysparm_fields=number,request_item.request.requested_for.name&sysparm_query=request_item.request.requested_for.user_name=megan.burke"}},
		{"query_long_or", "30 STARTSWITH conditions joined by ^OR (a caller looked up by the written forms of a number)", restReq{path: "/api/now/table/sys_user?sysparm_fields=user_name,phone,mobile_phone,home_phone&sysparm_query=" + longOr}},
		{"query_invalid_part_ignored", "a condition on a field the table lacks is ignored, as ServiceNow does", list("sysparm_query=no_such_field=1^active=false")},
		{"query_plain_filters", "name=value pairs instead of sysparm_query; a reference by display value", list("active=true&caller_id=David Miller")},

		// Other parameters.
		{"fields_dot_walk_and_invalid", "sysparm_fields with a dot-walked field and an unknown one (left out)", restReq{path: "/api/now/table/incident?sysparm_query=number=INC0000101&sysparm_fields=number,caller_id.user_name,caller_id,no_such_field"}},
		{"limit_offset_paging", "a middle page: Link first/prev/next/last and X-Total-Count", list("sysparm_query=ORDERBYnumber&sysparm_limit=2&sysparm_offset=2")},
		{"limit_default_all", "no sysparm_limit: every match (the default limit is 10000)", list("sysparm_query=ORDERBYnumber")},
		{"no_count", "sysparm_no_count: no X-Total-Count and no last link", list("sysparm_query=ORDERBYnumber&sysparm_limit=2&sysparm_no_count=true")},
		{"suppress_pagination_header", "sysparm_suppress_pagination_header: no Link", list("sysparm_query=ORDERBYnumber&sysparm_limit=2&sysparm_suppress_pagination_header=true")},
		{"display_value_false", "stored values; references as {link, value}", restReq{path: inc101Path + "?sysparm_fields=number,state,caller_id,opened_at&sysparm_display_value=false"}},
		{"display_value_true", "display values: choice labels, reference names", restReq{path: inc101Path + "?sysparm_fields=number,state,caller_id,opened_at&sysparm_display_value=true"}},
		{"display_value_all", "both, as {display_value, value}", restReq{path: inc101Path + "?sysparm_fields=number,state,caller_id,opened_at&sysparm_display_value=all"}},
		{"exclude_reference_link", "references as plain sys_ids", restReq{path: inc101Path + "?sysparm_fields=number,caller_id&sysparm_exclude_reference_link=true"}},
		{"exclude_reference_link_display_true", "references as plain display values", restReq{path: inc101Path + "?sysparm_fields=number,caller_id&sysparm_exclude_reference_link=true&sysparm_display_value=true"}},
		{"get_record", "one whole record", restReq{path: inc101Path}},
		{"get_v2_path", "the versioned path answers the same", restReq{path: "/api/now/v2/table/incident/" + inc101ID + "?sysparm_fields=number,sys_class_name"}},
		{"get_parent_table", "task holds its subtables' records", restReq{path: "/api/now/table/task?sysparm_fields=number,sys_class_name&sysparm_query=numberSTARTSWITHINC0000101^ORnumberSTARTSWITHCS0000101^ORnumberSTARTSWITHREQ0000101"}},

		// Methods.
		{"head_list", "HEAD: the list's status and headers, no body", restReq{method: http.MethodHead, path: "/api/now/table/incident?sysparm_limit=2"}},
		{"head_record", "HEAD on a record", restReq{method: http.MethodHead, path: inc101Path}},
		{"post_201_location", "POST creates one record: 201, Location, the record with its number and system fields", restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: ixBody}},
		{"post_no_response_body", "X-no-response-body: true leaves the body out", restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: ixBody, header: map[string]string{"X-no-response-body": "true"}}},
		{"post_input_display_value", "sysparm_input_display_value: a reference and a choice given by display value", restReq{method: http.MethodPost, path: "/api/now/table/incident?sysparm_input_display_value=true&sysparm_fields=number,caller_id,state",
			body: map[string]string{"short_description": "Cannot print", "caller_id": "David Miller", "state": "In Progress"}}},
		{"put_record", "PUT changes the fields sent", restReq{method: http.MethodPut, path: inc101Path + "?sysparm_fields=number,state,work_notes,sys_mod_count,sys_updated_by", body: map[string]string{"state": "3", "work_notes": "Waiting for the caller"}}},
		{"patch_record", "PATCH changes the fields sent", restReq{method: http.MethodPatch, path: inc101Path + "?sysparm_fields=number,state,short_description", body: map[string]string{"short_description": "Laptop will not boot"}}},
		{"patch_method_override", "POST with X-HTTP-Method-Override: PATCH", restReq{method: http.MethodPost, path: inc101Path + "?sysparm_fields=number,state", body: map[string]string{"state": "6"}, header: map[string]string{"X-HTTP-Method-Override": "PATCH"}}},
		{"patch_no_response_body", "X-no-response-body on an update", restReq{method: http.MethodPatch, path: inc101Path, body: map[string]string{"state": "6"}, header: map[string]string{"X-no-response-body": "true"}}},
		{"delete_204", "DELETE: 204, no body", restReq{method: http.MethodDelete, path: inc101Path}},

		// Strict tables (tablewrite_rules.go).
		{"post_unknown_column_dropped", "a column the table does not have (description, u_custom) is dropped silently; Set Agent makes the writer the agent", restReq{method: http.MethodPost, path: "/api/now/table/sn_openframe_phone_log",
			body: map[string]string{"call_id": "vcc-1", "phone_number": "+14155550111", "description": "not a phone log column", "u_custom": "x", "start_time": "2024-05-08 11:59:00"}}},
		{"patch_calculated_name", "a contact's name follows first_name and last_name", restReq{method: http.MethodPatch, path: "/api/now/table/customer_contact/" + julieID + "?sysparm_fields=first_name,last_name,name",
			user: "admin", pass: "admin", body: map[string]string{"last_name": "Lewis-Hart", "name": "ignored"}}},
		{"patch_journal_field", "comments written: 200, the record reads comments back empty (c_TableAPI.md's PATCH example)", restReq{method: http.MethodPatch, path: inc101Path + "?sysparm_fields=number,urgency,comments,work_notes",
			body: map[string]string{"urgency": "1", "comments": "Elevating urgency"}}},

		// The openframe voice-interaction API (voiceapi.go) and the Batch API's envelope (batch.go).
		{"voice_create_200", "a voice interaction created: SUCCESS, sysId, number", restReq{method: http.MethodPost, path: "/api/now/openframe/voice-interaction",
			body: map[string]any{"interaction": map[string]any{"userPhoneNumber": "+14155550111", "callbackPhoneNumber": "+14155550111",
				"additionalParams": map[string]string{"type": "phone", "direction": "inbound", "short_description": "Call [VCC 1]"}},
				"phoneLogs": []map[string]string{{"call_id": "1", "phone_number": "+14155550111"}}}}},
		{"voice_update_failure", "an update of an interaction that does not exist: 200 FAILURE", restReq{method: http.MethodPatch, path: "/api/now/openframe/voice-interaction/0123456789abcdef0123456789abcdef",
			body: map[string]any{"interaction": map[string]any{"additionalParams": map[string]string{"state": "closed_complete"}}}}},
		{"error_400_voice_not_e164", "a voice interaction whose userPhoneNumber is not E.164", restReq{method: http.MethodPost, path: "/api/now/openframe/voice-interaction",
			body: map[string]any{"interaction": map[string]any{"userPhoneNumber": "(415) 555-0111"}}}},
		{"error_401_batch", "a Batch API envelope without credentials", restReq{method: http.MethodPost, path: "/api/now/v1/batch", noAuth: true,
			body: map[string]any{"rest_requests": []map[string]string{{"id": "1", "method": "GET", "url": "/api/now/table/incident"}}}}},
	}
}
