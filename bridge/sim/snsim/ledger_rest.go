package snsim

// Ledger rows for the REST APIs: the Table API (tableapi.go, tablewrite.go,
// tableparams.go, render.go, query*.go), the Batch API (batch*.go) and the
// request counts the control API reports for it, the error envelope
// (errors.go).
func init() {
	ledgerTableAPI()
	const area = "Batch API"
	const page = "api-reference/rest-apis/batch-api.md"
	addLedger(
		Row{Area: area, Item: "POST /api/now/v1/batch",
			What:   "Runs rest_requests in order, each as if sent alone with the envelope's credentials (or its own headers'): ACLs, rate limits, faults apply to it. Answers 200 {batch_request_id, serviced_requests, unserviced_requests}.",
			Source: page, Status: Documented},
		Row{Area: area, Item: "unversioned /api/now/batch",
			What:   "400 Requested URI does not represent any resource: the page gives only the versioned URL.",
			Source: page + " (URL format: versioned URL only)", Status: Documented},
		Row{Area: area, Item: "rest_requests items",
			What:   "id, method and url required (url relative, /api/...); headers [{name, value}]; body base64 (whitespace in it ignored); exclude_response_headers. An item that is not right is serviced with 400 and its reason; a batch inside a batch is refused the same way.",
			Source: page, Status: Documented},
		Row{Area: area, Item: "serviced_requests items",
			What:   "id, body (base64 of the inner answer), status_code, status_text, headers [{name, value}] ([] with exclude_response_headers), execution_time (ms); error_message (the inner error envelope's message) for 4xx/5xx; redirect_url never.",
			Source: page, Status: Documented},
		Row{Area: area, Item: "limits and unserviced_requests",
			What:   "An item whose body is over 5 MB, whose answer is over 10 MB (or over a lower X-BATCHREQUEST-MAX-OUTPUT-SIZE), or that would start after 30 s, is not serviced, nor are the items after it: their ids are in unserviced_requests.",
			Source: page + " (Size and processing limits; X-BATCHREQUEST-MAX-OUTPUT-SIZE)", Status: Documented},
		Row{Area: area, Item: "envelope errors",
			What:   "401 without valid credentials (documented); 400 for a body that is not a batch request or without rest_requests, 405 for another method, 406 for an Accept without JSON (multipart/mixed is not simulated), 415 for a Content-Type other than application/json (generic REST codes).",
			Source: page + " (200, 401, 500; Content-Type application/json only); api-reference/rest-api-explorer/r_RESTAPIHTTPResponseCodes.md", Status: Documented},
		Row{Area: area, Item: "GET /sim/stats: envelopes and inner requests",
			What:   "batches / batchesByUser count envelopes; batchRequests / batchRequestsByUser count the inner requests they ran (each also in total, byUser, byPath); httpRequests counts what arrived over HTTP (REST requests outside envelopes, plus envelopes).",
			Source: "the simulator's control API (stats.go), for the benchmark's requests per call", Status: StandIn},
	)
	addLedger(
		Row{Area: "REST errors", Item: "error envelope",
			What:   "Every 4xx/5xx answer of the REST APIs is {\"error\":{\"message\":\"...\",\"detail\":\"...\"|null},\"status\":\"failure\"} with Content-Type application/json.",
			Source: "api-reference/rest-api-explorer/r_RESTAPIHTTPResponseCodes.md; the error examples of api-reference/rest-apis/c_TableAPI.md and inbound-REST-API-rate-limiting.md", Status: Documented},
		Row{Area: "REST errors", Item: "unknown /api/ path",
			What:   "400 Requested URI does not represent any resource.",
			Source: "api-reference/rest-api-explorer/r_RESTAPIHTTPResponseCodes.md (400: the URI does not match an API)", Status: Documented},
	)
}

func ledgerTableAPI() {
	const area = "Table API"
	const tableAPI = "api-reference/rest-apis/c_TableAPI.md"
	addLedger(
		Row{Area: area, Item: "GET /api/now/[v1|v2/]table/{table}",
			What:   "200 {\"result\":[...]} with X-Total-Count and Link (first, prev, next, last); an empty match is 200 [] unversioned and under v2, 404 No Record found under v1.",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "GET /api/now/table/{table}/{sys_id}",
			What:   "200 {\"result\":{...}}; 404 {\"error\":{\"message\":\"No Record found\",\"detail\":\"Record doesn't exist or ACL restricts the record retrieval\"},\"status\":\"failure\"}.",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "POST /api/now/table/{table}",
			What:   "201 with Location and the record; one record per request (an array: its first object). An existing sys_id is refused with 403.",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "PUT, PATCH /api/now/table/{table}/{sys_id}",
			What:   "200 and the record; both change only the fields sent; the write rules apply (unknown columns dropped, journal entries, calculated columns).",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "DELETE /api/now/table/{table}/{sys_id}",
			What:   "204, no body.",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "HEAD, X-HTTP-Method-Override, X-no-response-body",
			What:   "HEAD answers GET's status and headers; a POST with X-HTTP-Method-Override runs as that method; X-no-response-body: true leaves out a write's body.",
			Source: "api-reference/rest-api-explorer/c_RESTAPI.md (supported REST API headers)", Status: Documented},
		Row{Area: area, Item: "sysparm_query operators",
			What:   "=, !=, LIKE, NOT LIKE, STARTSWITH, ENDSWITH, IN, NOT IN, ISEMPTY, ISNOTEMPTY, ANYTHING, <, <=, >, >= (numbers and date-times compared as such), ^ (AND), ^OR (binds tighter), ^NQ (a new query OR-ed with the others), ORDERBY, ORDERBYDESC; ^^ is a literal caret; a long query (dozens of ^OR conditions) is evaluated whole.",
			Source: tableAPI + "; platform-user-interface/r_OpAvailableFiltersQueries.md, c_EncodedQueryStrings.md; ^NQ in api-reference/server-api-reference/DecisionTableAPI.md", Status: Documented},
		Row{Area: area, Item: "values are case-sensitive",
			What:   "Every operator compares values case-sensitively (LIKE, STARTSWITH and ENDSWITH included).",
			Source: tableAPI + " (sysparm_query: column names, operators and values are case-sensitive)", Status: Documented},
		Row{Area: area, Item: "dot-walking",
			What:   "A query condition, sort key or sysparm_fields entry may walk references (caller_id.phone, request_item.requested_for.phone, request_item.request.requested_for.user_name), up to 5 references; a walk through a column that is not a reference is invalid, and ignored.",
			Source: "platform-user-interface/c_DotWalking.md (chains of field names; three levels recommended); " + tableAPI + " (company.stock_symbol)", Status: Documented},
		Row{Area: area, Item: "invalid parts of a query",
			What:   "A condition on a column the table does not have, a password column or a part that does not parse is ignored, and the rest of the query applies (glide.invalid_query.returns_no_rows at its default, false).",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "name=value filters",
			What:   "Without sysparm_query, plain name=value parameters filter (a reference matches its sys_id or display value, a choice its value or label).",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "sysparm_fields, sysparm_display_value, sysparm_exclude_reference_link",
			What:   "Only the fields asked (invalid ones left out); false: values, references {link, value}; true: display values and choice labels; all: {display_value, value}; exclude_reference_link: plain sys_ids or names.",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "sysparm_limit, sysparm_offset, sysparm_no_count, sysparm_suppress_pagination_header",
			What:   "Default limit 10000; a limit or offset that is not a whole number is 400; no_count leaves out X-Total-Count and the last link; suppress_pagination_header leaves out Link.",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "sysparm_input_display_value",
			What:   "A written reference given by its display value gets that record's sys_id, a choice given by its label gets its value.",
			Source: tableAPI, Status: Documented},
		Row{Area: area, Item: "journal fields read back empty",
			What:   "work_notes, comments (and approval_history, comments_and_work_notes) read \"\" on every record; their entries are read from sys_journal_field.",
			Source: tableAPI + " (its PATCH example writes comments, the answer shows comments \"\"); api-reference/web-services/retrieving-journal-entries.md", Status: Documented},
		Row{Area: area, Item: "errors",
			What:   "400 Invalid table <name> (detail null), 400 malformed JSON or parameter, 401 User Not Authenticated, 403 ACL (Insufficient rights to query records / Operation Failed), 404 No Record found, 405 Method not Supported, 406 (Accept without JSON), 415 (a write body other than JSON), 429 rate limit: all in the {\"error\":{\"message\",\"detail\"},\"status\":\"failure\"} envelope.",
			Source: "api-reference/rest-api-explorer/r_RESTAPIHTTPResponseCodes.md; " + tableAPI, Status: Documented},
		Row{Area: area, Item: "table ACLs",
			What:   "One rule per table and operation (acl.go): interactions need interaction_agent/admin, incidents and catalog records (requests, requested items, catalog tasks) need itil (catalog records also a CSM agent role), cases the CSM agent roles, phone logs the OpenFrame roles; reference data is readable by every user and written by admin only.",
			Source: "the base system's roles (servicenow.md §3); the rules are a simplification of the instance's ACLs", Status: StandIn},
		Row{Area: area, Item: "AWA and OpenFrame configuration tables",
			What:   "awa_service_channel, awa_queue, awa_presence_state, awa_reject_reason and awa_assignment_rule are written by awa_admin or admin, read by every user; sn_openframe_configuration and awa_eligibility_pool are written by admin only. A write without the role is 403 Operation Failed naming the table and the roles (what `bridge setup` reports).",
			Source: "conversational-interfaces/advanced-work-assignment/awa-create-service-channel.md, awa-create-queue.md, awa-agent-presence.md, awa-configure-reject-reasons.md, awa-create-assignment-rule.md (Role required: awa_admin or admin); awa-specify-assignment-eligibility.md, customer-service-management/t_CreateAnOpenFrameConfiguration.md (Role required: admin)", Status: Documented},
	)
}
