package snsim

import "time"

// AWA assigns asynchronously: a work item routed to a queue waits there
// (state queued) until an assignment pass offers it, as on an instance,
// where routing and assignment are separate steps
// (conversational-interfaces/advanced-work-assignment/awa-assignment.md; the
// work item's Queued state, awa-work-items-all.md). How long it waits is not
// documented; the simulator waits a fixed delay (Config.AssignDelay, 300 ms
// by default, POST /sim/awa at run time) so the product cannot rely on an
// offer arriving within its own request.

// DefaultAssignDelay is the assignment delay when Config.AssignDelay is 0.
const DefaultAssignDelay = 300 * time.Millisecond

// assignDelayFor reads Config.AssignDelay: 0 is the default, a negative
// value none.
func assignDelayFor(d time.Duration) time.Duration {
	switch {
	case d == 0:
		return DefaultAssignDelay
	case d < 0:
		return 0
	}
	return d
}

// SetAssignDelay changes how long an assignment pass waits (0: none). A pass
// already waiting keeps its time.
func (a *AWA) SetAssignDelay(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.assignDelay = max(d, 0)
}

// AssignDelay is how long an assignment pass waits.
func (a *AWA) AssignDelay() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.assignDelay
}

// scheduleAssign asks for an assignment pass: once the delay has passed,
// after the jobs queued by then. Requests made while a pass waits join it,
// so a burst of changes leads to one pass.
func (a *AWA) scheduleAssign() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed || a.stopPass != nil {
		return
	}
	if a.assignDelay <= 0 {
		a.assignDue = true
		a.cond.Broadcast()
		return
	}
	a.stopPass = a.clock.AfterFunc(a.assignDelay, func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.stopPass = nil
		a.assignDue = true
		a.cond.Broadcast()
	})
}
