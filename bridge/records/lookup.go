package records

import (
	"github.com/vccnow/connector/bridge/servicenow"
)

// lookupLimit bounds each lookup. Rows whose stored number only starts like
// the caller's are dropped after the read, so the limit leaves room for a
// few of them.
const lookupLimit = 10

// Phone fields of the callers' tables: sys_user (and customer_contact,
// which extends it) and csm_consumer.
var (
	userPhones     = []string{"phone", "mobile_phone", "home_phone"}
	consumerPhones = []string{"business_phone", "mobile_phone", "home_phone"}
)

// lookup is one Table API read of the caller lookup: GET
// /api/now/table/{Table}?sysparm_query=…&sysparm_fields=….
type lookup struct {
	Table  string
	Query  *servicenow.Query
	Fields []string
	// Phones are the returned fields that hold the caller's numbers: a row
	// is the caller's when one of them is the caller's number.
	Phones []string
}

// prefixed returns fields with a dot-walk prefix ("caller_id.").
func prefixed(prefix string, fields []string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = prefix + f
	}
	return out
}

// anyPhone is the group of alternatives "one of the fields starts with one
// of the forms": field1STARTSWITHform1^ORfield1STARTSWITHform2^OR…
func anyPhone(fields, forms []string) []servicenow.Cond {
	var out []servicenow.Cond
	for _, f := range fields {
		for _, v := range forms {
			out = append(out, servicenow.Cond{Field: f, Op: "STARTSWITH", Value: v})
		}
	}
	return out
}

// active starts a query on active rows with one of the phone fields.
func active(phones, forms []string) *servicenow.Query {
	return servicenow.Where("active", "=", "true").AndAnyOf(anyPhone(phones, forms)...)
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// casesLookup reads the open cases of the contacts and consumers with the
// number, newest first (CSM).
func casesLookup(forms []string, contacts, consumers bool) lookup {
	cp, np := prefixed("contact.", userPhones), prefixed("consumer.", consumerPhones)
	var q *servicenow.Query
	var phones []string
	if contacts {
		q, phones = active(cp, forms), cp
	}
	if consumers {
		if q == nil {
			q = active(np, forms)
		} else {
			q.NewQuery("active", "=", "true").AndAnyOf(anyPhone(np, forms)...)
		}
		phones = concat(phones, np)
	}
	return lookup{Table: "sn_customerservice_case", Query: q.OrderByDesc("sys_updated_on"), Phones: phones,
		Fields: concat([]string{"sys_id", "number", "short_description", "contact", "contact.name", "account", "consumer", "consumer.name"}, phones)}
}

// contactsLookup reads the active customer contacts with the number (CSM).
func contactsLookup(forms []string) lookup {
	return lookup{Table: "customer_contact", Query: active(userPhones, forms), Phones: userPhones,
		Fields: concat([]string{"sys_id", "name", "account", "account.name"}, userPhones)}
}

// consumersLookup reads the active consumers with the number (CSM).
func consumersLookup(forms []string) lookup {
	return lookup{Table: "csm_consumer", Query: active(consumerPhones, forms), Phones: consumerPhones,
		Fields: concat([]string{"sys_id", "name"}, consumerPhones)}
}

// incidentsLookup reads the open incidents of the callers with the number,
// newest first (ITSM).
func incidentsLookup(forms []string) lookup {
	p := prefixed("caller_id.", userPhones)
	return lookup{Table: "incident", Query: active(p, forms).OrderByDesc("sys_updated_on"), Phones: p,
		Fields: concat([]string{"sys_id", "number", "short_description", "caller_id", "caller_id.name"}, p)}
}

// requestedItemsLookup reads the open requested items requested for the
// users with the number, newest first (ITSM).
func requestedItemsLookup(forms []string) lookup {
	p := prefixed("requested_for.", userPhones)
	return lookup{Table: "sc_req_item", Query: active(p, forms).OrderByDesc("sys_updated_on"), Phones: p,
		Fields: concat([]string{"sys_id", "number", "short_description", "requested_for", "requested_for.name"}, p)}
}

// usersLookup reads the active users with the number who are not customer
// contacts (ITSM).
func usersLookup(forms []string) lookup {
	return lookup{Table: "sys_user", Query: active(userPhones, forms).And("sys_class_name", "=", "sys_user"), Phones: userPhones,
		Fields: concat([]string{"sys_id", "name"}, userPhones)}
}

// callersRows keeps the rows whose stored number, in one of the lookup's
// phone fields, is the caller's e164 number read in region.
func callersRows(rows []servicenow.Record, phones []string, e164, region string) []servicenow.Record {
	var out []servicenow.Record
	for _, r := range rows {
		for _, p := range phones {
			if SameNumber(r[p], e164, region) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
