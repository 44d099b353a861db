package snsim

import "strings"

// Query is a parsed encoded query, the value of sysparm_query:
//
//	active=true^stateIN1,2^ORcaller_id.user_name=beth.anglin^NQpriority<=2^ORDERBYDESCnumber
//
// "^" joins conditions that must all hold, "^OR" adds an alternative to the
// condition before it (OR binds tighter than AND), and "^NQ" starts a new
// query whose matches are added to the others'. "ORDERBY<field>" and
// "ORDERBYDESC<field>" sort the result, first one first. A literal "^" in a
// value is written "^^". Parts that do not parse are ignored, as ServiceNow
// ignores invalid parts of a query (api-reference/rest-apis/c_TableAPI.md,
// with glide.invalid_query.returns_no_rows at its default, false); "EQ", the
// end marker the condition builder appends, parses as nothing.
//
// Reference: platform-user-interface/c_EncodedQueryStrings.md and
// r_OpAvailableFiltersQueries.md (operators); ^NQ ("new query", a top-level
// OR) appears in the docs' own queries (e.g. api-reference/
// server-api-reference/DecisionTableAPI.md).
type Query struct {
	// Alternatives are the queries joined by ^NQ: a record matches when it
	// matches one of them (or when there are none).
	Alternatives []Conjunction
	// OrderBy lists the sort keys in order.
	OrderBy []Order
}

// Conjunction is a list of terms that must all match.
type Conjunction []Term

// Term is a list of conditions of which one must match (joined by ^OR).
type Term []Condition

// Condition is one field, operator and value, such as "state!=7". Field may
// dot-walk references ("caller_id.user_name", "request_item.requested_for.phone").
type Condition struct {
	Field string
	Op    Operator
	Value string
}

// Order is one sort key.
type Order struct {
	Field string
	Desc  bool
}

// ParseQuery parses an encoded query. It never fails: what it cannot read
// it leaves out.
func ParseQuery(s string) Query {
	var q Query
	var cur Conjunction
	for _, part := range splitQuery(s) {
		if field, ok := strings.CutPrefix(part, "ORDERBYDESC"); ok {
			if validFieldName(field) {
				q.OrderBy = append(q.OrderBy, Order{Field: field, Desc: true})
			}
			continue
		}
		if field, ok := strings.CutPrefix(part, "ORDERBY"); ok {
			if validFieldName(field) {
				q.OrderBy = append(q.OrderBy, Order{Field: field})
			}
			continue
		}
		if rest, ok := strings.CutPrefix(part, "NQ"); ok {
			if len(cur) > 0 {
				q.Alternatives = append(q.Alternatives, cur)
			}
			cur = nil
			part = rest
		}
		or := false
		if rest, ok := strings.CutPrefix(part, "OR"); ok {
			or, part = true, rest
		}
		c, ok := parseCondition(part)
		if !ok {
			continue
		}
		if or && len(cur) > 0 {
			cur[len(cur)-1] = append(cur[len(cur)-1], c)
		} else {
			cur = append(cur, Term{c})
		}
	}
	if len(cur) > 0 {
		q.Alternatives = append(q.Alternatives, cur)
	}
	return q
}

// splitQuery splits an encoded query at each "^", reading "^^" as a literal
// caret.
func splitQuery(s string) []string {
	var parts []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '^' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '^' {
			b.WriteByte('^')
			i++
			continue
		}
		parts = append(parts, b.String())
		b.Reset()
	}
	return append(parts, b.String())
}

// parseCondition reads "<field><operator>[<value>]".
func parseCondition(s string) (Condition, bool) {
	n := 0
	for n < len(s) && isFieldByte(s[n]) {
		n++
	}
	field := s[:n]
	if !validFieldName(field) {
		return Condition{}, false
	}
	op, value, ok := cutOperator(s[n:])
	if !ok || (!op.takesValue() && value != "") {
		return Condition{}, false
	}
	return Condition{Field: field, Op: op, Value: value}, true
}

// validFieldName accepts "name" and dot-walks "reference.name",
// "reference.reference.name" (at most maxDotWalk references).
func validFieldName(f string) bool {
	if f == "" || strings.Count(f, ".") > maxDotWalk || strings.HasPrefix(f, ".") || strings.HasSuffix(f, ".") || strings.Contains(f, "..") {
		return false
	}
	for i := 0; i < len(f); i++ {
		if !isFieldByte(f[i]) {
			return false
		}
	}
	return true
}

// isFieldByte reports whether c may appear in a column name (lower-case
// letters, digits and "_"; "." for dot-walking). Operators are upper-case or
// symbols, so a field name ends where its operator starts.
func isFieldByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.'
}

// Fields lists every field the query reads, conditions and sort keys, each
// once, in order of appearance.
func (q Query) Fields() []string {
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, alt := range q.Alternatives {
		for _, term := range alt {
			for _, c := range term {
				add(c.Field)
			}
		}
	}
	for _, o := range q.OrderBy {
		add(o.Field)
	}
	return out
}
