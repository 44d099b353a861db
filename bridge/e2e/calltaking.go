//go:build !js

package e2e

import "github.com/vccnow/connector/wasm/cti"

// Answer waits until the panel rings with the call (its VCC id), clicks
// Answer as the agent does and waits until the call is connected. A panel
// may ring before the bridge has told it the call's VCC id, so a ringing
// call without an id yet counts; the connected call must carry the id.
func (p *Panel) Answer(id string) cti.Call {
	p.ws.env.tb.Helper()
	p.WaitState("call "+id+" ringing", func(s cti.State) bool { _, ok := ringingCall(s, id); return ok })
	p.Click("answer")
	return p.WaitDetailed(id)
}

// WaitDetailed waits until the call is connected and the bridge has given
// its details (caller, record), which come with the accept.
func (p *Panel) WaitDetailed(id string) cti.Call {
	p.ws.env.tb.Helper()
	s := p.WaitState("call "+id+" connected, with the caller's details", func(s cti.State) bool {
		c, ok := Call(s, id)
		return ok && c.State == cti.CallConnected && c.Detailed
	})
	c, _ := Call(s, id)
	return c
}

// WrapUp ends the agent's part of the call as they do in the panel: it
// hangs up (unless the call is in wrap-up already), picks the disposition,
// submits the wrap-up and waits until the panel has let go of the call. It
// waits for the card's request in flight (a transfer, a hold) to be
// answered first, as its answer may end the agent's part itself.
func (p *Panel) WrapUp(id, disposition string) {
	p.ws.env.tb.Helper()
	st := p.WaitState("call "+id+" with no request in flight", func(s cti.State) bool { c, ok := Call(s, id); return !ok || c.Pending == "" })
	if c, ok := Call(st, id); ok && c.State != cti.CallWrapUp {
		p.Click("hangup")
	}
	p.WaitCall(id, cti.CallWrapUp)
	p.Select("disposition", disposition)
	p.Click("wrapup-submit")
	p.WaitState("call "+id+" finished", func(s cti.State) bool { _, ok := Call(s, id); return !ok })
}

// ringingCall is the panel's ringing call with this VCC id, or without an
// id yet.
func ringingCall(s cti.State, id string) (cti.Call, bool) {
	for _, c := range s.Calls {
		if c.State == cti.CallRinging && (c.ID == id || c.ID == "") {
			return c, true
		}
	}
	return cti.Call{}, false
}
