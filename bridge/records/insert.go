package records

import (
	"context"

	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// The records the rules have the bridge insert with the Table API (POST
// /api/now/table/{table}, api-reference/rest-apis/c_TableAPI.md): a case for
// a known CSM caller without one (createCase) and a Service Request under
// the linked case at the close (createRequest). Each is inserted once: the
// insert is marked in flight (store.Sync.InFlight) before it is sent, and an
// insert whose answer was lost is looked for by the call's tag, which its
// short_description ends with, before it is sent again.

// createCase inserts the caller's case (contact type phone) and makes it
// the record the call is about; with find, it first looks for one an
// unanswered insert made. It returns the client's *Error or save's error.
func (s *Syncer) createCase(ctx context.Context, c *store.Call, find bool, save func() error) error {
	m := c.Sync.Match
	if find {
		row, err := s.findTagged(ctx, "sn_customerservice_case", c, nil)
		if err != nil {
			return err
		}
		if row != nil {
			c.Sync.CaseSysID = row["sys_id"]
			m.Record = ptr(recordRef("sn_customerservice_case", row, m.CallerName))
		}
		c.Sync.InFlight = ""
		return save()
	}
	rec := servicenow.Record{"contact_type": "phone", "short_description": s.shortDescription(&c.Facts)}
	setIf(rec, "contact", m.Contact)
	setIf(rec, "account", m.Account)
	setIf(rec, "consumer", m.Consumer)
	row, err := s.insertOnce(ctx, c, inFlightCase, "sn_customerservice_case", rec, save)
	if err != nil {
		return err
	}
	c.Sync.CaseSysID = row["sys_id"]
	m.Record = ptr(recordRef("sn_customerservice_case", row, m.CallerName))
	return save()
}

// createRequest opens a Service Request (sc_request) under the linked case
// for the contact, with the agent's notes; with find, it first looks for
// one an unanswered insert made. It returns the client's *Error or save's
// error.
func (s *Syncer) createRequest(ctx context.Context, c *store.Call, find bool, save func() error) error {
	if find {
		row, err := s.findTagged(ctx, "sc_request", c, nil)
		if err != nil {
			return err
		}
		if row != nil {
			c.Sync.RequestSysID = row["sys_id"]
		}
		c.Sync.InFlight = ""
		return save()
	}
	_, caseID := linkedRecord(&c.Sync)
	rec := servicenow.Record{"parent": caseID,
		"short_description": joinNonEmpty(" ", "Follow-up from call", c.Sync.Number, Tag(c.Facts.VCCID)),
		"description":       firstNonEmpty(c.Facts.Notes, s.closingNote(ctx, c))}
	if m := c.Sync.Match; m != nil {
		setIf(rec, "requested_for", m.Contact)
	}
	row, err := s.insertOnce(ctx, c, inFlightRequest, "sc_request", rec, save)
	if err != nil {
		return err
	}
	c.Sync.RequestSysID = row["sys_id"]
	return save()
}

// insertOnce inserts rec into table, marking the insert in flight while
// its answer may be lost (cleared when ServiceNow refused it: nothing was
// made).
func (s *Syncer) insertOnce(ctx context.Context, c *store.Call, what, table string, rec servicenow.Record, save func() error) (servicenow.Record, error) {
	c.Sync.InFlight = what
	if err := save(); err != nil {
		return nil, err
	}
	row, err := s.SN.Insert(ctx, table, rec)
	if err != nil {
		if servicenow.IsRefused(err) {
			c.Sync.InFlight = ""
			_ = save()
		}
		return nil, err
	}
	c.Sync.InFlight = ""
	return row, nil
}

// repairCase makes the case the bridge created the record the call is
// about, when a merge of the call's sync record (bridge.saveSync) kept an
// older match.
func repairCase(c *store.Call) {
	m := c.Sync.Match
	if c.Sync.CaseSysID == "" || m == nil || m.Record == nil || m.Record.SysID != "-1" {
		return
	}
	m.Record = &store.Ref{Table: "sn_customerservice_case", SysID: c.Sync.CaseSysID, Query: "sys_id=" + c.Sync.CaseSysID, Label: m.CallerName}
}

func ptr[T any](v T) *T { return &v }
