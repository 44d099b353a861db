package snsim

import "strings"

// Calculated columns and default values, applied by every write the
// instance takes from outside (tablewrite_rules.go).
//
// Calculated: a user's, contact's and consumer's name is their first and
// last name (the Contact and Consumer APIs' records: api-reference/
// rest-apis/contact-api.md, consumer-api.md). The name is the instance's to
// compute: a value written to it is replaced, and it follows first_name and
// last_name whenever either changes.
//
// Defaults: a new interaction is New (servicenow-platform/
// interaction-management/interaction-states.md: "New: an interaction is
// inserted into the interaction table"); a new case is New, state 1
// (api-reference/rest-apis/case-api.md: state "Default: 1").

// calculation computes one column from the others.
type calculation struct {
	// from lists the columns it reads: a write to one of them recomputes it.
	from []string
	f    func(Record) string
}

// fullName is first_name and last_name with one space between them (the
// one that is present when the other is empty).
func fullName(r Record) string {
	return strings.TrimSpace(strings.TrimSpace(r["first_name"]) + " " + strings.TrimSpace(r["last_name"]))
}

var nameFromParts = calculation{from: []string{"first_name", "last_name"}, f: fullName}

// calculated lists the calculated columns by table (inherited by the
// tables that extend it).
var calculated = map[string]map[string]calculation{
	"sys_user":     {"name": nameFromParts},
	"csm_consumer": {"name": nameFromParts},
}

// defaults lists the values a new record gets for columns the write left
// empty, by table (inherited).
var defaults = map[string]Record{
	"interaction":             {"state": "new"},
	"sn_customerservice_case": {"state": "1"},
}

// calculationsOf returns a table's calculated columns, its parents'
// included.
func calculationsOf(table string) map[string]calculation {
	out := map[string]calculation{}
	for t := table; t != ""; t = dictionary[t].extends {
		for col, c := range calculated[t] {
			if _, ok := out[col]; !ok {
				out[col] = c
			}
		}
		if !defined(t) {
			break
		}
	}
	return out
}

// defaultsOf returns a table's default values, its parents' included.
func defaultsOf(table string) Record {
	out := Record{}
	for t := table; t != ""; t = dictionary[t].extends {
		for col, v := range defaults[t] {
			if _, ok := out[col]; !ok {
				out[col] = v
			}
		}
		if !defined(t) {
			break
		}
	}
	return out
}

// calculate sets the calculated columns of rec (the whole record after the
// write) that the changed columns feed; insert recomputes them all.
func calculate(table string, rec Record, changed map[string]bool, insert bool) {
	for col, c := range calculationsOf(table) {
		feeds := insert || changed[col]
		for _, f := range c.from {
			feeds = feeds || changed[f]
		}
		if feeds {
			rec[col] = c.f(rec)
		}
	}
}
