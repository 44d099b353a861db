//go:build !js

package bridgetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/records"
)

// A queue set to use ServiceNow's wrap-up dialog (rules: workspaceWrapUp):
// at hang-up the bridge opens an external wrap-up segment for the agent
// (Wrap Up API), so the workspace shows its dialog with the account's
// dispositions; the agent wraps up in the panel instead, and the bridge
// closes the segment with the code and notes before closing the
// interaction. Two requests more than the panel's wrap-up alone.
func TestWorkspaceWrapUpClosedFromThePanel(t *testing.T) {
	r := records.DefaultRules()
	q := r.Queues["support"]
	q.WorkspaceWrapUp = true
	r.Queues["support"] = q
	env := Start(t, Options{Rules: &r})
	beth := env.ReadyAgent("beth.anglin")

	c := takeCallUntilHangUp(t, env, beth, "+14155550201", "support")
	segs := env.Records("interaction_wrap_up_segment", "interaction="+c.ix["sys_id"])
	require.Len(t, segs, 1, "one segment, opened at hang-up")
	seg := segs[0]
	assert.Equal(t, "true", seg["external"])
	assert.Equal(t, c.id, seg["external_segment_id"], "the segment is the VCC call's")
	assert.Equal(t, beth.SysID, seg["agent"])
	assert.Equal(t, "open", seg["state"])
	assert.Equal(t, 1, c.steps.HungUp, "the segment opened")

	beth.WrapUp(c.id, "Resolved", "Walked the caller through it")
	env.WaitInteraction(c.id, "closed", InState("closed_complete"))
	env.WaitSettled()
	seg = env.Record("interaction_wrap_up_segment", seg["sys_id"])
	assert.NotEqual(t, "open", seg["state"], "the segment is closed")
	code := env.Record("interaction_wrap_up_code", seg["wrap_up_code"])
	assert.Equal(t, "Resolved", code["code"])
	total := env.BridgeRequests()
	assert.Equal(t, 7, total, "a known caller with an open case, plus the segment's open and close: %v", env.Stats())
}
