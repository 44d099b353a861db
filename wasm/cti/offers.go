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
	if !c.state.SignedIn {
		// AWA offers the agent's calls in every workspace they have open;
		// a signed-out panel (taken over on another computer) takes none,
		// and ringing here would call them to a computer the call never
		// reaches.
		c.logf("info", "offer of interaction %s not taken: this panel is signed out", w.Document.SysID)
		return
	}
	if c.offered(w) {
		c.logf("info", "offer of interaction %s (work item %s) delivered again", w.Document.SysID, w.SysID)
		return
	}
	c.state.Calls = append(c.state.Calls, Call{
		State: CallRinging, InteractionSysID: w.Document.SysID, WorkItemID: w.SysID, Direction: "inbound",
	})
	c.logf("info", "call offered: interaction %s, work item %s", w.Document.SysID, w.SysID)
	c.mark("ringing")
	c.ringUpdate()
	c.p.Host.Show()
	c.p.Host.SetTitle("Incoming call", "")
	c.bridge(purposeLookup.id(w.Document.SysID), api.RouteInteraction, nil, w.Document.SysID)
	c.p.Clock.After(pollEvery, timerPollCall+w.Document.SysID)
}

// offered reports whether the panel holds this offer already. An offer is
// its work item: AWA offers an interaction again with a new one (after a
// blind transfer to a queue, or to an agent who could not take it), and
// that offer rings whatever the panel still holds of the interaction (the
// wrap-up of the agent's part before the transfer). Only a live call of the
// interaction makes it a repeat.
func (c *Connector) offered(w openframe.WorkItem) bool {
	for _, x := range c.state.Calls {
		if w.SysID != "" && x.WorkItemID == w.SysID {
			return true
		}
		if x.InteractionSysID == w.Document.SysID && x.State != CallWrapUp {
			return true
		}
	}
	return false
}

// offerOf is the panel's call of the work item (or, for an event without
// one, of its interaction).
func (c *Connector) offerOf(w openframe.WorkItem) *Call {
	for i := range c.state.Calls {
		if x := &c.state.Calls[i]; w.SysID != "" && x.WorkItemID == w.SysID {
			return x
		}
	}
	return c.state.call(w.Document.SysID)
}

// onWorkspaceAccepted follows an accept made in the workspace inbox.
func (c *Connector) onWorkspaceAccepted(w openframe.WorkItem) {
	call := c.offerOf(w)
	if call == nil || call.State != CallRinging || call.Pending == PendingAnswering {
		return // the panel's own accept, echoed by AWA
	}
	c.accept(call, true)
}

// onWorkspaceRejected follows a reject (or a timeout) in the workspace.
func (c *Connector) onWorkspaceRejected(w openframe.WorkItem) {
	if call := c.offerOf(w); call != nil && call.State == CallRinging {
		c.logf("info", "offer of interaction %s rejected or timed out in the workspace", w.Document.SysID)
		if call.Pending == "" {
			c.offerRangOut() // not the panel's own reject
		}
		c.state.dropCall(call)
		c.ringUpdate()
		c.callTitle()
	}
}

// accept takes the ringing call: AWA records the accept, and the contact
// centre connects the caller to this agent's softphone.
func (c *Connector) accept(call *Call, inWorkspace bool) {
	if call.State != CallRinging || call.Pending != "" {
		return
	}
	call.Pending = PendingAnswering
	c.mark("answered")
	c.ringUpdate()
	if c.state.Mic == MicDenied {
		call.Pending = ""
		c.ringUpdate()
		c.problem(causeMic, "Can't answer: "+c.media.micProblem)
		return
	}
	if !c.audioReady() {
		// Just after a reload the audio is still connecting: answer as soon
		// as it is up rather than refusing the agent's click.
		c.calls.answerWhenReady = append(c.calls.answerWhenReady, answerLater{key: firstNonEmpty(call.InteractionSysID, call.ID), inWorkspace: inWorkspace})
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
	waiting := c.calls.answerWhenReady
	c.calls.answerWhenReady = nil
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
	c.send(purposeAccept.id(call.InteractionSysID), api.RouteAccept,
		api.Accept{WorkItemID: call.WorkItemID, InWorkspace: inWorkspace}, call.InteractionSysID)
}

// reject refuses the ringing call. The call keeps ringing on screen (the
// ringtone stops, the card says "Rejecting…") until AWA or the contact
// centre has taken the reject; a refused reject leaves it ringing and
// answerable (rejectFailed).
func (c *Connector) reject(call *Call) {
	if call.State != CallRinging || call.Pending != "" {
		return
	}
	call.Pending = PendingRejecting
	c.ringUpdate()
	if call.ID != "" && call.InteractionSysID == "" {
		c.p.Softphone.Reject(c.request(request{op: opReject, callID: call.ID}), call.ID)
		return
	}
	c.send(purposeReject.id(call.InteractionSysID), api.RouteReject,
		api.Reject{WorkItemID: call.WorkItemID}, call.InteractionSysID)
}

// rejected drops a call whose reject AWA or the contact centre took.
func (c *Connector) rejected(key string) {
	call := c.state.call(key)
	if call == nil || call.State != CallRinging {
		return
	}
	c.logf("info", "offer %s rejected", key)
	c.state.removeCall(key)
	c.ringUpdate()
	c.callTitle()
}

// pollCall checks a ringing offer with the bridge.
func (c *Connector) pollCall(sysID string) {
	call := c.state.call(sysID)
	if call == nil || call.State != CallRinging {
		return
	}
	c.bridge(purposeLookup.id(sysID), api.RouteInteraction, nil, sysID)
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
