package snsim

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writtenForms lists ways people write a number, the caller's E.164 number
// first: the national and international formats phonenumbers knows for its
// region, its digits with and without the trunk prefix, and for North
// American numbers the usual separators.
func writtenForms(tb testing.TB, e164 string) []string {
	tb.Helper()
	num, err := phonenumbers.Parse(e164, "")
	require.NoError(tb, err)
	national := phonenumbers.GetNationalSignificantNumber(num)
	forms := []string{e164, national,
		phonenumbers.Format(num, phonenumbers.NATIONAL), phonenumbers.Format(num, phonenumbers.INTERNATIONAL),
		regexp.MustCompile(`[^0-9]`).ReplaceAllString(phonenumbers.Format(num, phonenumbers.NATIONAL), "")}
	if num.GetCountryCode() == 1 && len(national) == 10 {
		a, b, c := national[:3], national[3:6], national[6:]
		forms = append(forms, a+"-"+b+"-"+c, a+"."+b+"."+c, a+" "+b+" "+c, "+1 "+a+"-"+b+"-"+c, "+1 "+a+" "+b+" "+c,
			"1-"+a+"-"+b+"-"+c, "+1 ("+a+") "+b+"-"+c)
	}
	slices.Sort(forms)
	return slices.Compact(forms)
}

// callerQuery ORs a STARTSWITH condition for every written form on every
// phone field: a long query (30 conditions and more), as the bridge sends.
func callerQuery(fields, forms []string) string {
	var parts []string
	for _, f := range fields {
		for _, form := range forms {
			parts = append(parts, f+"STARTSWITH"+form)
		}
	}
	return strings.Join(parts, "^OR")
}

// The callers of testdata/servicenow/README.md are found whatever the format
// their number is stored in: STARTSWITH over the written forms (an
// extension after the number still matches), OR-ed over the phone fields,
// then only rows whose stored number parses to the caller's number kept.
func TestTableCallerLookupByWrittenForms(t *testing.T) {
	userPhones := []string{"phone", "mobile_phone", "home_phone"}
	consumerPhones := []string{"business_phone", "mobile_phone", "home_phone"}
	tests := []struct {
		table, number string
		phoneFields   []string
		key           string
		want          []any // user_name or name
	}{
		{"sys_user", "+14155550111", userPhones, "user_name", []any{"david.miller"}},
		{"sys_user", "+14155550112", userPhones, "user_name", []any{"david.miller"}},
		{"sys_user", "+14155550121", userPhones, "user_name", []any{"fred.luddy"}},
		{"sys_user", "+14155550131", userPhones, "user_name", []any{"alissa.mountjoy", "bud.richman"}},
		{"sys_user", "+14155550141", userPhones, "user_name", []any{"candice.bruce"}},
		{"sys_user", "+14155550151", userPhones, "user_name", []any{"jewel.agresta"}},
		{"sys_user", "+14155550171", userPhones, "user_name", []any{"megan.burke"}},
		{"sys_user", "+14155550181", userPhones, "user_name", []any{"paul.rivers"}},
		{"sys_user", "+14155550201", userPhones, "user_name", []any{"julie.lewis"}},
		{"sys_user", "+14155550199", userPhones, "user_name", []any{}},
		{"customer_contact", "+14155550211", userPhones, "user_name", []any{"george.warren"}},
		{"customer_contact", "+14155550221", userPhones, "user_name", []any{"rick.berzle"}},
		{"customer_contact", "+14155550231", userPhones, "user_name", []any{"nina.hale"}},
		{"customer_contact", "+442079460018", userPhones, "user_name", []any{"oliver.bennett"}},
		{"csm_consumer", "+14155550231", consumerPhones, "name", []any{"Olivia Park"}},
		{"csm_consumer", "+14155550301", consumerPhones, "name", []any{"Maria Gonzales"}},
		{"csm_consumer", "+14155550311", consumerPhones, "name", []any{"Sam Sorenson"}},
		{"csm_consumer", "+14155550312", consumerPhones, "name", []any{"Sam Sorenson"}},
		{"csm_consumer", "+33123456789", consumerPhones, "name", []any{"Camille Durand"}},
	}
	f := newRESTFixture(t)
	for _, tc := range tests {
		t.Run(tc.table+" "+tc.number, func(t *testing.T) {
			forms := writtenForms(t, tc.number)
			q := "active=true^" + callerQuery(tc.phoneFields, forms) + "^ORDERBY" + tc.key
			if strings.HasPrefix(tc.number, "+1") {
				assert.GreaterOrEqual(t, strings.Count(q, "STARTSWITH"), 30, "a long OR query")
			}
			rows := resultList(t, f.get("/api/now/table/"+tc.table+"?sysparm_query="+url.QueryEscape(q)))
			region := phonenumbers.GetRegionCodeForNumber(must(phonenumbers.Parse(tc.number, "")))
			got := []any{}
			for _, r := range rows {
				for _, pf := range tc.phoneFields {
					stored, _ := r[pf].(string)
					if n, err := phonenumbers.Parse(stored, region); err == nil && phonenumbers.Format(n, phonenumbers.E164) == tc.number {
						got = append(got, r[tc.key])
						break
					}
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
	inactive := resultList(t, f.get("/api/now/table/sys_user?sysparm_query="+url.QueryEscape(callerQuery(userPhones, writtenForms(t, "+14155550161")))))
	assert.Len(t, inactive, 1, "without active=true the inactive user matches")
}

// ITSM lookups through references, several levels deep: the caller's open
// incidents, open requested items and their catalog tasks.
func TestTableITSMLookups(t *testing.T) {
	f := newRESTFixture(t)
	david := callerQuery([]string{"phone", "mobile_phone", "home_phone"}, writtenForms(t, "+14155550111"))
	prefixed := func(prefix, q string) string {
		parts := strings.Split(q, "^OR")
		for i := range parts {
			parts[i] = prefix + parts[i]
		}
		return strings.Join(parts, "^OR")
	}
	tests := []struct {
		name, table, query string
		want               []any
	}{
		{"open incidents by the caller's phone", "incident", "active=true^" + prefixed("caller_id.", david) + "^ORDERBYnumber", []any{"INC0000101"}},
		{"open requested items by requested_for's phone", "sc_req_item", "active=true^" + prefixed("requested_for.", david) + "^ORDERBYnumber", []any{"RITM0000101"}},
		{"catalog tasks two references away", "sc_task", "active=true^" + prefixed("request_item.requested_for.", david), []any{"SCTASK0000101"}},
		{"three references away", "sc_task", "request_item.request.requested_for.user_name=megan.burke", []any{"SCTASK0000102"}},
		{"two open incidents", "incident", "active=true^caller_id.user_name=paul.rivers^ORDERBYnumber", []any{"INC0000107", "INC0000108"}},
		{"an incident only", "sc_req_item", "active=true^requested_for.user_name=fred.luddy", []any{}},
		{"IN over numbers", "task", "numberINRITM0000102,SCTASK0000102,INC0000103^ORDERBYnumber", []any{"INC0000103", "RITM0000102", "SCTASK0000102"}},
		{"ENDSWITH", "sc_req_item", "numberENDSWITH103", []any{"RITM0000103"}},
		{"a walk through a column that is not a reference is ignored", "sc_task", "short_description.name=x^number=SCTASK0000102", []any{"SCTASK0000102"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows := resultList(t, f.get("/api/now/table/"+tc.table+"?sysparm_query="+url.QueryEscape(tc.query)))
			assert.Equal(t, tc.want, column(rows, "number"))
		})
	}
	walked := resultOne(t, f.get("/api/now/table/sc_task/464ef9c6d188e2c1afdc5fee4aaf4846?sysparm_fields=number,request_item.requested_for.phone,request_item.request.number"), 200)
	assert.Equal(t, map[string]any{"number": "SCTASK0000102", "request_item.requested_for.phone": "4155550171", "request_item.request.number": "REQ0000103"}, walked)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
