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
	if c.finished[v.ID] {
		return // a late update about a call the agent is done with
	}
	call := c.state.call(v.ID)
	if v.State == CallStateEnded && v.Reason != "" && (call == nil || call.State == CallRinging) {
		c.turnedAway(v)
	}
	if call == nil && v.Direction != DirectionOutbound && (v.State == CallStateConnected || v.State == CallStateRinging) {
		// The offer just accepted, reported by VCC before the bridge said
		// which VCC call the offer is.
		if call = c.offeredWithoutID(); call != nil && call.Pending == "answering" {
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
			c.bridge("call:"+v.ID, api.RouteCall, nil, v.ID)
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
		if call.Pending != "answering" {
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
		c.finish(v.ID)
		c.ringUpdate()
		c.callTitle()
		return
	}
	if was != call.State {
		c.logf("info", "call %s: %s → %s", v.ID, firstNonEmpty(was, "new"), call.State)
	}
	if call.State == CallRinging && was != CallRinging {
		c.p.Host.Show()
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
	c.fail("A call offered to you was turned away (" + v.Reason + ") and went back to the queue. Wait for Audio ready before taking calls.")
}

// callTitle shows the current call in the panel's title.
func (c *Connector) callTitle() {
	for _, call := range c.state.Calls {
		switch call.State {
		case CallConnected, CallHeld, CallParked:
			c.p.Host.SetTitle(stateTitle(call.State), firstNonEmpty(call.CallerName, call.From))
			return
		case CallWrapUp:
			c.p.Host.SetTitle("Wrap-up", firstNonEmpty(call.CallerName, call.From))
			return
		}
	}
	if !c.state.ringing() {
		c.p.Host.SetTitle("Phone", c.subtitle())
	}
}

func stateTitle(s string) string {
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
	if id == "" {
		return
	}
	if c.finished == nil {
		c.finished = map[string]bool{}
	}
	c.finished[id] = true
	c.state.removeCall(id)
}
