//go:build !js

package bridgetest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/bridge/sim/vccsim"
)

// chaosSeen counts what the chaos did to the call's deliveries: events sent
// twice, and pairs of events sent in the opposite order of their queueing.
type chaosSeen struct{ duplicates, inversions int }

// callOutcome runs the CSM call of TestInboundCall in a fresh world, after
// setup (chaos, faults) once the agent is Ready, and returns what it left in
// ServiceNow, what it cost and what VCC's chaos did.
func callOutcome(t *testing.T, setup func(*Env), rush bool) (Outcome, callSteps, chaosSeen) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	kase := env.Records("sn_customerservice_case", "number=CS0000101")[0]
	ref := "sn_customerservice_case:" + kase["sys_id"]
	before := env.NotesOn(ref)
	setup(env)
	var c inboundCall
	if rush {
		c = rushCall(t, env, beth, "+14155550201", "support")
	} else {
		c = takeCall(t, env, beth, "+14155550201", "support")
	}
	// Duplicates may still be on their way: let them land before looking.
	env.WaitSettled()
	var seen chaosSeen
	ds := env.Deliveries()
	for i, d := range ds {
		if d.Duplicate {
			seen.duplicates++
		}
		for _, later := range ds[i+1:] {
			if later.Queued.After(d.Queued) && later.LastAttempt.Before(d.LastAttempt) {
				seen.inversions++
			}
		}
	}
	return env.OutcomeOf(c.id, before), c.steps, seen
}

// Duplicated and reordered webhooks (VCC's chaos mode) leave exactly the
// records a clean run leaves: one interaction, the same state, the same
// caller and links, one work note; and cost no more requests.
func TestChaosLeavesTheSameRecords(t *testing.T) {
	clean, cleanSteps, _ := callOutcome(t, func(*Env) {}, false)
	assert.Equal(t, 1, clean.Interactions)
	assert.Equal(t, "closed_complete", clean.State)
	assert.Equal(t, 1, clean.CaseNotes)
	assert.Len(t, clean.Links, 1)

	cases := map[string]struct {
		chaos vccsim.Chaos
		// rush takes the call without waiting for the bridge between
		// steps, so that its events share a reordered batch.
		rush bool
	}{
		"every event twice":                 {chaos: vccsim.Chaos{Duplicate: 1, Seed: 1}},
		"reordered":                         {chaos: vccsim.Chaos{Reorder: true, Seed: 2}},
		"duplicated, reordered":             {chaos: vccsim.Chaos{Duplicate: 0.5, Reorder: true, Seed: 3}},
		"late, twice, reordered":            {chaos: vccsim.Chaos{Duplicate: 1, Reorder: true, DelayMS: 150, Seed: 4}},
		"the whole call newest event first": {chaos: vccsim.Chaos{Duplicate: 1, Reorder: true, DelayMS: 1500, Seed: 5}, rush: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			chaos := tc.chaos
			got, steps, seen := callOutcome(t, func(e *Env) { e.SetChaos(chaos) }, tc.rush)
			t.Logf("%d events delivered twice, %d pairs out of order", seen.duplicates, seen.inversions)
			if chaos.Duplicate > 0 {
				assert.Positive(t, seen.duplicates, "no event was delivered twice")
			}
			if chaos.Reorder {
				assert.Positive(t, seen.inversions, "no events were reordered")
			}
			assert.Equal(t, clean, got)
			if !tc.rush {
				assert.LessOrEqual(t, steps.total(), cleanSteps.total(), "requests: %+v, clean %+v", steps, cleanSteps)
			}
		})
	}
}

// rushCall takes a call as fast as VCC allows: answer, hang up and wrap up
// back to back, waiting for the bridge only where the panel must (the
// interaction to accept).
func rushCall(t *testing.T, env *Env, a *Agent, from, queue string) inboundCall {
	t.Helper()
	var c inboundCall
	c.id = env.PlaceCall(from, queue)
	c.ix = env.WaitInteraction(c.id, "created", InState("new"))
	c.pop = a.Answer(c.ix["sys_id"], c.id)
	a.HangUp(c.id)
	a.WrapUp(c.id, "Resolved", "Walked the caller through it")
	c.ix = env.WaitInteraction(c.id, "closed", InState("closed_complete"))
	return c
}
