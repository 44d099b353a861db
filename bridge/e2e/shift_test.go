//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/wasm/cti"
)

// A shift at the contact centre. Beth and Abel, each at their own computer,
// take CSM callers (queue support) and ITSM callers (queue servicedesk):
// calls overlap and AWA spreads them over both; one agent reloads mid-call,
// the other moves the call to a second tab. The bridge restarts during a
// call. A call is rejected and then rings out at the other agent, who AWA
// sets Away. With both agents away a caller gives up in the queue.
// ServiceNow rate-limits the bridge while a caller whose number several
// people share is on the line. A CSM call is sent blind to the service desk
// and taken there. Presence is changed in the panel and in the workspace,
// and every side agrees within a second. At the end every call has exactly
// one interaction in the right state, related to the caller's case or
// incident, with plausible times.
func TestShift(t *testing.T) {
	env := Start(t)
	s := startShift(t, env, "beth.anglin", "abel.tuter")
	for _, a := range s.agents {
		env.WaitPresenceAgrees(a.ws, a.panel, "Ready", time.Second)
	}

	// Two callers at once: each agent gets one.
	julie := s.place("+14155550201", "support", "closed_complete", "sn_customerservice_case:CS0000101")
	first := s.ringing(julie, "")
	s.answer(first, julie)
	candice := s.place("+14155550141", "servicedesk", "closed_complete", "incident:INC0000104")
	second := s.ringing(candice, first.user)
	second.ws.Click(`[data-testid="ws-accept"]`) // in the workspace inbox
	s.connected(second, candice)

	// A reload mid-call: the call stays, the audio comes back.
	first.panel = first.ws.ReloadAll()
	first.panel.WaitCall(julie.id, cti.CallConnected)
	s.audioFlows(julie)
	// A second tab, then the first one closed: the call moves to it.
	tab := env.OpenWorkspace(second.user)
	follower := tab.Panel()
	follower.WaitCall(candice.id, cti.CallConnected)
	second.ws.Close()
	follower.WaitState("the second tab leading", func(st cti.State) bool { return st.TabRole == cti.RoleLeader })
	second.ws, second.panel = tab, follower
	s.connected(second, candice)
	s.finish(first, julie, "Resolved")
	s.finish(second, candice, "Follow-up required")

	// The bridge restarts during a call.
	george := s.place("+14155550211", "support", "closed_complete", "sn_customerservice_case:CS0000103")
	a := s.ringing(george, "")
	s.answer(a, george)
	env.RestartBridge()
	s.audioFlows(george)
	s.finish(a, george, "Resolved")

	// An unknown caller: rejected by one agent, rung out at the other, whom
	// AWA then sets Away; back Available from the workspace menu, they take
	// the call.
	env.SetOfferTimeout(4 * time.Second)
	unknown := s.place("+14155550199", "support", "closed_complete", "")
	rejecter := s.ringing(unknown, "")
	rejecter.panel.Click("reject")
	// The call rings on in the rejecter's panel ("Rejecting…") until AWA
	// has taken the reject.
	rejecter.panel.WaitState("the reject taken", func(st cti.State) bool { return len(st.Calls) == 0 })
	late := s.ringing(unknown, rejecter.user)
	late.ws.WaitFor("AWA's after-timeout presence", `window.workspace.presence && window.workspace.presence.name === "Away"`)
	env.SetOfferTimeout(30 * time.Second) // the seed's
	env.WaitPresenceAgrees(late.ws, late.panel, "Away", time.Second)
	late.ws.ChoosePresence("Available")
	env.WaitPresenceAgrees(late.ws, late.panel, "Ready", time.Second)
	taker := s.ringing(unknown, "")
	s.answer(taker, unknown)
	s.finish(taker, unknown, "Wrong number")

	// Both agents step away, one in the panel, one in the workspace; a
	// caller gives up in the queue.
	beth, abel := s.agents[0], s.agents[1]
	beth.panel.Select("presence", "Break")
	abel.ws.ChoosePresence("Away")
	env.WaitPresenceAgrees(beth.ws, beth.panel, "Break", time.Second)
	env.WaitPresenceAgrees(abel.ws, abel.panel, "Away", time.Second)
	fred := s.place("+14155550121", "servicedesk", "closed_abandoned", "incident:INC0000103")
	env.WaitInteraction(fred.id, "waiting in the queue", func(ix map[string]string) bool { return ix["state"] == "new" })
	fred.ended = time.Now()
	env.CallerHangsUp(fred.id)
	env.WaitInteraction(fred.id, "abandoned", func(ix map[string]string) bool { return ix["state"] == "closed_abandoned" })
	beth.ws.ChoosePresence("Available")
	abel.panel.Select("presence", "Ready")
	env.WaitPresenceAgrees(beth.ws, beth.panel, "Ready", time.Second)
	env.WaitPresenceAgrees(abel.ws, abel.panel, "Ready", time.Second)

	// ServiceNow answers 429 to the bridge's interaction writes, with
	// Retry-After, while a caller whose number two people share is on the
	// line (only one of them, Alissa, has an open incident: it is the
	// match).
	env.AddServiceNowFault(ServiceNowFault{Status: 429, Count: 3, RetryAfter: 1, PathPrefix: "/api/now/openframe/voice-interaction"})
	shared := s.place("+14155550131", "servicedesk", "closed_complete", "incident:INC0000106")
	a = s.ringing(shared, "")
	s.answer(a, shared)
	s.finish(a, shared, "Resolved")
	env.WaitInteraction(shared.id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
	assert.Zero(t, env.ServiceNowFaultsLeft(), "the 429s missed the bridge")

	// A CSM caller is sent blind to the service desk and taken there.
	maria := s.place("+14155550301", "support", "closed_complete", "sn_customerservice_case:CS0000104")
	a = s.ringing(maria, "")
	s.answer(a, maria)
	a.panel.Transfer("Queue: servicedesk")
	env.WaitSimCall(maria.id, "queued at the service desk", func(c SimCall) bool { return c.Queue == "servicedesk" })
	// VCC queues the caller before its answer reaches the panel, which then
	// wraps up Abel's part: there is nothing left for him to hang up.
	a.panel.WaitCall(maria.id, cti.CallWrapUp)
	s.finish(a, maria, "Escalated")
	a = s.ringing(maria, "")
	s.answer(a, maria)
	s.finish(a, maria, "Resolved")

	s.checkRecords()
	taken := map[string]int{}
	for _, c := range s.calls {
		if c.agent != nil {
			taken[c.agent.user]++
		}
	}
	assert.GreaterOrEqual(t, taken["beth.anglin"], 2, "calls Beth took: %v", taken)
	assert.GreaterOrEqual(t, taken["abel.tuter"], 2, "calls Abel took: %v", taken)
	for _, a := range s.agents {
		env.WaitPresenceAgrees(a.ws, a.panel, "Ready", time.Second)
	}
}
