package servicenow

import (
	"fmt"
	"strings"
)

// Query builds an encoded query (sysparm_query) with values escaped:
//
//	servicenow.Where("active", "=", "true").And("caller_id.phone", "=", n).Or("caller_id.mobile_phone", "=", n).OrderByDesc("sys_updated_on")
//
// A "^" in a value is written "^^", ServiceNow's escape for a literal caret;
// values cannot otherwise break out of their condition. Field names are
// checked: letters, digits, "_" and "." (one dot-walk) only.
type Query struct {
	parts []string
	err   error
}

// Where starts a query with one condition.
func Where(field, op, value string) *Query { return (&Query{}).add("", field, op, value) }

// And adds a condition that must also hold.
func (q *Query) And(field, op, value string) *Query { return q.add("^", field, op, value) }

// Or adds an alternative to the previous condition.
func (q *Query) Or(field, op, value string) *Query { return q.add("^OR", field, op, value) }

// NewQuery starts a new alternative group (^NQ): records matching either
// group are returned.
func (q *Query) NewQuery(field, op, value string) *Query { return q.add("^NQ", field, op, value) }

// OrderBy sorts ascending by field; OrderByDesc descending.
func (q *Query) OrderBy(field string) *Query     { return q.order("ORDERBY", field) }
func (q *Query) OrderByDesc(field string) *Query { return q.order("ORDERBYDESC", field) }

var operators = map[string]bool{
	"=": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true, "LIKE": true, "NOT LIKE": true,
	"STARTSWITH": true, "ENDSWITH": true, "IN": true, "NOT IN": true, "ISEMPTY": true, "ISNOTEMPTY": true,
}

func (q *Query) add(join, field, op, value string) *Query {
	if q.err != nil {
		return q
	}
	if !validField(field) {
		q.err = fmt.Errorf("servicenow: invalid field name %q in query", field)
		return q
	}
	if !operators[op] {
		q.err = fmt.Errorf("servicenow: unknown query operator %q", op)
		return q
	}
	if strings.ContainsAny(value, "\r\n") {
		q.err = fmt.Errorf("servicenow: a query value cannot hold a line break")
		return q
	}
	if op == "ISEMPTY" || op == "ISNOTEMPTY" {
		value = ""
	}
	if len(q.parts) == 0 {
		join = ""
	}
	q.parts = append(q.parts, join+field+op+strings.ReplaceAll(value, "^", "^^"))
	return q
}

func (q *Query) order(kw, field string) *Query {
	if q.err == nil && !validField(field) {
		q.err = fmt.Errorf("servicenow: invalid field name %q in query", field)
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
