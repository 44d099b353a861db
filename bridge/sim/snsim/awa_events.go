package snsim

import "sort"

// WorkItemPayload is a work item as OpenFrame delivers it in
// openframe_awa_workitem_offered, _accepted and _rejected
// (customer-service-management/openframe-cti-events.md).
type WorkItemPayload struct {
	SysID              string         `json:"sys_id"`
	Size               int            `json:"size"`
	ServiceChannel     NamedRef       `json:"serviceChannel"`
	Document           DocumentRef    `json:"document"`
	PreviousWorkItem   string         `json:"previousWorkItem,omitempty"`
	IsQueueTransferred bool           `json:"isQueueTransferred"`
	IsAutoAccepted     bool           `json:"isAutoAccepted"`
	Rejection          *RejectionInfo `json:"rejection,omitempty"`
}

// NamedRef is a record by name and sys_id.
type NamedRef struct {
	Name  string `json:"name"`
	SysID string `json:"sys_id"`
}

// DocumentRef is the document a work item routes.
type DocumentRef struct {
	SysID string `json:"sys_id"`
	Table string `json:"table"`
}

// RejectionInfo is why an agent rejected a work item.
type RejectionInfo struct {
	Reason string `json:"reason"`
	SysID  string `json:"sys_id"`
}

// OfferCard is an inbox card: a work item offered to the user.
type OfferCard struct {
	SysID    string      `json:"sys_id"`
	Document DocumentRef `json:"document"`
	// Number and Caller are the interaction's number and caller_phone_number.
	Number  string `json:"number"`
	Caller  string `json:"caller"`
	Queue   string `json:"queue"`
	Channel string `json:"channel"`
	// OfferedOn and ExpiresAt are Unix milliseconds; ExpiresAt is 0 when
	// the offer has no time limit.
	OfferedOn   int64          `json:"offeredOn"`
	ExpiresAt   int64          `json:"expiresAt"`
	AllowReject bool           `json:"allowReject"`
	Reasons     []RejectReason `json:"reasons"`
}

// workItemPayload builds the OpenFrame shape of a work item.
func (a *AWA) workItemPayload(wi Record) WorkItemPayload {
	ch := a.get(tServiceChannel, wi["service_channel"])
	return WorkItemPayload{
		SysID: wi["sys_id"], Size: numberField(wi, "size", 1),
		ServiceChannel:     NamedRef{Name: ch["name"], SysID: wi["service_channel"]},
		Document:           DocumentRef{SysID: wi["document_id"], Table: wi["document_table"]},
		PreviousWorkItem:   wi["previous_work_item"],
		IsQueueTransferred: flagSet(wi["transferred"]),
		IsAutoAccepted:     flagSet(wi["auto_accepted"]),
	}
}

// offerCard builds the inbox card of an offered work item.
func (a *AWA) offerCard(wi Record) OfferCard {
	doc := a.get(wi["document_table"], wi["document_id"])
	offered := parseSysTime(wi["offered_on"])
	card := OfferCard{
		SysID: wi["sys_id"], Document: DocumentRef{SysID: wi["document_id"], Table: wi["document_table"]},
		Number: doc["number"], Caller: doc["caller_phone_number"],
		Queue: a.get(tQueue, wi["queue"])["name"], Channel: a.get(tServiceChannel, wi["service_channel"])["name"],
		OfferedOn: offered.UnixMilli(), AllowReject: wi["allowed_to_decline"] != "false",
		Reasons: a.rejectReasons(wi["service_channel"]),
	}
	// The inbox lists the reasons by their order.
	sort.SliceStable(card.Reasons, func(i, j int) bool { return card.Reasons[i].Order < card.Reasons[j].Order })
	if t := numberField(wi, "offer_timeout", 0); t > 0 {
		card.ExpiresAt = card.OfferedOn + int64(t)*1000
	}
	return card
}

// publishWorkItem tells agents about offers made to them and offers that
// ended: accepted and rejected ones also go to the panel
// (openframe_awa_workitem_accepted / _rejected); timed out or withdrawn
// ones only leave the inbox.
func (a *AWA) publishWorkItem(c Change) {
	old, cur := c.Old, c.New
	wasOffered := old["state"] == wiPendingAccept
	isOffered := cur["state"] == wiPendingAccept
	reassigned := old["assigned_to"] != cur["assigned_to"]
	if wasOffered && (!isOffered || reassigned) {
		a.publishOfferEnd(old, cur)
	}
	if isOffered && (!wasOffered || reassigned) {
		agent := cur["assigned_to"]
		if !a.feed.Watching(agent) {
			return
		}
		card := a.offerCard(cur)
		a.feed.Publish(agent, FeedEvent{Type: "offer", Offer: &card, Panel: &PanelMessage{
			EventName: "openframe_awa_workitem_offered", Args: resultWorkItem(a.workItemPayload(cur)),
		}})
	}
}

// publishOfferEnd tells the agent an offer to them is over: accepted,
// rejected by them (the rejection row names the reason), or withdrawn.
func (a *AWA) publishOfferEnd(old, cur Record) {
	agent := old["assigned_to"]
	if !a.feed.Watching(agent) {
		return
	}
	ev := FeedEvent{Type: "closed", Closed: old["sys_id"]}
	if cur["state"] == wiAccepted && cur["assigned_to"] == agent {
		ev.Panel = &PanelMessage{EventName: "openframe_awa_workitem_accepted", Args: resultWorkItem(a.workItemPayload(cur))}
	} else if reason := a.rejectionBy(agent, old["sys_id"]); cur != nil && reason != nil {
		p := a.workItemPayload(cur)
		p.Rejection = &RejectionInfo{Reason: reason["name"], SysID: reason["sys_id"]}
		// ServiceNow's sample has "payload" here, not "result".
		ev.Panel = &PanelMessage{EventName: "openframe_awa_workitem_rejected", Args: map[string]any{"payload": map[string]any{"workItem": p}}}
	}
	a.feed.Publish(agent, ev)
}

// rejectionBy returns the awa_reject_reason the agent gave when rejecting
// the work item, nil if they did not reject it.
func (a *AWA) rejectionBy(agent, workItem string) Record {
	rows := a.find(tWorkItemRejection, func(r Record) bool { return r["work_item"] == workItem && r["agent"] == agent })
	if len(rows) == 0 {
		return nil
	}
	return a.get(tRejectReason, rows[len(rows)-1]["reject_reason"])
}

func resultWorkItem(p WorkItemPayload) map[string]any {
	return map[string]any{"result": map[string]any{"workItem": p}}
}

// snapshot is a workspace page's whole state for user.
func (a *AWA) snapshot(user string) FeedSnapshot {
	snap := FeedSnapshot{Presence: a.presenceOf(user), Offers: []OfferCard{}, WrapUps: wrapUpCards(a.db, user)}
	for _, wi := range a.find(tWorkItem, func(r Record) bool { return r["state"] == wiPendingAccept && r["assigned_to"] == user }) {
		snap.Offers = append(snap.Offers, a.offerCard(wi))
	}
	return snap
}

// publishAssigned tells the users a changed record is (or was) assigned to,
// so their open record tabs stay current.
func (a *AWA) publishAssigned(c Change) {
	if c.Table == tWorkItem {
		return // the inbox events cover work items
	}
	rec, deleted := c.New, false
	if rec == nil {
		rec, deleted = c.Old, true
	}
	for _, user := range changedUsers(c, "assigned_to") {
		if !a.feed.Watching(user) {
			continue
		}
		v := workspaceRecord(a.db, c.Table, rec)
		v.Deleted = deleted
		a.feed.Publish(user, FeedEvent{Type: "record", Record: &v})
	}
}
