package snsim

// onChange is AWA's business rules: it runs on the engine goroutine for
// every DB change, in order.
func (a *AWA) onChange(c Change) {
	if c.Op == "reset" {
		a.onReset()
		return
	}
	switch c.Table {
	case tWorkItem:
		a.onWorkItem(c)
	case tAgentPresence, tChannelAvailability:
		a.onPresenceChange(c)
	case tAgentCapacity, tGroupMember, tEligibilityPool, tQueue, tAssignmentRule, tPresenceState, tServiceChannel, "sys_user":
		// Who may take what changed: try the queue again.
		a.scheduleAssign()
	case tWrapUpSegment:
		for _, agent := range changedUsers(c, "agent") {
			a.publishWrapUps(agent)
		}
	default:
		if a.routable(c.Table) {
			a.onDocument(c)
		}
	}
	a.publishAssigned(c)
}

// onReset follows the DB back to its seed: offers in flight are gone, so
// their timers stop; workspace pages reconnect and read the new state; items
// queued in the seed are routed.
func (a *AWA) onReset() {
	for id := range a.timers {
		a.disarm(id)
	}
	clear(a.lastAssigned)
	a.feed.dropAll()
	a.scheduleAssign()
}

// onDocument routes a document of a table a service channel watches
// (awa_route.go), and ends its work items when it is closed or no longer
// worked.
func (a *AWA) onDocument(c Change) {
	if c.New == nil {
		a.endWork(c.Table, c.Old["sys_id"], true)
		return
	}
	doc := c.New
	if documentClosed(doc) {
		a.endWork(c.Table, doc["sys_id"], true)
		return
	}
	if c.Old != nil && beingWorked(c.Old) && !beingWorked(doc) {
		a.endWork(c.Table, doc["sys_id"], false)
	}
	a.route(c.Table, doc)
}

// documentClosed reports an interaction that is over: closed_complete,
// closed_abandoned, or inactive.
func documentClosed(doc Record) bool {
	return !activeRecord(doc) || doc["state"] == "closed_complete" || doc["state"] == "closed_abandoned"
}

// beingWorked reports an interaction an agent is working on: its accepted
// work item holds the agent's capacity.
func beingWorked(doc Record) bool {
	return doc["state"] == ixWorkInProgress || doc["state"] == ixWrapUp
}

// activeItems returns the document's active work items.
func (a *AWA) activeItems(table, id string) []Record {
	return a.find(tWorkItem, func(r Record) bool {
		return r["document_table"] == table && r["document_id"] == id && activeRecord(r)
	})
}

// endWork ends the document's active work items. Accepted ones stop
// holding capacity; when the document is closed, queued and offered ones
// are cancelled too.
func (a *AWA) endWork(table, id string, closed bool) {
	now := a.clock.Now()
	for _, wi := range a.activeItems(table, id) {
		switch {
		case wi["state"] == wiAccepted:
			_, _ = a.db.Update(tWorkItem, wi["sys_id"], Record{"active": "false"}, awaUser)
		case closed:
			a.disarm(wi["sys_id"])
			_, _ = a.db.Update(tWorkItem, wi["sys_id"], cancelChange(cancelDisqualified, now), awaUser)
		}
	}
}

// onWorkItem tells the agents concerned, drops the offer timer of an item
// no longer offered, and runs assignment when an item waits or capacity
// was freed.
func (a *AWA) onWorkItem(c Change) {
	a.publishWorkItem(c)
	id := c.New["sys_id"]
	if c.New == nil {
		id = c.Old["sys_id"]
	}
	if cur := a.get(tWorkItem, id); cur == nil || cur["state"] != wiPendingAccept {
		a.disarm(id)
	}
	waiting := c.New != nil && c.New["state"] == wiQueued && activeRecord(c.New)
	freed := c.Old != nil && holdsCapacity(c.Old) && (c.New == nil || !holdsCapacity(c.New))
	if waiting || freed {
		a.scheduleAssign()
	}
}

// onPresenceChange tells the agent's workspace (and through it the
// OpenFrame panel) and runs assignment: an agent may have become
// available.
func (a *AWA) onPresenceChange(c Change) {
	for _, agent := range changedUsers(c, "agent") {
		a.publishPresence(agent)
	}
	a.scheduleAssign()
}

// changedUsers returns the distinct non-empty values of a user field before
// and after the change.
func changedUsers(c Change, field string) []string {
	var out []string
	for _, r := range []Record{c.Old, c.New} {
		if u := r[field]; u != "" && (len(out) == 0 || out[0] != u) {
			out = append(out, u)
		}
	}
	return out
}
