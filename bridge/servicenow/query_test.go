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
		{"caret escaped", Where("short_description", "LIKE", "a^ORactive=false"), "short_descriptionLIKEa^^ORactive=false"},
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
		"bad order field":  Where("a", "=", "x").OrderBy("b^c"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := q.Encode()
			assert.Error(t, err)
		})
	}
}
