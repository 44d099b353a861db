//go:build !js

package bridge

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/records"
)

// FuzzParseRules reads any bytes as the rules file: it never panics; rules
// it takes have every queue's rule well-formed (a kind, an unknown-caller
// table of that kind, the account's codes) and their numbers in E.164; and
// writing them back as JSON reads as the same rules.
func FuzzParseRules(f *testing.F) {
	for _, s := range []string{
		`{}`,
		`{"region":"US","default":{"kind":"itsm"},"queues":{"support":{"kind":"csm","callers":"contacts","createCase":true},` +
			`"consumers":{"kind":"csm","callers":"consumers","resolveCase":true,"createRequest":true},"servicedesk":{"kind":"itsm","awaQueue":"it_phone"}}}`,
		`{"queues":{"desk":{"kind":"itsm","workspaceWrapUp":true,"dispositions":["Fixed","Escalated"]}}}`,
		`{"numbers":{"(800) 555-0100":"support","+18005550111":"servicedesk"},"dispositions":["Resolved","Wrong number"]}`,
		`{"region":"GB","numbers":{"020 7946 0000":"uk"}}`,
		`{"queues":{"support":{"kind":"csm","createcases":true}}}`,
		`{"region":"Narnia"}`, `{} {}`, `[]`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRules(data)
		if err != nil {
			assert.NotEmpty(t, err.Error())
			return
		}
		for _, name := range append([]string{"", "some queue"}, keys(r.Queues)...) {
			q := r.Rule(name)
			assert.Contains(t, []string{records.CSM, records.ITSM}, q.Kind, "queue %q", name)
			assert.NotEmpty(t, q.UnknownCaller, "queue %q", name)
			assert.NotEmpty(t, q.Dispositions, "queue %q", name)
		}
		for n := range r.Numbers {
			assert.Equal(t, n, r.Normalize(n), "a rules number is kept in E.164")
		}
		b, err := json.Marshal(r)
		require.NoError(t, err)
		again, err := ParseRules(b)
		require.NoError(t, err, "the rules written back: %s", b)
		b2, err := json.Marshal(again)
		require.NoError(t, err)
		assert.JSONEq(t, string(b), string(b2))
	})
}

// FuzzParsePresence reads any bytes as the presence mapping: it never
// panics; a mapping it takes gives an AWA state for every VCC category and
// reads the same written back as JSON.
func FuzzParsePresence(f *testing.F) {
	full := `"toAWA":{"Ready":"Available","Away":"Away","ExtendedAway":"Away","LoggedOut":"Offline"},"toVCC":{"Available":"Ready"}`
	for _, s := range []string{`{` + full + `}`, `{` + full + `,"colors":{"Available":"green","Away":"orange"}}`, `{` + full + `,"colours":{}}`,
		`{"toAWA":{"Ready":"Available"},"toVCC":{"Available":"Ready"}}`, `{` + full + `,"colors":{"Available":"blue"}}`, `[]`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParsePresence(data)
		if err != nil {
			assert.NotEmpty(t, err.Error())
			return
		}
		for _, c := range []string{"Ready", "Away", "ExtendedAway", "LoggedOut"} {
			state, ok := m.AWAState("", c)
			assert.True(t, ok && strings.TrimSpace(state) != "", "category %s", c)
		}
		assert.NotEmpty(t, m.ToVCC)
		b, err := json.Marshal(m)
		require.NoError(t, err)
		again, err := ParsePresence(b)
		require.NoError(t, err, "the mapping written back: %s", b)
		b2, err := json.Marshal(again)
		require.NoError(t, err)
		assert.JSONEq(t, string(b), string(b2))
	})
}

// FuzzParseRetention: a retention it takes is at least MinRetention, and
// "<n>d" is n days.
func FuzzParseRetention(f *testing.F) {
	for _, s := range []string{"30d", "2d", "720h", "48h", "1d", "0", "-5d", "1.5d", "99999999999d", "", "d", "36500d", "9223372036854775807ns"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := ParseRetention(text)
		if err != nil {
			assert.Zero(t, d)
			return
		}
		assert.GreaterOrEqual(t, d, MinRetention)
		if days, ok := strings.CutSuffix(text, "d"); ok {
			n, err := strconv.Atoi(days)
			require.NoError(t, err)
			assert.Equal(t, time.Duration(n)*24*time.Hour, d)
		}
	})
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
