package cti

import "time"

// A call's story as the agent's panel tells it: their own timers (talk from
// their own answer, not the first agent's for a transferred call; hold;
// wrap-up), who sent the caller to them, and the record the call concerns,
// opened in the workspace where the agent works.

// stampTimes notes when this agent's part of the call reached a state the
// card times: answered (from ringing), held, wrap-up. VCC's times are the
// call's (its connect is the first agent's); these are the agent's own.
func (c *Connector) stampTimes(call *Call, was CallPhase) {
	now := c.now().UTC().Format(time.RFC3339)
	switch call.State {
	case CallConnected:
		if call.AnsweredAt == "" && was == CallRinging {
			call.AnsweredAt = now
		}
		call.HeldAt = ""
	case CallHeld:
		if was != CallHeld && was != CallParked || call.HeldAt == "" {
			call.HeldAt = now
		}
	case CallWrapUp:
		call.HeldAt = ""
		if call.WrapUpAt == "" {
			call.WrapUpAt = now
		}
	}
}

// talkSince is when the card's talk timer starts: this agent's answer, or
// VCC's connect when the panel did not see the answer (an outbound call, a
// session taken over from another browser).
func (call Call) talkSince() string { return firstNonEmpty(call.AnsweredAt, call.ConnectedAt) }

// since is the time from an RFC 3339 stamp to now as m:ss, "" without one.
func sinceStamp(stamp string, now time.Time) string {
	t, err := time.Parse(time.RFC3339, stamp)
	if err != nil {
		return ""
	}
	return clock(now.Sub(t))
}

// openRecord opens the call's record in this tab's workspace: the agent
// clicked it on the card (each tab's panel opens it in its own workspace).
func (c *Connector) openRecord(key string) {
	call := c.state.call(key)
	if call == nil {
		call = c.state.wrapUpCall(key)
	}
	if call == nil || call.InteractionSysID == "" {
		return
	}
	c.openForm(call)
}

// openForm opens the call's record (or its interaction when it concerns
// none) as a child of the interaction.
func (c *Connector) openForm(call *Call) {
	if call.Record != nil && call.Record.Table != "" {
		q := call.Record.Query
		if q == "" {
			q = "sys_id=" + call.Record.SysID
		}
		c.p.Host.OpenForm(call.Record.Table, q, call.InteractionSysID)
		return
	}
	c.p.Host.OpenForm("interaction", "sys_id="+call.InteractionSysID, call.InteractionSysID)
}

// popAgain opens the records of the calls on the line in this tab's
// workspace: the tab has just taken the lead from another ("Use here", or
// the leading tab closed), whose workspace had them open, not this one's.
func (c *Connector) popAgain() {
	for i := range c.state.Calls {
		call := &c.state.Calls[i]
		if call.State == CallConnected || call.State == CallHeld || call.State == CallParked {
			call.Popped = false
			c.screenPop(call)
		}
	}
}
