package snsim

import "strings"

// AWA's routing: which queue a document's work item goes to. Only the
// conditions an administrator writes route, as ServiceNow documents them:
//
//   - a service channel takes the documents of its table that match its
//     condition, an encoded query; a channel without one takes every
//     document of its table
//     (conversational-interfaces/advanced-work-assignment/awa-create-service-channel.md:
//     Table, Advanced condition, Active);
//   - the channel's active queues are tried by their order, and the first
//     whose routing condition the document matches gets the work item
//     (awa-create-queue.md: Order, Routing Condition, Work item routing
//     condition);
//   - a queue without a routing condition gets no work item by routing: work
//     reaches it only when assigned there (awa-queues.md). The switch
//     unconditioned-queue-matches-all makes such a queue take every document
//     of its channel instead (assumed, off by default).
//
// A document that matches no channel, or no queue of a matching channel, is
// not routed: it gets no work item. No field of the document routes by
// itself: an interaction's queue field matters only to a condition that
// names it (the seed's VCC queues have "queue=<their own sys_id>").
// Conditions are simple ones (encoded queries); scripted (advanced)
// conditions are not simulated.

// assumeUnconditionedQueue is the switch that lets a queue without a routing
// condition take every document of its channel.
const assumeUnconditionedQueue = "unconditioned-queue-matches-all"

func init() {
	addAssumption(assumeUnconditionedQueue,
		"a queue without a routing condition takes every document of its service channel")
}

// routable reports whether a service channel (active or not: the work items
// it made still end with their documents) names table, so the engine only
// watches those tables.
func (a *AWA) routable(table string) bool {
	return len(a.find(tServiceChannel, func(r Record) bool { return r["table"] == table })) > 0
}

// routeFor finds the channel and queue a document routes to; nil, nil when
// none: the active channels of its table that it matches, by order, and
// in each their active queues, by order, until a routing condition matches.
func (a *AWA) routeFor(table string, doc Record) (channel, queue Record) {
	channels := a.find(tServiceChannel, func(r Record) bool {
		return activeRecord(r) && r["table"] == table && conditionMatches(doc, r["condition"])
	})
	sortByOrderField(channels)
	for _, ch := range channels {
		queues := a.find(tQueue, func(q Record) bool { return activeRecord(q) && q["service_channel"] == ch["sys_id"] })
		sortByOrderField(queues)
		for _, q := range queues {
			if a.queueTakes(q, doc) {
				return ch, q
			}
		}
	}
	return nil, nil
}

// queueTakes evaluates a queue's routing condition on a document. Without a
// condition the queue takes nothing, unless the switch says otherwise.
func (a *AWA) queueTakes(queue, doc Record) bool {
	if strings.TrimSpace(queue["condition"]) == "" {
		return a.assume[assumeUnconditionedQueue]
	}
	return conditionMatches(doc, queue["condition"])
}

// route creates the work item (queued) of a document that routes to a queue
// and has no active work item. The assignment pass that follows offers it.
func (a *AWA) route(table string, doc Record) {
	if len(a.activeItems(table, doc["sys_id"])) > 0 {
		return
	}
	ch, queue := a.routeFor(table, doc)
	if queue == nil {
		return
	}
	_, _ = a.db.Insert(tWorkItem, newWorkItem(table, doc, queue["sys_id"], ch["sys_id"]), awaUser)
}

// conditionMatches evaluates a condition, an encoded query such as
// "type=phone^state=new", on a record; an empty condition matches every
// record.
func conditionMatches(r Record, condition string) bool {
	return ParseQuery(condition).Match(func(field string) string { return r[field] })
}
