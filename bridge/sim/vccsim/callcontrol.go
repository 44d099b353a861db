//go:build !js

package vccsim

import (
	"slices"
	"strings"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// onLeg runs an agent's request on their leg of a call and returns the call
// as the agent now sees it.
func (a *acd) onLeg(u *User, callID string, f func(l *leg) error) (*vccproto.Call, error) {
	var (
		view *vccproto.Call
		err  error
	)
	ok := a.locked(func(*later) {
		l := a.userLeg(u.ID, callID)
		if l == nil {
			err = refuse(vccproto.ErrCodeNoCall, "You have no call %s.", callID)
			return
		}
		if err = f(l); err == nil {
			v := l.view()
			view = &v
		}
	})
	if !ok {
		return nil, refuse(vccproto.ErrCodeInternal, "The simulator is shutting down.")
	}
	return view, err
}

// answer connects a call ringing at the agent.
func (a *acd) answer(l *leg) error {
	if l.state != vccproto.CallRinging || l.call.direction != dirInbound {
		return refuse(vccproto.ErrCodeState, "Call %s is %s; only a ringing inbound call can be answered.", l.call.id, l.state)
	}
	a.setLegState(l, vccproto.CallConnected)
	a.agentEvent(l, evConnected, "")
	a.customerEvent(l.call, evConnected, "")
	return nil
}

// reject declines a ringing inbound call (the ACD offers it to someone
// else) or cancels an outbound call that is still ringing.
func (a *acd) reject(l *leg) error {
	if l.state != vccproto.CallRinging {
		return refuse(vccproto.ErrCodeState, "Call %s is %s; only a ringing call can be rejected.", l.call.id, l.state)
	}
	if l.call.direction == dirOutbound {
		a.release(l, ReasonReleased)
		return nil
	}
	a.declineOffer(l, reasonRejected)
	return nil
}

// hangup ends the agent's call; the agent goes into wrap-up.
func (a *acd) hangup(l *leg) error {
	switch {
	case l.state == vccproto.CallRinging && l.call.direction == dirInbound:
		a.declineOffer(l, reasonRejected)
	case isLive(l.state):
		a.release(l, ReasonReleased)
	default:
		return refuse(vccproto.ErrCodeState, "Call %s is %s; send wrapup to finish it.", l.call.id, l.state)
	}
	return nil
}

// release ends a call the agent is on, from either side: the agent's leg
// goes into wrap-up, the customer's channel ends with reason.
func (a *acd) release(l *leg, reason string) {
	c := l.call
	c.stopTimer()
	l.endReason = ReasonReleased
	a.agentEvent(l, evDisconnected, "")
	a.setLegState(l, vccproto.CallWrapUp)
	a.agentEvent(l, evWrapStarted, "")
	a.customerEvent(c, evDisconnected, "")
	a.customerEvent(c, evEnded, reason)
	a.setCallState(c, vccproto.CallWrapUp)
}

func (a *acd) hold(l *leg) error {
	if l.state != vccproto.CallConnected {
		return refuse(vccproto.ErrCodeState, "Call %s is %s; only a connected call can be held.", l.call.id, l.state)
	}
	a.setLegState(l, vccproto.CallHeld)
	a.customerEvent(l.call, evHeld, "")
	return nil
}

// retrieve takes a held call off hold (channel.retrieved).
func (a *acd) retrieve(l *leg) error {
	if l.state != vccproto.CallHeld {
		return refuse(vccproto.ErrCodeState, "Call %s is %s; only a held call can be resumed.", l.call.id, l.state)
	}
	a.setLegState(l, vccproto.CallConnected)
	a.customerEvent(l.call, evRetrieved, "")
	return nil
}

// mute records the agent's microphone state on a call that is connected,
// held or parked. It changes no media: the panel stops sending its
// microphone itself, and VCC only learns of it for supervisors and reports.
func (a *acd) mute(l *leg, muted bool) error {
	if l.state != vccproto.CallConnected && l.state != vccproto.CallHeld && l.state != vccproto.CallParked {
		return refuse(vccproto.ErrCodeState, "Call %s is %s; only a connected, held or parked call can be muted.", l.call.id, l.state)
	}
	l.muted = muted
	return nil
}

// transfer hands a connected or held call blind to a queue (it is queued
// there for a new routing round) or to an agent (target, resolved by the
// caller; the call waits for that agent's assignment, or rings there in
// RoutingVCC mode). The transferring agent goes into wrap-up.
func (a *acd) transfer(l *leg, t vccproto.Target, target *User) error {
	c := l.call
	if l.state != vccproto.CallConnected && l.state != vccproto.CallHeld {
		return refuse(vccproto.ErrCodeState, "Call %s is %s; only a connected or held call can be transferred.", c.id, l.state)
	}
	var q *Queue
	switch t.Type {
	case "queue":
		if q = findQueue(c.account, t.ID); q == nil {
			return refuse(vccproto.ErrCodeBadRequest, "There is no queue %q; transfer to one of: %s.", t.ID, strings.Join(queueNames(c.account), ", "))
		}
	case "agent":
		switch {
		case target == nil || target.AccountID != c.account.ID || target.Role != RoleAgent:
			return refuse(vccproto.ErrCodeBadRequest, "There is no agent %q in this account; transfer to an agent of the welcome's list.", t.ID)
		case target.ID == l.user.ID:
			return refuse(vccproto.ErrCodeBadRequest, "You cannot transfer a call to yourself.")
		}
	}
	l.endReason = ReasonTransferred
	a.agentEvent(l, evDisconnected, "")
	a.setLegState(l, vccproto.CallWrapUp)
	a.agentEvent(l, evWrapStarted, ReasonTransferred)

	c.detach(l)
	c.transferredFrom = l.user
	c.declined = map[string]bool{}
	c.targetUser = target
	a.enqueue(c, q)
	return nil
}

// wrapUp ends the agent's wrap-up of a call with a disposition code (needed
// when the agent's codes are enforced, unless one was set through the v0 Web
// API) and notes.
func (a *acd) wrapUp(l *leg, disposition, notes string) error {
	c := l.call
	codes := c.account.Dispositions
	switch {
	case l.state != vccproto.CallWrapUp:
		return refuse(vccproto.ErrCodeState, "Call %s is %s; wrap-up starts when the call ends.", c.id, l.state)
	case disposition == "" && l.disposition == "" && l.user.EnforcedDispositionCodes:
		return refuse(vccproto.ErrCodeBadRequest, "A disposition code is required: one of %s.", strings.Join(codes, ", "))
	case disposition != "" && !slices.Contains(codes, disposition):
		return refuse(vccproto.ErrCodeBadRequest, "Unknown disposition code %q; use one of %s.", disposition, strings.Join(codes, ", "))
	}
	if disposition != "" {
		l.disposition = disposition
	}
	l.notes = notes
	a.endWrap(l)
	a.dispatch()
	return nil
}

// endWrap ends an agent leg's wrap-up; the call ends with it when the
// customer is gone and this was its last agent.
func (a *acd) endWrap(l *leg) {
	c := l.call
	a.setLegState(l, vccproto.CallEnded)
	a.agentEvent(l, evEnded, l.endReason)
	if c.lastLeg == l && c.state == vccproto.CallWrapUp {
		if l.disposition != "" {
			c.disposition = l.disposition
		}
		a.setCallState(c, vccproto.CallEnded)
	}
}

// failLeg ends a live leg whose agent is gone for good (the session's grace
// window passed): there is no wrap-up, and the customer's call ends.
func (a *acd) failLeg(l *leg) {
	c := l.call
	if l.state == vccproto.CallRinging && c.direction == dirInbound {
		a.declineOffer(l, reasonNoAnswer)
		return
	}
	c.stopTimer()
	l.endReason = ReasonFailed
	a.agentEvent(l, evDisconnected, "")
	a.setLegState(l, vccproto.CallEnded)
	a.agentEvent(l, evEnded, ReasonFailed)
	a.customerEvent(c, evDisconnected, "")
	a.customerEvent(c, evEnded, ReasonFailed)
	a.setCallState(c, vccproto.CallEnded)
}

// callerHangup hangs the call up as the customer: a queued or still ringing
// call is abandoned, a call with an agent goes into the agent's wrap-up.
func (a *acd) callerHangup(callID string) error {
	var err error
	a.locked(func(*later) {
		c := a.calls[callID]
		switch {
		case c == nil:
			err = refuse(vccproto.ErrCodeNoCall, "There is no call %s.", callID)
		case c.isOver():
			err = refuse(vccproto.ErrCodeState, "Call %s has already ended (%s).", callID, c.state)
		case c.state == vccproto.CallQueued || c.state == vccproto.CallRinging && c.direction == dirInbound:
			if l := c.leg; l != nil {
				c.detach(l)
				l.endReason = ReasonAbandoned
				a.setCallState(c, vccproto.CallAbandoned)
				a.setLegState(l, vccproto.CallEnded)
				a.agentEvent(l, evEnded, ReasonAbandoned)
			}
			a.customerEvent(c, evDisconnected, "")
			a.customerEvent(c, evEnded, ReasonAbandoned)
			a.setCallState(c, vccproto.CallAbandoned)
			a.dispatch()
		default:
			a.release(c.leg, ReasonReleased)
		}
	})
	return err
}

func findQueue(acct *Account, name string) *Queue {
	for i := range acct.Queues {
		if strings.EqualFold(acct.Queues[i].Name, name) {
			return &acct.Queues[i]
		}
	}
	return nil
}

// queueByDDI finds the queue whose dialled number is ddi.
func queueByDDI(acct *Account, ddi string) *Queue {
	for i := range acct.Queues {
		if ddi != "" && acct.Queues[i].DDI == ddi {
			return &acct.Queues[i]
		}
	}
	return nil
}

func queueNames(acct *Account) []string {
	names := make([]string, len(acct.Queues))
	for i, q := range acct.Queues {
		names[i] = q.Name
	}
	return names
}
