package snsim

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
)

// fields makes a value function from a record; dotted names are looked up
// as they are, standing for a dot-walk's result.
func fields(r Record) func(string) string { return func(f string) string { return r[f] } }

func TestQueryMatch(t *testing.T) {
	rec := Record{
		"active": "true", "state": "2", "priority": "10", "number": "INC0000101",
		"short_description": "Printer on fire", "phone": "+14155550111", "mobile_phone": "",
		"opened_at": "2024-05-01 09:30:00", "caller_id.user_name": "david.miller", "category": "b^c",
	}
	tests := []struct {
		query string
		want  bool
	}{
		{"", true},
		{"active=true", true},
		{"active=True", false},
		{"active!=true", false},
		{"mobile_phone!=x", true},
		{"short_descriptionLIKEPrinter", true},
		{"short_descriptionLIKEprinter", false}, // values are case-sensitive (c_TableAPI.md)
		{"short_descriptionLIKEscanner", false},
		{"short_descriptionNOT LIKEscanner", true},
		{"short_descriptionNOT LIKEfire", false},
		{"short_descriptionNOT LIKEFIRE", true},
		{"numberSTARTSWITHINC", true},
		{"numberSTARTSWITHinc", false},
		{"numberENDSWITH0101", true},
		{"numberENDSWITH0102", false},
		{"stateIN1,2", true},
		{"stateIN1,3", false},
		{"stateNOT IN6,7", true},
		{"stateNOT IN2", false},
		{"mobile_phoneISEMPTY", true},
		{"phoneISEMPTY", false},
		{"phoneISNOTEMPTY", true},
		{"nameANYTHING", true},
		// Numbers compare as numbers: "10" > "9", though not as text.
		{"priority>9", true},
		{"priority<9", false},
		{"priority>=10", true},
		{"priority<=10", true},
		{"priority<10", false},
		{"mobile_phone<9", false},
		{"opened_at>2024-04-30 23:59:59", true},
		{"opened_at<2024-05-01", false},
		{"opened_at>=2024-05-01", true},
		{"numberINC0000101", false},
		{"caller_id.user_name=david.miller", true},
		{"active=true^state=1", false},
		{"active=true^state=1^ORstate=2", true},
		{"state=1^ORstate=3^active=true", false},
		{"state=1^NQactive=true", true},
		{"state=1^NQactive=false", false},
		{"phone=+14155550199^ORmobile_phone=+14155550111^ORphone=+14155550111", true},
		{"category=b^^c", true},
		{"garbage^active=true", true},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			assert.Equal(t, tc.want, ParseQuery(tc.query).Match(fields(rec)))
		})
	}
}

func TestQueryRestrict(t *testing.T) {
	known := func(f string) bool { return f != "bogus" && f != "bogus.name" }
	rec := Record{"state": "1"}
	tests := []struct {
		name  string
		query string
		want  bool
	}{
		{"invalid condition ignored", "bogus=1^state=1", true},
		{"invalid OR branch ignored", "state=2^ORbogus=1", false},
		{"only invalid conditions match all", "bogus=1", true},
		{"an all-invalid alternative matches all", "state=2^NQbogus.name=x", true},
		{"valid conditions still apply", "bogus=1^state=2", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ParseQuery(tc.query).Restrict(known).Match(fields(rec)))
		})
	}
	q := ParseQuery("state=1^ORDERBYbogus^ORDERBYDESCstate").Restrict(known)
	assert.Equal(t, []Order{{Field: "state", Desc: true}}, q.OrderBy)
}

func TestQueryCompare(t *testing.T) {
	rows := []Record{
		{"id": "a", "priority": "10", "number": "INC3"},
		{"id": "b", "priority": "9", "number": "INC1"},
		{"id": "c", "priority": "10", "number": "INC2"},
		{"id": "d", "priority": "", "number": "INC4"},
	}
	tests := []struct {
		query string
		want  string
	}{
		{"ORDERBYpriority", "dbac"},
		{"ORDERBYDESCpriority", "acbd"},
		{"ORDERBYDESCpriority^ORDERBYnumber", "cabd"},
		{"ORDERBYnumber", "bcad"},
		{"active=true", "abcd"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			q := ParseQuery(tc.query)
			got := append([]Record(nil), rows...)
			sort.SliceStable(got, func(i, j int) bool { return q.Compare(fields(got[i]), fields(got[j])) < 0 })
			ids := ""
			for _, r := range got {
				ids += r["id"]
			}
			assert.Equal(t, tc.want, ids)
		})
	}
}

func TestCompareValues(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"numbers", "10", "9", 1},
		{"decimals", "1.5", "1.25", 1},
		{"negative", "-5", "1", -1},
		{"date-times", "2024-01-02 00:00:00", "2024-01-01 23:59:59", 1},
		{"date and date-time", "2024-01-01", "2024-01-01 00:00:00", 0},
		{"text", "abc", "abd", -1},
		{"number against text", "10", "9a", -1},
		{"equal", "x", "x", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, compareValues(tc.a, tc.b))
		})
	}
}
