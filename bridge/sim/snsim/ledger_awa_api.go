package snsim

// Ledger rows for the AWA REST APIs: Offer Work (awa_offer_*.go), Inbox
// Actions (awa_inbox_api.go) and Agent (awa_api.go).
const (
	docOfferWork = "api-reference/rest-apis/awa-offer-work-api.md"
	docInbox     = "api-reference/rest-apis/awa-inbox-actions-api.md"
	docAgentAPI  = "api-reference/rest-apis/agent-api.md"
	docRESTCodes = "api-reference/rest-api-explorer/r_RESTAPIHTTPResponseCodes.md"
	productReads = "The bridge treats any answer other than 2xx with success:true as a failure and retries or reports it."
)

func init() {
	const area = "AWA Offer Work API"
	addLedger(
		Row{Area: area, Item: "POST /api/now/awa/documents/{document_table}/{document_sys_id}/offer",
			What:   "Assigns the document to an agent or transfers it; also under /api/now/v1/. Answers {\"result\":{\"work_item\":{display_name,sys_id,document_id,document_table,queue},\"success\":true,\"message\":\"Manual assignment successfully requested.\"}}.",
			Source: docOfferWork, Status: Documented},
		Row{Area: area, Item: "caller role",
			What:   "The caller needs awa_manager or awa_integration_user; otherwise success:false \"Caller <sys_id> does not have the awa_manager or awa_integration_user role\".",
			Source: docOfferWork, Status: Documented},
		Row{Area: area, Item: "status of a listed failure message",
			What:   "Failures the page lists as messages answer {\"result\":{\"success\":false,\"message\":…}}: 409 for a conflict with the document's work item or the agent (not a valid agent, no awa_external_user, not available, blind transfer to an unavailable agent, work item accepted or assigned to another agent, document not active), 404 for a document or queue that does not exist, 200 for the others (caller role, booleans, display option, timeout, offered_on, presence state).",
			Source: docOfferWork + " (status codes and messages; which message takes which status is the simulator's reading of the 409 and 404 rows)", Status: Documented},
		Row{Area: area, Item: "failure body for 404 and unlisted failures",
			What:   "A missing required field, a missing document or queue, and a consult transfer answer the same success:false envelope with the simulator's own message.",
			Source: docOfferWork + " (required fields and the 404 row; the page gives no message for them)", Status: Assumed,
			IfWrong: productReads},
		Row{Area: area, Item: "assignment fields",
			What:   "agent_sys_id and queue_id (sys_id or external_id) required; allowed_to_decline (default true) and enable_auto_assign (default false) read true/yes/1 and false/no/0; display_option card_only or card_and_tab; timeout in seconds, none meaning no time limit; offered_on (yyyy-MM-dd'T'HH:mm:ss.SSS, UTC, not after now, with the timeout still running) and after_timeout_presence count only with a timeout.",
			Source: docOfferWork, Status: Documented},
		Row{Area: area, Item: "agent roles",
			What:   "The receiving agent, and the agent a transfer takes the work from, need awa_agent (else 409 \"<id> is not a valid agent\") and awa_external_user (else 409 \"The user does not have the 'awa_external_user' role\").",
			Source: docOfferWork, Status: Documented},
		Row{Area: area, Item: "new assignment",
			What:   "The agent's presence must be available (409 \"Agent is not available\"); capacity is not checked. The document's queued work item is cancelled (\"Manually assigned\") and a new one, with external_segment_id, is offered on the queue_id queue; an accepted item refuses (409 \"Work Item accepted can not be assigned\"), an item offered to another agent too (409 \"Work Item is already assigned to <agent>\").",
			Source: docOfferWork + ", " + docQueues + ", " + docAWA + "awa-external-routing-overview.md", Status: Documented},
		Row{Area: area, Item: "blind transfer",
			What:   "transfer {source_queue_id, target_id, target_type agent|queue, transfer_type} all required. The source work item ends (an accepted one stops holding capacity); a new work item (previous_work_item = source) is queued on the target queue (transferred, isQueueTransferred in OpenFrame's events) for AWA's assignment, or offered to the target agent (no time limit, may decline; a rejection cancels it, \"Transfer was canceled or rejected\"). Without an active work item one is made on the source queue first, held by the document's assignee. The document is not changed.",
			Source: docOfferWork + ", " + docWorkItems, Status: Documented},
		Row{Area: area, Item: "consult transfer",
			What:   "Refused with success:false: only blind transfers are simulated.",
			Source: docOfferWork + " (consult is a valid transfer_type)", Status: Assumed,
			IfWrong: "Nothing: the product only makes blind transfers."},
		Row{Area: area, Item: "success message of a transfer",
			What:   "A transfer answers the same message as an assignment, \"Manual assignment successfully requested.\" (the page gives no other).",
			Source: docOfferWork, Status: Assumed,
			IfWrong: "Nothing: the product reads success, never the message."},
		Row{Area: area, Item: "platform errors",
			What:   "No valid credentials: 401; a body that is not JSON: 400; both with the platform's error envelope.",
			Source: docRESTCodes, Status: Documented},
	)

	const inbox = "AWA Inbox Actions API"
	addLedger(
		Row{Area: inbox, Item: "POST /api/now/awa/inbox/actions/accept",
			What:   "{agent_id, work_item_id} accepts a pending_accept work item for the agent; answers {\"result\":{\"documentSysId\",\"documentTable\"}}. 400 details: Missing agent ID, Missing work item ID, Wrong work item ID (no such item), Work item is not in pending accept state, Work item is assigned to a different agent (also for an unknown agent).",
			Source: docInbox, Status: Documented},
		Row{Area: inbox, Item: "POST /api/now/awa/inbox/actions/reject",
			What:   "{agent_id, work_item_id, reject_reason_id}, all required (400 Missing agent ID, Missing work item ID, Missing reject reason item ID); 404 There is no record for sys_user / awa_work_item / awa_reject_reason : <id>; 400 not pending accept or another agent's. Answers the three ids; the work item loses its assignee and gets rejected=true.",
			Source: docInbox, Status: Documented},
		Row{Area: inbox, Item: "reject: reason and offer terms",
			What:   "A reason that is inactive or belongs to another channel, and an offer that does not allow declining, are refused with 400 and the simulator's own detail.",
			Source: docInbox + " (\"a rejection reason for this service channel\"; the page gives no error for these)", Status: Assumed,
			IfWrong: "The panel's Reject (the bridge gives the Phone channel's first active reason) could be refused where ServiceNow takes it, or the reverse; a Reject in the workspace is unaffected."},
		Row{Area: inbox, Item: "GET /api/now/awa/inbox/actions/reject_reasons/{channel_id}",
			What:   "The channel's active reasons and those for every channel as {order, value, display_value, sys_id}, listed by sys_id as the page's sample is (not by order); 404 for an unknown channel.",
			Source: docInbox, Status: Documented},
		Row{Area: inbox, Item: "awa_integration_user",
			What:   "Every Inbox Actions and Agent API call needs the role: 403 with message \"User Not Authenticated\" (the Agent API page's message for it) otherwise; 401 without valid credentials. Also under /api/now/v1/.",
			Source: docInbox + ", " + docAgentAPI, Status: Documented},
		Row{Area: inbox, Item: "glide.awa.enabled",
			What:   "Not simulated: AWA is always enabled, so the 403 for a disabled AWA never happens.",
			Source: docInbox, Status: Assumed, IfWrong: "The bridge reports the 403 like any refusal; `bridge doctor` checks the instance."},
	)

	const agent = "AWA Agent API"
	addLedger(
		Row{Area: agent, Item: "GET /api/now/awa/agents/{user_id}",
			What:   "{\"result\":{\"presence\":{name,sys_id,available,channels:[{name,available,sys_id,restrict_update,service_channel_type}]},\"sys_id\"}}: the agent's presence state and its channels with the agent's availability; an agent without a presence record is Offline. 404 Record Not Found for an unknown user. Also under /api/now/v1/.",
			Source: docAgentAPI, Status: Documented},
		Row{Area: agent, Item: "PUT /api/now/awa/agents/{user_id}",
			What:   "{\"presence\":{\"sys_id\",\"channels\":[{sys_id,available}]}} sets the presence state and the availability of the channels given (available defaults to false); answers as GET. 404 Record Not Found for an unknown user, state or channel.",
			Source: docAgentAPI, Status: Documented},
		Row{Area: agent, Item: "PUT agent without presence.sys_id",
			What:   "Refused with 400: the page describes the call as setting the presence state, channels only along with it.",
			Source: docAgentAPI + " (silent on a request without the state)", Status: Assumed,
			IfWrong: "Nothing: the bridge always sends the state."},
		Row{Area: agent, Item: "presence changes",
			What:   "Presence changes only through this API, the workspace's presence menu and AWA's timeout presence (assignment rule, Offer Work after_timeout_presence); each change raises openframe_awa_agent_presence in the agent's workspace.",
			Source: docAgentAPI + ", api-reference/c_openFrameAPI.md (openframe_awa_agent_presence, setPresenceIndicator)", Status: Documented},
		Row{Area: agent, Item: "GET /api/now/awa/agents/{user_id}/presence_states",
			What:   "The active presence states by order: {name, order, show_channels, sys_id, available, channels, disable_inactivity_check}.",
			Source: docAgentAPI, Status: Documented},
		Row{Area: agent, Item: "GET /api/now/awa/agents/{user_id}/capacities",
			What:   "{channels:[{channel_sys_id,current_workload,max_capacity}]} for every active channel (the agent's override, else the channel's max_capacity); universal_capacity and universal_workload only when the agent has a universal capacity record.",
			Source: docAgentAPI, Status: Documented},
		Row{Area: agent, Item: "PUT /api/now/awa/agents/{user_id}/capacities",
			What:   "{channels:{<channel sys_id>:<max>}, universal_capacity} (at least one) writes awa_agent_capacity; answers the channels updated as {channel_sys_id,max_capacity} and universal_capacity when there is a universal record. 404 unknown channel; 400 negative, not a number, or nothing to update.",
			Source: docAgentAPI, Status: Documented},
	)
}
