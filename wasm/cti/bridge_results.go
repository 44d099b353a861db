package cti

import "github.com/vccnow/connector/wasm/api"

// onBridge handles the bridge's answers. IDs are "<purpose>:<key>".
func (c *Connector) onBridge(r BridgeResult) {
	purpose, key := splitID(r.ID)
	c.bridgeReached(r.Err == nil)
	if c.keptAnswer(r) {
		c.logf("info", "bridge %s %s: %d %v; kept, sent again shortly", purpose, key, r.Status, r.Err)
		return
	}
	if r.Err != nil || r.Status >= 300 {
		if c.resendLater(r.ID, r) {
			c.logf("info", "bridge %s %s: %d; sending it again shortly", purpose, key, r.Status)
			return
		}
		c.onBridgeError(purpose, key, r)
		return
	}
	c.sent(r.ID)
	if purpose == purposeAccept {
		c.mark("accepted")
	}
	switch purpose {
	case purposeLookup, purposeAccept, purposeMatch, purposeCall, purposeContext, purposeTransfer:
		var in api.Interaction
		if c.decode(r.ID, r.Body, &in) {
			c.applyInteraction(in)
		}
	case purposeSession:
		var info api.SessionInfo
		if c.decode(r.ID, r.Body, &info) {
			c.logf("info", "bridge session for %s (%s)", info.UserName, info.UserSysID)
		}
	case purposePresenceSet:
		c.onPresenceSet(key, r.Body)
	case purposeTransferAgents:
		var ta api.TransferAgents
		if c.decode(r.ID, r.Body, &ta) {
			c.onTransferAgents(ta.Agents)
		}
	case purposeReject:
		c.rejected(key)
	case purposeWrapUp, purposePresence:
	}
}

func (c *Connector) onBridgeError(purpose purpose, key string, r BridgeResult) {
	e := readBridgeError(r)
	c.logf("warn", "bridge %s %s: %d %s %s", purpose, key, e.status, e.code, e.message)
	switch {
	case e.code == api.CodeAccountMismatch:
		c.p.Softphone.Close()
		c.signedOut("")
		c.problem(causeSignIn, "This ServiceNow instance is linked to another Vonage account. Sign in with an account of the linked one.")
	case purpose == purposeAccept:
		c.acceptFailed(key, e)
	case purpose == purposeReject:
		c.rejectFailed(key, e)
	case purpose == purposeTransferAgents:
		c.onTransferAgents(nil) // offer no agent that may not take the call
	case purpose == purposePresenceSet:
		c.onPresenceRefused(key, e)
	case purpose == purposeWrapUp:
		// The bridge keeps the write in its outbox once it has it; a failure
		// here means it never got it, even after the resends.
		c.problem(causeNote+":wrapup:"+key, "Your wrap-up was saved in Vonage, but ServiceNow could not be told: "+e.words()+
			". Add your disposition and notes to the call's interaction in ServiceNow.")
	case purpose == purposeContext:
		c.problem(causeNote+":context:"+key, "The call could not be linked to the record you called from: "+e.words()+". Link it in ServiceNow if it matters.")
	case purpose == purposeLookup && r.Status == 404:
		// The bridge has not seen the interaction yet; the poll retries.
	}
}

// acceptFailed follows an accept the bridge (or AWA, or the contact centre
// behind it) did not take, after any resends. An offer that is no longer
// this agent's goes; any other stays ringing and answerable, and the bridge
// is asked again how the call is, so an offer withdrawn meanwhile goes too.
func (c *Connector) acceptFailed(key string, e bridgeError) {
	call := c.state.call(key)
	if call == nil || call.State != CallRinging {
		return
	}
	call.Pending = ""
	if e.code == api.CodeNotYourCall {
		c.offerGone(key)
		c.fail("The call could not be answered: it is no longer offered to you (another agent has it, or it went back to the queue).")
		return
	}
	c.ringUpdate()
	c.bridge(purposeLookup.id(key), api.RouteInteraction, nil, key)
	c.problem(causeCall(key, CallRinging), "The call could not be answered: "+e.words()+". "+opAnswer.stillTrue())
}

// offerGone takes away an offer that is no longer this agent's: it stops
// ringing and leaves the panel's title.
func (c *Connector) offerGone(key string) {
	c.state.removeCall(key)
	c.ringUpdate()
	c.callTitle()
}

// rejectFailed follows a reject the bridge or AWA did not take, after any
// resends: the offer is still this agent's, and rings again.
func (c *Connector) rejectFailed(key string, e bridgeError) {
	call := c.state.call(key)
	if call == nil || call.State != CallRinging {
		return
	}
	call.Pending = ""
	if e.code == api.CodeNotYourCall {
		c.offerGone(key)
		return // what the agent wanted: the call is not theirs
	}
	c.ringUpdate()
	c.problem(causeCall(key, CallRinging), "The call could not be rejected: "+e.words()+". "+opReject.stillTrue())
}
