package records

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// correlate finds who is calling and what the call is about: the record a
// call placed from a record is about (no request), else the caller lookup's
// stages (match.go) in order until one decides, else a prefilled new record
// of the rule's unknownCaller table. It returns the Table API's *Error, or a
// query's *FormatError, when a lookup fails.
//
// ServiceNow requests: CSM, one when the caller has an open case; two when
// a contact (or, on a consumers' queue, a consumer) has none; three for a
// consumer or nobody on a queue serving both. ITSM, two when the caller has
// an open incident or requested item; three otherwise.
func (s *Syncer) correlate(ctx context.Context, f calls.Facts) (*store.Match, error) {
	rule := s.Rules.Rule(f.Queue)
	if ref, ok := regardingRef(f.Regarding); ok {
		return &store.Match{Kind: rule.Kind, Record: &ref}, nil
	}
	n := s.Rules.Normalize(f.From)
	if servicenow.CheckE164(n) != nil {
		return &store.Match{Kind: rule.Kind, Record: prefill(rule.UnknownCaller, "")}, nil
	}
	for _, st := range stages(rule, n, s.Rules.region()) {
		rows := make([][]servicenow.Record, len(st.reads))
		for i, l := range st.reads {
			got, err := s.SN.List(ctx, l.Table, l.Query, l.Fields, lookupLimit)
			if err != nil {
				return nil, err
			}
			rows[i] = callersRows(got, l.Phones, n, s.Rules.region())
		}
		if m := st.decide(rows); m != nil {
			return m, nil
		}
	}
	return &store.Match{Kind: rule.Kind, Record: prefill(rule.UnknownCaller, n)}, nil
}

// LinkableTables are the tables an outbound call may be linked to, by the
// record it was dialled from: those the connector links and pops (case,
// incident, catalog task, request and requested item, contact, consumer,
// user). Any other table is refused, so an agent cannot have the
// integration user write on records the connector never deals with.
var LinkableTables = []string{"sn_customerservice_case", "incident", "sc_task", "sc_request", "sc_req_item",
	"customer_contact", "csm_consumer", "sys_user"}

// ParseRegarding reads "table:sys_id" of the record an outbound call was
// dialled from: a linkable table and a 32-hex sys_id.
func ParseRegarding(regarding string) (store.Ref, error) {
	table, id, ok := strings.Cut(regarding, ":")
	switch {
	case !ok || !slices.Contains(LinkableTables, table):
		return store.Ref{}, fmt.Errorf("regarding must be table:sys_id with a table of %s", strings.Join(LinkableTables, ", "))
	case servicenow.CheckSysID(id) != nil:
		return store.Ref{}, errors.New("regarding's sys_id must be 32 hexadecimal digits")
	}
	return store.Ref{Table: table, SysID: id, Query: "sys_id=" + id}, nil
}

// regardingRef is the record of an outbound call placed from a record,
// when ParseRegarding takes it.
func regardingRef(regarding string) (store.Ref, bool) {
	ref, err := ParseRegarding(regarding)
	return ref, err == nil
}
