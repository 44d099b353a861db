//go:build !js

package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/bridgetest"
)

// envOf is the environment a deployment of env's bridge would have.
func envOf(env *bridgetest.Env) map[string]string {
	c := env.Config()
	return map[string]string{
		"VCCNOW_INSTANCE_URL": c.InstanceURL, "VCCNOW_VCC_AUTH_URL": c.VCCAuthURL, "VCCNOW_VCC_API_URL": c.VCCAPIURL,
		"VCCNOW_VCC_CLIENT_ID": c.VCCClientID, "VCCNOW_SN_USER": c.SNUser, "VCCNOW_SN_PASSWORD": c.SNPassword,
		"VCCNOW_SN_CLIENT_ID": c.SNClientID, "VCCNOW_SN_CLIENT_SECRET": c.SNClientSecret,
		"VCCNOW_VCC_BRIDGE_CLIENT_ID": c.VCCBridgeClientID, "VCCNOW_VCC_BRIDGE_SECRET": c.VCCBridgeSecret,
		"VCCNOW_PUBLIC_URL": c.PublicURL, "VCCNOW_WEBHOOK_SECRET": c.WebhookSecret,
		"VCCNOW_VCC_ACCOUNT_KEY": c.VCCAccountKey,
	}
}

// runDoctor runs `bridge doctor` with vars as its environment and args as
// its flags.
func runDoctor(t *testing.T, vars map[string]string, args ...string) (int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"doctor"}, args...), func(k string) string { return vars[k] }, &out, &errOut)
	require.Empty(t, errOut.String())
	return code, out.String()
}

// statusOf finds a check's line in the report and returns its status.
func statusOf(report, check string) string {
	m := regexp.MustCompile(`(?m)^(PASS|WARN|FAIL)\s+` + regexp.QuoteMeta(check) + `\s`).FindStringSubmatch(report)
	if m == nil {
		return "missing"
	}
	return m[1]
}

// Against the simulators as the dev stack configures them, every check
// passes.
func TestDoctorPasses(t *testing.T) {
	env := bridgetest.Start(t)
	code, report := runDoctor(t, envOf(env))
	t.Logf("bridge doctor:\n%s", report)
	assert.Equal(t, 0, code)
	assert.NotContains(t, report, "FAIL")
	assert.NotContains(t, report, "WARN")
	for _, check := range []string{
		"webhook secret", "public URL", "ServiceNow reachable", "ServiceNow sign-in", "ServiceNow roles",
		"ServiceNow table interaction", "ServiceNow table sn_openframe_phone_log", "ServiceNow table sn_customerservice_case",
		"ServiceNow table incident", "AWA queue for VCC queue support", "AWA queue for VCC queue servicedesk",
		"AWA presence state Available", "AWA presence state Away", "AWA Phone channel", "ServiceNow voice-interaction API",
		"VCC signing keys", "VCC token for interactions:write", "VCC token for admin:write", "VCC account API key", "VCC webhook subscription",
	} {
		assert.Equal(t, "PASS", statusOf(report, check), check)
	}
}

// Each thing a deployment gets wrong fails its check, says what to do, and
// makes the command exit 1.
func TestDoctorFails(t *testing.T) {
	env := bridgetest.Start(t)
	cases := []struct {
		name string
		// vars changes the environment; break changes the world (undone
		// by a reset of the instance).
		vars      map[string]string
		breakIt   func()
		check     string
		wantInFix string
	}{
		{name: "wrong ServiceNow password", vars: map[string]string{"VCCNOW_SN_PASSWORD": "wrong"},
			check: "ServiceNow sign-in", wantInFix: "VCCNOW_SN_PASSWORD"},
		{name: "ServiceNow unreachable", vars: map[string]string{"VCCNOW_INSTANCE_URL": "http://127.0.0.1:1"},
			check: "ServiceNow reachable", wantInFix: "VCCNOW_INSTANCE_URL"},
		{name: "a role missing",
			breakIt: func() {
				for _, r := range env.Records("sys_user_has_role", "user.user_name=vcc.integration^role.name=awa_integration_user") {
					env.AdminREST("DELETE", "/api/now/table/sys_user_has_role/"+r["sys_id"], nil)
				}
			},
			check: "ServiceNow roles", wantInFix: "Grant vcc.integration"},
		{name: "no AWA queue for a VCC queue",
			breakIt: func() {
				q := env.Records("awa_queue", "external_id=support")[0]
				env.AdminREST("PATCH", "/api/now/table/awa_queue/"+q["sys_id"], map[string]string{"external_id": "old-support"})
			},
			check: "AWA queue for VCC queue support", wantInFix: "Provider queue ID"},
		{name: "an AWA presence state renamed",
			breakIt: func() {
				p := env.Records("awa_presence_state", "name=Away")[0]
				env.AdminREST("PATCH", "/api/now/table/awa_presence_state/"+p["sys_id"], map[string]string{"name": "On break"})
			},
			check: "AWA presence state Away", wantInFix: "Create the AWA presence state Away"},
		{name: "wrong VCC API secret", vars: map[string]string{"VCCNOW_VCC_BRIDGE_SECRET": "wrong"},
			check: "VCC token for admin:write", wantInFix: "VCCNOW_VCC_BRIDGE_SECRET"},
		{name: "wrong VCC issuer", vars: map[string]string{"VCCNOW_VCC_AUTH_URL": env.VCCURL + "/Other"},
			check: "VCC signing keys", wantInFix: "-vcc-auth"},
		{name: "subscription to another URL", vars: map[string]string{"VCCNOW_PUBLIC_URL": "http://127.0.0.1:9"},
			check: "VCC webhook subscription", wantInFix: "updates the subscription at start"},
		{name: "no VCC account key", vars: map[string]string{"VCCNOW_VCC_ACCOUNT_KEY": ""},
			check: "VCC account API key", wantInFix: "VCCNOW_VCC_ACCOUNT_KEY"},
		{name: "short webhook secret", vars: map[string]string{"VCCNOW_WEBHOOK_SECRET": "c2hvcnQ="},
			check: "webhook secret", wantInFix: "32 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vars := envOf(env)
			for k, v := range tc.vars {
				vars[k] = v
			}
			if tc.breakIt != nil {
				tc.breakIt()
				t.Cleanup(env.ResetServiceNow)
			}
			code, report := runDoctor(t, vars)
			assert.Equal(t, 1, code, report)
			assert.Equal(t, "FAIL", statusOf(report, tc.check), report)
			assert.Contains(t, fixOf(report, tc.check), tc.wantInFix, report)
		})
	}
}

// fixOf returns the "→ what to do" line under a check's line.
func fixOf(report, check string) string {
	lines := strings.Split(report, "\n")
	for i, l := range lines {
		if strings.Contains(l, "  "+check+"  ") && i+1 < len(lines) && strings.Contains(lines[i+1], "→") {
			return lines[i+1]
		}
	}
	return ""
}
