package servicenow

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormatChecks(t *testing.T) {
	cases := []struct {
		name  string
		check func(string) error
		value string
		ok    bool
	}{
		{"sys_id", CheckSysID, "46d44a23a9fe19810012d100cca80666", true},
		{"sys_id uppercase", CheckSysID, "46D44A23A9FE19810012D100CCA80666", false},
		{"sys_id short", CheckSysID, "46d44a23", false},
		{"sys_id with a query", CheckSysID, "46d44a23a9fe19810012d100cca8066^", false},
		{"table", CheckTable, "sn_customerservice_case", true},
		{"table with a dot", CheckTable, "incident.caller_id", false},
		{"e164", CheckE164, "+14155550201", true},
		{"e164 national", CheckE164, "4155550201", false},
		{"e164 too long", CheckE164, "+1415555020112345", false},
		{"user name", CheckUserName, "beth.anglin", true},
		{"user name e-mail", CheckUserName, "o'neil+cti@example.com", true},
		{"user name caret", CheckUserName, "beth^ORactive=true", false},
		{"user name space", CheckUserName, "beth anglin", false},
		{"call id", CheckCallID, "1371f451-116a-4abc-8869-bc678ef67070", true},
		{"call id with a query", CheckCallID, "1371f451^ORtype=chat", false},
		{"call id empty", CheckCallID, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.check(tc.value)
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrBadFormat)
			}
		})
	}
}
