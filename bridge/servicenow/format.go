package servicenow

import (
	"regexp"
	"strings"
	"unicode"
)

// Format checks for the values the bridge puts in queries and paths: each
// returns nil or an *FormatError wrapping ErrBadFormat that says what the
// format is. A value checked here is also safe in an encoded query.

var (
	sysIDRE = regexp.MustCompile(`^[0-9a-f]{32}$`)
	tableRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,79}$`)
	e164RE  = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

// CheckSysID accepts a record's sys_id: 32 lowercase hexadecimal digits
// (the format of the sys_ids in the docs' samples, e.g. agent-api.md).
func CheckSysID(id string) error {
	if !sysIDRE.MatchString(id) {
		return &FormatError{What: "sys_id", Value: id, Reason: "a sys_id is 32 lowercase hexadecimal digits", Kind: ErrBadFormat}
	}
	return nil
}

// CheckTable accepts a table name: lowercase letters, digits and "_",
// starting with a letter, at most 80 long (sys_db_object names).
func CheckTable(name string) error {
	if !tableRE.MatchString(name) {
		return &FormatError{What: "table name", Value: name, Reason: "a table name is lowercase letters, digits and _", Kind: ErrBadFormat}
	}
	return nil
}

// CheckE164 accepts a phone number in E.164: "+", a country code and at
// most 15 digits in all (ITU-T E.164), as the openframe API asks for
// userPhoneNumber (api-reference/rest-apis/openframe-api.md).
func CheckE164(n string) error {
	if !e164RE.MatchString(n) {
		return &FormatError{What: "phone number", Value: n, Reason: "a number in E.164 is + and 7 to 15 digits", Kind: ErrBadFormat}
	}
	return nil
}

// CheckUserName accepts a sys_user user_name: 1 to 100 letters, digits and
// . _ - @ ' + (the characters of login names and e-mail addresses), nothing
// that could end a query condition.
func CheckUserName(name string) error {
	bad := name == "" || len(name) > 100 || strings.IndexFunc(name, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-@'+", r))
	}) >= 0
	if bad {
		return &FormatError{What: "user name", Value: name, Reason: "a user name is 1 to 100 letters, digits and . _ - @ ' +", Kind: ErrBadFormat}
	}
	return nil
}

// CheckCallID accepts an external call id (a VCC interaction id, a UUID):
// 1 to 64 letters, digits, "-" and "_".
func CheckCallID(id string) error {
	bad := id == "" || len(id) > 64 || strings.IndexFunc(id, func(r rune) bool {
		return !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-' || r == '_')
	}) >= 0
	if bad {
		return &FormatError{What: "call id", Value: id, Reason: "a call id is 1 to 64 ASCII letters, digits, - and _", Kind: ErrBadFormat}
	}
	return nil
}
