package records

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRulesChecked(t *testing.T) {
	long := strings.Repeat("x", 65)
	cases := []struct {
		name    string
		rules   Rules
		wantErr string
	}{
		{"the defaults", DefaultRules(), ""},
		{"the workspace's wrap-up on an ITSM queue", Rules{Queues: map[string]QueueRule{"desk": {Kind: ITSM, WorkspaceWrapUp: true}}}, ""},
		{"codes of its own", Rules{Default: QueueRule{Dispositions: []string{"Fixed", "Escalated"}}}, ""},
		{"an empty code", Rules{Default: QueueRule{Dispositions: []string{""}}}, "default: dispositions: a code is empty"},
		{"a code too long", Rules{Default: QueueRule{Dispositions: []string{long}}}, "longer than 64 characters"},
		{"a code on two lines", Rules{Queues: map[string]QueueRule{"desk": {Kind: ITSM, Dispositions: []string{"a\nb"}}}}, `queue "desk": dispositions: "a\nb" holds a line break`},
		{"a code twice", Rules{Default: QueueRule{Dispositions: []string{"a", "a"}}}, `"a" is listed twice`},
		{"case automation on ITSM", Rules{Queues: map[string]QueueRule{"desk": {Kind: ITSM, CreateCase: true}}}, "apply to csm queues"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.rules.Checked()
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func TestRuleDefaults(t *testing.T) {
	r := DefaultRules()
	assert.Equal(t, QueueRule{Kind: CSM, AWAQueue: "support", UnknownCaller: "customer_contact", Callers: CallersBoth, Dispositions: DefaultDispositions}, r.Rule("support"))
	assert.Equal(t, QueueRule{Kind: ITSM, AWAQueue: "other", UnknownCaller: "incident", Dispositions: DefaultDispositions}, r.Rule("other"))
	assert.Equal(t, "+14155550201", r.Normalize("(415) 555-0201"))
	assert.Equal(t, "", r.Normalize("anonymous"))
	assert.Equal(t, "", Rules{Region: "DE"}.Normalize("01"), "possible in Germany, but too short for E.164")
	assert.Equal(t, "", Rules{Region: "BR"}.Normalize("0030000000"), "+55030000000, which reads as +5530000000")
	assert.Equal(t, "+390612345678", Rules{Region: "IT"}.Normalize("06 1234 5678"), "Italy's leading zero stays")
}

func TestNumbers(t *testing.T) {
	r, err := Rules{Numbers: map[string]string{"(800) 555-0100": "support", "+18005550111": "servicedesk"}}.Checked()
	require.NoError(t, err)
	assert.Equal(t, "support", r.QueueFor("+18005550100"))
	assert.Equal(t, "support", r.QueueFor("800-555-0100"), "however it is written")
	assert.Equal(t, "servicedesk", r.QueueFor("+18005550111"))
	assert.Empty(t, r.QueueFor("+18005550199"))
	assert.Empty(t, r.QueueFor(""))

	for name, numbers := range map[string]map[string]string{
		"not a number": {"support line": "support"},
		"no queue":     {"+18005550100": ""},
		"two queues":   {"+18005550100": "support", "(800) 555-0100": "servicedesk"},
	} {
		_, err := Rules{Numbers: numbers}.Checked()
		assert.Error(t, err, name)
	}
}

func TestAccountDispositions(t *testing.T) {
	assert.Equal(t, DefaultDispositions, Rules{}.AccountDispositions())
	r, err := Rules{Dispositions: []string{"Sold", "No sale"}, Queues: map[string]QueueRule{
		"sales":   {Kind: CSM},
		"renewal": {Kind: CSM, Dispositions: []string{"Renewed"}},
	}}.Checked()
	require.NoError(t, err)
	assert.Equal(t, []string{"Sold", "No sale"}, r.Rule("sales").Dispositions, "a queue offers the account's codes")
	assert.Equal(t, []string{"Renewed"}, r.Rule("renewal").Dispositions, "or narrows them")
	_, err = Rules{Dispositions: []string{"a\nb"}}.Checked()
	assert.Error(t, err)
}
