package records

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRules(t *testing.T) {
	cases := map[string]struct {
		json    string
		wantErr string
		check   func(t *testing.T, r Rules)
	}{
		"empty: the default rule everywhere": {json: `{}`, check: func(t *testing.T, r Rules) {
			assert.Equal(t, ITSM, r.Rule("support").Kind)
			assert.Equal(t, "incident", r.Rule("support").UnknownCaller)
			assert.Equal(t, "US", r.Region)
		}},
		"a CSM queue serves both kinds of customer unless told": {json: `{"queues":{"sales":{"kind":"csm"}}}`, check: func(t *testing.T, r Rules) {
			q := r.Rule("sales")
			assert.Equal(t, CallersBoth, q.Callers)
			assert.Equal(t, "customer_contact", q.UnknownCaller)
			assert.Equal(t, "sales", q.AWAQueue)
		}},
		"a consumers' queue pops a new consumer": {json: `{"queues":{"b2c":{"kind":"csm","callers":"consumers","awaQueue":"b2c_phone"}}}`, check: func(t *testing.T, r Rules) {
			q := r.Rule("b2c")
			assert.Equal(t, "csm_consumer", q.UnknownCaller)
			assert.Equal(t, "b2c_phone", q.AWAQueue)
		}},
		"automation on a CSM queue": {json: `{"queues":{"support":{"kind":"csm","createCase":true,"resolveCase":true}},"default":{"kind":"itsm"},"region":"GB"}`,
			check: func(t *testing.T, r Rules) {
				assert.True(t, r.Rule("support").CreateCase)
				assert.Equal(t, "+442079460000", r.Normalize("020 7946 0000"))
			}},
		"a default without a kind is ITSM": {json: `{"default":{"unknownCaller":"incident"}}`, check: func(t *testing.T, r Rules) {
			assert.Equal(t, QueueRule{Kind: ITSM, UnknownCaller: "incident"}, r.Default)
		}},
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
