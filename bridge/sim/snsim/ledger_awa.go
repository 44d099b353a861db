package snsim

// Ledger rows for AWA's engine: routing, assignment, offers (awa.go,
// awa_route.go, awa_delay.go, awa_assign.go, awa_offer.go, awa_view.go).
const (
	docAWA            = "conversational-interfaces/advanced-work-assignment/"
	docChannel        = docAWA + "awa-create-service-channel.md"
	docQueue          = docAWA + "awa-create-queue.md"
	docQueues         = docAWA + "awa-queues.md"
	docWorkItems      = docAWA + "awa-work-items-all.md"
	docAssignment     = docAWA + "awa-assignment.md"
	docEligibility    = docAWA + "awa-specify-assignment-eligibility.md"
	docAssignmentRule = docAWA + "awa-create-assignment-rule.md"
	docCapacity       = docAWA + "awa-service-channel-capacity.md"
	docUniversal      = docAWA + "awa-universal-capacity.md"
	docPresence       = docAWA + "awa-agent-presence.md"
	docRejectReasons  = docAWA + "awa-configure-reject-reasons.md"
	docReassignable   = docAWA + "reassign-rejected-timed-out-work-items.md"
	docAWATables      = docAWA + "installed-with-awa.md"
	docWrapUpDialog   = "customer-service-management/interaction-wrapup-modeless-dialog.md"
	productNoWorkItem = "Nothing in the product: the bridge and the panel never read awa_work_item; they follow the document and OpenFrame's AWA events."
)

func init() {
	const area = "AWA routing and assignment"
	addLedger(
		Row{Area: area, Item: "service channel match",
			What:   "A document routes on the active service channels whose table is the document's table and whose condition (an encoded query; none means every document) it matches, by order.",
			Source: docChannel, Status: Documented},
		Row{Area: area, Item: "queue routing condition",
			What:   "Within a matching channel, its active queues are tried by order; the first whose routing condition (encoded query on the document) matches gets a work item. A document matching no queue gets no work item.",
			Source: docQueue + " (Order, Routing Condition, Work item routing condition)", Status: Documented},
		Row{Area: area, Item: "queue without a routing condition",
			What:   "Gets no work item by routing; only an assignment to that queue (Offer Work API) puts work there.",
			Source: docQueues, Status: Documented},
		Row{Area: area, Item: "unconditioned queue takes everything",
			What:   "With the switch on, a queue without a routing condition takes every document of its channel.",
			Source: "none: " + docQueues + " says the opposite", Status: Assumed, Switch: assumeUnconditionedQueue,
			IfWrong: "Nothing: off by default and no suite turns it on; `bridge setup` writes each VCC queue's routing condition (queue=<its sys_id>)."},
		Row{Area: area, Item: "no routing by the document's queue field",
			What:   "The interaction's queue field routes only through a condition that names it; the seed's two VCC queues have queue=<their own sys_id>, the Phone channel type=phone^state=new.",
			Source: docQueue, Status: Documented},
		Row{Area: area, Item: "simple conditions only",
			What:   "Channel and queue conditions are encoded queries (Simple condition mode); scripted (Advanced) conditions are not simulated.",
			Source: docQueue + " (Condition mode)", Status: Documented},
		Row{Area: area, Item: "awa_work_item on routing",
			What:   "One active work item per document: created queued with document_table, document_id, queue, service_channel, display_name \"Interaction: IMS…\"; a document with an active work item is not routed again.",
			Source: docWorkItems, Status: Documented},
		Row{Area: area, Item: "awa_work_item.state values",
			What:   "Stored as queued, pending_accept, accepted, cancelled (the page gives the labels Queued, Pending Accept, Accepted, Canceled).",
			Source: docWorkItems + " (labels only)", Status: Assumed, IfWrong: productNoWorkItem},
		Row{Area: area, Item: "asynchronous assignment",
			What:   "A queued work item is offered by an assignment pass that runs Config.AssignDelay (default 300 ms; POST /sim/awa) after something asks for one: an item queued, an agent available, capacity freed, configuration changed.",
			Source: docAssignment + " (routing and assignment are separate steps; how long an item waits is the simulator's choice)", Status: Documented},
		Row{Area: area, Item: "eligible agents",
			What:   "The queue's active eligibility pools by order; the first with an eligible member decides. Eligible: active member of a pool group, in a presence state available for work that includes the channel, channel availability on, spare channel capacity (agent override, else the channel's max_capacity, 1 when unset) and under a universal capacity when one is set.",
			Source: docEligibility + ", " + docCapacity + ", " + docUniversal + ", " + docPresence, Status: Documented},
		Row{Area: area, Item: "assignment rule ranking",
			What:   "Most Capacity prefers the most spare capacity, Last Assigned whoever was offered work longest ago.",
			Source: docAssignmentRule, Status: Documented},
		Row{Area: area, Item: "ties between agents",
			What:   "Remaining ties go to the lower sys_id, so routing is deterministic.",
			Source: "none", Status: Assumed, IfWrong: "Nothing: the product does not choose agents; only tests name who gets an offer."},
		Row{Area: area, Item: "offer",
			What:   "The work item goes pending_accept, assigned_to the agent, offered_on now, with the rule's timeout (reassign on timeout), rejection allowed unless the rule forbids it, and auto-accept when the rule says so.",
			Source: docAssignmentRule + ", " + docWorkItems, Status: Documented},
		Row{Area: area, Item: "accept",
			What:   "The work item goes accepted; the document gets assigned_to the agent, and an interaction goes work_in_progress.",
			Source: docAWA + "agent-experience.md, " + docWorkItems, Status: Documented},
		Row{Area: area, Item: "reject",
			What:   "An awa_work_item_rejection row (work_item, agent, reject_reason) is written; the item is queued again with rejected=true and no assignee, and is not offered to that agent again (as a reason not marked Reassignable). An item transferred to that agent is cancelled instead.",
			Source: docRejectReasons + ", " + docReassignable + ", api-reference/rest-apis/awa-inbox-actions-api.md", Status: Documented},
		Row{Area: area, Item: "offer timeout",
			What:   "The item is cancelled (cancel_reason \"Time out\", timed_out=true), the agent is put in the rule's timeout presence state, and a new queued work item (previous_work_item = the old one) waits for the next agent.",
			Source: docAssignmentRule + " (Reassign on timeout, Timeout presence state), " + docWorkItems + " (Canceled reason)", Status: Documented},
		Row{Area: area, Item: "new work item after a timeout",
			What:   "Re-queuing after a timeout makes a new work item rather than re-using the cancelled one.",
			Source: "none (the page lists the fields, not which record carries on)", Status: Assumed, IfWrong: productNoWorkItem},
		Row{Area: area, Item: "document closed",
			What:   "When the document closes (closed_complete, closed_abandoned, inactive, deleted) its queued and offered items are cancelled (\"Disqualified from service channel\") and an accepted one stops holding capacity.",
			Source: docWorkItems + " (Canceled reason), " + docCapacity, Status: Documented},
		Row{Area: area, Item: "capacity during wrap-up",
			What:   "An interaction in wrap_up still holds its agent's capacity; closed_complete frees it.",
			Source: docWrapUpDialog, Status: Documented},
		Row{Area: area, Item: "AWA tables",
			What:   "awa_service_channel, awa_queue, awa_eligibility_pool, awa_assignment_rule, awa_presence_state, awa_agent_presence, awa_agent_channel_availability, awa_agent_capacity, awa_reject_reason, awa_work_item, awa_work_item_rejection; column names beyond the documented ones are noted in awa_tables.go and awa_offer.go.",
			Source: docAWATables, Status: Documented},
		Row{Area: "Simulator control", Item: "AWA after /sim/reset",
			What:   "Offers in flight lose their timers, workspace feeds end (pages reconnect to a fresh snapshot) and items queued in the seed are routed; the assignment delay is kept.",
			Source: "the project's DESIGN.md (simulator control API)", Status: StandIn},
		Row{Area: "Simulator control", Item: "GET/POST /sim/awa",
			What:   "Reads or sets AWA's assignment delay ({\"assign_delay_ms\"}), loopback clients only (control.go).",
			Source: "the project's DESIGN.md (simulator control API)", Status: StandIn},
	)
}
