package cti

import (
	"slices"
	"strings"

	"github.com/vccnow/connector/wasm/api"
)

// Transfers are deliberate. The Transfer list only selects a target (kept
// in the call's TransferChoice); the Transfer button asks "Transfer the
// caller to …?", and only Transfer in that question sends the call on. The
// list offers what can take the call: every queue, and the agents the bridge
// says are signed in and Ready (asked when a call connects and whenever the
// agent comes to the list). Once the contact centre took the transfer the
// wrap-up card says where the caller went; a refused transfer says so, and
// the caller stays with the agent.

// transferOptions are the targets offered now, queues first as the contact
// centre lists them.
func transferOptions(s State) []Target {
	var out []Target
	for _, t := range s.TransferTargets {
		if t.Type == "queue" || t.Type == "agent" && slices.Contains(s.TransferAgents, t.ID) {
			out = append(out, t)
		}
	}
	return out
}

// offeredTarget is the offered target with this value ("queue:support").
func offeredTarget(s State, value string) (Target, bool) {
	for _, t := range transferOptions(s) {
		if targetValue(t) == value {
			return t, true
		}
	}
	return Target{}, false
}

func targetValue(t Target) string { return t.Type + ":" + t.ID }

// targetLabel names a target ("queue:support") as the agent reads it, in a
// sentence: "the support queue", "Abel Tuter".
func targetLabel(s State, value string) string {
	typ, id, _ := strings.Cut(value, ":")
	name := id
	for _, t := range s.TransferTargets {
		if targetValue(t) == value {
			name = firstNonEmpty(t.Name, t.ID)
		}
	}
	if typ == "queue" {
		return "the " + name + " queue"
	}
	return name
}

// transferable reports whether the call can be transferred now.
func transferable(call *Call) bool {
	return call.ID != "" && (call.State == CallConnected || call.State == CallHeld) && call.Pending == ""
}

// chooseTransfer keeps the agent's choice in the Transfer list; nothing
// happens to the call.
func (c *Connector) chooseTransfer(call *Call, value string) {
	if value != "" {
		if _, ok := offeredTarget(c.state, value); !ok {
			return
		}
	}
	call.TransferChoice, call.TransferAsk, call.TransferProblem = value, false, ""
}

// askTransfer follows the Transfer button: the panel asks the agent to
// confirm the chosen target.
func (c *Connector) askTransfer(call *Call) {
	if call.TransferChoice == "" || !transferable(call) {
		return
	}
	if _, ok := offeredTarget(c.state, call.TransferChoice); !ok {
		call.TransferProblem = targetLabel(c.state, call.TransferChoice) + " can't take calls now. Choose another target."
		call.TransferChoice = ""
		return
	}
	call.TransferAsk = true
}

// confirmTransfer carries out the transfer the agent confirmed.
func (c *Connector) confirmTransfer(call *Call) {
	if !call.TransferAsk {
		return
	}
	call.TransferAsk = false
	t, ok := offeredTarget(c.state, call.TransferChoice)
	if !ok || !transferable(call) {
		return
	}
	call.Pending = PendingTransferring
	call.TransferProblem = ""
	c.p.Softphone.Transfer(c.request(request{op: opTransfer, callID: call.ID, value: targetValue(t)}), call.ID, Target{Type: t.Type, ID: t.ID})
}

// transferTaken follows the contact centre's acceptance of the transfer:
// the card says where the caller went, and the bridge is told at once (its
// events of it may come later, in any order).
func (c *Connector) transferTaken(callID, value string) {
	call := c.state.call(callID)
	if call == nil {
		return
	}
	call.Transferred = true
	call.TransferredTo = targetLabel(c.state, value)
	call.TransferChoice, call.TransferAsk, call.TransferProblem = "", false, ""
	typ, to, _ := strings.Cut(value, ":")
	c.bridge(purposeTransfer.id(call.ID), api.RouteTransfer, api.Transfer{ToType: typ, To: to}, call.ID)
}

// transferRefused follows the contact centre's refusal: the caller is still
// with the agent, and the card says the transfer did not happen.
func (c *Connector) transferRefused(callID, value string, why RefusalReason) {
	if call := c.state.call(callID); call != nil {
		call.TransferProblem = "Not transferred to " + targetLabel(c.state, value) + ": " + refusalWords(opTransfer, why) + ". " + opTransfer.stillTrue()
	}
}

// refreshTransferAgents asks the bridge which agents can take a transfer
// now; until it answers, the agents it last named are offered.
func (c *Connector) refreshTransferAgents() {
	if !c.state.SignedIn {
		return
	}
	for _, t := range c.state.TransferTargets {
		if t.Type == "agent" {
			c.bridge(purposeTransferAgents.id(""), api.RouteTransferAgents, nil)
			return
		}
	}
}

// onTransferAgents takes the bridge's answer (nil when it could not say:
// then no agent is offered, as none is known to be able to take a call). A
// choice no longer offered is dropped.
func (c *Connector) onTransferAgents(agents []string) {
	c.state.TransferAgents = agents
	for i := range c.state.Calls {
		call := &c.state.Calls[i]
		if call.TransferChoice == "" || call.Pending != "" {
			continue
		}
		if _, ok := offeredTarget(c.state, call.TransferChoice); !ok {
			call.TransferChoice, call.TransferAsk = "", false
		}
	}
}
