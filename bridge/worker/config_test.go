//go:build !js

package worker

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/wasm/api"
)

func fullConfig() bridge.Config {
	return bridge.Config{
		InstanceURL: "https://acme.service-now.com", VCCAuthURL: "https://emea.cc.vonage.com/Auth",
		VCCAPIURL: "https://emea.api.cc.vonage.com", VCCClientID: "connector", VCCAudience: "https://api.cc.vonage.com",
		SNUser: "vcc.integration", SNPassword: "pw", SNClientID: "client", SNClientSecret: "client-secret",
		VCCBridgeClientID: "bridge", VCCBridgeSecret: "bridge-secret", VCCAccountKey: "acme1",
		PublicURL: "https://bridge.acme.workers.dev", WebhookSecret: "c2VjcmV0",
	}
}

func TestConfig(t *testing.T) {
	cases := []struct {
		name    string
		change  func(vars map[string]string)
		want    func(cfg *bridge.Config)
		missing []string
		wantErr string
	}{
		{name: "every setting", change: func(map[string]string) {}, want: func(*bridge.Config) {}},
		{name: "trailing slashes and spaces trimmed from URLs",
			change: func(v map[string]string) {
				v[EnvInstanceURL] = " https://acme.service-now.com/ "
				v[EnvPublicURL] = "https://bridge.acme.workers.dev/"
			},
			want: func(*bridge.Config) {}},
		{name: "Basic auth to ServiceNow: no OAuth client",
			change: func(v map[string]string) { delete(v, EnvSNClientID); delete(v, EnvSNClientSecret) },
			want:   func(c *bridge.Config) { c.SNClientID, c.SNClientSecret = "", "" }},
		{name: "missing settings are all named",
			change: func(v map[string]string) {
				delete(v, EnvPublicURL)
				delete(v, EnvWebhookSecret)
				v[EnvVCCClientID] = "  "
			},
			missing: []string{EnvVCCClientID, EnvPublicURL, EnvWebhookSecret}},
		{name: "per-queue rules",
			change: func(v map[string]string) {
				v[EnvRules] = `{"queues":{"support":{"kind":"csm","callers":"contacts"}}}`
			},
			want: func(c *bridge.Config) {
				c.Rules = records.Rules{Queues: map[string]records.QueueRule{"support": {Kind: records.CSM, Callers: records.CallersContacts}},
					Default: records.QueueRule{Kind: records.ITSM}, Region: "US"}
			}},
		{name: "presence mapping",
			change: func(v map[string]string) {
				v[EnvPresence] = `{"toAWA":{"Ready":"Available","Away":"Away","ExtendedAway":"Away","LoggedOut":"Offline"},"toVCC":{"Available":"Ready"}}`
			},
			want: func(c *bridge.Config) {
				c.Presence = api.PresenceMap{ToAWA: map[string]string{"Ready": "Available", "Away": "Away", "ExtendedAway": "Away", "LoggedOut": "Offline"},
					ToVCC: map[string]string{"Available": "Ready"}}
			}},
		{name: "presence mapping that cannot be read",
			change:  func(v map[string]string) { v[EnvPresence] = `{"toAWA":{}}` },
			wantErr: "VCCNOW_PRESENCE: presence mapping: toAWA has no state"},
		{name: "dead-letter age",
			change: func(v map[string]string) { v[EnvDeadLetterAge] = "2d" },
			want:   func(c *bridge.Config) { c.DeadLetterAge = 48 * time.Hour }},
		{name: "dead-letter age that cannot be read",
			change:  func(v map[string]string) { v[EnvDeadLetterAge] = "5m" },
			wantErr: `VCCNOW_DEAD_LETTER_AFTER: dead-letter-after "5m"`},
		{name: "rules that cannot be read",
			change:  func(v map[string]string) { v[EnvRules] = `{"queues":{"support":{"kind":"b2b"}}}` },
			wantErr: `VCCNOW_RULES: rules: queue "support": kind "b2b"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vars := Vars(fullConfig())
			tc.change(vars)
			got, err := Config(func(name string) string { return vars[name] })
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			if tc.missing != nil {
				require.Error(t, err)
				for _, name := range tc.missing {
					assert.Contains(t, err.Error(), name)
				}
				assert.Contains(t, err.Error(), "wrangler secret put")
				return
			}
			require.NoError(t, err)
			want := fullConfig()
			tc.want(&want)
			assert.Equal(t, want, got)
		})
	}
}

// wrangler.jsonc deploys what the tests run: the bundle's entry point, the
// same compatibility date and D1 binding, a cron trigger, and every
// required setting as a var or a documented secret, no secret as a var.
func TestWranglerConfig(t *testing.T) {
	raw, err := os.ReadFile("wrangler.jsonc")
	require.NoError(t, err)
	var lines []string
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") {
			lines = append(lines, line)
		}
	}
	var w struct {
		Main              string `json:"main"`
		CompatibilityDate string `json:"compatibility_date"`
		D1                []struct {
			Binding string `json:"binding"`
		} `json:"d1_databases"`
		Triggers struct {
			Crons []string `json:"crons"`
		} `json:"triggers"`
		Vars   map[string]string `json:"vars"`
		Assets struct {
			Directory string `json:"directory"`
		} `json:"assets"`
	}
	require.NoError(t, json.Unmarshal([]byte(strings.Join(lines, "\n")), &w), "wrangler.jsonc without its comment lines is JSON")
	assert.Equal(t, "../../.build/worker/"+BundleMain, w.Main)
	assert.Equal(t, "../../.build/worker/"+BundleAssets, w.Assets.Directory)
	assert.Equal(t, CompatibilityDate, w.CompatibilityDate)
	require.Len(t, w.D1, 1)
	assert.Equal(t, DBBinding, w.D1[0].Binding)
	assert.NotEmpty(t, w.Triggers.Crons)
	for _, name := range required {
		_, isVar := w.Vars[name]
		assert.True(t, isVar || slices.Contains(Secrets, name), "%s is neither a var nor a secret", name)
	}
	for _, name := range Secrets {
		assert.NotContains(t, w.Vars, name, "a secret in wrangler.jsonc")
		assert.Contains(t, string(raw), name, "the secret is not documented in wrangler.jsonc")
	}
}
