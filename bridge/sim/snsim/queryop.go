package snsim

import "strings"

// Operator is a condition's operator in an encoded query.
//
// Reference: platform-user-interface/r_OpAvailableFiltersQueries.md and
// api-reference/rest-apis/c_TableAPI.md (=, !=, LIKE, STARTSWITH, ENDSWITH,
// ^, ^OR, ORDERBY, ORDERBYDESC; values are case-sensitive).
type Operator int

// The operators the simulator evaluates.
const (
	// OpEquals matches the exact value (case-sensitive).
	OpEquals Operator = iota + 1
	// OpNotEquals matches any other value, empty included.
	OpNotEquals
	// OpLike matches values containing the text.
	OpLike
	// OpNotLike matches values not containing the text.
	OpNotLike
	// OpStartsWith matches values beginning with the text.
	OpStartsWith
	// OpEndsWith matches values ending with the text.
	OpEndsWith
	// OpIn matches one of a comma-separated list of values.
	OpIn
	// OpNotIn matches none of a comma-separated list of values.
	OpNotIn
	// OpIsEmpty matches an empty value.
	OpIsEmpty
	// OpIsNotEmpty matches a non-empty value.
	OpIsNotEmpty
	// OpAnything matches every record.
	OpAnything
	// OpLess and the three after it compare numbers when both sides are
	// numbers, date-times when both are dates ("2006-01-02 15:04:05" or
	// "2006-01-02"), text otherwise; an empty value never matches them.
	OpLess
	// OpLessOrEqual is <=.
	OpLessOrEqual
	// OpGreater is >.
	OpGreater
	// OpGreaterOrEqual is >=.
	OpGreaterOrEqual
)

// operatorTokens maps each operator to its encoded-query spelling, longest
// spellings first so that parsing takes "NOT LIKE" before "LIKE" and "<="
// before "<".
var operatorTokens = []struct {
	op    Operator
	token string
}{
	{OpIsNotEmpty, "ISNOTEMPTY"},
	{OpStartsWith, "STARTSWITH"},
	{OpIsEmpty, "ISEMPTY"},
	{OpAnything, "ANYTHING"},
	{OpNotLike, "NOT LIKE"},
	{OpEndsWith, "ENDSWITH"},
	{OpNotIn, "NOT IN"},
	{OpLike, "LIKE"},
	{OpIn, "IN"},
	{OpNotEquals, "!="},
	{OpLessOrEqual, "<="},
	{OpGreaterOrEqual, ">="},
	{OpEquals, "="},
	{OpLess, "<"},
	{OpGreater, ">"},
}

// String returns the operator as an encoded query spells it.
func (o Operator) String() string {
	for _, t := range operatorTokens {
		if t.op == o {
			return t.token
		}
	}
	return "UNKNOWN"
}

// takesValue reports whether the operator is followed by a value.
func (o Operator) takesValue() bool {
	return o != OpIsEmpty && o != OpIsNotEmpty && o != OpAnything
}

// cutOperator reads the operator at the start of s and returns it with the
// rest of s; false when s starts with no operator.
func cutOperator(s string) (Operator, string, bool) {
	for _, t := range operatorTokens {
		if rest, ok := strings.CutPrefix(s, t.token); ok {
			return t.op, rest, true
		}
	}
	return 0, s, false
}
