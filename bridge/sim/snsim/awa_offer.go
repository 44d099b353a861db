package snsim

import (
	"strconv"
	"time"
)

// awaUser is who the engine's writes are made by (sys_updated_by).
const awaUser = "system"

// A work item's fields, beyond the documented document_table, document_id,
// queue, state, assigned_to, offered_on, rejected and previous_work_item:
//
//	service_channel        the awa_service_channel it is routed on
//	active                 false once it no longer holds anyone's capacity
//	offer_count            how many times it was offered (label "Offer Count")
//	offer_timeout          seconds the current offer lasts, 0 for no limit
//	allowed_to_decline     whether the agent may reject the current offer
//	after_timeout_presence awa_presence_state the agent gets on timeout
//	auto_accepted          the offer was accepted without the agent
//	timed_out              the last offer timed out (label "Timed Out")
//	cancel_reason          why it was cancelled (label "Canceled reason")
//	transferred            created by a transfer to a queue
//	transfer_target_type   "agent" when created by a transfer to an agent
//	external_segment_id    the Offer Work API's external_segment_id

// newWorkItem builds a queued work item for a document on a queue.
func newWorkItem(docTable string, doc Record, queue, channel string) Record {
	return Record{
		"document_table": docTable, "document_id": doc["sys_id"], "queue": queue, "service_channel": channel,
		"state": wiQueued, "active": "true", "size": "1", "offer_count": "0", "rejected": "false",
		"display_name": workItemDisplayName(docTable, doc),
	}
}

// workItemDisplayName is ServiceNow's "Interaction: IMS0001001".
func workItemDisplayName(docTable string, doc Record) string {
	label := map[string]string{tInteraction: "Interaction", "sn_customerservice_case": "Case", "incident": "Incident"}[docTable]
	if label == "" {
		label = docTable
	}
	return label + ": " + doc["number"]
}

// offer gives wi to agent: pending_accept with the terms' timeout, or
// accepted at once when the terms auto-accept.
func (a *AWA) offer(wi Record, agent string, t offerTerms) {
	now := a.clock.Now()
	offeredOn := Timestamp(now)
	if t.offeredOn != "" {
		offeredOn = t.offeredOn
	}
	count := numberField(wi, "offer_count", 0) + 1
	_, err := a.db.Update(tWorkItem, wi["sys_id"], Record{
		"state": wiPendingAccept, "assigned_to": agent, "offered_on": offeredOn, "state_changed_on": Timestamp(now),
		"offer_count": strconv.Itoa(count), "offer_timeout": strconv.Itoa(t.timeout),
		"allowed_to_decline": flagString(t.allowReject), "after_timeout_presence": t.afterTimeout,
		"auto_accepted": flagString(t.autoAccept), "assignment_rule": t.rule, "timed_out": "false",
	}, awaUser)
	if err != nil {
		return // deleted meanwhile
	}
	a.assignSeq++
	a.lastAssigned[agent] = a.assignSeq
	if t.autoAccept {
		_, _ = a.accept(agent, wi["sys_id"])
		return
	}
	if t.timeout > 0 {
		deadline := parseSysTime(offeredOn).Add(time.Duration(t.timeout) * time.Second)
		a.arm(wi["sys_id"], count, deadline.Sub(now))
	}
}

// arm starts the timeout of offer number count of a work item.
func (a *AWA) arm(id string, count int, d time.Duration) {
	a.disarm(id)
	a.timers[id] = a.clock.AfterFunc(max(d, 0), func() { a.enqueue(func() { a.expire(id, count) }) })
}

// disarm stops a work item's offer timeout, if it has one.
func (a *AWA) disarm(id string) {
	if stop, ok := a.timers[id]; ok {
		stop()
		delete(a.timers, id)
	}
}

// accept is the agent accepting an offer: the work item is accepted and
// the document assigned to the agent (an interaction also goes
// work_in_progress, as AWA does).
func (a *AWA) accept(agent, id string) (Record, error) {
	wi, err := a.pendingFor(agent, id, awaBadRequest("Wrong work item ID"))
	if err != nil {
		return nil, err
	}
	a.disarm(id)
	wi, err = a.db.Update(tWorkItem, id, Record{"state": wiAccepted, "state_changed_on": Timestamp(a.clock.Now())}, awaUser)
	if err != nil {
		return nil, awaBadRequest("Wrong work item ID")
	}
	changes := Record{"assigned_to": agent}
	if wi["document_table"] == tInteraction {
		changes["state"] = ixWorkInProgress
	}
	_, _ = a.db.Update(wi["document_table"], wi["document_id"], changes, awaUser)
	return wi, nil
}

// pendingFor returns the work item if it is offered to agent; missing is
// the error for an unknown work item.
func (a *AWA) pendingFor(agent, id string, missing error) (Record, error) {
	wi := a.get(tWorkItem, id)
	switch {
	case wi == nil:
		return nil, missing
	case wi["state"] != wiPendingAccept:
		return nil, awaBadRequest("Work item is not in pending accept state")
	case wi["assigned_to"] != agent:
		return nil, awaBadRequest("Work item is assigned to a different agent")
	}
	return wi, nil
}

// reject is the agent turning an offer down with a reason: the rejection
// is recorded and the item goes back to the queue for someone else (an item
// transferred to this agent is cancelled instead). Errors, in the order
// checked: 404 no such agent, work item or reason (the AWA Inbox Actions
// API's details); 400 not pending accept, offered to another agent; 400 (the
// simulator's own) a reason that does not apply to the work item's channel,
// or an offer that does not allow declining.
func (a *AWA) reject(agent, id, reasonID string) error {
	switch {
	case a.get("sys_user", agent) == nil:
		return awaNotFound("There is no record for sys_user : " + agent)
	case a.get(tWorkItem, id) == nil:
		return awaNotFound("There is no record for awa_work_item : " + id)
	case a.get(tRejectReason, reasonID) == nil:
		return awaNotFound("There is no record for awa_reject_reason : " + reasonID)
	}
	wi, err := a.pendingFor(agent, id, awaNotFound("There is no record for awa_work_item : "+id))
	if err != nil {
		return err
	}
	if !a.reasonApplies(reasonID, wi["service_channel"]) {
		return awaBadRequest("Reject reason " + reasonID + " is not an active reason for the work item's service channel")
	}
	if wi["allowed_to_decline"] == "false" {
		return awaBadRequest("Work item cannot be rejected: its offer does not allow agents to decline")
	}
	a.disarm(id)
	if _, err := a.db.Insert(tWorkItemRejection, Record{"work_item": id, "agent": agent, "reject_reason": reasonID}, awaUser); err != nil {
		return err
	}
	changes := Record{"state": wiQueued, "assigned_to": "", "rejected": "true", "state_changed_on": Timestamp(a.clock.Now())}
	if wi["transfer_target_type"] == "agent" {
		changes = cancelChange(cancelTransfer, a.clock.Now())
		changes["rejected"] = "true"
	}
	_, err = a.db.Update(tWorkItem, id, changes, awaUser)
	return err
}

// reasonApplies reports whether a reject reason is offered for a channel:
// active, and the channel's own or one for every channel.
func (a *AWA) reasonApplies(reasonID, channel string) bool {
	for _, r := range a.rejectReasons(channel) {
		if r.SysID == reasonID {
			return true
		}
	}
	return false
}

// expire ends offer number count of a work item that nobody answered: the
// item is cancelled ("Time out"), the agent is put in the offer's
// after-timeout presence, and a new work item re-queues the document.
func (a *AWA) expire(id string, count int) {
	delete(a.timers, id)
	wi := a.get(tWorkItem, id)
	if wi == nil || wi["state"] != wiPendingAccept || numberField(wi, "offer_count", 0) != count {
		return // answered, withdrawn or offered again meanwhile
	}
	changes := cancelChange(cancelTimeout, a.clock.Now())
	changes["timed_out"] = "true"
	if _, err := a.db.Update(tWorkItem, id, changes, awaUser); err != nil {
		return
	}
	if p := wi["after_timeout_presence"]; p != "" {
		_ = a.setPresence(wi["assigned_to"], p, nil)
	}
	if wi["transfer_target_type"] == "agent" {
		return
	}
	doc := a.get(wi["document_table"], wi["document_id"])
	if doc == nil {
		return
	}
	next := newWorkItem(wi["document_table"], doc, wi["queue"], wi["service_channel"])
	next["previous_work_item"] = id
	next["transferred"] = wi["transferred"]
	_, _ = a.db.Insert(tWorkItem, next, awaUser)
}

// cancelChange is the change that cancels a work item for reason.
func cancelChange(reason string, now time.Time) Record {
	return Record{"state": wiCancelled, "active": "false", "cancel_reason": reason, "state_changed_on": Timestamp(now)}
}

// parseSysTime reads a Timestamp (UTC); the zero time when malformed.
func parseSysTime(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, time.UTC)
	if err != nil {
		return time.Time{}
	}
	return t
}
