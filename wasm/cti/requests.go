package cti

import (
	"strconv"

	"github.com/vccnow/connector/wasm/api"
)

// op is a kind of softphone request the core waits an answer for.
type op int

const (
	opOpen op = iota + 1
	opOffer
	opAnswer
	opReject
	opHangup
	opHold
	opResume
	opMute
	opTransfer
	opWrapUp
	opDial
	opSignOut
)

// request is a softphone request waiting for its answer.
type request struct {
	op     op
	callID string
	value  string // regarding of a dial; "type:id" of a transfer
}

// request remembers r until its answer and returns the id to send it with.
func (c *Connector) request(r request) string {
	c.requests.seq++
	id := strconv.Itoa(c.requests.seq)
	c.requests.pending[id] = r
	return id
}

// onAcked follows the softphone's acceptance of a request.
func (c *Connector) onAcked(a RequestAcked) {
	r, ok := c.requests.pending[a.Req]
	if !ok {
		return
	}
	delete(c.requests.pending, a.Req)
	if call := c.state.call(r.callID); call != nil {
		call.Pending = ""
	}
	if a.Call != nil {
		c.onCallUpdate(*a.Call)
	}
	switch r.op {
	case opDial:
		if a.Call != nil && r.value != "" {
			// Link the new call to the record the agent dialled from.
			c.keep(purposeContext, a.Call.ID, api.Context{Regarding: r.value}, a.Call.party())
		}
	case opTransfer:
		c.transferTaken(r.callID, r.value)
	case opWrapUp:
		c.finishWrapUp(r.callID)
	case opReject:
		c.rejected(r.callID)
	}
}

// onRefused follows the softphone's refusal of a request or of the session.
func (c *Connector) onRefused(e RequestRefused) {
	r, known := c.requests.pending[e.Req]
	delete(c.requests.pending, e.Req)
	if known && r.op == opTransfer {
		c.transferRefused(r.callID, r.value, e.Reason)
	}
	if call := c.state.call(r.callID); call != nil {
		call.Pending = ""
	}
	switch {
	case e.Reason == RefusalUnauthorized && !c.state.SignedIn:
		c.state.Busy = ""
		c.logf("warn", "sign-in refused: %s", e.Message)
		c.problem(causeSignIn, "Vonage Contact Center did not accept your sign-in. Click Sign in again.")
		c.p.Softphone.Close()
	case e.Reason == RefusalUnauthorized || e.Reason == RefusalResumeFailed:
		// The resume token or access token is no longer good: the session
		// cannot be recovered without the agent.
		c.p.Softphone.Close()
		c.signedOut("Your session could not be resumed. Sign in again to take calls.")
	case e.Reason == RefusalAccountMismatch:
		c.p.Softphone.Close()
		c.signedOut("")
		c.problem(causeSignIn, "This Vonage Contact Center account is not the one linked to this ServiceNow instance. Sign in with an account of the linked one.")
	case known:
		c.refused(r, e)
	default:
		c.logf("warn", "softphone refused (%s): %s", e.Reason, e.Message)
	}
}

// refused follows the softphone's refusal of one of the agent's requests:
// the panel shows the call as it still is, and says so (unless the call is
// already what the agent asked: a hang-up refused because the caller hung up
// first).
func (c *Connector) refused(r request, e RequestRefused) {
	c.logf("warn", "softphone refused %s (%s): %s", r.op.failed(), e.Reason, e.Message)
	call := c.state.call(r.callID)
	if call != nil && alreadyDone(r.op, call) {
		return
	}
	switch {
	case r.op == opOpen && !c.state.SignedIn:
		c.state.Busy = ""
	case call == nil:
	case e.Reason == RefusalNoCall:
		// The contact centre has no such call any more: nor has the panel.
		c.finish(call.ID)
		c.ringUpdate()
		c.callTitle()
	case r.op == opAnswer || r.op == opReject:
		c.ringUpdate() // ringing again
	case r.op == opTransfer:
		return // said once, on the call's card beside the transfer controls (transferRefused)
	}
	c.problem(c.refusedCause(r, call), actionFailed(r.op, e.Reason))
}

// refusedCause is what a refused request's problem belongs to: the call as
// it is now, signing in, the audio, or (the call gone) nothing that ends.
func (c *Connector) refusedCause(r request, call *Call) string {
	switch {
	case r.op == opOpen:
		return causeSignIn
	case r.op == opOffer:
		return causeAudio
	}
	if x := c.state.call(r.callID); x != nil && call != nil {
		return causeCall(firstNonEmpty(x.ID, x.InteractionSysID), x.State)
	}
	return causeNote
}
