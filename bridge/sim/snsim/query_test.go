package snsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func cond(field string, op Operator, value string) Condition {
	return Condition{Field: field, Op: op, Value: value}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  Query
	}{
		{"empty", "", Query{}},
		{"equals", "active=true", Query{Alternatives: []Conjunction{{{cond("active", OpEquals, "true")}}}}},
		{"equals empty value", "phone=", Query{Alternatives: []Conjunction{{{cond("phone", OpEquals, "")}}}}},
		{"value holding operators", "short_description=a=b<c", Query{Alternatives: []Conjunction{{{cond("short_description", OpEquals, "a=b<c")}}}}},
		{"and", "active=true^state!=7", Query{Alternatives: []Conjunction{{
			{cond("active", OpEquals, "true")}, {cond("state", OpNotEquals, "7")},
		}}}},
		{"or binds tighter than and", "active=true^phone=+1^ORmobile_phone=+1^ORhome_phone=+1", Query{Alternatives: []Conjunction{{
			{cond("active", OpEquals, "true")},
			{cond("phone", OpEquals, "+1"), cond("mobile_phone", OpEquals, "+1"), cond("home_phone", OpEquals, "+1")},
		}}}},
		{"new query", "state=1^NQstate=2^priority<=2", Query{Alternatives: []Conjunction{
			{{cond("state", OpEquals, "1")}},
			{{cond("state", OpEquals, "2")}, {cond("priority", OpLessOrEqual, "2")}},
		}}},
		{"order by", "active=true^ORDERBYnumber^ORDERBYDESCcategory", Query{
			Alternatives: []Conjunction{{{cond("active", OpEquals, "true")}}},
			OrderBy:      []Order{{Field: "number"}, {Field: "category", Desc: true}},
		}},
		{"order by alone", "ORDERBYDESCsys_created_on", Query{OrderBy: []Order{{Field: "sys_created_on", Desc: true}}}},
		{"dot-walk", "caller_id.user_name=beth.anglin", Query{Alternatives: []Conjunction{{{cond("caller_id.user_name", OpEquals, "beth.anglin")}}}}},
		{"every operator", "a=1^b!=2^cLIKEx^dNOT LIKEy^eSTARTSWITHs^fENDSWITHt^gIN1,2^hNOT IN3^iISEMPTY^jISNOTEMPTY^kANYTHING^l<1^m<=2^n>3^o>=4",
			Query{Alternatives: []Conjunction{{
				{cond("a", OpEquals, "1")}, {cond("b", OpNotEquals, "2")}, {cond("c", OpLike, "x")}, {cond("d", OpNotLike, "y")},
				{cond("e", OpStartsWith, "s")}, {cond("f", OpEndsWith, "t")}, {cond("g", OpIn, "1,2")}, {cond("h", OpNotIn, "3")},
				{cond("i", OpIsEmpty, "")}, {cond("j", OpIsNotEmpty, "")}, {cond("k", OpAnything, "")},
				{cond("l", OpLess, "1")}, {cond("m", OpLessOrEqual, "2")}, {cond("n", OpGreater, "3")}, {cond("o", OpGreaterOrEqual, "4")},
			}}}},
		{"escaped caret", "short_descriptionLIKEa^^b^active=true", Query{Alternatives: []Conjunction{{
			{cond("short_description", OpLike, "a^b")}, {cond("active", OpEquals, "true")},
		}}}},
		{"invalid parts ignored", "garbage^active=true^=x^Active=true^activeISEMPTYx^ORDERBY^^EQ", Query{Alternatives: []Conjunction{{
			{cond("active", OpEquals, "true")},
		}}}},
		{"leading OR starts a term", "ORstate=1", Query{Alternatives: []Conjunction{{{cond("state", OpEquals, "1")}}}}},
		{"multi-level dot-walk", "request_item.requested_for.phoneSTARTSWITH(415)", Query{Alternatives: []Conjunction{{{cond("request_item.requested_for.phone", OpStartsWith, "(415)")}}}}},
		{"too deep a dot-walk", "a.b.c.d.e.f.g=1", Query{}},
		{"empty link in a dot-walk", "a..b=1", Query{}},
		{"empty new query ignored", "NQ^state=1", Query{Alternatives: []Conjunction{{{cond("state", OpEquals, "1")}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ParseQuery(tc.query))
		})
	}
}

func TestQueryFields(t *testing.T) {
	q := ParseQuery("state=1^ORstate=2^caller_id.name=x^NQstate=3^ORDERBYnumber")
	assert.Equal(t, []string{"state", "caller_id.name", "number"}, q.Fields())
}

func TestOperatorString(t *testing.T) {
	tests := []struct {
		op   Operator
		want string
	}{
		{OpEquals, "="}, {OpNotLike, "NOT LIKE"}, {OpIsNotEmpty, "ISNOTEMPTY"}, {OpGreaterOrEqual, ">="}, {Operator(0), "UNKNOWN"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.op.String())
		})
	}
}

// FuzzParseQuery feeds garbage to the parser and the evaluator: neither may
// panic, and parsing is deterministic.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "^", "^^", "^OR", "^NQ", "ORDERBY", "a=b^ORc!=d^NQeLIKEf^ORDERBYDESCg",
		"caller_id.user_name=beth.anglin", "stateIN1,2,3", "a.b.c=1", "x<2024-01-01 00:00:00", "n>=NaN",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		assert.Equal(t, q, ParseQuery(s))
		value := func(field string) string { return field }
		q.Match(value)
		q.Restrict(func(field string) bool { return len(field)%2 == 0 }).Match(value)
		q.Compare(value, func(string) string { return s })
	})
}
