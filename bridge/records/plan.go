package records

import (
	"slices"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/store"
)

// Situation is what the next step depends on besides the call.
type Situation struct {
	// Rule is the call's queue rule (Rules.Rule, defaults filled in).
	Rule QueueRule
	Now  time.Time
	// Grace is the wrap-up grace (0: DefaultWrapUpGrace).
	Grace time.Duration
	// AgentSysID is the sys_user of the agent on the call, "" when unknown.
	AgentSysID string
}

// What an unanswered insert was (store.Sync.InFlight).
const (
	inFlightCase    = "case"
	inFlightRequest = "request"
	inFlightSegment = "segment"
)

// Next returns the step that brings ServiceNow closer to the call's facts,
// from what the call's sync has recorded. It is pure: the sync runs the step,
// records its outcome, and asks again until StepNone or StepWait.
//
// The order: correlate the caller; create the case the rule asks for; create
// the interaction (after looking for one a lost answer may hide); once it
// exists, its transfers, the record a call was placed from, then its state:
// work in progress when AWA's accept did not write it, at hang-up the
// workspace's wrap-up segment (rules: workspaceWrapUp) and no write
// otherwise, abandoned, or — once both accounts of the wrap-up are in or the
// grace is over — the segment's close and the interaction's close; after
// the close, the note on the linked record, the Service Request, and a
// wrap-up that came late.
func Next(c *store.Call, in Situation) Step {
	f, sy := &c.Facts, &c.Sync
	d := f.Desired()
	if !d.Exists {
		return StepNone
	}
	if sy.InteractionSysID == "" {
		switch {
		case !sy.Correlated:
			return StepCorrelate
		case sy.InFlight == inFlightCase:
			return StepFindCase
		case wantsCase(c, in.Rule):
			return StepCreateCase
		case sy.Creating:
			return StepFindInteraction
		}
		return StepCreateInteraction
	}
	if calls.Closed(sy.State) {
		return afterClose(c, in)
	}
	if sy.TransfersDone < len(f.Transfers) {
		if t := f.Transfers[sy.TransfersDone]; t.Queue == "" || calls.Closed(d.State) {
			return StepSkipTransfer
		}
		return StepTransfer
	}
	if _, ok := regardingRef(f.Regarding); ok && !slices.Contains(sy.Linked, f.Regarding) {
		return StepLink
	}
	switch d.State {
	case calls.StateWorkInProgress, calls.StateWrapUp:
		if calls.Forward(sy.State, calls.StateWorkInProgress) {
			return StepWorkInProgress
		}
		if d.State == calls.StateWrapUp && in.Rule.WorkspaceWrapUp && sy.SegmentSysID == "" && sy.SegmentError == "" {
			if sy.InFlight == inFlightSegment {
				return StepFindSegment
			}
			if in.AgentSysID != "" {
				if segmentWait(f, in.Now) != nil {
					return StepWait
				}
				return StepOpenSegment
			}
		}
	case calls.StateClosedAbandoned:
		if abandonWait(f, in.Now) != nil {
			return StepWait
		}
		return StepAbandon
	case calls.StateClosedComplete:
		switch {
		case closeWait(f, in.Now, in.Grace) != nil:
			return StepWait
		case sy.InFlight == inFlightSegment:
			return StepFindSegment
		case sy.SegmentSysID != "" && !sy.SegmentClosed && sy.SegmentError == "" && !f.WrapUpInWorkspace:
			return StepCloseSegment
		}
		return StepClose
	}
	return StepNone
}

// afterClose are the steps that follow the interaction's close.
func afterClose(c *store.Call, in Situation) Step {
	f, sy := &c.Facts, &c.Sync
	if sy.State != calls.StateClosedComplete {
		return StepNone
	}
	table, _ := linkedRecord(sy)
	switch {
	case table != "" && !sy.RecordNoted:
		return StepNoteRecord
	case in.Rule.CreateRequest && table == "sn_customerservice_case" && sy.RequestSysID == "":
		if sy.InFlight == inFlightRequest {
			return StepFindRequest
		}
		return StepCreateRequest
	case !f.PanelWrapUpAt.IsZero() && !sy.WrapUpWritten && (f.Disposition != "" || f.Notes != ""):
		if !sy.LateNoted {
			return StepLateNoteInteraction
		}
		if table != "" {
			return StepLateNoteRecord
		}
	}
	return StepNone
}

// wantsCase reports whether the rule creates a case for the call's caller:
// a known CSM caller whose lookup found no open case (createCase).
func wantsCase(c *store.Call, rule QueueRule) bool {
	m := c.Sync.Match
	return rule.CreateCase && c.Sync.CaseSysID == "" && m != nil && m.Record != nil && m.Record.SysID == "-1" &&
		m.Record.Table == "sn_customerservice_case" && (m.Contact != "" || m.Consumer != "")
}

// recordTables are the tables whose records take the call's closing note
// in their work notes (task and the tables that extend it).
var recordTables = []string{"sn_customerservice_case", "incident", "sc_req_item", "sc_request", "sc_task", "task"}

// linkedRecord is the first record linked to the interaction that takes work
// notes: the case, incident or requested item the call is about.
func linkedRecord(sy *store.Sync) (table, sysID string) {
	for _, l := range sy.Linked {
		t, id, _ := strings.Cut(l, ":")
		if slices.Contains(recordTables, t) {
			return t, id
		}
	}
	return "", ""
}
