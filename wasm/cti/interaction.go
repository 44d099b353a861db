package cti

import "github.com/vccnow/connector/wasm/api"

// applyInteraction merges what the bridge knows of a call's records.
func (c *Connector) applyInteraction(in api.Interaction) {
	call := c.state.call(in.SysID)
	if call == nil && in.VCCID != "" {
		call = c.state.call(in.VCCID)
	}
	if call == nil {
		return
	}
	if call.State == CallRinging && !in.Open {
		// The caller hung up, or another agent took the call.
		c.logf("info", "offer of interaction %s gone: the interaction is %s", in.SysID, in.State)
		c.state.removeCall(in.SysID)
		c.ringUpdate()
		c.callTitle()
		return
	}
	call.InteractionSysID = in.SysID
	call.InteractionNo = firstNonEmpty(in.Number, call.InteractionNo)
	if in.VCCID != "" && call.ID != in.VCCID {
		call.ID = in.VCCID
		call = c.mergeDuplicate(call)
	}
	call.Queue = firstNonEmpty(in.Queue, call.Queue)
	call.QueuedAt = firstNonEmpty(in.QueuedAt, call.QueuedAt)
	if !call.Transferred {
		// Who sent the caller here; the agent who sent them on has their
		// own story ("Transferred to …").
		call.TransferredBy, call.TransferredFrom = in.TransferredBy, in.TransferredFrom
	}
	if in.Limited {
		// A call still offered: the caller's details come with the accept.
		return
	}
	call.Detailed = true
	call.From = firstNonEmpty(in.From, call.From)
	if in.From == "" || in.From == call.From {
		call.FromDisplay = firstNonEmpty(in.FromDisplay, call.FromDisplay)
	}
	call.CallerName = in.CallerName
	if in.Record != nil {
		call.Record = recordFrom(*in.Record)
	}
	call.Matches = call.Matches[:0]
	for _, m := range in.Matches {
		call.Matches = append(call.Matches, *recordFrom(m))
	}
	c.callTitle() // the caller's name, now it is known
	c.screenPop(call)
}

func recordFrom(r api.Record) *Record {
	return &Record{Table: r.Table, SysID: r.SysID, Query: r.Query, Number: r.Number, Label: r.Label}
}

// screenPop opens the call's record in the workspace once the call is
// connected and the record is known.
func (c *Connector) screenPop(call *Call) {
	if call.Popped || !call.Detailed || call.InteractionSysID == "" || (call.State != CallConnected && call.State != CallHeld) {
		return
	}
	call.Popped = true
	c.openForm(call)
}
