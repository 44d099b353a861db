//go:build !js

package bridgetest

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/records"
)

// Record is a ServiceNow row as the Table API returns it with
// sysparm_exclude_reference_link=true.
type Record map[string]string

// admin is the simulator's admin, whose requests are not the bridge's: the
// integration user's counts stay the bridge's own.
const admin = "admin:admin"

// Records reads the rows of a table matching an encoded query, as the
// admin.
func (e *Env) Records(table, query string) []Record {
	e.t.Helper()
	var out struct {
		Result []Record `json:"result"`
	}
	u := e.SNURL + "/api/now/table/" + table + "?sysparm_exclude_reference_link=true&sysparm_query=" + url.QueryEscape(query)
	if status := e.do("GET", u, admin, nil, nil, &out); status != 200 {
		e.t.Fatalf("read %s where %s: status %d", table, query, status)
	}
	return out.Result
}

// Record reads one row by sys_id.
func (e *Env) Record(table, sysID string) Record {
	e.t.Helper()
	rs := e.Records(table, "sys_id="+sysID)
	if len(rs) != 1 {
		e.t.Fatalf("%s %s: found %d rows", table, sysID, len(rs))
	}
	return rs[0]
}

// Interactions returns every interaction recorded for a VCC call, found as
// the bridge finds its own: the short description it sets ends with the VCC
// interaction id.
func (e *Env) Interactions(vccID string) []Record {
	e.t.Helper()
	return e.Records("interaction", records.TaggedQuery(vccID))
}

// WaitInteraction waits until the call has exactly one interaction and it
// satisfies pred, and returns it. More than one interaction fails at once.
func (e *Env) WaitInteraction(vccID, what string, pred func(Record) bool) Record {
	e.t.Helper()
	var last Record
	deadline := time.Now().Add(Timeout)
	for {
		ixs := e.Interactions(vccID)
		if len(ixs) > 1 {
			e.t.Fatalf("call %s has %d interactions; want exactly one", vccID, len(ixs))
		}
		if len(ixs) == 1 {
			last = ixs[0]
			if pred(last) {
				return last
			}
		}
		if time.Now().After(deadline) {
			var h Health
			e.do("GET", e.BridgeURL+"/healthz", "", nil, nil, &h)
			e.t.Fatalf("waited %v for the interaction of call %s %s; last seen: state %q (%d interactions); the bridge's outbox holds %d",
				Timeout, vccID, what, last["state"], len(ixs), h.OutboxPending)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// WaitHungUp waits until the bridge has learned that the call was hung up
// (nothing is written to ServiceNow then: the interaction closes at the end
// of wrap-up) and has done what that calls for.
// With the bridge in a process of its own (Options.Process) only VCC's side
// can be watched: the call in wrap-up there, and the bridge's outbox empty.
func (e *Env) WaitHungUp(vccID string) {
	e.t.Helper()
	if e.Store == nil {
		e.WaitSimCall(vccID, "wrapup")
		e.WaitSettled()
		return
	}
	e.Eventually("the bridge to learn that call "+vccID+" was hung up", func() bool {
		c, err := e.Store.LoadCall(context.Background(), vccID)
		return err == nil && !c.Facts.HungUpAt.IsZero()
	})
	e.WaitSettled()
}

// InState is a WaitInteraction predicate.
func InState(state string) func(Record) bool {
	return func(ix Record) bool { return ix["state"] == state }
}

// Links returns an interaction's related records as "table:sys_id",
// sorted.
func (e *Env) Links(interaction string) []string {
	e.t.Helper()
	var out []string
	for _, r := range e.Records("interaction_related_record", "interaction="+interaction) {
		out = append(out, r["document_table"]+":"+r["document_id"])
	}
	sort.Strings(out)
	return out
}

// WorkNotes returns the work notes journaled on a record, oldest first.
func (e *Env) WorkNotes(table, sysID string) []string {
	e.t.Helper()
	var out []string
	for _, j := range e.Records("sys_journal_field", "name="+table+"^element_id="+sysID+"^element=work_notes^ORDERBYsys_created_on") {
		out = append(out, j["value"])
	}
	return out
}

// Outcome is what a call left in ServiceNow, in a form two runs can be
// compared by: everything but sys_ids, numbers and times that differ from
// run to run.
type Outcome struct {
	Interactions int
	State        string
	Direction    string
	Caller       string
	Queue        string
	OpenedFor    string
	Contact      string
	Account      string
	Consumer     string
	AssignedTo   string
	Links        []string
	// CaseNotes are the work notes written on the linked records during
	// the call.
	CaseNotes int
	// NoteLines are the first lines of the interaction's closing note.
	NoteLines string
}

// OutcomeOf reads what call vccID left in ServiceNow; notesBefore is the
// number of work notes each linked record had before the call.
func (e *Env) OutcomeOf(vccID string, notesBefore map[string]int) Outcome {
	e.t.Helper()
	ixs := e.Interactions(vccID)
	o := Outcome{Interactions: len(ixs)}
	if len(ixs) != 1 {
		return o
	}
	ix := ixs[0]
	o.State, o.Direction, o.Caller, o.Queue = ix["state"], ix["direction"], ix["caller_phone_number"], ix["queue"]
	o.OpenedFor, o.Contact, o.Account, o.Consumer, o.AssignedTo = ix["opened_for"], ix["contact"], ix["account"], ix["consumer"], ix["assigned_to"]
	o.Links = e.Links(ix["sys_id"])
	for _, l := range o.Links {
		table, id, _ := strings.Cut(l, ":")
		o.CaseNotes += len(e.WorkNotes(table, id)) - notesBefore[l]
	}
	notes := e.WorkNotes("interaction", ix["sys_id"])
	if len(notes) > 0 {
		// The talk time differs between runs; the rest must not.
		first, rest, _ := strings.Cut(notes[len(notes)-1], "\n")
		o.NoteLines = fmt.Sprintf("%d notes; %s | %s", len(notes), strings.SplitN(first, ":", 2)[0], rest)
	}
	return o
}

// NotesOn counts the work notes of each record, keyed "table:sys_id".
func (e *Env) NotesOn(refs ...string) map[string]int {
	e.t.Helper()
	out := map[string]int{}
	for _, r := range refs {
		table, id, _ := strings.Cut(r, ":")
		out[r] = len(e.WorkNotes(table, id))
	}
	return out
}

// AdminREST sends a REST request to the instance as the admin (to change
// what a test needs changed) and fails the test unless it succeeds.
func (e *Env) AdminREST(method, path string, body any) {
	e.t.Helper()
	if status := e.do(method, e.SNURL+path, admin, nil, body, nil); status >= 300 {
		e.t.Fatalf("%s %s as admin: status %d", method, path, status)
	}
}

// ResetServiceNow restores the instance's seed records.
func (e *Env) ResetServiceNow() {
	e.t.Helper()
	e.control(e.SNURL, "POST", "/sim/reset", nil, nil)
}
