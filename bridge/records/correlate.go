package records

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// lookupLimit bounds each lookup; more matches than this are "several" all
// the same.
const lookupLimit = 5

// correlate finds who is calling and what the call is about. ServiceNow
// requests: one when the caller has an open case or incident, two or three
// otherwise (three only for a CSM queue that serves both contacts and
// consumers, and finds no contact); none for an outbound call placed from a
// record.
func (s *Syncer) correlate(ctx context.Context, f calls.Facts) (*store.Match, error) {
	rule := s.Rules.Rule(f.Queue)
	if table, id, ok := strings.Cut(f.Regarding, ":"); ok && table != "" && id != "" {
		return &store.Match{Kind: rule.Kind, Record: &store.Ref{Table: table, SysID: id, Query: "sys_id=" + id}}, nil
	}
	n := s.Rules.Normalize(f.From)
	if n == "" {
		return &store.Match{Kind: rule.Kind, Record: prefill(rule.UnknownCaller, f.From, "", "", "")}, nil
	}
	if rule.Kind == CSM {
		return s.correlateCSM(ctx, n, rule)
	}
	return s.correlateITSM(ctx, n, rule)
}

func phoneOf(q *servicenow.Query, prefix string, fields []string, n string) *servicenow.Query {
	for i, f := range fields {
		if i == 0 {
			q.And(prefix+f, "=", n)
		} else {
			q.Or(prefix+f, "=", n)
		}
	}
	return q
}

var (
	userPhones     = []string{"phone", "mobile_phone", "home_phone"}
	consumerPhones = []string{"business_phone", "mobile_phone", "home_phone"}
)

func (s *Syncer) correlateCSM(ctx context.Context, n string, rule QueueRule) (*store.Match, error) {
	contactsToo, consumersToo := rule.Callers != CallersConsumers, rule.Callers != CallersContacts
	q := servicenow.Where("active", "=", "true")
	if contactsToo {
		phoneOf(q, "contact.", userPhones, n)
	}
	if contactsToo && consumersToo {
		q.NewQuery("active", "=", "true")
	}
	if consumersToo {
		phoneOf(q, "consumer.", consumerPhones, n)
	}
	q.OrderByDesc("sys_updated_on")
	cases, err := s.SN.List(ctx, "sn_customerservice_case", q,
		[]string{"sys_id", "number", "short_description", "contact", "contact.name", "account", "account.name", "consumer", "consumer.name"}, lookupLimit)
	if err != nil {
		return nil, err
	}
	if len(cases) > 0 {
		m := &store.Match{Kind: CSM}
		callers := map[string]bool{}
		for _, c := range cases {
			who := c["contact"] + c["consumer"]
			if callers[who] {
				continue
			}
			callers[who] = true
			m.Candidates = append(m.Candidates, caseRef(c))
		}
		if len(callers) == 1 {
			c := cases[0]
			m.Contact, m.Account, m.Consumer = c["contact"], c["account"], c["consumer"]
			m.CallerName = firstNonEmpty(c["contact.name"], c["consumer.name"])
			m.Record = ptr(caseRef(c))
			m.Candidates = nil
		}
		return m, nil
	}
	var contacts, consumers []servicenow.Record
	if contactsToo {
		if contacts, err = s.SN.List(ctx, "customer_contact", phoneOf(servicenow.Where("active", "=", "true"), "", userPhones, n),
			[]string{"sys_id", "name", "account", "account.name"}, lookupLimit); err != nil {
			return nil, err
		}
	}
	if consumersToo && len(contacts) == 0 {
		if consumers, err = s.SN.List(ctx, "csm_consumer", phoneOf(servicenow.Where("active", "=", "true"), "", consumerPhones, n),
			[]string{"sys_id", "name"}, lookupLimit); err != nil {
			return nil, err
		}
	}
	m := &store.Match{Kind: CSM}
	switch {
	case len(contacts) == 1:
		c := contacts[0]
		m.Contact, m.Account, m.CallerName = c["sys_id"], c["account"], c["name"]
		m.Record = prefill("sn_customerservice_case", n, "contact="+c["sys_id"], "account="+c["account"], "")
	case len(contacts) > 1:
		for _, c := range contacts {
			m.Candidates = append(m.Candidates, store.Ref{Table: "customer_contact", SysID: c["sys_id"], Label: joinNonEmpty(" — ", c["name"], c["account.name"])})
		}
	case len(consumers) == 1:
		m.Consumer, m.CallerName = consumers[0]["sys_id"], consumers[0]["name"]
		m.Record = prefill("sn_customerservice_case", n, "consumer="+consumers[0]["sys_id"], "", "")
	case len(consumers) > 1:
		for _, c := range consumers {
			m.Candidates = append(m.Candidates, store.Ref{Table: "csm_consumer", SysID: c["sys_id"], Label: c["name"]})
		}
	default:
		m.Record = prefill(rule.UnknownCaller, n, "", "", "")
	}
	return m, nil
}

func (s *Syncer) correlateITSM(ctx context.Context, n string, rule QueueRule) (*store.Match, error) {
	q := phoneOf(servicenow.Where("active", "=", "true"), "caller_id.", userPhones, n).OrderByDesc("sys_updated_on")
	incidents, err := s.SN.List(ctx, "incident", q, []string{"sys_id", "number", "short_description", "caller_id", "caller_id.name"}, lookupLimit)
	if err != nil {
		return nil, err
	}
	m := &store.Match{Kind: ITSM}
	if len(incidents) > 0 {
		callers := map[string]bool{}
		for _, in := range incidents {
			if !callers[in["caller_id"]] {
				callers[in["caller_id"]] = true
				m.Candidates = append(m.Candidates, incidentRef(in))
			}
		}
		if len(callers) == 1 {
			m.OpenedFor, m.CallerName = incidents[0]["caller_id"], incidents[0]["caller_id.name"]
			m.Record, m.Candidates = ptr(incidentRef(incidents[0])), nil
		}
		return m, nil
	}
	q = phoneOf(servicenow.Where("active", "=", "true"), "", userPhones, n).And("sys_class_name", "=", "sys_user")
	users, err := s.SN.List(ctx, "sys_user", q, []string{"sys_id", "name"}, lookupLimit)
	if err != nil {
		return nil, err
	}
	switch {
	case len(users) == 1:
		m.OpenedFor, m.CallerName = users[0]["sys_id"], users[0]["name"]
		m.Record = prefill("incident", n, "caller_id="+users[0]["sys_id"], "", "")
	case len(users) > 1:
		for _, u := range users {
			m.Candidates = append(m.Candidates, store.Ref{Table: "sys_user", SysID: u["sys_id"], Label: u["name"]})
		}
	default:
		m.Record = prefill(rule.UnknownCaller, n, "", "", "")
	}
	return m, nil
}

func caseRef(c servicenow.Record) store.Ref {
	return store.Ref{Table: "sn_customerservice_case", SysID: c["sys_id"], Query: "sys_id=" + c["sys_id"], Number: c["number"],
		Label: joinNonEmpty(" — ", firstNonEmpty(c["contact.name"], c["consumer.name"]), c["short_description"])}
}

func incidentRef(in servicenow.Record) store.Ref {
	return store.Ref{Table: "incident", SysID: in["sys_id"], Query: "sys_id=" + in["sys_id"], Number: in["number"],
		Label: joinNonEmpty(" — ", in["caller_id.name"], in["short_description"])}
}

// prefill is a new record form with the caller filled in, for
// openServiceNowForm ("sys_id=-1&sysparm_query=...").
func prefill(table, number string, conds ...string) *store.Ref {
	q := []string{}
	for _, c := range conds {
		if c != "" && !strings.HasSuffix(c, "=") {
			q = append(q, c)
		}
	}
	switch table {
	case "customer_contact":
		q = append(q, "phone="+number)
	case "csm_consumer":
		q = append(q, "mobile_phone="+number)
	case "incident", "sn_customerservice_case":
		q = append(q, "contact_type=phone", "short_description="+fmt.Sprintf("Call from %s", number))
	}
	for i, c := range q {
		q[i] = strings.ReplaceAll(c, "^", "^^")
	}
	return &store.Ref{Table: table, SysID: "-1", Query: "sys_id=-1&sysparm_query=" + url.QueryEscape(strings.Join(q, "^")), Label: "New " + strings.ReplaceAll(table, "_", " ")}
}

func ptr[T any](v T) *T { return &v }

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func joinNonEmpty(sep string, xs ...string) string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return strings.Join(out, sep)
}
