//go:build !js

package main

import (
	"bytes"
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/bridgetest"
	"github.com/vccnow/connector/bridge/sim/snsim"
)

// runSetup runs `bridge setup` with vars as its environment.
func runSetup(t *testing.T, vars map[string]string, args ...string) (int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"setup"}, args...), func(k string) string { return vars[k] }, &out, &errOut)
	require.Empty(t, errOut.String())
	t.Logf("bridge setup %s:\n%s", strings.Join(args, " "), out.String())
	return code, out.String()
}

// On an instance setup has not touched (no OpenFrame configuration, no AWA
// records): the integration user is refused before anything is written,
// with the fix; an admin's dry run lists the plan and changes nothing;
// setup applies it, a second run changes nothing, and doctor passes.
func TestSetupOnAnEmptyInstance(t *testing.T) {
	env := bridgetest.Start(t, bridgetest.Options{ServiceNowSeed: "servicenow-empty"})
	vars := envOf(env)

	code, out := runSetup(t, vars)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "refused, nothing changed:")
	assert.Contains(t, out, "vcc.integration may not write sn_openframe_configuration: it needs the role admin")
	assert.Contains(t, out, "vcc.integration may not write awa_queue: it needs the role awa_admin or admin")
	assert.Contains(t, out, "VCCNOW_SETUP_USER")
	assert.NotContains(t, out, "created")

	admin := maps.Clone(vars)
	admin["VCCNOW_SETUP_USER"], admin["VCCNOW_SETUP_PASSWORD"] = "admin", "admin"
	code, out = runSetup(t, admin, "-dry-run")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "plan (12 changes):")
	assert.Contains(t, out, `create sn_openframe_configuration "Vonage Contact Center"`)
	assert.Contains(t, out, "url="+env.BridgeURL+"/")
	assert.Contains(t, out, `create awa_queue "Support Phone"`)
	assert.Contains(t, out, `create awa_eligibility_pool "Support Phone: Service Desk Phone"`)
	assert.Contains(t, out, "dry run: nothing changed")
	code, report := runDoctor(t, vars)
	assert.Equal(t, 1, code, "before setup the doctor fails")
	assert.Equal(t, "FAIL", statusOf(report, "OpenFrame configuration"))
	assert.Equal(t, "FAIL", statusOf(report, "AWA setup"))

	code, out = runSetup(t, admin)
	assert.Equal(t, 0, code)
	assert.Equal(t, 12, strings.Count(out, "\ncreated "), out)
	assert.Contains(t, out, "done: 12 changes made")

	code, out = runSetup(t, admin)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "nothing to change: the instance is ready")
	assert.NotContains(t, out, "created")

	code, report = runDoctor(t, vars)
	t.Logf("bridge doctor:\n%s", report)
	assert.Equal(t, 0, code)
	assert.NotContains(t, report, "FAIL")
	for _, check := range []string{"OpenFrame configuration", "AWA setup", "AWA queue for VCC queue support",
		"AWA queue for VCC queue servicedesk", "AWA presence state Available", "AWA Phone channel"} {
		assert.Equal(t, "PASS", statusOf(report, check), check)
	}
	// The workspace's panel is the configuration setup made.
	rows, err := env.SN.DB.Find("sn_openframe_configuration", func(snsim.Record) bool { return true })
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, env.BridgeURL+"/", rows[0]["url"])
	queues, _ := env.SN.DB.Find("awa_queue", func(r snsim.Record) bool { return r["external_id"] == "support" })
	require.Len(t, queues, 1)
	assert.Equal(t, "queue="+queues[0]["sys_id"], queues[0]["condition"])
	// Its calls are offered to the members of the agent group.
	pools, _ := env.SN.DB.Find("awa_eligibility_pool", func(r snsim.Record) bool { return r["queue"] == queues[0]["sys_id"] })
	require.Len(t, pools, 1)
	assert.Equal(t, "d625dccec0a8016700a222a0f7900d06", pools[0]["groups"])
	rules, _ := env.SN.DB.Find("awa_assignment_rule", func(r snsim.Record) bool { return r["sys_id"] == pools[0]["assignment_rule"] })
	require.Len(t, rules, 1)
	assert.Equal(t, "most_capacity", rules[0]["assign_by"])
}

// An agent group the instance does not have is refused before anything is
// written, with the fix, and the doctor fails it.
func TestSetupRefusesAMissingAgentGroup(t *testing.T) {
	env := bridgetest.Start(t, bridgetest.Options{ServiceNowSeed: "servicenow-empty"})
	vars := envOf(env)
	vars["VCCNOW_SETUP_USER"], vars["VCCNOW_SETUP_PASSWORD"] = "admin", "admin"
	code, out := runSetup(t, vars, "-agent-group", "Night Shift")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `no sys_user_group is named "Night Shift"`)
	assert.Contains(t, out, "VCCNOW_AGENT_GROUP")
	assert.NotContains(t, out, "created")
	vars["VCCNOW_AGENT_GROUP"] = "Night Shift"
	code, report := runDoctor(t, vars)
	assert.Equal(t, 1, code)
	assert.Equal(t, "FAIL", statusOf(report, "AWA setup"))
	assert.Contains(t, report, "no sys_user_group is named Night Shift")
}
