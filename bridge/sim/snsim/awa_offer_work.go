package snsim

// The engine's side of the AWA Offer Work API
// (api-reference/rest-apis/awa-offer-work-api.md), run on the engine
// goroutine once the body is checked (awa_offer_check.go).
//
// A new assignment cancels the document's waiting work item ("Manually
// assigned", as conversational-interfaces/advanced-work-assignment/awa-queues.md
// says of work assigned by hand) and offers a new one, on the queue_id
// queue, to the agent: offered without checking capacity, but only to an
// agent whose presence is available (awa-external-routing-overview.md). A
// blind transfer ends the source work item (an accepted one stops holding
// its agent's capacity) and gives the document a new work item
// (previous_work_item = the source): queued on the target queue, where AWA's
// assignment offers it to that queue's agents, or offered to the target
// agent. The document itself is not changed.

// offerDocument carries out a checked Offer Work API call and returns the
// new work item. Errors (offerFailure): 404 no such document; 409 "Document
// is not active", "Work Item accepted can not be assigned", "Work Item is
// already assigned to <agent>", "Agent is not available", "Transfer failed
// - couldn't blind transfer to agent", and the transferring agent's roles.
func (a *AWA) offerDocument(req offerRequest) (Record, error) {
	doc := a.get(req.table, req.docID)
	switch {
	case doc == nil:
		return nil, offerNotFound("%s %s is not a valid document", req.table, req.docID)
	case documentClosed(doc):
		return nil, offerConflict("Document is not active")
	}
	if req.transfer {
		return a.transferDocument(req, doc)
	}
	items := a.activeItems(req.table, req.docID)
	for _, wi := range items {
		switch {
		case wi["state"] == wiAccepted:
			return nil, offerConflict("Work Item accepted can not be assigned")
		case wi["state"] == wiPendingAccept && wi["assigned_to"] != req.agent:
			return nil, offerConflict("Work Item is already assigned to %s", wi["assigned_to"])
		}
	}
	if !a.presenceOf(req.agent).Available {
		return nil, offerConflict("Agent is not available")
	}
	a.cancelAll(items, cancelManual)
	wi, err := a.db.Insert(tWorkItem, a.offeredItem(req, doc, req.queue, ""), awaUser)
	if err != nil {
		return nil, err
	}
	a.offer(wi, req.agent, req.terms)
	return a.get(tWorkItem, wi["sys_id"]), nil
}

// transferDocument carries out a blind transfer. Without an active work
// item, one is made on the source queue first (the page: transfers of
// documents that were never routed, such as outbound calls), held by the
// document's assignee.
func (a *AWA) transferDocument(req offerRequest, doc Record) (Record, error) {
	if req.agent != "" && !a.presenceOf(req.agent).Available {
		return nil, offerConflict("Transfer failed - couldn't blind transfer to agent")
	}
	items := a.activeItems(req.table, req.docID)
	var source Record
	for _, wi := range items {
		if source == nil || wi["state"] == wiAccepted {
			source = wi
		}
	}
	from := doc["assigned_to"]
	if source != nil {
		from = source["assigned_to"]
	}
	if from != "" && req.checkAgent != nil {
		if err := req.checkAgent(from); err != nil {
			return nil, err
		}
	}
	if source == nil {
		made, err := a.db.Insert(tWorkItem, a.sourceItem(req, doc), awaUser)
		if err != nil {
			return nil, err
		}
		source, items = made, []Record{made}
	}
	now := a.clock.Now()
	for _, wi := range items {
		a.disarm(wi["sys_id"])
		change := cancelChange(cancelManual, now)
		if wi["state"] == wiAccepted {
			change = Record{"active": "false"}
		}
		_, _ = a.db.Update(tWorkItem, wi["sys_id"], change, awaUser)
	}
	queue := req.targetQueue
	if queue == nil {
		queue = firstRecord(a.get(tQueue, source["queue"]), req.queue)
	}
	wi, err := a.db.Insert(tWorkItem, a.offeredItem(req, doc, queue, source["sys_id"]), awaUser)
	if err != nil {
		return nil, err
	}
	if req.targetQueue != nil {
		return wi, nil // the assignment pass offers it to the queue's agents
	}
	a.offer(wi, req.agent, req.terms)
	return a.get(tWorkItem, wi["sys_id"]), nil
}

// offeredItem builds the work item an Offer Work call creates.
func (a *AWA) offeredItem(req offerRequest, doc, queue Record, previous string) Record {
	wi := newWorkItem(req.table, doc, queue["sys_id"], firstNonEmpty(queue["service_channel"], a.channelFor(req.table, doc)))
	wi["external_segment_id"] = req.externalSegment
	wi["previous_work_item"] = previous
	switch {
	case req.transfer && req.targetQueue != nil:
		wi["transferred"] = "true"
	case req.transfer:
		wi["transfer_target_type"] = "agent"
	}
	return wi
}

// sourceItem is the accepted work item a transfer starts from when the
// document has none.
func (a *AWA) sourceItem(req offerRequest, doc Record) Record {
	wi := newWorkItem(req.table, doc, req.queue["sys_id"], firstNonEmpty(req.queue["service_channel"], a.channelFor(req.table, doc)))
	wi["state"], wi["assigned_to"] = wiAccepted, doc["assigned_to"]
	return wi
}

// cancelAll cancels work items for reason.
func (a *AWA) cancelAll(items []Record, reason string) {
	now := a.clock.Now()
	for _, wi := range items {
		a.disarm(wi["sys_id"])
		_, _ = a.db.Update(tWorkItem, wi["sys_id"], cancelChange(reason, now), awaUser)
	}
}

// queueByID finds an awa_queue by sys_id or by external_id (the CCaaS
// queue id, "Provider queue ID").
func (a *AWA) queueByID(id string) Record {
	if q := a.get(tQueue, id); q != nil {
		return q
	}
	qs := a.find(tQueue, func(r Record) bool { return r["external_id"] != "" && r["external_id"] == id })
	if len(qs) == 0 {
		return nil
	}
	return qs[0]
}

// channelFor finds the active service channel a document matches, "" if
// none.
func (a *AWA) channelFor(table string, doc Record) string {
	channels := a.find(tServiceChannel, func(ch Record) bool {
		return activeRecord(ch) && ch["table"] == table && conditionMatches(doc, ch["condition"])
	})
	sortByOrderField(channels)
	if len(channels) == 0 {
		return ""
	}
	return channels[0]["sys_id"]
}

func firstRecord(rs ...Record) Record {
	for _, r := range rs {
		if r != nil {
			return r
		}
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
