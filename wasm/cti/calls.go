package cti

import (
	"slices"
	"strings"
	"time"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/openframe"
	"github.com/vccnow/connector/wasm/vcc"
)

// pollEvery is how often a ringing offer is checked with the bridge, so a
// caller who hangs up while the panel rings stops the ringing.
const pollEvery = time.Second

// onOffered starts ringing for a call AWA offers to the agent.
func (c *Connector) onOffered(w openframe.WorkItem) {
	if !w.IsPhoneInteraction() {
		return
	}
	if c.state.call(w.Document.SysID) != nil {
		return // the same offer delivered twice
	}
	c.state.Calls = append(c.state.Calls, Call{
		State: CallRinging, InteractionSysID: w.Document.SysID, WorkItemID: w.SysID, Direction: "inbound",
	})
	c.logf("info", "call offered: interaction %s, work item %s", w.Document.SysID, w.SysID)
	c.mark("ringing")
	c.ringUpdate()
	c.p.Host.Show()
	c.p.Host.SetTitle("Incoming call", "")
	c.bridge("lookup:"+w.Document.SysID, "GET", "/api/v1/interactions/"+w.Document.SysID, nil)
	c.p.Clock.After(pollEvery, timerPollCall+w.Document.SysID)
}

// onWorkspaceAccepted follows an accept made in the workspace inbox.
func (c *Connector) onWorkspaceAccepted(w openframe.WorkItem) {
	call := c.state.call(w.Document.SysID)
	if call == nil || call.State != CallRinging || call.Pending == "answering" {
		return // the panel's own accept, echoed by AWA
	}
	c.accept(call, true)
}

// onWorkspaceRejected follows a reject (or a timeout) in the workspace.
func (c *Connector) onWorkspaceRejected(w openframe.WorkItem) {
	if call := c.state.call(w.Document.SysID); call != nil && call.State == CallRinging {
		c.logf("info", "offer of interaction %s rejected or timed out in the workspace", w.Document.SysID)
		c.state.removeCall(w.Document.SysID)
		c.ringUpdate()
	}
}

// accept takes the ringing call: AWA records the accept, and VCC connects
// the caller to this agent's softphone.
func (c *Connector) accept(call *Call, inWorkspace bool) {
	if call.State != CallRinging || call.Pending == "answering" {
		return
	}
	call.Pending = "answering"
	c.mark("answered")
	c.ringUpdate()
	if c.state.Mic == MicDenied {
		call.Pending = ""
		c.ringUpdate()
		c.fail("Can't answer: " + c.micProblem)
		return
	}
	if !c.audioReady() {
		// Just after a reload the audio is still connecting: answer as soon
		// as it is up rather than refusing the agent's click.
		c.answerWhenReady = append(c.answerWhenReady, answerLater{key: firstNonEmpty(call.InteractionSysID, call.ID), inWorkspace: inWorkspace})
		c.logf("info", "answer waits for the audio connection")
		return
	}
	c.sendAccept(call, inWorkspace)
}

// audioReady reports whether a call can be answered: the audio connection
// is up and carries the microphone.
func (c *Connector) audioReady() bool {
	return c.state.Media == MediaReady && c.state.Mic == MicGranted
}

// answerLater is an accept waiting for the audio connection.
type answerLater struct {
	key         string
	inWorkspace bool
}

// answerWaiting sends the accepts that waited for the audio.
func (c *Connector) answerWaiting() {
	if !c.audioReady() {
		return
	}
	waiting := c.answerWhenReady
	c.answerWhenReady = nil
	for _, a := range waiting {
		if call := c.state.call(a.key); call != nil && call.State == CallRinging {
			c.sendAccept(call, a.inWorkspace)
		}
	}
}

func (c *Connector) sendAccept(call *Call, inWorkspace bool) {
	if call.ID != "" && call.InteractionSysID == "" {
		// VCC offered it directly (VCC routing mode).
		c.send(vcc.TypeAnswer, vcc.CallRef{CallID: call.ID}, request{callID: call.ID})
		return
	}
	c.bridge("accept:"+call.InteractionSysID, "POST", "/api/v1/interactions/"+call.InteractionSysID+"/accept",
		api.Accept{WorkItemID: call.WorkItemID, InWorkspace: inWorkspace})
}

func (c *Connector) reject(call *Call) {
	if call.State != CallRinging {
		return
	}
	if call.ID != "" && call.InteractionSysID == "" {
		c.send(vcc.TypeReject, vcc.CallRef{CallID: call.ID}, request{callID: call.ID})
	} else {
		c.bridge("reject:"+call.InteractionSysID, "POST", "/api/v1/interactions/"+call.InteractionSysID+"/reject",
			api.Reject{WorkItemID: call.WorkItemID})
	}
	c.state.removeCall(firstNonEmpty(call.InteractionSysID, call.ID))
	c.ringUpdate()
}

// pollCall checks a ringing offer with the bridge.
func (c *Connector) pollCall(sysID string) {
	call := c.state.call(sysID)
	if call == nil || call.State != CallRinging {
		return
	}
	c.bridge("lookup:"+sysID, "GET", "/api/v1/interactions/"+sysID, nil)
	c.p.Clock.After(pollEvery, timerPollCall+sysID)
}

// ringUpdate plays the ringtone while a call rings and is not being answered.
func (c *Connector) ringUpdate() {
	on := false
	for _, call := range c.state.Calls {
		if call.State == CallRinging && call.Pending == "" {
			on = true
		}
	}
	c.p.Media.Ring(on)
}

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
		return
	}
	call.InteractionSysID = in.SysID
	call.InteractionNo = in.Number
	if in.VCCID != "" && call.ID != in.VCCID {
		call.ID = in.VCCID
		call = c.mergeDuplicate(call)
	}
	call.From = firstNonEmpty(in.From, call.From)
	call.Queue = firstNonEmpty(in.Queue, call.Queue)
	call.QueuedAt = firstNonEmpty(in.QueuedAt, call.QueuedAt)
	call.CallerName = in.CallerName
	if in.Record != nil {
		call.Record = recordFrom(*in.Record)
	}
	call.Matches = call.Matches[:0]
	for _, m := range in.Matches {
		call.Matches = append(call.Matches, *recordFrom(m))
	}
	if call.State == CallRinging {
		c.p.Host.SetTitle("Incoming call", firstNonEmpty(call.CallerName, call.From))
	}
	c.screenPop(call)
}

func recordFrom(r api.Record) *Record {
	return &Record{Table: r.Table, SysID: r.SysID, Query: r.Query, Number: r.Number, Label: r.Label}
}

// screenPop opens the call's record in the workspace once the call is
// connected and the record is known.
func (c *Connector) screenPop(call *Call) {
	if call.Popped || call.InteractionSysID == "" || (call.State != CallConnected && call.State != CallHeld) {
		return
	}
	call.Popped = true
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

// onCallUpdate applies VCC's view of a call.
func (c *Connector) onCallUpdate(v vcc.Call) {
	if c.finished[v.ID] {
		return // a late update about a call the agent is done with
	}
	call := c.state.call(v.ID)
	if call == nil && v.Direction != "outbound" && (v.State == vcc.CallConnected || v.State == vcc.CallRinging) {
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
		case vcc.CallEnded, vcc.CallAbandoned, vcc.CallQueued:
			return
		}
		c.state.Calls = append(c.state.Calls, Call{ID: v.ID, Direction: v.Direction, From: callParty(v)})
		call = &c.state.Calls[len(c.state.Calls)-1]
		if v.Direction == "outbound" || v.State != vcc.CallRinging {
			// A call the panel did not see offered (outbound, or resumed):
			// ask the bridge for its records.
			c.bridge("call:"+v.ID, "GET", "/api/v1/calls/"+v.ID, nil)
		}
	}
	was := call.State
	call.ID = v.ID
	call.Direction = firstNonEmpty(v.Direction, call.Direction)
	call.From = firstNonEmpty(call.From, callParty(v))
	call.Queue = firstNonEmpty(v.Queue, call.Queue)
	call.QueuedAt = firstNonEmpty(v.QueuedAt, call.QueuedAt)
	call.ConnectedAt = firstNonEmpty(v.ConnectedAt, call.ConnectedAt)
	switch v.State {
	case vcc.CallRinging:
		if call.Pending != "answering" {
			call.State = CallRinging
		}
	case vcc.CallConnected:
		call.State = CallConnected
		call.Pending = ""
	case vcc.CallHeld:
		call.State = CallHeld
	case vcc.CallParked:
		call.State = CallParked
	case vcc.CallWrapUp:
		call.State = CallWrapUp
		call.Muted = false
	case vcc.CallEnded, vcc.CallAbandoned:
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

func callParty(v vcc.Call) string {
	if v.Direction == "outbound" {
		return firstNonEmpty(v.To, v.From)
	}
	return v.From
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

// callAction sends hold, resume or hangup for a call.
func (c *Connector) callAction(typ string, call *Call) {
	if call.ID == "" {
		return
	}
	call.Pending = map[string]string{vcc.TypeHold: "holding", vcc.TypeResume: "resuming", vcc.TypeHangup: "hanging-up"}[typ]
	c.send(typ, vcc.CallRef{CallID: call.ID}, request{callID: call.ID})
}

func (c *Connector) transfer(call *Call, value string) {
	typ, id, ok := strings.Cut(value, ":")
	if !ok || call.ID == "" || (typ != "queue" && typ != "agent") || id == "" {
		c.fail("Choose a queue or an agent to transfer to.")
		return
	}
	call.Pending = "transferring"
	c.send(vcc.TypeTransfer, vcc.Transfer{CallID: call.ID, Target: vcc.Target{Type: typ, ID: id}}, request{callID: call.ID, value: value})
}

// submitWrapUp ends wrap-up in VCC and closes the interaction in ServiceNow.
// source is api.WrapUpSourceWorkspace when the agent submitted ServiceNow's
// wrap-up dialog (the bridge then leaves its segment as ServiceNow closed it),
// "" for the panel's own form.
func (c *Connector) submitWrapUp(call *Call, disposition, notes, source string) {
	if call.State != CallWrapUp || call.Pending == "wrapping-up" {
		return
	}
	if c.state.Enforced && disposition == "" {
		c.fail("Choose a disposition code to finish wrap-up.")
		return
	}
	call.Disposition, call.Notes = disposition, notes
	call.Pending = "wrapping-up"
	c.send(vcc.TypeWrapUp, vcc.WrapUp{CallID: call.ID, Disposition: disposition, Notes: notes}, request{callID: call.ID})
	c.bridge("wrapup:"+call.ID, "POST", "/api/v1/calls/"+call.ID+"/wrapup", api.WrapUp{Disposition: disposition, Notes: notes, Transferred: call.Transferred, Source: source})
}

// dial places an outbound call for click-to-dial.
func (c *Connector) dial(d openframe.Dial) {
	if !c.state.SignedIn {
		c.fail("Sign in to Vonage Contact Center to call " + d.Number + ".")
		return
	}
	number, ok := NormalizeNumber(d.Number, "1")
	if !ok {
		c.fail("Can't call " + d.Number + ": it is not a phone number the panel can dial.")
		return
	}
	if c.state.Media != MediaReady {
		c.fail("Can't call yet: the audio connection to Vonage is not ready.")
		return
	}
	for _, call := range c.state.Calls {
		if call.State == CallConnected || call.State == CallRinging {
			c.fail("Finish the current call before dialling " + number + ".")
			return
		}
	}
	regarding := ""
	if d.Table != "" && d.SysID != "" {
		regarding = d.Table + ":" + d.SysID
	}
	c.p.Host.Show()
	c.send(vcc.TypeDial, vcc.Dial{Number: number, Regarding: regarding}, request{value: regarding})
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
