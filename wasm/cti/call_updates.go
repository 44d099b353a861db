package cti

import (
	"slices"

	"github.com/vccnow/connector/wasm/api"
)

// mergeDuplicate folds a call VCC reported before the panel knew its id
// (VCC's update can overtake the bridge's answer) into the offered call with
// that id, and returns the merged call.
func (c *Connector) mergeDuplicate(offered *Call) *Call {
	id, sysID := offered.ID, offered.InteractionSysID
	var other *Call
	for i := range c.state.Calls {
		if x := &c.state.Calls[i]; x.ID == id && x.InteractionSysID != sysID {
			other = x
		}
	}
	if other == nil {
		return offered
	}
	update := *other
	c.state.Calls = slices.DeleteFunc(c.state.Calls, func(x Call) bool { return x.ID == id && x.InteractionSysID != sysID })
	merged := c.state.call(sysID)
	if merged.State == CallRinging && update.State != CallRinging {
		merged.State, merged.Pending = update.State, ""
		c.stampTimes(merged, CallRinging)
	}
	merged.ConnectedAt = firstNonEmpty(merged.ConnectedAt, update.ConnectedAt)
	merged.Muted = merged.Muted || update.Muted
	return merged
}

// offeredWithoutID is the one ringing offer whose VCC id is not known yet.
func (c *Connector) offeredWithoutID() *Call {
	var found *Call
	for i := range c.state.Calls {
		if x := &c.state.Calls[i]; x.ID == "" && x.InteractionSysID != "" {
			if found != nil {
				return nil // ambiguous: wait for the bridge
			}
			found = x
		}
	}
	return found
}

// onCallUpdate applies the softphone's view of a call.
func (c *Connector) onCallUpdate(v PhoneCall) {
	live := v.State.live()
	if c.calls.finished[v.ID] && !live {
		return // a late update about a call the agent is done with
	}
	if live {
		delete(c.calls.finished, v.ID) // the call came back to this agent
	}
	call := c.state.call(v.ID)
	switch {
	case call != nil && call.State == CallWrapUp && live && v.Direction != DirectionOutbound:
		// A new part of a call whose earlier part the agent wraps up: a
		// blind transfer brought the caller back to them.
		call = nil
	case !live && c.endingWrapUp(v.ID):
		// The end of the wrap-up the panel is finishing, not of the
		// call's new part.
		if x := c.state.wrapUpCall(v.ID); x != nil && x.State == CallWrapUp {
			call = x
		}
	}
	if v.State == CallStateEnded && v.Reason != "" && (call == nil || call.State == CallRinging) {
		c.turnedAway(v)
	}
	if call == nil && v.Direction != DirectionOutbound && (v.State == CallStateConnected || v.State == CallStateRinging) {
		// The offer just accepted, reported by VCC before the bridge said
		// which VCC call the offer is.
		if call = c.offeredWithoutID(); call != nil && call.Pending == PendingAnswering {
			call.ID = v.ID
		} else {
			call = nil
		}
	}
	if call == nil {
		switch v.State {
		case CallStateEnded, CallStateAbandoned, CallStateQueued:
			return
		}
		c.state.Calls = append(c.state.Calls, Call{ID: v.ID, Direction: v.Direction, From: v.party()})
		call = &c.state.Calls[len(c.state.Calls)-1]
		if v.Direction == DirectionOutbound || v.State != CallStateRinging {
			// A call the panel did not see offered (outbound, or resumed):
			// ask the bridge for its records.
			c.bridge(purposeCall.id(v.ID), api.RouteCall, nil, v.ID)
		}
	}
	was := call.State
	call.ID = v.ID
	call.Direction = firstNonEmpty(v.Direction, call.Direction)
	call.From = firstNonEmpty(call.From, v.party())
	call.Queue = firstNonEmpty(v.Queue, call.Queue)
	call.QueuedAt = firstNonEmpty(v.QueuedAt, call.QueuedAt)
	call.ConnectedAt = firstNonEmpty(v.ConnectedAt, call.ConnectedAt)
	switch v.State {
	case CallStateRinging:
		if call.Pending != PendingAnswering {
			call.State = CallRinging
		}
	case CallStateConnected:
		call.State = CallConnected
		call.Pending = ""
	case CallStateHeld:
		call.State = CallHeld
	case CallStateParked:
		call.State = CallParked
	case CallStateWrapUp:
		call.State = CallWrapUp
		call.Muted = false
	case CallStateEnded, CallStateAbandoned:
		c.finishCall(call)
		c.ringUpdate()
		c.callTitle()
		return
	}
	c.stampTimes(call, was)
	if live {
		call = c.absorbWrapUp(call)
	}
	if was != call.State {
		c.logf("info", "call %s: %s → %s", v.ID, firstNonEmpty(string(was), "new"), call.State)
	}
	if call.State == CallRinging && was != CallRinging {
		c.p.Host.Show()
	}
	if call.State == CallConnected && was != CallConnected && was != CallHeld {
		c.refreshTransferAgents() // who can take this call, if it is sent on
	}
	c.ringUpdate()
	c.screenPop(call)
	c.callTitle()
}

// turnedAway tells the agent that the contact centre ended a call offered to
// them before they had it, and why: VCC auto-rejects a call offered to an
// agent whose softphone has no audio connection, and the call goes back to
// the queue. The panel refuses Ready without audio, so this happens only when
// the audio dropped while the agent was Ready.
func (c *Connector) turnedAway(v PhoneCall) {
	c.logf("warn", "call %s was turned away from this agent: %s", v.ID, v.Reason)
	c.fail("A call offered to you went back to the queue: your audio connection to Vonage had dropped. If it happens again, check your network and headset, then reload the panel.")
}

// callTitle shows the current call in the panel's title, in every tab (a
// follower's says the call too), and the agent's status when there is none.
func (c *Connector) callTitle() {
	for _, call := range c.state.Calls {
		switch call.State {
		case CallConnected, CallHeld, CallParked:
			c.p.Host.SetTitle(stateTitle(call.State), who(call, ""))
			return
		case CallWrapUp:
			c.p.Host.SetTitle("Wrap-up", who(call, ""))
			return
		}
	}
	for _, call := range c.state.Calls {
		if call.State == CallRinging {
			c.p.Host.SetTitle("Incoming call", who(call, ""))
			return
		}
	}
	c.p.Host.SetTitle("Phone", c.subtitle())
}

func stateTitle(s CallPhase) string {
	switch s {
	case CallHeld:
		return "On hold"
	case CallParked:
		return "Reconnecting audio"
	}
	return "On a call"
}

// finish forgets a call for good: later updates about it are ignored.
func (c *Connector) finish(id string) {
	if call := c.state.call(id); call != nil {
		c.finishCall(call)
	}
}

// finishCall forgets the entry call for good: later updates about its call
// are ignored, unless the panel holds another part of it.
func (c *Connector) finishCall(call *Call) {
	id := call.ID
	c.state.dropCall(call)
	if id == "" || c.state.call(id) != nil {
		return
	}
	if c.calls.finished == nil {
		c.calls.finished = map[string]bool{}
	}
	c.calls.finished[id] = true
}

// finishWrapUp forgets the call whose wrap-up the contact centre ended.
func (c *Connector) finishWrapUp(id string) {
	if call := c.state.wrapUpCall(id); call != nil && call.State == CallWrapUp {
		c.finishCall(call)
	}
}

// endingWrapUp reports whether the panel is ending the wrap-up of call id.
func (c *Connector) endingWrapUp(id string) bool {
	for _, r := range c.requests.pending {
		if (r.op == opWrapUp || r.op == opPriorWrapUp) && r.callID == id {
			return true
		}
	}
	return false
}

// opPriorWrapUp ends the wrap-up of an earlier part of a call that came back
// to the agent; the call's own wrap-up (opWrapUp) goes with it.
const opPriorWrapUp op = 100

// absorbWrapUp folds the wrap-up of an earlier part of the call into call,
// now that the caller is back with the agent (the new part is answered):
// the panel shows one call, whose wrap-up keeps the draft and ends both
// parts at the contact centre. It returns call, which may have moved.
func (c *Connector) absorbWrapUp(call *Call) *Call {
	if call.ID == "" || call.State == CallRinging {
		return call
	}
	self, prior := -1, -1
	for i := range c.state.Calls {
		x := &c.state.Calls[i]
		switch {
		case x == call:
			self = i
		case x.ID == call.ID && x.State == CallWrapUp && x.Pending == "" && prior < 0:
			prior = i
		}
	}
	if self < 0 || prior < 0 {
		return call
	}
	old := c.state.Calls[prior]
	call.Disposition = firstNonEmpty(call.Disposition, old.Disposition)
	call.Notes = firstNonEmpty(call.Notes, old.Notes)
	call.PriorWrapUps += 1 + old.PriorWrapUps
	c.logf("info", "call %s is back with the agent: its earlier wrap-up ends with the new part's", call.ID)
	c.state.Calls = append(c.state.Calls[:prior], c.state.Calls[prior+1:]...)
	if prior < self {
		self--
	}
	return &c.state.Calls[self]
}

// welcomeCalls are the calls of a welcome the panel applies: the wrap-up of
// an earlier part of a call the agent is on again is part of that call.
func welcomeCalls(calls []PhoneCall) []PhoneCall {
	live := map[string]bool{}
	for _, v := range calls {
		if v.State.live() {
			live[v.ID] = true
		}
	}
	out := make([]PhoneCall, 0, len(calls))
	for _, v := range calls {
		if v.State == CallStateWrapUp && live[v.ID] {
			continue
		}
		out = append(out, v)
	}
	return out
}
