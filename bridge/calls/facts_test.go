package calls

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

// answered is a whole inbound call: queued, answered, held once, hung up by
// the agent, wrapped up with a disposition.
func answered() []Event {
	return []Event{
		{ID: "e1", Kind: CustomerQueued, At: at(0), From: "+14155550142", Queue: "support", Direction: "inbound"},
		{ID: "e2", Kind: AgentAlerted, At: at(5), Agent: "u1"},
		{ID: "e3", Kind: AgentConnected, At: at(5), Agent: "u1"},
		{ID: "e4", Kind: CustomerConnected, At: at(5)},
		{ID: "e5", Kind: Held, At: at(30)},
		{ID: "e6", Kind: Retrieved, At: at(45)},
		{ID: "e7", Kind: AgentDisconnected, At: at(65), Agent: "u1", Reason: "released"},
		{ID: "e8", Kind: CustomerDisconnected, At: at(65), Reason: "released"},
		{ID: "e9", Kind: AgentWrapEnded, At: at(90), Agent: "u1", Disposition: "Resolved"},
	}
}

func TestDesiredFollowsTheCall(t *testing.T) {
	var f Facts
	want := []string{StateNew, StateNew, StateWorkInProgress, StateWorkInProgress, StateWorkInProgress, StateWorkInProgress, StateWrapUp, StateWrapUp, StateClosedComplete}
	for i, e := range answered() {
		f.Apply(e)
		assert.Equal(t, want[i], f.Desired().State, "after %s", e.Kind)
	}
	held, holds := f.HoldTime()
	assert.Equal(t, 15*time.Second, held)
	assert.Equal(t, 1, holds)
	assert.Equal(t, 60*time.Second, f.Duration(at(1000)))
	assert.Equal(t, "Resolved", f.Disposition)
}

// Events come twice and in any order; the facts end the same.
func TestOrderAndDuplicatesDoNotMatter(t *testing.T) {
	var want Facts
	for _, e := range answered() {
		want.Apply(e)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for run := 0; run < 200; run++ {
		evs := append(answered(), answered()...)
		rng.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
		var f Facts
		for _, e := range evs {
			f.Apply(e)
		}
		require.Equal(t, want.Desired(), f.Desired(), "run %d", run)
		require.Equal(t, want.fingerprint(), f.fingerprint(), "run %d", run)
	}
}

func TestDuplicateIsNoChange(t *testing.T) {
	var f Facts
	e := answered()[0]
	assert.True(t, f.Apply(e))
	assert.False(t, f.Apply(e))
}

func TestAbandonedInQueue(t *testing.T) {
	var f Facts
	f.Apply(Event{ID: "a", Kind: CustomerQueued, At: at(0), From: "+1", Queue: "support", Direction: "inbound"})
	f.Apply(Event{ID: "b", Kind: CustomerDisconnected, At: at(20), Reason: "abandoned"})
	assert.Equal(t, Desired{Exists: true, State: StateClosedAbandoned}, f.Desired())

	// An abandon notice that overtakes the queue event still ends well.
	var g Facts
	g.Apply(Event{ID: "b", Kind: CustomerDisconnected, At: at(20), Reason: "abandoned"})
	assert.Equal(t, Desired{}, g.Desired(), "nothing to create yet: the direction is not known")
	g.Apply(Event{ID: "a", Kind: CustomerQueued, At: at(0), From: "+1", Queue: "support", Direction: "inbound"})
	assert.Equal(t, Desired{Exists: true, State: StateClosedAbandoned}, g.Desired())
}

// With VCC's documented events only: no number, queue, direction or reason
// in them. The call detail brings the first three; a customer's channel
// that ends before any agent's connected is a caller who gave up.
func TestDocumentedEventsOnly(t *testing.T) {
	var f Facts
	f.Apply(Event{ID: "a", Kind: CustomerQueued, At: at(0)})
	assert.Equal(t, Desired{}, f.Desired(), "waiting for the call detail")
	f.Apply(Event{Kind: Detail, From: "+14155550201", Direction: "inbound", Queue: "support"})
	assert.Equal(t, Desired{Exists: true, State: StateNew}, f.Desired())
	assert.Equal(t, "support", f.Queue)

	abandoned := f
	abandoned.Apply(Event{ID: "b", Kind: CustomerDisconnected, At: at(20), Reason: "released"})
	assert.Equal(t, Desired{Exists: true, State: StateClosedAbandoned}, abandoned.Desired())
	assert.Equal(t, at(20), abandoned.AbandonedAt())

	answered := f
	answered.Apply(Event{ID: "c", Kind: AgentConnected, At: at(10), Agent: "u1"})
	answered.Apply(Event{ID: "b", Kind: CustomerDisconnected, At: at(20), Reason: "released"})
	assert.Equal(t, Desired{Exists: true, State: StateWrapUp}, answered.Desired(), "the caller hung up on the agent")

	outbound := Facts{}
	outbound.Apply(Event{ID: "a", Kind: CustomerQueued, At: at(0)})
	outbound.Apply(Event{Kind: Detail, From: "+14155550199", Direction: "outbound"})
	assert.Equal(t, Desired{}, outbound.Desired(), "an outbound call exists once it connects")
	outbound.Apply(Event{ID: "c", Kind: AgentConnected, At: at(3), Agent: "u1"})
	assert.Equal(t, Desired{Exists: true, State: StateWorkInProgress}, outbound.Desired())
}

func TestBlindTransferKeepsTheInteractionOpen(t *testing.T) {
	var f Facts
	for _, e := range answered()[:4] {
		f.Apply(e)
	}
	f.Apply(Event{ID: "t1", Kind: AgentDisconnected, At: at(30), Agent: "u1", Reason: "transferred"})
	f.Apply(Event{ID: "t2", Kind: CustomerQueued, At: at(30), Queue: "servicedesk", TransferredFrom: "u1"})
	f.Apply(Event{ID: "t3", Kind: AgentWrapEnded, At: at(40), Agent: "u1", Reason: "transferred"})
	f.Apply(Event{Kind: WrapUpSubmitted, At: at(41), Agent: "u1", Disposition: "Transferred", Notes: "sent to the service desk"})
	assert.Equal(t, StateNew, f.Desired().State, "back in a queue, waiting for AWA")
	require.Len(t, f.Transfers, 1)
	assert.Equal(t, "servicedesk", f.Transfers[0].Queue)
	assert.Equal(t, []string{"sent to the service desk"}, f.SegmentNotes)

	f.Apply(Event{ID: "t4", Kind: AgentConnected, At: at(60), Agent: "u2"})
	assert.Equal(t, "u2", f.Agent)
	f.Apply(Event{Kind: WrapUpSubmitted, At: at(120), Agent: "u2", Disposition: "Resolved", Notes: "done"})
	assert.Equal(t, StateClosedComplete, f.Desired().State)
	assert.Equal(t, "done", f.Notes)
}

// VCC ends the transferring agent's channel with a channel.disconnected that
// carries no reason; only the wrapstarted (reason "transferred") and the
// customer queued again tell it from a hang-up. In any order of arrival the
// call waits in its new queue, and the next agent's hang-up ends it.
func TestTransferDisconnectWithoutReason(t *testing.T) {
	handOn := []Event{
		{ID: "d", Kind: AgentDisconnected, At: at(30), Agent: "u1"},
		{ID: "w", Kind: AgentDisconnected, At: at(30), Agent: "u1", Reason: "transferred"},
		{ID: "q", Kind: CustomerQueued, At: at(30), Queue: "servicedesk", TransferredFrom: "u1"},
	}
	orders := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for _, order := range orders {
		var f Facts
		for _, e := range answered()[:4] {
			f.Apply(e)
		}
		for _, i := range order {
			f.Apply(handOn[i])
		}
		assert.Equal(t, StateNew, f.Desired().State, "order %v", order)
		assert.True(t, f.HungUpAt.IsZero(), "order %v", order)

		f.Apply(Event{ID: "c2", Kind: AgentConnected, At: at(60), Agent: "u2"})
		assert.Equal(t, StateWorkInProgress, f.Desired().State, "order %v", order)
		f.Apply(Event{ID: "d2", Kind: AgentDisconnected, At: at(90), Agent: "u2"})
		assert.Equal(t, StateWrapUp, f.Desired().State, "order %v", order)
		assert.Equal(t, at(90), f.HungUpAt, "order %v", order)
	}

	// Until the transfer's other events arrive, a reasonless disconnect is a
	// hang-up; one that no transfer explains stays one.
	var f Facts
	for _, e := range answered()[:4] {
		f.Apply(e)
	}
	f.Apply(handOn[0])
	assert.Equal(t, StateWrapUp, f.Desired().State)
	f.Apply(Event{ID: "late", Kind: CustomerQueued, At: at(300), Queue: "servicedesk", TransferredFrom: "u1"})
	assert.Equal(t, at(30), f.HungUpAt, "a transfer minutes later does not explain it")
}

// The transferring agent's panel may wrap up before VCC's events of the
// transfer reach the bridge; it says the wrap-up is for the agent's part, so
// the call is not closed under the next agent.
func TestTransferWrapUpBeforeVCCsEvents(t *testing.T) {
	var f Facts
	for _, e := range answered()[:4] {
		f.Apply(e)
	}
	f.Apply(Event{Kind: WrapUpSubmitted, At: at(31), Agent: "u1", Disposition: "Escalated", Notes: "sent on", Reason: ReasonTransferred})
	assert.NotEqual(t, StateClosedComplete, f.Desired().State)
	assert.Empty(t, f.Notes)
	assert.Equal(t, []string{"sent on"}, f.SegmentNotes)
	f.Apply(Event{ID: "d", Kind: AgentDisconnected, At: at(30), Agent: "u1"})
	f.Apply(Event{ID: "q", Kind: CustomerQueued, At: at(30), Queue: "servicedesk", TransferredFrom: "u1"})
	assert.Equal(t, StateNew, f.Desired().State, "waiting in the new queue")
}

func TestOutboundCall(t *testing.T) {
	var f Facts
	f.Apply(Event{Kind: RegardingSet, Regarding: "incident:inc1"})
	assert.False(t, f.Desired().Exists)
	f.Apply(Event{ID: "o1", Kind: AgentConnected, At: at(3), Agent: "u1", Direction: "outbound", From: "+14155550199"})
	assert.Equal(t, Desired{Exists: true, State: StateWorkInProgress}, f.Desired())
	assert.Equal(t, "incident:inc1", f.Regarding)
}

func TestForward(t *testing.T) {
	assert.True(t, Forward(StateNew, StateWrapUp))
	assert.False(t, Forward(StateWrapUp, StateWorkInProgress))
	assert.False(t, Forward(StateClosedComplete, StateClosedAbandoned))
	assert.True(t, Closed(StateClosedAbandoned))
}

func TestWaitingAfterTransfer(t *testing.T) {
	var f Facts
	for _, e := range answered()[:4] {
		f.Apply(e)
	}
	f.Apply(Event{ID: "t2", Kind: CustomerQueued, At: at(30), Queue: "servicedesk", TransferredFrom: "u1"})
	assert.Equal(t, StateNew, f.Desired().State)
	f.Apply(Event{ID: "t4", Kind: AgentConnected, At: at(60), Agent: "u2"})
	assert.Equal(t, StateWorkInProgress, f.Desired().State)
}

func TestWrapUpInTheWorkspace(t *testing.T) {
	cases := []struct {
		name   string
		source string
		want   bool
	}{
		{"the panel's own form", "", false},
		{"ServiceNow's wrap-up dialog", SourceWorkspace, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var f Facts
			for _, e := range answered()[:7] {
				f.Apply(e)
			}
			changed := f.Apply(Event{Kind: WrapUpSubmitted, At: at(80), Agent: "u1", Disposition: "Resolved", Notes: "ok", Source: tc.source})
			assert.True(t, changed)
			assert.Equal(t, tc.want, f.WrapUpInWorkspace)
			assert.Equal(t, StateClosedComplete, f.Desired().State)
		})
	}
}

// The panel reports the transfer as soon as VCC took it, VCC's events of it
// come before or after, the transferring agent's channel ends at the end of
// their wrap-up: one transfer, from the queue the call was in, and the call
// waits in its new queue whatever the order (the panel alone — VCC's
// documented events carry no queue — is enough).
func TestTransferReportedByThePanel(t *testing.T) {
	panel := Event{Kind: TransferMade, At: at(31), Agent: "u1", ToType: "queue", To: "servicedesk"}
	vcc := []Event{
		{ID: "d", Kind: AgentDisconnected, At: at(30), Agent: "u1"},
		{ID: "q", Kind: CustomerQueued, At: at(30), Queue: "servicedesk", TransferredFrom: "u1"},
		{ID: "e", Kind: AgentWrapEnded, At: at(45), Agent: "u1"},
	}
	for name, events := range map[string][]Event{
		"panel first":          append([]Event{panel}, vcc...),
		"panel last":           append(append([]Event{}, vcc...), panel),
		"panel only, no queue": {panel, vcc[0], vcc[2]},
	} {
		t.Run(name, func(t *testing.T) {
			var f Facts
			for _, e := range answered()[:4] {
				f.Apply(e)
			}
			for _, e := range events {
				f.Apply(e)
			}
			require.Len(t, f.Transfers, 1)
			assert.Equal(t, "servicedesk", f.Transfers[0].Queue)
			assert.Equal(t, "support", f.Transfers[0].From, "the queue the call was in")
			assert.Equal(t, "servicedesk", f.Queue)
			assert.Equal(t, StateNew, f.Desired().State, "back in a queue, waiting for AWA")
		})
	}
}

// VCC auto-rejects an offer to an agent whose softphone is not connected
// (their channel alerts, then fails): that is no hang-up; the call waits in
// its queue and the next agent takes it.
func TestAutoRejectedOfferIsNoHangUp(t *testing.T) {
	var f Facts
	f.Apply(Event{ID: "q", Kind: CustomerQueued, At: at(0), Direction: "inbound", From: "+14155550201", Queue: "support"})
	f.Apply(Event{ID: "a1", Kind: AgentAlerted, At: at(2), Agent: "u1"})
	f.Apply(Event{ID: "f1", Kind: AgentDisconnected, At: at(2), Agent: "u1", Reason: "released"})
	f.Apply(Event{ID: "e1", Kind: AgentWrapEnded, At: at(2), Agent: "u1", Reason: "released"})
	assert.True(t, f.HungUpAt.IsZero(), "no hang-up")
	assert.Equal(t, StateNew, f.Desired().State, "still waiting")

	f.Apply(Event{ID: "a2", Kind: AgentConnected, At: at(5), Agent: "u2"})
	assert.Equal(t, StateWorkInProgress, f.Desired().State)
	f.Apply(Event{ID: "d2", Kind: AgentDisconnected, At: at(60), Agent: "u2"})
	assert.Equal(t, at(60), f.HungUpAt, "the agent who took it hangs up")
}

// The late event of a first transfer sent
// the call back to the queue it had left, and a transfer's queue of origin
// was whatever queue the facts held when its event came.
func TestLateTransferEventKeepsTheLatestQueue(t *testing.T) {
	var f Facts
	for _, e := range answered()[:4] {
		f.Apply(e)
	}
	f.Apply(Event{ID: "q2", Kind: CustomerQueued, At: at(90), Queue: "queue2", TransferredFrom: "u2"})
	f.Apply(Event{ID: "q1", Kind: CustomerQueued, At: at(30), Queue: "queue1", TransferredFrom: "u1"})
	assert.Equal(t, "queue2", f.Queue)
	require.Len(t, f.Transfers, 2)
	assert.Equal(t, "support", f.Transfers[0].From)
	assert.Equal(t, "queue1", f.Transfers[1].From)
}

// An agent sends the caller blind to their own queue and AWA offers the call
// back to them: their new leg is the call's again, and its hang-up and
// wrap-up end it, VCC's events in any order of arrival (the panel wraps up
// the leg it answered, after VCC told of that leg). Their channel's events
// just after the transfer (within the slack) stay their first part's.
func TestCallBackToTheAgentWhoTransferredIt(t *testing.T) {
	events := func() []Event {
		return append(answered()[:4],
			Event{Kind: TransferMade, At: at(30), Agent: "u1", ToType: "queue", To: "support"},
			Event{ID: "t1", Kind: AgentDisconnected, At: at(30), Agent: "u1"},
			Event{ID: "t2", Kind: AgentConnected, At: at(31), Agent: "u1"}, // a late echo of the first leg
			// AWA offers it straight back to u1, who accepts it at once.
			Event{Kind: Accepted, At: at(32), Agent: "u1"},
			Event{ID: "r1", Kind: AgentAlerted, At: at(33), Agent: "u1"},
			Event{ID: "r2", Kind: AgentConnected, At: at(34), Agent: "u1"},
			Event{ID: "t3", Kind: AgentWrapEnded, At: at(40), Agent: "u1", Reason: "transferred"},
			Event{ID: "r3", Kind: AgentDisconnected, At: at(90), Agent: "u1", Reason: "released"},
			Event{ID: "r4", Kind: CustomerDisconnected, At: at(90), Reason: "released"},
			Event{Kind: WrapUpSubmitted, At: at(100), Agent: "u1", Disposition: "Resolved", Notes: "sorted it myself"},
			Event{ID: "r5", Kind: AgentWrapEnded, At: at(101), Agent: "u1", Disposition: "Resolved"},
		)
	}
	var want Facts
	for i, e := range events() {
		want.Apply(e)
		if i == 6 {
			assert.Equal(t, StateNew, want.Desired().State, "waiting in the queue again, the first leg's echo aside")
			assert.True(t, want.HandedOn("u1"))
		}
	}
	assert.Equal(t, StateClosedComplete, want.Desired().State)
	assert.Equal(t, "u1", want.Agent)
	assert.Equal(t, "sorted it myself", want.Notes)
	assert.False(t, want.HandedOn("u1"), "the call came back to u1")

	rng := rand.New(rand.NewPCG(3, 4))
	for run := 0; run < 200; run++ {
		// The accept comes before VCC connects the new leg (the bridge hands
		// the call to VCC after AWA took it) and the panel's wrap-up after.
		causal := func(e Event) bool { return e.Kind == WrapUpSubmitted || e.Kind == Accepted }
		fromVCC := func() []Event { return slices.DeleteFunc(events(), causal) }
		accept := events()[slices.IndexFunc(events(), func(e Event) bool { return e.Kind == Accepted })]
		wrapUp := events()[slices.IndexFunc(events(), func(e Event) bool { return e.Kind == WrapUpSubmitted })]
		evs := append(fromVCC(), fromVCC()...)
		rng.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
		leg := slices.IndexFunc(evs, func(e Event) bool { return e.ID == "r1" || e.ID == "r2" })
		evs = slices.Insert(evs, rng.IntN(leg+1), accept)
		r2 := slices.IndexFunc(evs, func(e Event) bool { return e.ID == "r2" })
		evs = slices.Insert(evs, r2+1+rng.IntN(len(evs)-r2), wrapUp)
		var f Facts
		for _, e := range evs {
			f.Apply(e)
		}
		require.Equal(t, want.Desired(), f.Desired(), "run %d", run)
		require.Equal(t, "sorted it myself", f.Notes, "run %d", run)
	}
}
