//go:build !js

package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/records"
)

func TestSettings(t *testing.T) {
	vars := map[string]string{"VCCNOW_INSTANCE_URL": "https://acme.service-now.com", "VCCNOW_SN_PASSWORD": "secret", "VCCNOW_LOG_LEVEL": "warn"}
	getenv := func(k string) string { return vars[k] }
	cases := map[string]struct {
		args    []string
		wantErr string
		check   func(t *testing.T, s settings)
	}{
		"from the environment": {check: func(t *testing.T, s settings) {
			assert.Equal(t, "https://acme.service-now.com", s.cfg.InstanceURL)
			assert.Equal(t, "secret", s.cfg.SNPassword)
			assert.Equal(t, "127.0.0.1:8702", s.listen)
			assert.Equal(t, slog.LevelWarn, s.logLevel)
			assert.Equal(t, 30*24*time.Hour, s.retention, "the default retention")
		}},
		"retention": {args: []string{"-retention", "45d"}, check: func(t *testing.T, s settings) {
			assert.Equal(t, 45*24*time.Hour, s.retention)
		}},
		"retention too short": {args: []string{"-retention", "12h"}, wantErr: `-retention "12h": at least 2 days`},
		"the default dead-letter age": {check: func(t *testing.T, s settings) {
			assert.Equal(t, 24*time.Hour, s.cfg.DeadLetterAge)
		}},
		"dead-letter age": {args: []string{"-dead-letter-after", "3d"}, check: func(t *testing.T, s settings) {
			assert.Equal(t, 72*time.Hour, s.cfg.DeadLetterAge)
		}},
		"reject reason": {args: []string{"-reject-reason", "Not my expertise"}, check: func(t *testing.T, s settings) {
			assert.Equal(t, "Not my expertise", s.cfg.RejectReason)
		}},
		"dead-letter age too short": {args: []string{"-dead-letter-after", "10m"}, wantErr: `-dead-letter-after "10m": write days (1d) or a duration (36h), from 2 hours to a year`},
		"flags over the environment": {args: []string{"-instance", "https://other.service-now.com", "-log-level", "debug"}, check: func(t *testing.T, s settings) {
			assert.Equal(t, "https://other.service-now.com", s.cfg.InstanceURL)
			assert.Equal(t, slog.LevelDebug, s.logLevel)
		}},
		"no secret flags": {args: []string{"-sn-password", "x"}, wantErr: "flag provided but not defined: -sn-password"},
		"bad level":       {args: []string{"-log-level", "loud"}, wantErr: `-log-level "loud": use debug, info, warn or error`},
		"stray arguments": {args: []string{"now"}, wantErr: `unexpected arguments ["now"]`},
		"rules from a file": {args: []string{"-rules", rulesFile(t, `{"queues":{"support":{"kind":"csm","callers":"consumers"}},"region":"GB"}`)},
			check: func(t *testing.T, s settings) {
				assert.Equal(t, "GB", s.cfg.Rules.Region)
				assert.Equal(t, "csm_consumer", s.cfg.Rules.Rule("support").UnknownCaller, "a consumers' queue pops a new consumer")
				assert.Equal(t, records.ITSM, s.cfg.Rules.Rule("other").Kind, "the default rule")
			}},
		"rules that cannot be read": {args: []string{"-rules", rulesFile(t, `{"queues":{"support":{"kind":"csm","callers":"people"}}}`)},
			wantErr: `queue "support": callers "people"`},
		"no rules file": {args: []string{"-rules", "missing.json"}, wantErr: "-rules: open missing.json"},
		"presence mapping from a file": {args: []string{"-presence", rulesFile(t, `{"toAWA":{"Ready":"Available","Away":"Away","ExtendedAway":"Away","LoggedOut":"Offline","Lunch":"Lunch"},"toVCC":{"Available":"Ready","Lunch":"Lunch"}}`)},
			check: func(t *testing.T, s settings) {
				assert.Equal(t, "Lunch", s.cfg.Presence.ToAWA["Lunch"])
			}},
		"presence mapping that cannot be read": {args: []string{"-presence", rulesFile(t, `{"toAWA":{"Ready":"Available"},"toVCC":{"Available":"Ready"}}`)},
			wantErr: "toAWA has no state for the VCC category Away"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := parseSettings("serve", tc.args, getenv, &bytes.Buffer{})
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			tc.check(t, s)
		})
	}
}

func rulesFile(t *testing.T, text string) string {
	path := filepath.Join(t.TempDir(), "rules.json")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

// A command line that cannot be read exits 2 with the reason on stderr.
func TestRunUsageError(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"doctor", "-log-level", "loud"}, func(string) string { return "" }, &out, &errOut)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut.String(), "-log-level")
	assert.Empty(t, out.String())
}
