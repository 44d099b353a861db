//go:build !js

package worker_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/bridgetest"
)

// An inbound call from a CSM contact with an open case, through the Worker:
// VCC's webhooks create the interaction, AWA offers it, the agent answers,
// hangs up and wraps up, and the interaction closes with the caller
// correlated, the case linked and a work note on each.
func TestWorkerInboundCall(t *testing.T) {
	env := startWorker(t, cronEvery)
	beth := env.SignIn("beth.anglin")
	beth.OpenPanel()
	beth.GoReady(true)

	id := env.PlaceCall("+14155550201", "support")
	ix := env.WaitInteraction(id, "created", bridgetest.InState("new"))
	beth.Answer(ix["sys_id"], id)
	env.WaitInteraction(id, "answered", bridgetest.InState("work_in_progress"))
	beth.HangUp(id)
	beth.WrapUp(id, "Resolved", "Reset the router")
	closed := env.WaitInteraction(id, "closed", bridgetest.InState("closed_complete"))
	env.WaitSettled()

	got := env.OutcomeOf(id, nil)
	assert.Equal(t, 1, got.Interactions)
	assert.Equal(t, "closed_complete", got.State)
	assert.Equal(t, "+14155550201", got.Caller)
	assert.NotEmpty(t, got.Contact, "the caller is a CSM contact")
	assert.NotEmpty(t, got.Account, "the contact's account")
	require.Len(t, got.Links, 1, "the caller's open case is linked")
	assert.Contains(t, got.Links[0], "sn_customerservice_case:")
	assert.Positive(t, got.CaseNotes, "the case has the call's work note")
	notes := env.WorkNotes("interaction", closed["sys_id"])
	require.Len(t, notes, 1)
	assert.Contains(t, notes[0], "Disposition: Resolved.")
	assert.Contains(t, notes[0], "Notes: Reset the router")
}
