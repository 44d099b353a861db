package cti

import (
	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/openframe"
)

// callAction asks the softphone to hold, resume or hang up a call.
func (c *Connector) callAction(o op, call *Call) {
	if call.ID == "" {
		return
	}
	req := c.request(request{op: o, callID: call.ID})
	switch o {
	case opHold:
		call.Pending = PendingHolding
		c.p.Softphone.Hold(req, call.ID)
	case opResume:
		call.Pending = PendingResuming
		c.p.Softphone.Resume(req, call.ID)
	case opHangup:
		call.Pending = PendingHangingUp
		c.p.Softphone.Hangup(req, call.ID)
	}
}

// submitWrapUp ends wrap-up at the contact centre and closes the interaction
// in ServiceNow.
// source is api.WrapUpSourceWorkspace when the agent submitted ServiceNow's
// wrap-up dialog (the bridge then leaves its segment as ServiceNow closed it),
// "" for the panel's own form.
func (c *Connector) submitWrapUp(call *Call, disposition, notes, source string) {
	if call.State != CallWrapUp || call.Pending == PendingWrappingUp {
		return
	}
	if c.state.Enforced && disposition == "" {
		c.problem(causeDisposition(firstNonEmpty(call.ID, call.InteractionSysID)), "Choose a disposition code to finish wrap-up.")
		return
	}
	call.Disposition, call.Notes = disposition, notes
	call.Pending = PendingWrappingUp
	for range call.PriorWrapUps {
		c.p.Softphone.EndWrapUp(c.request(request{op: opPriorWrapUp, callID: call.ID}), call.ID, disposition, notes)
	}
	c.p.Softphone.EndWrapUp(c.request(request{op: opWrapUp, callID: call.ID}), call.ID, disposition, notes)
	c.keep(purposeWrapUp, call.ID, api.WrapUp{Disposition: disposition, Notes: notes, Transferred: call.Transferred, Source: source}, who(*call, ""))
}

// dial places an outbound call for click-to-dial.
func (c *Connector) dial(d openframe.Dial) {
	if !c.state.SignedIn {
		c.problem(causeSignIn, "Sign in to Vonage Contact Center to call "+d.Number+".")
		return
	}
	number, ok := NormalizeNumber(d.Number, "1")
	if !ok {
		c.fail("Can't call " + d.Number + ": it is not a phone number the panel can dial.")
		return
	}
	if c.state.Media != MediaReady {
		c.problem(causeAudio, "Can't call yet: the audio connection to Vonage is not ready. Try again once the status line says Audio ready.")
		return
	}
	for _, call := range c.state.Calls {
		if call.State == CallConnected || call.State == CallRinging {
			c.problem(causeBusy, "Finish the current call before dialling "+number+".")
			return
		}
	}
	regarding := ""
	if d.Table != "" && d.SysID != "" {
		regarding = d.Table + ":" + d.SysID
	}
	c.p.Host.Show()
	c.p.Softphone.Dial(c.request(request{op: opDial, value: regarding}), number, regarding)
}
