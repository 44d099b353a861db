package records

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// anyStarts is the group "one of fields starts with one of forms" as the
// encoded query spells it.
func anyStarts(fields, forms []string) string {
	var parts []string
	for _, f := range fields {
		for _, v := range forms {
			parts = append(parts, f+"STARTSWITH"+v)
		}
	}
	return strings.Join(parts, "^OR")
}

func TestLookupQueries(t *testing.T) {
	forms := []string{"+14155550201", "(415) 555-0201"}
	cp, np := prefixed("contact.", userPhones), prefixed("consumer.", consumerPhones)
	cases := []struct {
		name      string
		l         lookup
		table     string
		query     string
		phoneCols []string
	}{
		{"cases of contacts and consumers", casesLookup(forms, true, true), "sn_customerservice_case",
			"active=true^" + anyStarts(cp, forms) + "^NQactive=true^" + anyStarts(np, forms) + "^ORDERBYDESCsys_updated_on", append(cp, np...)},
		{"cases of contacts", casesLookup(forms, true, false), "sn_customerservice_case",
			"active=true^" + anyStarts(cp, forms) + "^ORDERBYDESCsys_updated_on", cp},
		{"cases of consumers", casesLookup(forms, false, true), "sn_customerservice_case",
			"active=true^" + anyStarts(np, forms) + "^ORDERBYDESCsys_updated_on", np},
		{"contacts", contactsLookup(forms), "customer_contact", "active=true^" + anyStarts(userPhones, forms), userPhones},
		{"consumers", consumersLookup(forms), "csm_consumer", "active=true^" + anyStarts(consumerPhones, forms), consumerPhones},
		{"incidents", incidentsLookup(forms), "incident",
			"active=true^" + anyStarts(prefixed("caller_id.", userPhones), forms) + "^ORDERBYDESCsys_updated_on", prefixed("caller_id.", userPhones)},
		{"requested items", requestedItemsLookup(forms), "sc_req_item",
			"active=true^" + anyStarts(prefixed("requested_for.", userPhones), forms) + "^ORDERBYDESCsys_updated_on", prefixed("requested_for.", userPhones)},
		{"users", usersLookup(forms), "sys_user", "active=true^" + anyStarts(userPhones, forms) + "^sys_class_name=sys_user", userPhones},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.l.Query.Encode()
			require.NoError(t, err)
			assert.Equal(t, tc.table, tc.l.Table)
			assert.Equal(t, tc.query, got)
			assert.Equal(t, tc.phoneCols, tc.l.Phones)
			for _, p := range tc.l.Phones {
				assert.Contains(t, tc.l.Fields, p, "the stored number is read back to be checked")
			}
			assert.Contains(t, tc.l.Fields, "sys_id")
		})
	}
}

func TestStagesPerRule(t *testing.T) {
	rules := DefaultRules()
	consumersOnly := rules.Rule("support")
	consumersOnly.Callers = CallersConsumers
	tables := func(r QueueRule) [][]string {
		var out [][]string
		for _, st := range stages(r, "+14155550201", "US") {
			var ts []string
			for _, l := range st.reads {
				ts = append(ts, l.Table)
			}
			out = append(out, ts)
		}
		return out
	}
	assert.Equal(t, [][]string{{"sn_customerservice_case"}, {"customer_contact"}, {"csm_consumer"}}, tables(rules.Rule("support")))
	assert.Equal(t, [][]string{{"sn_customerservice_case"}, {"csm_consumer"}}, tables(consumersOnly))
	assert.Equal(t, [][]string{{"incident", "sc_req_item"}, {"sys_user"}}, tables(rules.Rule("servicedesk")))
}

func TestChoose(t *testing.T) {
	inc := func(id, caller string) found {
		return incidentFound(servicenow.Record{"sys_id": id, "number": "INC" + id[:2], "caller_id": caller, "caller_id.name": "Abel Tuter", "short_description": "VPN"})
	}
	ritm := requestedItemFound(servicenow.Record{"sys_id": ritmID, "number": "RITM1", "requested_for": userID, "requested_for.name": "Abel Tuter", "short_description": "Laptop"})
	other := "99826bf03710200044e0bfc8bcbe5df1"
	cases := []struct {
		name       string
		got        *store.Match
		record     string
		candidates []string
		openedFor  string
	}{
		{"nothing found: the lookup goes on", chooseRecord(ITSM, nil), "", nil, ""},
		{"one incident is linked", chooseRecord(ITSM, []found{inc(incID, userID)}), "incident:" + incID, nil, userID},
		{"an incident and a requested item: the agent chooses", chooseRecord(ITSM, []found{inc(incID, userID), ritm}), "",
			[]string{"incident:" + incID, "sc_req_item:" + ritmID}, userID},
		{"two callers' records: the agent chooses, no caller is set", chooseRecord(ITSM, []found{inc(incID, userID), inc(caseID, other)}), "",
			[]string{"incident:" + incID, "incident:" + caseID}, ""},
		{"one user: a prefilled incident", choosePerson(ITSM, "+14155550111", []found{userFound(servicenow.Record{"sys_id": userID, "name": "Abel Tuter"})}),
			"incident:-1", nil, userID},
		{"two users: the agent chooses who calls", choosePerson(ITSM, "+14155550111", []found{userFound(servicenow.Record{"sys_id": userID}), userFound(servicenow.Record{"sys_id": other})}),
			"", []string{"sys_user:" + userID, "sys_user:" + other}, ""},
		{"no one", choosePerson(ITSM, "+14155550111", nil), "", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.record == "" && tc.candidates == nil {
				assert.Nil(t, tc.got)
				return
			}
			require.NotNil(t, tc.got)
			rec := ""
			if tc.got.Record != nil {
				rec = tc.got.Record.Table + ":" + tc.got.Record.SysID
			}
			assert.Equal(t, tc.record, rec)
			var cands []string
			for _, c := range tc.got.Candidates {
				cands = append(cands, c.Table+":"+c.SysID)
			}
			assert.Equal(t, tc.candidates, cands)
			assert.Equal(t, tc.openedFor, tc.got.OpenedFor)
		})
	}
}

func TestPrefill(t *testing.T) {
	r := prefill("sn_customerservice_case", "+14155550201", "contact="+contact, "account=", "consumer=x^ORactive=true")
	q, err := url.ParseQuery(strings.TrimPrefix(r.Query, "sys_id=-1&"))
	require.NoError(t, err)
	assert.Equal(t, "contact="+contact+"^contact_type=phone^short_description=Call from +14155550201", q.Get("sysparm_query"),
		"empty and unsafe conditions are left out")
	assert.Equal(t, "-1", r.SysID)
}

func TestCorrelate(t *testing.T) {
	rules := DefaultRules()
	gb := DefaultRules()
	gb.Region = "GB"
	cases := []struct {
		name    string
		rules   Rules
		facts   calls.Facts
		rows    map[string][]servicenow.Record
		record  string
		contact string
		reads   int
	}{
		{"a contact's number as typed, with an extension", rules, calls.Facts{From: "+14155550201", Queue: "support"},
			map[string][]servicenow.Record{"sn_customerservice_case": {{"sys_id": caseID, "contact": contact, "contact.phone": "(415) 555-0201 ext. 12"}}},
			"sn_customerservice_case:" + caseID, contact, 1},
		{"a row that only starts like the number is not the caller's", rules, calls.Facts{From: "+14155550201", Queue: "support"},
			map[string][]servicenow.Record{"sn_customerservice_case": {{"sys_id": caseID, "contact": contact, "contact.phone": "415-555-02019"}}},
			"customer_contact:-1", "", 3},
		{"a national number in the rules' region", gb, calls.Facts{From: "+442079460958", Queue: "support"},
			map[string][]servicenow.Record{"customer_contact": {{"sys_id": contact, "mobile_phone": "020 7946 0958"}}},
			"sn_customerservice_case:-1", contact, 2},
		{"a call placed from a record", rules, calls.Facts{From: "+14155550201", Regarding: "incident:" + incID},
			nil, "incident:" + incID, "", 0},
		{"a withheld number", rules, calls.Facts{From: "anonymous", Queue: "servicedesk"}, nil, "incident:-1", "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sn, client := newFake(t)
			sn.rows = tc.rows
			s := &Syncer{SN: client, Rules: tc.rules}
			m, err := s.correlate(context.Background(), tc.facts)
			require.NoError(t, err)
			require.NotNil(t, m.Record)
			assert.Equal(t, tc.record, m.Record.Table+":"+m.Record.SysID)
			assert.Equal(t, tc.contact, m.Contact)
			assert.Len(t, sn.requests(), tc.reads)
		})
	}
}
