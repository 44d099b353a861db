package calls

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzOrderAndDuplicates generates a call from a small grammar of its events
// (queued, offered and failed, answered, held and retrieved, transferred,
// hung up by either side, abandoned, wrapped up in the panel and by VCC),
// then applies them again as the bridge may receive them: VCC's webhooks
// late, out of order and twice, the panel's requests (accept, transfer,
// wrap-up) and the call detail as they happen, some sent twice. The call
// must end the same as when every event came once, in order.
//
// VCC's events can only be late, never early: a webhook about a moment after
// a panel request cannot reach the bridge before it, since the panel's
// requests are applied when made. The arrival model keeps to that (see
// arrivals); fully arbitrary orders of the panel's requests are not a case
// the bridge meets.
func FuzzOrderAndDuplicates(f *testing.F) {
	f.Add([]byte{0, 2, 1, 1, 0}, uint64(1))                         // answered, held once, agent hangs up
	f.Add([]byte{1, 2, 0, 3, 0, 2, 0}, uint64(2))                   // offer failed, then answered
	f.Add([]byte{0, 2, 2, 0, 2, 0, 1, 0}, uint64(3))                // transferred to a second agent
	f.Add([]byte{3}, uint64(4))                                     // abandoned in the queue
	f.Add([]byte{1, 2, 2, 1, 4, 2, 1, 2, 1, 2, 3, 2, 1}, uint64(5)) // documented events only, two transfers
	f.Add([]byte{0, 2, 2, 1, 2, 2, 5, 3, 6, 0, 1, 2}, uint64(6))
	f.Add([]byte{2, 3, 1, 4, 1, 2, 1}, uint64(7)) // outbound from a record
	f.Fuzz(func(t *testing.T, script []byte, seed uint64) {
		evs := generateCall(script)
		var want Facts
		for _, ev := range evs {
			want.Apply(ev.Event)
		}
		rng := rand.New(rand.NewPCG(seed, seed>>32|1))
		var got Facts
		order := arrivals(evs, rng)
		for _, e := range order {
			got.Apply(e)
		}
		require.Equal(t, want.Desired(), got.Desired(), "the interaction's state\nevents: %s\narrived: %s", describe(evs), describeOrder(order))
		require.Equal(t, keyFacts(&want), keyFacts(&got), "the call's facts\nevents: %s\narrived: %s", describe(evs), describeOrder(order))

		// Applying everything once more changes nothing.
		for _, ev := range evs {
			if ev.ID != "" {
				require.False(t, got.Apply(ev.Event), "a duplicate of %s changed the facts", ev.ID)
			}
		}
	})
}

// timed is a generated event and whether the panel (or the bridge's own read
// of the call detail) made it, rather than a VCC webhook.
type timed struct {
	Event
	panel bool
}

// script reads the fuzzer's bytes as choices; past the end every choice is 0.
type script struct {
	b []byte
	i int
}

func (s *script) next(n int) int {
	if s.i >= len(s.b) {
		return 0
	}
	c := int(s.b[s.i]) % n
	s.i++
	return c
}

// generateCall builds one call's events in the order they happen. The first
// choice is the kind of call: inbound with VCC's event extensions (number,
// queue, direction, reasons in the events), inbound with the documented
// events only (the call detail brings them), or outbound from a record.
func generateCall(b []byte) []timed {
	s := &script{b: b}
	kind := s.next(3)
	ext := kind != 1
	var evs []timed
	now := at(0)
	id := 0
	vcc := func(e Event) {
		id++
		e.ID = fmt.Sprintf("vcc/%d", id)
		e.At = now
		e.Received = now
		evs = append(evs, timed{Event: e})
	}
	panel := func(e Event) {
		e.At = now
		evs = append(evs, timed{Event: e, panel: true})
	}
	tick := func() { now = now.Add(time.Duration(1+s.next(20)) * time.Second) }
	reason := func(r string) string {
		if ext || r == "released" {
			return r
		}
		return "" // VCC documents "released" only
	}
	agents := []string{"u1", "u2", "u3"}
	first := 0
	switch kind {
	case 0:
		vcc(Event{Kind: CustomerQueued, From: "+14155550142", Queue: "support", Direction: "inbound"})
	case 1:
		vcc(Event{Kind: CustomerQueued})
		tick()
		panel(Event{Kind: Detail, From: "+14155550142", Queue: "support", Direction: "inbound"})
	case 2:
		// The agent dials from a record; VCC connects both channels.
		panel(Event{Kind: RegardingSet, Agent: "u1", Regarding: "incident:0123456789abcdef0123456789abcdef"})
		tick()
		vcc(Event{Kind: AgentConnected, Agent: "u1", Direction: "outbound"})
		tick()
		vcc(Event{Kind: CustomerConnected, From: "+14155550199", Direction: "outbound"})
		if !talk(s, agents, 0, vcc, panel, tick, reason) {
			return evs
		}
		first = 1
	}
	connected := false
	for n := first; n < len(agents); n++ {
		agent := agents[n]
		tick()
		switch s.next(4) {
		case 1: // VCC offers it; the agent's softphone is not there
			vcc(Event{Kind: AgentAlerted, Agent: agent})
			vcc(Event{Kind: AgentDisconnected, Agent: agent, Reason: "released"})
			if s.next(2) == 0 {
				vcc(Event{Kind: AgentWrapEnded, Agent: agent})
			}
			continue
		case 3: // the caller gives up in the queue
			vcc(Event{Kind: CustomerDisconnected, Reason: reason("abandoned")})
			return evs
		}
		vcc(Event{Kind: AgentAlerted, Agent: agent})
		tick()
		if s.next(2) == 0 {
			panel(Event{Kind: Accepted, Agent: agent, AgentUser: agent + ".name"})
		}
		vcc(Event{Kind: AgentConnected, Agent: agent})
		if !connected {
			vcc(Event{Kind: CustomerConnected})
			connected = true
		}
		if !talk(s, agents, n, vcc, panel, tick, reason) {
			return evs
		}
	}
	return evs
}

// talk generates the rest of agents[n]'s part of a connected call: holds,
// then a hang-up by either side and the wrap-up, or a blind transfer to
// another queue. It reports whether the call went on to a queue.
func talk(s *script, agents []string, n int, vcc, panel func(Event), tick func(), reason func(string) string) bool {
	agent := agents[n]
	for holds := s.next(3); holds > 0; holds-- {
		tick()
		vcc(Event{Kind: Held, Agent: agent})
		tick()
		vcc(Event{Kind: Retrieved, Agent: agent})
	}
	tick()
	switch s.next(3) {
	case 0: // the agent hangs up
		vcc(Event{Kind: AgentDisconnected, Agent: agent, Reason: reason("released")})
		vcc(Event{Kind: CustomerDisconnected, Reason: reason("released")})
	case 1: // the caller hangs up
		vcc(Event{Kind: CustomerDisconnected, Reason: reason("released")})
		vcc(Event{Kind: AgentDisconnected, Agent: agent, Reason: reason("released")})
	case 2: // a blind transfer to a queue, when there is an agent left to take it
		if n == len(agents)-1 {
			vcc(Event{Kind: AgentDisconnected, Agent: agent})
			vcc(Event{Kind: CustomerDisconnected})
			break
		}
		next := fmt.Sprintf("queue%d", n+1)
		if s.next(2) == 0 {
			panel(Event{Kind: TransferMade, Agent: agent, ToType: "queue", To: next})
		}
		vcc(Event{Kind: AgentDisconnected, Agent: agent}) // VCC gives no reason here
		requeued := Event{Kind: CustomerQueued}
		if reason(ReasonTransferred) != "" {
			requeued.Queue, requeued.TransferredFrom = next, agent
		}
		vcc(requeued)
		vcc(Event{Kind: AgentDisconnected, Agent: agent, Reason: reason(ReasonTransferred)}) // wrapstarted
		tick()
		vcc(Event{Kind: AgentWrapEnded, Agent: agent, Reason: reason(ReasonTransferred)})
		if s.next(2) == 0 {
			panel(Event{Kind: WrapUpSubmitted, Agent: agent, Reason: ReasonTransferred, Disposition: "Transferred", Notes: "sent on by " + agent})
		}
		return true
	}
	tick()
	wrap := Event{Kind: AgentWrapEnded, Agent: agent}
	if reason(ReasonTransferred) != "" {
		wrap.Disposition = "Resolved" // an extension
	}
	switch s.next(3) {
	case 0: // the panel's form, then VCC ends the wrap-up
		panel(Event{Kind: WrapUpSubmitted, Agent: agent, Disposition: "Resolved", Notes: "done"})
		tick()
		vcc(wrap)
	case 1: // VCC's wrap-up ends first, then the agent submits the workspace's dialog
		vcc(wrap)
		tick()
		panel(Event{Kind: WrapUpSubmitted, Agent: agent, Disposition: "Resolved", Notes: "done", Source: SourceWorkspace})
	case 2: // VCC's only
		vcc(wrap)
	}
	return false
}

// arrivals is the order the bridge may apply evs in: each VCC event late by
// up to a minute (and perhaps delivered again, later still, with the same
// id and time), the panel's requests when they happen (and perhaps sent
// again a second later, which the bridge stamps with its own later time);
// events that arrive at the same moment in any order.
//
// A panel request repeated long after (an accept retried once the call has
// moved on to another agent) is not modelled: Facts takes an accept as the
// accepting agent's claim on the call, and refusing a stale one is the
// agent API's job (it checks whose call it is first).
func arrivals(evs []timed, rng *rand.Rand) []Event {
	type arrival struct {
		at time.Time
		e  Event
	}
	var out []arrival
	for _, ev := range evs {
		if ev.panel {
			out = append(out, arrival{ev.At, ev.Event})
			if rng.IntN(3) == 0 {
				again := ev.Event
				again.At = again.At.Add(time.Second)
				out = append(out, arrival{again.At, again})
			}
			continue
		}
		when := ev.At.Add(time.Duration(rng.IntN(60)) * time.Second)
		out = append(out, arrival{when, ev.Event})
		if rng.IntN(3) == 0 {
			out = append(out, arrival{when.Add(time.Duration(rng.IntN(90)) * time.Second), ev.Event})
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	slices.SortStableFunc(out, func(a, b arrival) int { return a.at.Compare(b.at) })
	var es []Event
	for _, a := range out {
		es = append(es, a.e)
	}
	return es
}

// keyFacts are the facts the sync writes to ServiceNow, and the agent the
// call belongs to.
func keyFacts(f *Facts) map[string]any {
	hold, holds := f.HoldTime()
	var transfers []string
	for _, t := range f.Transfers {
		transfers = append(transfers, t.From+">"+t.Agent+">"+t.Queue)
	}
	notes := slices.Clone(f.SegmentNotes)
	slices.Sort(notes)
	return map[string]any{
		"from": f.From, "queue": f.Queue, "direction": f.Direction, "agent": f.Agent,
		"queuedAt": f.QueuedAt, "connectedAt": f.ConnectedAt, "hungUpAt": f.HungUpAt,
		"abandonedAt": f.AbandonedAt(), "wrapDoneAt": f.WrapDoneAt, "vccWrapUpAt": f.VCCWrapUpAt,
		"disposition": f.Disposition, "notes": f.Notes, "inWorkspace": f.WrapUpInWorkspace,
		"hold": hold, "holds": holds, "transfers": transfers, "segmentNotes": notes,
	}
}

func describe(evs []timed) string {
	s := ""
	for _, e := range evs {
		s += fmt.Sprintf("\n  %s %s %s agent=%s reason=%s queue=%s from=%s", e.At.Sub(t0), e.ID, e.Kind, e.Agent, e.Reason, e.Queue, e.TransferredFrom)
	}
	return s
}

func describeOrder(evs []Event) string {
	s := ""
	for _, e := range evs {
		s += fmt.Sprintf(" %s:%s(%s)@%s", e.ID, e.Kind, e.Agent, e.At.Sub(t0))
	}
	return s
}
