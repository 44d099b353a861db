package servicenow

import (
	"fmt"
	"strings"
	"unicode"
)

// Query builds an encoded query (sysparm_query):
//
//	servicenow.Where("active", "=", "true").AndAnyOf(
//		servicenow.Cond{"caller_id.phone", "STARTSWITH", "(415) 555-0201"},
//		servicenow.Cond{"caller_id.mobile_phone", "STARTSWITH", "(415) 555-0201"},
//	).OrderByDesc("sys_updated_on")
//
// gives active=true^caller_id.phoneSTARTSWITH(415) 555-0201^ORcaller_id.mobile_phoneSTARTSWITH(415) 555-0201^ORDERBYDESCsys_updated_on.
// ServiceNow documents no escape for values (rest-api-explorer/c_RESTAPI.md,
// sysparm_query; platform-user-interface/r_OpAvailableFiltersQueries.md), so
// values are checked instead: one holding a caret (it would start a new
// condition), a control character such as a line break, or a script
// ("javascript:", which the instance would run) is refused, and the query
// reports the first such error from Encode, as an *FormatError wrapping
// ErrUnsafeQuery. Field names are checked too: letters, digits, "_" and one
// "." (one dot-walk). Operators are those of the documented list.
type Query struct {
	parts []string
	err   error
}

// Cond is one condition.
type Cond struct{ Field, Op, Value string }

// Where starts a query with one condition.
func Where(field, op, value string) *Query { return (&Query{}).add("", field, op, value) }

// And adds a condition that must also hold.
func (q *Query) And(field, op, value string) *Query { return q.add("^", field, op, value) }

// Or adds an alternative to the previous condition (^OR binds tighter than
// ^: a^b^ORc is a and (b or c)).
func (q *Query) Or(field, op, value string) *Query { return q.add("^OR", field, op, value) }

// AndAnyOf adds a group of alternatives that must hold: ^c1^ORc2^OR…
// With no conditions the query matches nothing more than before; callers
// pass at least one.
func (q *Query) AndAnyOf(conds ...Cond) *Query {
	for i, c := range conds {
		join := "^OR"
		if i == 0 {
			join = "^"
		}
		q.add(join, c.Field, c.Op, c.Value)
	}
	return q
}

// NewQuery starts a new alternative group (^NQ): records matching either
// group are returned.
func (q *Query) NewQuery(field, op, value string) *Query { return q.add("^NQ", field, op, value) }

// OrderBy sorts ascending by field.
func (q *Query) OrderBy(field string) *Query { return q.order("ORDERBY", field) }

// OrderByDesc sorts descending by field.
func (q *Query) OrderByDesc(field string) *Query { return q.order("ORDERBYDESC", field) }

// operators are the encoded-query operators the bridge may use
// (platform-user-interface/r_OpAvailableFiltersQueries.md).
var operators = map[string]bool{
	"=": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true, "LIKE": true, "NOT LIKE": true,
	"STARTSWITH": true, "ENDSWITH": true, "IN": true, "NOT IN": true, "ISEMPTY": true, "ISNOTEMPTY": true,
}

// maxValue bounds one value; longer ones are refused.
const maxValue = 512

func (q *Query) add(join, field, op, value string) *Query {
	if q.err != nil {
		return q
	}
	if !validField(field) {
		q.err = &FormatError{What: "query field", Value: field, Reason: "a field is letters, digits and _, with at most one dot-walk", Kind: ErrUnsafeQuery}
		return q
	}
	if !operators[op] {
		q.err = &FormatError{What: "query operator", Value: op, Reason: "not an operator the bridge uses", Kind: ErrUnsafeQuery}
		return q
	}
	if op == "ISEMPTY" || op == "ISNOTEMPTY" {
		value = ""
	}
	if err := CheckQueryValue(field, value); err != nil {
		q.err = err
		return q
	}
	if len(q.parts) == 0 {
		join = ""
	}
	q.parts = append(q.parts, join+field+op+value)
	return q
}

// CheckQueryValue returns an *FormatError (ErrUnsafeQuery) when value could
// break out of its condition in an encoded query on field.
func CheckQueryValue(field, value string) error {
	refuse := func(reason string) error {
		return &FormatError{What: "query value for " + field, Value: value, Reason: reason, Kind: ErrUnsafeQuery}
	}
	switch {
	case len(value) > maxValue:
		return refuse(fmt.Sprintf("longer than %d bytes", maxValue))
	case strings.Contains(value, "^"):
		return refuse("a caret would start another condition")
	case strings.IndexFunc(value, unicode.IsControl) >= 0:
		return refuse("holds a control character such as a line break")
	case strings.HasPrefix(strings.ToLower(strings.TrimSpace(value)), "javascript:"):
		return refuse("the instance would run it as a script")
	}
	return nil
}

func (q *Query) order(kw, field string) *Query {
	if q.err == nil && !validField(field) {
		q.err = &FormatError{What: "order field", Value: field, Reason: "a field is letters, digits and _, with at most one dot-walk", Kind: ErrUnsafeQuery}
	}
	if q.err == nil {
		sep := "^"
		if len(q.parts) == 0 {
			sep = ""
		}
		q.parts = append(q.parts, sep+kw+field)
	}
	return q
}

// Encode returns the encoded query, or the first error made building it.
func (q *Query) Encode() (string, error) {
	if q.err != nil {
		return "", q.err
	}
	return strings.Join(q.parts, ""), nil
}

// String is Encode without the error, for logs.
func (q *Query) String() string {
	s, err := q.Encode()
	if err != nil {
		return "invalid query: " + err.Error()
	}
	return s
}

func validField(f string) bool {
	if f == "" || strings.Count(f, ".") > 1 || strings.HasPrefix(f, ".") || strings.HasSuffix(f, ".") {
		return false
	}
	for _, r := range f {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}
