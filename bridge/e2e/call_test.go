//go:build !js

package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// Beth signs in, goes Ready, and takes a call from Julie Lewis, a Boxeo
// contact with an open case: the panel rings with Julie's name, Beth answers
// in the panel, they talk (audio both ways), Beth hangs up and wraps up. The
// interaction ends closed with the disposition, linked to Julie's case.
func TestInboundCallAnsweredInPanel(t *testing.T) {
	env := Start(t)
	_, panel := env.ReadyInWorkspace("beth.anglin")

	id := env.PlaceCall("+14155550201", "support")
	ringing := panel.WaitCall("", cti.CallRinging)
	assert.NotEmpty(t, ringing.InteractionSysID)
	assert.Empty(t, ringing.CallerName, "the caller's details come with the accept")

	panel.Click("answer")
	c := panel.WaitDetailed(id)
	assert.Equal(t, "Julie Lewis", c.CallerName)
	assert.Equal(t, id, c.ID)
	env.WaitSimCall(id, "audio from the agent", func(c SimCall) bool {
		return c.State == "connected" && c.Media.RTPFromAgent > 20 && c.Media.RTPToAgent > 20
	})
	ix := env.WaitInteraction(id, "work in progress", func(ix map[string]string) bool { return ix["state"] == "work_in_progress" })
	assert.Equal(t, "+14155550201", ix["caller_phone_number"])

	panel.Click("hangup")
	panel.WaitCall(id, cti.CallWrapUp)
	env.WaitHungUp(id)
	panel.Select("disposition", "Resolved")
	panel.Click("wrapup-submit")
	panel.WaitState("the call gone", func(s cti.State) bool { return len(s.Calls) == 0 })
	ix = env.WaitInteraction(id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
	assert.Contains(t, env.WorkNotes("interaction", ix["sys_id"]), "Disposition: Resolved")

	var links []map[string]string
	env.Records("interaction_related_record", "interaction="+ix["sys_id"], &links)
	require.Len(t, links, 1)
	assert.Equal(t, "sn_customerservice_case", links[0]["document_table"])
}
