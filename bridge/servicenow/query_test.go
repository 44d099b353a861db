package servicenow

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuery(t *testing.T) {
	cases := []struct {
		name string
		q    *Query
		want string
	}{
		{"and or order", Where("active", "=", "true").And("caller_id.phone", "=", "+14155550100").Or("caller_id.mobile_phone", "=", "+14155550100").OrderByDesc("sys_updated_on"),
			"active=true^caller_id.phone=+14155550100^ORcaller_id.mobile_phone=+14155550100^ORDERBYDESCsys_updated_on"},
		{"new query", Where("a", "=", "1").NewQuery("b", "=", "2"), "a=1^NQb=2"},
		{"any of", Where("active", "=", "true").AndAnyOf(Cond{Field: "phone", Op: "STARTSWITH", Value: "(415) 555-0201"}, Cond{Field: "mobile_phone", Op: "STARTSWITH", Value: "+1 415-555-0201"}),
			"active=true^phoneSTARTSWITH(415) 555-0201^ORmobile_phoneSTARTSWITH+1 415-555-0201"},
		{"date time", Where("sys_created_on", ">=", "2026-01-02 03:04:05"), "sys_created_on>=2026-01-02 03:04:05"},
		{"empty ops drop value", Where("closed_at", "ISEMPTY", "x"), "closed_atISEMPTY"},
		{"in", Where("state", "IN", "1,2"), "stateIN1,2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.q.Encode()
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestQueryRejects(t *testing.T) {
	for name, q := range map[string]*Query{
		"field injection":  Where("active=true^ORsys_id", "=", "x"),
		"two dots":         Where("a.b.c", "=", "x"),
		"bad operator":     Where("a", "SOUNDSLIKE", "x"),
		"line break value": Where("a", "=", "x\ny"),
		"caret value":      Where("short_description", "LIKE", "a^ORactive=false"),
		"tab value":        Where("a", "=", "x\ty"),
		"script value":     Where("caller_id", "=", " JavaScript:gs.getUserID()"),
		"caret in any of":  Where("active", "=", "true").AndAnyOf(Cond{Field: "phone", Op: "=", Value: "1^NQactive=false"}),
		"bad order field":  Where("a", "=", "x").OrderBy("b^c"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := q.Encode()
			assert.ErrorIs(t, err, ErrUnsafeQuery)
		})
	}
}
