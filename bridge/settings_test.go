//go:build !js

package bridge

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/records"
)

func TestParseRules(t *testing.T) {
	cases := map[string]struct {
		json    string
		wantErr string
		check   func(t *testing.T, r records.Rules)
	}{
		"empty: the default rule everywhere": {json: `{}`, check: func(t *testing.T, r records.Rules) {
			assert.Equal(t, records.ITSM, r.Rule("support").Kind)
			assert.Equal(t, "incident", r.Rule("support").UnknownCaller)
			assert.Equal(t, "US", r.Region)
		}},
		"a CSM queue serves both kinds of customer unless told": {json: `{"queues":{"sales":{"kind":"csm"}}}`, check: func(t *testing.T, r records.Rules) {
			q := r.Rule("sales")
			assert.Equal(t, records.CallersBoth, q.Callers)
			assert.Equal(t, "customer_contact", q.UnknownCaller)
			assert.Equal(t, "sales", q.AWAQueue)
		}},
		"a consumers' queue pops a new consumer": {json: `{"queues":{"b2c":{"kind":"csm","callers":"consumers","awaQueue":"b2c_phone"}}}`, check: func(t *testing.T, r records.Rules) {
			q := r.Rule("b2c")
			assert.Equal(t, "csm_consumer", q.UnknownCaller)
			assert.Equal(t, "b2c_phone", q.AWAQueue)
		}},
		"automation on a CSM queue": {json: `{"queues":{"support":{"kind":"csm","createCase":true,"resolveCase":true}},"default":{"kind":"itsm"},"region":"GB"}`,
			check: func(t *testing.T, r records.Rules) {
				assert.True(t, r.Rule("support").CreateCase)
				assert.Equal(t, "+442079460000", r.Normalize("020 7946 0000"))
			}},
		"a default without a kind is ITSM": {json: `{"default":{"unknownCaller":"incident"}}`, check: func(t *testing.T, r records.Rules) {
			assert.Equal(t, records.QueueRule{Kind: records.ITSM, UnknownCaller: "incident"}, r.Default)
		}},
		"the workspace's wrap-up with the account's codes": {json: `{"queues":{"desk":{"kind":"itsm","workspaceWrapUp":true,"dispositions":["Fixed","Escalated"]}}}`,
			check: func(t *testing.T, r records.Rules) {
				assert.True(t, r.Rule("desk").WorkspaceWrapUp)
				assert.Equal(t, []string{"Fixed", "Escalated"}, r.Rule("desk").Dispositions)
				assert.False(t, r.Rule("other").WorkspaceWrapUp, "off by default")
				assert.Equal(t, records.DefaultDispositions, r.Rule("other").Dispositions)
			}},
		"a disposition twice":      {json: `{"queues":{"desk":{"kind":"itsm","dispositions":["Fixed","Fixed"]}}}`, wantErr: `queue "desk": dispositions: "Fixed" is listed twice`},
		"an empty disposition":     {json: `{"default":{"dispositions":[" "]}}`, wantErr: `default: dispositions: a code is empty`},
		"workspaceWrapUp not bool": {json: `{"default":{"workspaceWrapUp":"yes"}}`, wantErr: `workspaceWrapUp`},
		"a queue without a kind":   {json: `{"queues":{"support":{"callers":"contacts"}}}`, wantErr: `queue "support": kind "": use "csm" or "itsm"`},
		"an unknown field":         {json: `{"queues":{"support":{"kind":"csm","createcases":true}}}`, wantErr: `unknown field "createcases"`},
		"an unknown kind":          {json: `{"queues":{"support":{"kind":"b2b"}}}`, wantErr: `queue "support": kind "b2b": use "csm" or "itsm"`},
		"callers on an ITSM queue": {json: `{"queues":{"desk":{"kind":"itsm","callers":"contacts"}}}`, wantErr: `queue "desk": callers "contacts"`},
		"a CSM table for ITSM":     {json: `{"default":{"kind":"itsm","unknownCaller":"csm_consumer"}}`, wantErr: `default: unknownCaller "csm_consumer"`},
		"a new contact on a consumers' queue": {json: `{"queues":{"b2c":{"kind":"csm","callers":"consumers","unknownCaller":"customer_contact"}}}`,
			wantErr: `unknownCaller "customer_contact" on a queue that serves consumers`},
		"case automation on ITSM": {json: `{"queues":{"desk":{"kind":"itsm","resolveCase":true}}}`, wantErr: "apply to csm queues"},
		"a bad region":            {json: `{"region":"Narnia"}`, wantErr: `region "Narnia"`},
		"not JSON":                {json: `queues: support`, wantErr: "rules: invalid character"},
		"two values":              {json: `{} {}`, wantErr: "more than one JSON value"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r, err := ParseRules([]byte(tc.json))
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			tc.check(t, r)
		})
	}
}

func TestParsePresence(t *testing.T) {
	full := `"toAWA":{"Ready":"Available","Away":"Away","ExtendedAway":"Away","LoggedOut":"Offline"},"toVCC":{"Available":"Ready"}`
	cases := map[string]string{
		`{` + full + `}`:              "",
		`{` + full + `,"colours":{}}`: `unknown field "colours"`,
		`{"toAWA":{"Ready":"Available"},"toVCC":{"Available":"Ready"}}`:                                                  "toAWA has no state for the VCC category Away",
		`{"toAWA":{"Ready":"Available","Away":"Away","ExtendedAway":"Away","LoggedOut":"Offline"}}`:                      "toVCC is empty",
		`{` + full + `,"colors":{"Available":"blue"}}`:                                                                   `"blue" is not green, orange, red or grey`,
		`{"toAWA":{"Ready":"","Away":"Away","ExtendedAway":"Away","LoggedOut":"Offline"},"toVCC":{"Available":"Ready"}}`: "toAWA has no state for the VCC category Ready",
		`[]`: "presence mapping: json: cannot unmarshal array",
	}
	for in, wantErr := range cases {
		_, err := ParsePresence([]byte(in))
		if wantErr == "" {
			assert.NoError(t, err, in)
			continue
		}
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), wantErr, in)
		}
	}
}

func TestParseRetention(t *testing.T) {
	for text, want := range map[string]time.Duration{
		"30d": 30 * 24 * time.Hour, "2d": 48 * time.Hour, "720h": 720 * time.Hour, "48h": 48 * time.Hour, "90d": 90 * 24 * time.Hour,
	} {
		got, err := ParseRetention(text)
		require.NoError(t, err, text)
		assert.Equal(t, want, got, text)
	}
	for text, wantErr := range map[string]string{
		"1d": "at least 2 days", "24h": "at least 2 days", "0": "at least 2 days", "-5d": "a number of days",
		"thirty days": "a number of days", "d": "a number of days", "1.5d": "a number of days", "99999999999d": "a number of days", "": "a number of days",
	} {
		_, err := ParseRetention(text)
		require.Error(t, err, text)
		assert.Contains(t, err.Error(), wantErr, text)
	}
}
