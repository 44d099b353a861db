package cti

import (
	"strings"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/vcc"
)

// onSignal handles one message from VCC's softphone service. Messages that
// do not parse are logged and dropped; they never change the state.
func (c *Connector) onSignal(env vcc.Envelope) {
	switch env.Type {
	case vcc.TypeWelcome:
		var w vcc.Welcome
		if c.into(env, &w) {
			c.onWelcome(w)
		}
	case vcc.TypeConflict:
		var cf vcc.Conflict
		if c.into(env, &cf) {
			c.onConflict(cf)
		}
	case vcc.TypeEnded:
		var e vcc.Ended
		if c.into(env, &e) {
			c.onEnded(e)
		}
	case vcc.TypeCall:
		var call vcc.Call
		if c.into(env, &call) {
			c.onCallUpdate(call)
		}
	case vcc.TypePresence:
		var p vcc.Presence
		if c.into(env, &p) {
			c.applyPresence(p, "vcc")
		}
	case vcc.TypeAnswer:
		var sdp vcc.SDP
		if c.into(env, &sdp) {
			c.mark("sdpAnswer")
			c.p.Media.SetAnswer(sdp.SDP)
		}
	case vcc.TypeCandidate:
		var cand vcc.Candidate
		if c.into(env, &cand) {
			c.p.Media.AddCandidate(cand)
		}
	case vcc.TypeAck:
		c.onAck(env)
	case vcc.TypeError:
		c.onSignalError(env)
	case vcc.TypePong:
	default:
		c.logf("warn", "signaling: unknown message %q dropped", env.Type)
	}
}

func (c *Connector) into(env vcc.Envelope, v any) bool {
	if err := env.Into(v); err != nil {
		c.logf("warn", "signaling: %v", err)
		return false
	}
	return true
}

func (c *Connector) onAck(env vcc.Envelope) {
	r, ok := c.pending[env.ID]
	if !ok {
		return
	}
	delete(c.pending, env.ID)
	var ack vcc.Ack
	if len(env.Data) > 0 && !c.into(env, &ack) {
		return
	}
	if call := c.state.call(r.callID); call != nil {
		call.Pending = ""
	}
	if ack.Call != nil {
		c.onCallUpdate(*ack.Call)
	}
	switch r.typ {
	case vcc.TypePresence:
		c.applyPresence(c.defByID(r.presence), r.value)
	case vcc.TypeDial:
		if ack.Call != nil && r.value != "" {
			// Link the new call to the record the agent dialled from.
			c.bridge("context:"+ack.Call.ID, "POST", "/api/v1/calls/"+ack.Call.ID+"/context", map[string]string{"regarding": r.value})
		}
	case vcc.TypeTransfer:
		if call := c.state.call(r.callID); call != nil {
			call.Transferred = true
			// The bridge learns of the transfer from the panel as soon as
			// VCC took it: VCC's events of it may come later, in any order.
			typ, to, _ := strings.Cut(r.value, ":")
			c.bridge("transfer:"+call.ID, "POST", "/api/v1/calls/"+call.ID+"/transfer", api.Transfer{ToType: typ, To: to})
		}
	case vcc.TypeWrapUp:
		c.finish(r.callID)
	}
}

func (c *Connector) onSignalError(env vcc.Envelope) {
	var e vcc.Error
	if !c.into(env, &e) {
		return
	}
	r, known := c.pending[env.ID]
	delete(c.pending, env.ID)
	if call := c.state.call(r.callID); call != nil {
		call.Pending = ""
	}
	switch {
	case e.Code == vcc.ErrCodeUnauthorized && !c.state.SignedIn:
		c.state.Busy = ""
		c.fail("Vonage Contact Center did not accept your sign-in (" + e.Message + "). Click Sign in again.")
		c.p.Signaling.Close()
	case e.Code == vcc.ErrCodeUnauthorized || e.Code == vcc.ErrCodeResume:
		// The resume token or access token is no longer good: the session
		// cannot be recovered without the agent.
		c.p.Signaling.Close()
		c.signedOut("Your session could not be resumed. Sign in again to take calls.")
	case e.Code == vcc.ErrCodeAccount:
		c.p.Signaling.Close()
		c.signedOut("")
		c.fail("This Vonage Contact Center account is not the one linked to this ServiceNow instance. Sign in with an account of the linked one.")
	case known && r.typ == vcc.TypePresence:
		c.fail("Could not change presence: " + e.Message)
	case known:
		c.fail(actionName(r.typ) + " failed: " + e.Message)
	default:
		c.logf("warn", "signaling error %s: %s", e.Code, e.Message)
	}
}

func actionName(typ string) string {
	switch typ {
	case vcc.TypeHold:
		return "Hold"
	case vcc.TypeResume:
		return "Resume"
	case vcc.TypeHangup:
		return "Hang up"
	case vcc.TypeTransfer:
		return "Transfer"
	case vcc.TypeWrapUp:
		return "Wrap-up"
	case vcc.TypeDial:
		return "The call"
	case vcc.TypeAnswer:
		return "Answer"
	case vcc.TypeReject:
		return "Reject"
	}
	return typ
}
