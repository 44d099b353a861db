//go:build !js

package bridgetest

import (
	"testing"

	"github.com/vccnow/connector/wasm/api"
)

// callSteps are the ServiceNow REST requests the bridge's integration user
// made in each step of a call, lookup to close.
type callSteps struct {
	Queued   int // the caller reaches the queue: correlation and the create
	Answered int // the agent accepts in the panel: AWA's accept
	HungUp   int // the agent hangs up: nothing, unless the queue uses ServiceNow's wrap-up dialog
	Closed   int // the agent wraps up: the close with its notes, and the note on the linked record
}

func (s callSteps) total() int { return s.Queued + s.Answered + s.HungUp + s.Closed }

// inboundCall is what one call left: its VCC id, its interaction, the
// panel's view at accept (the screen-pop target) and the request counts.
type inboundCall struct {
	id    string
	ix    Record
	pop   api.Interaction
	steps callSteps
}

// takeCall runs an inbound call the way an agent takes one in the panel,
// counting the bridge's ServiceNow requests per step; the agent must be
// Ready. The counts start at zero.
func takeCall(t *testing.T, env *Env, a *Agent, from, queue string) inboundCall {
	t.Helper()
	c := takeCallUntilHangUp(t, env, a, from, queue)
	a.WrapUp(c.id, "Resolved", "Walked the caller through it")
	c.ix = env.WaitInteraction(c.id, "closed", InState("closed_complete"))
	env.WaitSettled()
	c.steps.Closed = env.BridgeRequests() - c.steps.Queued - c.steps.Answered - c.steps.HungUp
	return c
}

// takeCallUntilHangUp places a call, answers it in the panel and hangs up,
// counting requests per step as takeCall does.
func takeCallUntilHangUp(t *testing.T, env *Env, a *Agent, from, queue string) inboundCall {
	t.Helper()
	var c inboundCall
	step := func(n *int) {
		env.WaitSettled()
		*n = env.BridgeRequests() - c.steps.Queued - c.steps.Answered - c.steps.HungUp
	}
	env.ResetStats()
	c.id = env.PlaceCall(from, queue)
	c.ix = env.WaitInteraction(c.id, "created", InState("new"))
	step(&c.steps.Queued)
	c.pop = a.Answer(c.ix["sys_id"], c.id)
	env.WaitInteraction(c.id, "answered", InState("work_in_progress"))
	step(&c.steps.Answered)
	a.HangUp(c.id)
	env.WaitHungUp(c.id)
	step(&c.steps.HungUp)
	return c
}
