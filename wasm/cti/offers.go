package cti

import (
	"time"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/openframe"
)

// Offers: calls AWA offers the agent, from ringing to the accept (or the
// reject, or the caller giving up).

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
	c.bridge("lookup:"+w.Document.SysID, api.RouteInteraction, nil, w.Document.SysID)
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

// accept takes the ringing call: AWA records the accept, and the contact
// centre connects the caller to this agent's softphone.
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
		// The contact centre offered it directly (VCC routing mode).
		c.p.Softphone.Answer(c.request(request{op: opAnswer, callID: call.ID}), call.ID)
		return
	}
	c.bridge("accept:"+call.InteractionSysID, api.RouteAccept,
		api.Accept{WorkItemID: call.WorkItemID, InWorkspace: inWorkspace}, call.InteractionSysID)
}

func (c *Connector) reject(call *Call) {
	if call.State != CallRinging {
		return
	}
	if call.ID != "" && call.InteractionSysID == "" {
		c.p.Softphone.Reject(c.request(request{op: opReject, callID: call.ID}), call.ID)
	} else {
		c.bridge("reject:"+call.InteractionSysID, api.RouteReject,
			api.Reject{WorkItemID: call.WorkItemID}, call.InteractionSysID)
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
	c.bridge("lookup:"+sysID, api.RouteInteraction, nil, sysID)
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
