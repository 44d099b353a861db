package records

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/store"
)

// call builds a call from events and what its sync has recorded.
func call(sy store.Sync, evs ...calls.Event) *store.Call {
	c := &store.Call{Sync: sy}
	c.Facts.VCCID = vccID
	for _, e := range evs {
		c.Facts.Apply(e)
	}
	return c
}

func events(groups ...[]calls.Event) []calls.Event {
	var out []calls.Event
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func TestNext(t *testing.T) {
	q := []calls.Event{queued("+14155550201", "support")}
	talking := events(q, answeredBy())
	over := events(talking, []calls.Event{hungUp()})
	done := events(over, wrappedUp(""))
	inWorkspace := events(over, wrappedUp(calls.SourceWorkspace))
	vccOnly := events(over, wrappedUp("")[1:])
	transferred := events(talking, []calls.Event{{ID: "t", Kind: calls.CustomerQueued, At: at(30), Queue: "billing", TransferredFrom: agentUser}})
	abandoned := events(q, []calls.Event{{ID: "x", Kind: calls.CustomerDisconnected, At: at(20), Reason: "abandoned"}})
	gaveUp := events(q, []calls.Event{{ID: "x", Kind: calls.CustomerDisconnected, At: at(20), Reason: "released"}})
	gaveUpLearnedLate := events(q, []calls.Event{{ID: "x", Kind: calls.CustomerDisconnected, At: at(20), Received: at(30), Reason: "released"}})
	gaveUpAfterAccept := events(q, []calls.Event{{Kind: calls.Accepted, At: at(15), Agent: agentUser},
		{ID: "x", Kind: calls.CustomerDisconnected, At: at(20), Reason: "released"}})
	noDetail := []calls.Event{{ID: "q", Kind: calls.CustomerQueued, At: at(0)}}
	placedFrom := events(talking, []calls.Event{{Kind: calls.RegardingSet, Regarding: "incident:" + incID}})
	badRegarding := events(talking, []calls.Event{{Kind: calls.RegardingSet, Regarding: "incident:1^ORactive=true"}})

	prefilled := &store.Match{Kind: CSM, Contact: contact, Record: prefill("sn_customerservice_case", "+14155550201", "contact="+contact)}
	ix := store.Sync{Correlated: true, InteractionSysID: ixID, State: calls.StateNew}
	wip := store.Sync{Correlated: true, InteractionSysID: ixID, State: calls.StateWorkInProgress}
	withSeg := wip
	withSeg.SegmentSysID = segID
	closed := store.Sync{Correlated: true, InteractionSysID: ixID, State: calls.StateClosedComplete, WrapUpWritten: true}
	closedCase := closed
	closedCase.Linked = []string{"sn_customerservice_case:" + caseID}
	noted := closedCase
	noted.RecordNoted = true
	late := store.Sync{Correlated: true, InteractionSysID: ixID, State: calls.StateClosedComplete, Linked: closedCase.Linked, RecordNoted: true}
	lateNoted := late
	lateNoted.LateNoted = true

	csm := DefaultRules().Rule("support")
	workspace := csm
	workspace.WorkspaceWrapUp = true
	createCase := csm
	createCase.CreateCase = true
	request := csm
	request.CreateRequest = true
	with := func(sy store.Sync, f func(*store.Sync)) store.Sync { f(&sy); return sy }

	cases := []struct {
		name  string
		c     *store.Call
		rule  QueueRule
		at    int
		agent string
		want  Step
	}{
		{"nothing to do before the queue", call(store.Sync{}), csm, 0, "", StepNone},
		{"a queued call is looked up first", call(store.Sync{}, q...), csm, 1, "", StepCorrelate},
		{"then created", call(store.Sync{Correlated: true}, q...), csm, 1, "", StepCreateInteraction},
		{"a create whose answer was lost is looked for", call(store.Sync{Correlated: true, Creating: true}, q...), csm, 1, "", StepFindInteraction},
		{"a known caller without a case gets one (createCase)", call(store.Sync{Correlated: true, Match: prefilled}, q...), createCase, 1, "", StepCreateCase},
		{"not without createCase", call(store.Sync{Correlated: true, Match: prefilled}, q...), csm, 1, "", StepCreateInteraction},
		{"a case insert whose answer was lost is looked for", call(store.Sync{Correlated: true, Match: prefilled, InFlight: inFlightCase}, q...), createCase, 1, "", StepFindCase},
		{"a case made is not made again", call(store.Sync{Correlated: true, Match: prefilled, CaseSysID: caseID}, q...), createCase, 1, "", StepCreateInteraction},
		{"AWA's accept wrote work in progress", call(wip, talking...), csm, 6, agentSys, StepNone},
		{"without AWA's accept the bridge writes it", call(ix, talking...), csm, 6, agentSys, StepWorkInProgress},
		{"a transfer to a queue", call(wip, transferred...), csm, 31, agentSys, StepTransfer},
		{"a transfer after the call ended needs no request", call(wip, events(transferred, []calls.Event{
			{ID: "c2", Kind: calls.AgentConnected, At: at(35), Agent: "u2"}, {ID: "x", Kind: calls.CustomerDisconnected, At: at(40), Reason: "released"},
			{ID: "w2", Kind: calls.AgentWrapEnded, At: at(50), Agent: "u2"}, {Kind: calls.WrapUpSubmitted, At: at(50), Agent: "u2"}})...), csm, 60, "", StepSkipTransfer},
		{"a record the call was placed from is linked", call(wip, placedFrom...), csm, 6, agentSys, StepLink},
		{"not one whose id is not a sys_id", call(wip, badRegarding...), csm, 6, agentSys, StepNone},
		{"hang-up writes nothing", call(wip, over...), csm, 66, agentSys, StepNone},
		{"an agent's hang-up waits for a transfer that may explain it", call(wip, over...), workspace, 66, agentSys, StepWait},
		{"then opens the workspace's segment", call(wip, over...), workspace, 68, agentSys, StepOpenSegment},
		{"not without the agent's sys_id", call(wip, over...), workspace, 66, "", StepNone},
		{"an open whose answer was lost is looked for", call(with(wip, func(s *store.Sync) { s.InFlight = inFlightSegment }), over...), workspace, 66, agentSys, StepFindSegment},
		{"a refused segment is not opened again", call(with(wip, func(s *store.Sync) { s.SegmentError = "no" }), over...), workspace, 66, agentSys, StepNone},
		{"an abandoned call", call(ix, abandoned...), csm, 21, "", StepAbandon},
		{"a caller whose channel ended before any agent's: wait for late events", call(ix, gaveUp...), csm, 21, "", StepWait},
		{"then abandoned", call(ix, gaveUp...), csm, 23, "", StepAbandon},
		{"the wait counts from when the bridge learned it (a retried delivery)", call(ix, gaveUpLearnedLate...), csm, 31, "", StepWait},
		{"and ends after the grace", call(ix, gaveUpLearnedLate...), csm, 33, "", StepAbandon},
		{"an offer an agent accepted waits longer for VCC's connect", call(wip, gaveUpAfterAccept...), csm, 40, agentSys, StepWait},
		{"but not for ever", call(wip, gaveUpAfterAccept...), csm, 50, agentSys, StepAbandon},
		{"nothing before VCC's call detail says the direction", call(store.Sync{}, noDetail...), csm, 1, "", StepNone},
		{"VCC's wrap-up end waits for the panel's notes", call(wip, vccOnly...), csm, 81, agentSys, StepWait},
		{"until the grace is over", call(wip, vccOnly...), csm, 84, agentSys, StepClose},
		{"both accounts in: close", call(wip, done...), csm, 81, agentSys, StepClose},
		{"the segment is closed first", call(withSeg, done...), workspace, 81, agentSys, StepCloseSegment},
		{"not when the agent submitted it in the workspace", call(withSeg, inWorkspace...), workspace, 81, agentSys, StepClose},
		{"not when ServiceNow refused it", call(with(withSeg, func(s *store.Sync) { s.SegmentError = "no" }), done...), workspace, 81, agentSys, StepClose},
		{"after the close the linked record gets the note", call(closedCase, done...), csm, 82, agentSys, StepNoteRecord},
		{"a close without a linked record is the end", call(closed, done...), csm, 82, agentSys, StepNone},
		{"then the Service Request (createRequest)", call(noted, done...), request, 82, agentSys, StepCreateRequest},
		{"a request insert whose answer was lost is looked for", call(with(noted, func(s *store.Sync) { s.InFlight = inFlightRequest }), done...), request, 82, agentSys, StepFindRequest},
		{"a late wrap-up goes to the interaction", call(late, done...), csm, 300, agentSys, StepLateNoteInteraction},
		{"then to the linked record", call(lateNoted, done...), csm, 300, agentSys, StepLateNoteRecord},
		{"an abandoned interaction is final", call(store.Sync{Correlated: true, InteractionSysID: ixID, State: calls.StateClosedAbandoned}, abandoned...), csm, 30, "", StepNone},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Next(tc.c, Situation{Rule: tc.rule, Now: at(tc.at), AgentSysID: tc.agent, Grace: 3 * time.Second})
			assert.Equal(t, tc.want, got, "got %s, want %s", got, tc.want)
		})
	}
}

func TestStepNames(t *testing.T) {
	for s := StepNone; s <= StepLateNoteRecord; s++ {
		got, ok := ParseStep(s.String())
		assert.True(t, ok, s.String())
		assert.Equal(t, s, got)
	}
	assert.Equal(t, "Step(99)", Step(99).String())
}
