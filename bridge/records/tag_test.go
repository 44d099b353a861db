package records

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTag(t *testing.T) {
	id := "1371f451-116a-4abc-8869-bc678ef67070"
	cases := []struct{ desc, want string }{
		{"Call from (415) 555-0201 in support " + Tag(id), id},
		{"Follow-up from call IMS0000052 " + Tag(id) + "  ", id},
		{"Call from (415) 555-0201 in support", ""},
		{"[VCC " + id, ""},
		{"", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, CallOf(tc.desc), tc.desc)
	}
	assert.Equal(t, "type=phone^short_descriptionLIKE[VCC "+id+"]", TaggedQuery(id))
}
