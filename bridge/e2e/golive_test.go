//go:build !js

package e2e

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/setup"
	"github.com/vccnow/connector/wasm/cti"
)

// Going live on an instance setup has not touched (no OpenFrame
// configuration, no AWA records): setup's dry run lists the plan and
// changes nothing, setup applies it as the admin, a second run changes
// nothing and the doctor has no FAIL. Then Beth, a member of the agent
// group, opens the workspace, signs in in the panel setup configured, goes
// Ready and AWA offers her a call on a queue setup made; she answers, hangs
// up and wraps up, and the interaction closes.
func TestGoLiveOnAnEmptyInstance(t *testing.T) {
	env := Start(t, Options{ServiceNowSeed: "servicenow-empty"})
	ctx := context.Background()
	admin := &servicenow.Client{BaseURL: env.Stack.ServiceNowURL, HTTP: &http.Client{Timeout: 15 * time.Second},
		Auth: servicenow.Basic{User: "admin", Password: "admin"}}
	// What `bridge setup` reads with its defaults (and -agent-group's).
	want := setup.Want(env.Stack.Bridge.SetupInputs(setup.Inputs{AgentGroup: "Service Desk Phone"}))
	count := func(table string) int {
		var rows []map[string]string
		env.Records(table, "", &rows)
		return len(rows)
	}
	run := func(dryRun bool) ([]setup.Change, string) {
		var out bytes.Buffer
		plan, ok := setup.Run(ctx, admin, "admin", want, dryRun, &out)
		t.Logf("bridge setup (dry run %v):\n%s", dryRun, out.String())
		require.True(t, ok, out.String())
		return plan, out.String()
	}

	plan, out := run(true)
	assert.Len(t, plan, 12)
	assert.Contains(t, out, "dry run: nothing changed")
	for _, table := range []string{"sn_openframe_configuration", "awa_service_channel", "awa_queue", "awa_eligibility_pool"} {
		assert.Zero(t, count(table), "the dry run made no %s", table)
	}

	plan, out = run(false)
	assert.Len(t, plan, 12)
	assert.Contains(t, out, "done: 12 changes made")
	assert.Equal(t, 2, count("awa_eligibility_pool"))

	plan, out = run(false)
	assert.Empty(t, plan)
	assert.Contains(t, out, "nothing to change: the instance is ready")

	// bridge doctor's checks, as the command makes them.
	checks := env.Stack.Bridge.Doctor(ctx)
	checks = append(checks, env.Stack.Bridge.DoctorSetup(ctx, env.Stack.Bridge.SetupInputs(setup.Inputs{AgentGroup: "Service Desk Phone"}))...)
	checks = append(checks, bridge.OutboxCheck(ctx, env.Stack.Store, time.Now()))
	var report bytes.Buffer
	failed := bridge.WriteReport(&report, checks)
	t.Logf("bridge doctor:\n%s", report.String())
	require.False(t, failed, report.String())
	assert.NotContains(t, report.String(), "FAIL")

	_, panel := env.ReadyInWorkspace("beth.anglin")

	id := env.PlaceCall("+14155550201", "support")
	ringing := panel.WaitCall("", cti.CallRinging)
	assert.NotEmpty(t, ringing.InteractionSysID)
	panel.Click("answer")
	c := panel.WaitDetailed(id)
	assert.Equal(t, "Julie Lewis", c.CallerName)
	env.WaitSimCall(id, "audio both ways", func(c SimCall) bool {
		return c.State == "connected" && c.Media.RTPFromAgent > 20 && c.Media.RTPToAgent > 20
	})
	ix := env.WaitInteraction(id, "work in progress", func(ix map[string]string) bool { return ix["state"] == "work_in_progress" })
	var queues []map[string]string
	env.Records("awa_queue", "external_id=support", &queues)
	require.Len(t, queues, 1)
	assert.Equal(t, queues[0]["sys_id"], ix["queue"], "the call is on the queue setup made")

	panel.Click("hangup")
	panel.WaitCall(id, cti.CallWrapUp)
	env.WaitHungUp(id)
	panel.Select("disposition", "Resolved")
	panel.Click("wrapup-submit")
	panel.WaitState("the call gone", func(s cti.State) bool { return len(s.Calls) == 0 })
	ix = env.WaitInteraction(id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
	assert.Contains(t, env.WorkNotes("interaction", ix["sys_id"]), "Disposition: Resolved")
}
