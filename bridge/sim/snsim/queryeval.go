package snsim

import (
	"strconv"
	"strings"
	"time"
)

// A query is evaluated against a record through a value function that
// returns a field's value (following one dot-walk), so that this file knows
// nothing about tables or the DB.

// Restrict returns the query without the conditions and sort keys whose
// field known rejects: ServiceNow ignores the invalid parts of a query. A
// term or alternative left empty is dropped; a query left without
// alternatives matches every record.
func (q Query) Restrict(known func(field string) bool) Query {
	var out Query
	for _, alt := range q.Alternatives {
		var conj Conjunction
		for _, term := range alt {
			var t Term
			for _, c := range term {
				if known(c.Field) {
					t = append(t, c)
				}
			}
			if len(t) > 0 {
				conj = append(conj, t)
			}
		}
		if len(conj) == 0 {
			// Every condition of this alternative was invalid: it matches
			// every record, and so does the whole query.
			return Query{OrderBy: restrictOrder(q.OrderBy, known)}
		}
		out.Alternatives = append(out.Alternatives, conj)
	}
	out.OrderBy = restrictOrder(q.OrderBy, known)
	return out
}

func restrictOrder(orders []Order, known func(string) bool) []Order {
	var out []Order
	for _, o := range orders {
		if known(o.Field) {
			out = append(out, o)
		}
	}
	return out
}

// Match reports whether the record whose fields value returns matches.
func (q Query) Match(value func(field string) string) bool {
	if len(q.Alternatives) == 0 {
		return true
	}
	for _, alt := range q.Alternatives {
		if alt.match(value) {
			return true
		}
	}
	return false
}

func (c Conjunction) match(value func(string) string) bool {
	for _, term := range c {
		if !term.match(value) {
			return false
		}
	}
	return true
}

func (t Term) match(value func(string) string) bool {
	for _, c := range t {
		if c.Match(value(c.Field)) {
			return true
		}
	}
	return false
}

// Match reports whether a field value v satisfies the condition. Values
// compare case-sensitively, as api-reference/rest-apis/c_TableAPI.md says of
// sysparm_query ("Column names, operators, and values are case-sensitive").
func (c Condition) Match(v string) bool {
	switch c.Op {
	case OpEquals:
		return v == c.Value
	case OpNotEquals:
		return v != c.Value
	case OpLike:
		return strings.Contains(v, c.Value)
	case OpNotLike:
		return !strings.Contains(v, c.Value)
	case OpStartsWith:
		return strings.HasPrefix(v, c.Value)
	case OpEndsWith:
		return strings.HasSuffix(v, c.Value)
	case OpIn:
		return inList(v, c.Value)
	case OpNotIn:
		return !inList(v, c.Value)
	case OpIsEmpty:
		return v == ""
	case OpIsNotEmpty:
		return v != ""
	case OpAnything:
		return true
	case OpLess:
		return v != "" && compareValues(v, c.Value) < 0
	case OpLessOrEqual:
		return v != "" && compareValues(v, c.Value) <= 0
	case OpGreater:
		return v != "" && compareValues(v, c.Value) > 0
	case OpGreaterOrEqual:
		return v != "" && compareValues(v, c.Value) >= 0
	}
	return false
}

func inList(v, list string) bool {
	for _, item := range strings.Split(list, ",") {
		if v == item {
			return true
		}
	}
	return false
}

// Compare orders two records by the query's sort keys: negative when a
// comes first, positive when b does, 0 when the keys tie (or there are
// none; callers sort stably).
func (q Query) Compare(a, b func(field string) string) int {
	for _, o := range q.OrderBy {
		c := compareValues(a(o.Field), b(o.Field))
		if o.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// compareValues compares as numbers when both values are numbers, as
// date-times when both are dates, and as text otherwise.
func compareValues(a, b string) int {
	if x, err := strconv.ParseFloat(a, 64); err == nil {
		if y, err := strconv.ParseFloat(b, 64); err == nil {
			return compareOrdered(x, y)
		}
	}
	if x, ok := parseDateTime(a); ok {
		if y, ok := parseDateTime(b); ok {
			return x.Compare(y)
		}
	}
	return strings.Compare(a, b)
}

func compareOrdered(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// parseDateTime reads the Table API's date-time and date formats (UTC).
func parseDateTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
