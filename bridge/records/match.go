package records

import (
	"net/url"
	"strings"

	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// stage is a step of the caller lookup: its reads (made together), and what
// the caller's rows of each lead to — a match, or nil to go on to the next
// stage.
type stage struct {
	reads  []lookup
	decide func(rows [][]servicenow.Record) *store.Match
}

// stages are the caller lookup of a queue rule for the caller's E.164
// number, in order. CSM: the open cases of the contacts and consumers with
// the number; else the contacts; else the consumers (as the rule's callers
// say). ITSM: the open incidents and the open requested items of the users
// with the number, together; else the users. n is the caller's number in
// E.164; region the rules' region.
func stages(rule QueueRule, n, region string) []stage {
	forms := NumberForms(n, region)
	contacts, consumers := rule.Callers != CallersConsumers, rule.Callers != CallersContacts
	if rule.Kind == CSM {
		out := []stage{{reads: []lookup{casesLookup(forms, contacts, consumers)}, decide: func(rows [][]servicenow.Record) *store.Match {
			return chooseRecord(CSM, mapRows(rows[0], caseFound))
		}}}
		if contacts {
			out = append(out, stage{reads: []lookup{contactsLookup(forms)}, decide: func(rows [][]servicenow.Record) *store.Match {
				return choosePerson(CSM, n, mapRows(rows[0], contactFound))
			}})
		}
		if consumers {
			out = append(out, stage{reads: []lookup{consumersLookup(forms)}, decide: func(rows [][]servicenow.Record) *store.Match {
				return choosePerson(CSM, n, mapRows(rows[0], consumerFound))
			}})
		}
		return out
	}
	return []stage{
		{reads: []lookup{incidentsLookup(forms), requestedItemsLookup(forms)}, decide: func(rows [][]servicenow.Record) *store.Match {
			return chooseRecord(ITSM, append(mapRows(rows[0], incidentFound), mapRows(rows[1], requestedItemFound)...))
		}},
		{reads: []lookup{usersLookup(forms)}, decide: func(rows [][]servicenow.Record) *store.Match {
			return choosePerson(ITSM, n, mapRows(rows[0], userFound))
		}},
	}
}

// found is a row of the caller lookup: a record (or the caller's own
// record) and the caller's fields for the interaction.
type found struct {
	ref                                   store.Ref
	openedFor, contact, account, consumer string
	callerName                            string
	// prefill is the new record popped for a caller without one.
	prefill func(n string) *store.Ref
}

func (f found) caller() string { return f.openedFor + "|" + f.contact + "|" + f.consumer }

func mapRows(rows []servicenow.Record, f func(servicenow.Record) found) []found {
	out := make([]found, 0, len(rows))
	for _, r := range rows {
		out = append(out, f(r))
	}
	return out
}

// chooseRecord decides from the records (cases; incidents and requested
// items) of the caller's rows: none → nil (the lookup goes on); one → it is
// linked; several → the agent chooses among them (Candidates). The caller's
// fields are set when all the records are one caller's.
func chooseRecord(kind string, rows []found) *store.Match {
	if len(rows) == 0 {
		return nil
	}
	m := &store.Match{Kind: kind}
	if oneCaller(rows) {
		setCaller(m, rows[0])
	}
	if len(rows) == 1 {
		m.Record = &rows[0].ref
		return m
	}
	for _, r := range rows {
		m.Candidates = append(m.Candidates, r.ref)
	}
	return m
}

// choosePerson decides from the caller's rows of a people table: none →
// nil; one → the caller's fields and a prefilled new record for them; several
// → the agent chooses who is calling.
func choosePerson(kind, n string, rows []found) *store.Match {
	switch len(rows) {
	case 0:
		return nil
	case 1:
		m := &store.Match{Kind: kind}
		setCaller(m, rows[0])
		m.Record = rows[0].prefill(n)
		return m
	}
	m := &store.Match{Kind: kind}
	for _, r := range rows {
		m.Candidates = append(m.Candidates, r.ref)
	}
	return m
}

func oneCaller(rows []found) bool {
	for _, r := range rows[1:] {
		if r.caller() != rows[0].caller() {
			return false
		}
	}
	return true
}

func setCaller(m *store.Match, f found) {
	m.OpenedFor, m.Contact, m.Account, m.Consumer, m.CallerName = f.openedFor, f.contact, f.account, f.consumer, f.callerName
}

func caseFound(r servicenow.Record) found {
	who := firstNonEmpty(r["contact.name"], r["consumer.name"])
	return found{ref: recordRef("sn_customerservice_case", r, who), contact: r["contact"], account: r["account"], consumer: r["consumer"], callerName: who}
}

func incidentFound(r servicenow.Record) found {
	return found{ref: recordRef("incident", r, r["caller_id.name"]), openedFor: r["caller_id"], callerName: r["caller_id.name"]}
}

func requestedItemFound(r servicenow.Record) found {
	return found{ref: recordRef("sc_req_item", r, r["requested_for.name"]), openedFor: r["requested_for"], callerName: r["requested_for.name"]}
}

func contactFound(r servicenow.Record) found {
	return found{ref: store.Ref{Table: "customer_contact", SysID: r["sys_id"], Label: joinNonEmpty(" — ", r["name"], r["account.name"])},
		contact: r["sys_id"], account: r["account"], callerName: r["name"],
		prefill: func(n string) *store.Ref {
			return prefill("sn_customerservice_case", n, "contact="+r["sys_id"], "account="+r["account"])
		}}
}

func consumerFound(r servicenow.Record) found {
	return found{ref: store.Ref{Table: "csm_consumer", SysID: r["sys_id"], Label: r["name"]}, consumer: r["sys_id"], callerName: r["name"],
		prefill: func(n string) *store.Ref { return prefill("sn_customerservice_case", n, "consumer="+r["sys_id"]) }}
}

func userFound(r servicenow.Record) found {
	return found{ref: store.Ref{Table: "sys_user", SysID: r["sys_id"], Label: r["name"]}, openedFor: r["sys_id"], callerName: r["name"],
		prefill: func(n string) *store.Ref { return prefill("incident", n, "caller_id="+r["sys_id"]) }}
}

// recordRef is an existing record to link and pop.
func recordRef(table string, r servicenow.Record, who string) store.Ref {
	return store.Ref{Table: table, SysID: r["sys_id"], Query: "sys_id=" + r["sys_id"], Number: r["number"],
		Label: joinNonEmpty(" — ", who, r["short_description"])}
}

// prefill is a new record form with the caller filled in, for
// openServiceNowForm ("sys_id=-1&sysparm_query=...", c_openFrameAPI.md).
// Conditions with an empty value, or a value unsafe in an encoded query,
// are left out.
func prefill(table, number string, conds ...string) *store.Ref {
	switch table {
	case "customer_contact":
		conds = append(conds, "phone="+number)
	case "csm_consumer":
		conds = append(conds, "mobile_phone="+number)
	case "incident", "sn_customerservice_case":
		conds = append(conds, "contact_type=phone", "short_description=Call from "+firstNonEmpty(number, "an unknown number"))
	}
	var q []string
	for _, c := range conds {
		field, value, _ := strings.Cut(c, "=")
		if value != "" && servicenow.CheckQueryValue(field, value) == nil {
			q = append(q, c)
		}
	}
	return &store.Ref{Table: table, SysID: "-1", Query: "sys_id=-1&sysparm_query=" + url.QueryEscape(strings.Join(q, "^")),
		Label: "New " + strings.ReplaceAll(table, "_", " ")}
}
