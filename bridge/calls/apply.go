package calls

import (
	"slices"
	"time"
)

// Event is one thing the bridge learned about a call, in its own terms
// (package bridge turns VCC's channel events and the panel's requests into
// these).
type Event struct {
	// ID identifies the event for de-duplication ("source/id" for VCC
	// notifications); empty means "apply every time" (idempotent anyway).
	ID   string
	Kind Kind
	At   time.Time
	// Received is when the bridge learned of the event (VCC's At may be
	// long before, when a delivery was retried).
	Received time.Time
	// Customer channel facts.
	From, Queue, Direction string
	// Agent facts: VCC user id and user name.
	Agent, AgentUser string
	// Reason is VCC's reason (released, abandoned, transferred, failed);
	// for a panel's wrap-up, ReasonTransferred when the agent handed the
	// call on.
	Reason string
	// TransferredFrom is the agent a re-queued call came from.
	TransferredFrom string
	// ToType and To say where the agent's transfer sent the call
	// (TransferMade): "queue" and the VCC queue's name, or "agent" and the
	// agent's user name.
	ToType, To string
	// Wrap-up and outbound context from the panel.
	Disposition, Notes, Regarding string
	// Source says where the panel's wrap-up was made: SourceWorkspace when
	// the agent submitted ServiceNow's wrap-up dialog of an external segment
	// (openframe_wrap_up_submitted), "" for the panel's own form.
	Source string
}

// SourceWorkspace marks a wrap-up the agent submitted in ServiceNow's
// workspace (Event.Source).
const SourceWorkspace = "workspace"

// Kind is what happened.
type Kind string

// Event kinds.
const (
	CustomerQueued       Kind = "customer_queued"       // customer channel.alerted (in a queue)
	CustomerConnected    Kind = "customer_connected"    // customer channel.connected
	CustomerDisconnected Kind = "customer_disconnected" // customer channel.disconnected / ended
	AgentAlerted         Kind = "agent_alerted"         // agent channel.alerted
	AgentConnected       Kind = "agent_connected"       // agent channel.connected
	Held                 Kind = "held"                  // channel.held
	Retrieved            Kind = "retrieved"             // channel.retrieved
	AgentDisconnected    Kind = "agent_disconnected"    // agent channel.disconnected / wrapstarted
	AgentWrapEnded       Kind = "agent_wrap_ended"      // agent channel.ended (wrap-up over)
	WrapUpSubmitted      Kind = "wrapup_submitted"      // the panel's wrap-up
	RegardingSet         Kind = "regarding"             // the panel's outbound context
	Accepted             Kind = "accepted"              // the agent accepted the offer (panel or inbox)
	TransferMade         Kind = "transfer_made"         // the agent's blind transfer, which VCC took (the panel)
	Detail               Kind = "detail"                // VCC's call detail: the customer's number, the direction, the queue
)

// ReasonTransferred is VCC's reason for a channel that ended because its
// agent handed the call on.
const ReasonTransferred = "transferred"

// Apply folds an event into the facts and reports whether anything changed.
func (f *Facts) Apply(e Event) bool {
	if e.ID != "" {
		if slices.Contains(f.Seen, e.ID) {
			return false
		}
		f.Seen = append(f.Seen, e.ID)
	}
	before := f.fingerprint()
	switch e.Kind {
	case CustomerQueued:
		if e.TransferredFrom == "" {
			f.FirstQueue = firstNonEmpty(f.FirstQueue, e.Queue)
		}
		f.setParty(e)
		if e.TransferredFrom != "" {
			f.addTransfer(Transfer{At: e.At, Agent: e.TransferredFrom, ToType: "queue", To: e.Queue, Queue: e.Queue})
		}
		f.QueuedAt = earliest(f.QueuedAt, e.At)
	case Detail:
		// VCC's record of the call fills what its events did not say; it
		// never overrides what they did. Its queue is the one the number
		// dialled leads to: the first.
		f.FirstQueue = firstNonEmpty(f.FirstQueue, e.Queue)
		f.setParty(e)
		f.Disposition = firstNonEmpty(f.Disposition, e.Disposition)
		if e.At.After(f.DetailAt) {
			f.DetailAt = e.At
		}
	case TransferMade:
		if e.Agent == "" || e.To == "" || (e.ToType != "queue" && e.ToType != "agent") {
			break
		}
		t := Transfer{At: e.At, Agent: e.Agent, ToType: e.ToType, To: e.To}
		if e.ToType == "queue" {
			t.Queue = e.To
		}
		f.addTransfer(t)
	case CustomerConnected:
		f.setParty(e)
		f.ConnectedAt = earliest(f.ConnectedAt, e.At)
	case AgentAlerted, AgentConnected:
		f.setParty(e)
		if e.Agent != "" && laterThan(e.At, f.AgentSince) && !f.echoOfTransfer(e.Agent, e.At) {
			if e.Agent != f.Agent {
				f.AgentUser = ""
			}
			f.Agent, f.AgentSince = e.Agent, e.At
			f.AgentUser = firstNonEmpty(e.AgentUser, f.AgentUser)
		}
		if e.Kind == AgentConnected {
			f.ConnectedAt = earliest(f.ConnectedAt, e.At)
			if e.Agent != "" && !slices.Contains(f.Answered, e.Agent) {
				f.Answered = append(f.Answered, e.Agent)
			}
		}
	case Held:
		f.Held = insertTime(f.Held, e.At)
	case Retrieved:
		f.Retrieved = insertTime(f.Retrieved, e.At)
	case AgentDisconnected:
		// Whether this ends the call or hands it on may only be known when
		// the transfer's events arrive: settleHangUp decides.
		f.addLeave(Leave{At: e.At, Agent: e.Agent, Transferred: e.Reason == ReasonTransferred})
	case CustomerDisconnected:
		// Only VCC's reason tells a caller who gave up in the queue from one
		// who hung up on an agent: the connect may not have arrived yet.
		switch e.Reason {
		case "abandoned":
			f.AbandonAt = earliest(f.AbandonAt, e.At)
		case ReasonTransferred:
		default:
			f.CallerLeftAt = earliest(f.CallerLeftAt, e.At)
			f.CallerLeftSeen = earliest(f.CallerLeftSeen, firstTime(e.Received, e.At))
		}
	case AgentWrapEnded:
		// Whether it ends the call's wrap-up may only be known when the
		// agent's connect or transfer arrives: settleWrapUp decides.
		w := Leave{At: e.At, Agent: e.Agent, Transferred: e.Reason == ReasonTransferred, Disposition: e.Disposition}
		if !slices.Contains(f.WrapEnds, w) {
			f.WrapEnds = append(f.WrapEnds, w)
			slices.SortFunc(f.WrapEnds, func(a, b Leave) int { return a.At.Compare(b.At) })
		}
	case WrapUpSubmitted:
		if e.Agent != "" && (f.HandedOn(e.Agent) || e.Reason == ReasonTransferred) {
			// The agent who sent the call on wraps up their part only (their
			// panel says so, or VCC's events did).
			if e.Notes != "" && !slices.Contains(f.SegmentNotes, e.Notes) {
				f.SegmentNotes = append(f.SegmentNotes, e.Notes)
			}
			break
		}
		if f.Agent == "" {
			// VCC's events of the call are late: the panel's agent is the
			// one on it.
			f.Agent = e.Agent
		}
		f.Disposition = firstNonEmpty(e.Disposition, f.Disposition)
		f.Notes = firstNonEmpty(e.Notes, f.Notes)
		f.WrapUpInWorkspace = f.WrapUpInWorkspace || e.Source == SourceWorkspace
		f.PanelWrapUpAt = earliest(f.PanelWrapUpAt, e.At)
	case RegardingSet:
		f.Regarding = firstNonEmpty(e.Regarding, f.Regarding)
	case Accepted:
		// The call is the accepting agent's until VCC's events (with their
		// times) say who it is connected to.
		if e.Agent != "" && e.Agent != f.Agent {
			f.Agent, f.AgentUser = e.Agent, e.AgentUser
		}
		f.AcceptedAt = earliest(f.AcceptedAt, e.At)
		if a := (Leave{At: e.At, Agent: e.Agent}); e.Agent != "" && !slices.Contains(f.Accepts, a) {
			f.Accepts = append(f.Accepts, a)
			slices.SortFunc(f.Accepts, func(a, b Leave) int { return a.At.Compare(b.At) })
		}
	}
	f.settleQueue()
	f.settleHangUp()
	f.settleWrapUp()
	return f.fingerprint() != before
}

// firstTime is the first of ts that is set.
func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

func (f *Facts) setParty(e Event) {
	f.From = firstNonEmpty(f.From, e.From)
	f.Direction = firstNonEmpty(f.Direction, e.Direction)
	if f.Queue == "" {
		f.Queue = e.Queue
	}
}

// TransferredBy reports whether agent handed the call on at some point: they
// had it, and wrap up their part.
func (f *Facts) TransferredBy(agent string) bool { return f.transferredAwayBy(agent, time.Time{}) }

// transferredAwayBy reports whether agent handed the call on: at all when
// at is zero, else by at and without having it back at at (AWA offered it
// to them again and they answered after the transfer).
func (f *Facts) transferredAwayBy(agent string, at time.Time) bool {
	back := f.Agent == agent && !f.AgentSince.IsZero()
	for _, t := range f.Transfers {
		if t.Agent != agent {
			continue
		}
		if at.IsZero() {
			return true
		}
		if !at.Before(t.At) && !(back && f.AgentSince.After(t.At) && !at.Before(f.AgentSince)) {
			return true
		}
	}
	return false
}

// echoOfTransfer reports whether an event of agent's channel at at belongs
// to their transfer (within transferSlack after it) rather than to a new
// leg: AWA may offer the call back to the agent who sent it on, at once
// when they are the only one available, and their accept of it says so.
func (f *Facts) echoOfTransfer(agent string, at time.Time) bool {
	for _, t := range f.Transfers {
		if t.Agent != agent || at.Before(t.At) || at.Sub(t.At) > transferSlack {
			continue
		}
		again := slices.ContainsFunc(f.Accepts, func(a Leave) bool { return a.Agent == agent && !a.At.Before(t.At) && !at.Before(a.At) })
		if !again {
			return true
		}
	}
	return false
}

// HandedOn reports whether agent transferred the call away and does not have
// it back.
func (f *Facts) HandedOn(agent string) bool {
	for _, t := range f.Transfers {
		if t.Agent == agent && (f.Agent != agent || !t.At.Before(f.AgentSince)) {
			return true
		}
	}
	return false
}

func (f *Facts) addLeave(l Leave) {
	for _, x := range f.Leaves {
		if x == l {
			return
		}
	}
	f.Leaves = append(f.Leaves, l)
	slices.SortFunc(f.Leaves, func(a, b Leave) int { return a.At.Compare(b.At) })
}

// settleQueue derives the queue the call is in, and the queue each transfer
// took it from, by walking the transfers in time order from the first queue:
// the late event of an earlier transfer must not send the call back to a
// queue it has since left.
func (f *Facts) settleQueue() {
	if len(f.Transfers) == 0 {
		return
	}
	// Facts stored before FirstQueue was kept have the first transfer's
	// From.
	cur := firstNonEmpty(f.FirstQueue, f.Transfers[0].From)
	for i := range f.Transfers {
		f.Transfers[i].From = cur
		if q := f.Transfers[i].Queue; q != "" {
			cur = q
		}
	}
	if cur != "" {
		f.Queue = cur
	}
}

// settleHangUp derives HungUpAt: the first of the caller leaving, an agent
// channel ending that no transfer by that agent explains, and the panel's
// wrap-up (the call was over by then, whatever VCC's events say).
func (f *Facts) settleHangUp() {
	f.HungUpAt = earliest(f.CallerLeftAt, f.PanelWrapUpAt)
	for _, l := range f.Leaves {
		if l.Agent != "" && !slices.Contains(f.Answered, l.Agent) {
			continue // an offer that failed, not a hang-up
		}
		if l.Agent == "" || !f.handedOnAround(l.Agent, l.At) {
			f.HungUpAt = earliest(f.HungUpAt, l.At)
			return
		}
	}
}

// settleWrapUp derives VCCWrapUpAt, and WrapDoneAt with the panel's: the
// first wrap-up end VCC reported for an agent who answered and did not hand
// the call on (an offer VCC auto-rejected ends a channel that never
// connected; a transferring agent's wrap-up is for their part).
func (f *Facts) settleWrapUp() {
	f.VCCWrapUpAt = time.Time{}
	for _, w := range f.WrapEnds {
		if w.Transferred || (w.Agent != "" && !slices.Contains(f.Answered, w.Agent)) || f.transferredAwayBy(w.Agent, w.At) {
			continue
		}
		f.VCCWrapUpAt = w.At
		if w.Disposition != "" && f.Disposition == "" {
			f.Disposition = w.Disposition
		}
		break
	}
	f.WrapDoneAt = earliest(f.PanelWrapUpAt, f.VCCWrapUpAt)
}

// handedOnAround reports whether agent transferred the call within
// transferSlack of at.
func (f *Facts) handedOnAround(agent string, at time.Time) bool {
	near := func(t time.Time) bool { d := t.Sub(at); return d <= transferSlack && d >= -transferSlack }
	for _, t := range f.Transfers {
		if t.Agent == agent && near(t.At) {
			return true
		}
	}
	for _, l := range f.Leaves {
		if l.Agent == agent && l.Transferred && near(l.At) {
			return true
		}
	}
	return false
}

// addTransfer records a transfer once: the panel's report of it and VCC's
// event of it (the same agent, within transferSlack) are one transfer, which
// keeps the earlier time and what either said of it.
func (f *Facts) addTransfer(t Transfer) {
	for i, x := range f.Transfers {
		if x.Agent != t.Agent {
			continue
		}
		if d := x.At.Sub(t.At); d <= transferSlack && d >= -transferSlack {
			x.At = earliest(x.At, t.At)
			x.ToType, x.To = firstNonEmpty(x.ToType, t.ToType), firstNonEmpty(x.To, t.To)
			x.Queue, x.From = firstNonEmpty(x.Queue, t.Queue), firstNonEmpty(x.From, t.From)
			f.Transfers[i] = x
			return
		}
	}
	f.Transfers = append(f.Transfers, t)
	slices.SortFunc(f.Transfers, func(a, b Transfer) int { return a.At.Compare(b.At) })
}

// fingerprint is a cheap change detector over the facts that matter.
func (f *Facts) fingerprint() string {
	return f.From + "|" + f.Queue + "|" + f.Direction + "|" + f.Agent + "|" + f.AgentUser + "|" + f.QueuedAt.String() + "|" +
		f.ConnectedAt.String() + "|" + f.HungUpAt.String() + "|" + itoa(len(f.Leaves)) + "|" + f.AbandonAt.String() + "|" + f.WrapDoneAt.String() + "|" + f.PanelWrapUpAt.String() + "|" + f.VCCWrapUpAt.String() + "|" +
		f.Disposition + "|" + f.Notes + "|" + f.Regarding + "|" + boolString(f.WrapUpInWorkspace) + "|" + itoa(len(f.Held)) + "|" + itoa(len(f.Retrieved)) + "|" +
		itoa(len(f.Transfers)) + "|" + itoa(len(f.SegmentNotes)) + "|" + itoa(len(f.Answered)) + "|" + itoa(len(f.WrapEnds))
}

func earliest(cur, t time.Time) time.Time {
	if t.IsZero() {
		return cur
	}
	if cur.IsZero() || t.Before(cur) {
		return t
	}
	return cur
}

func laterThan(t, cur time.Time) bool { return cur.IsZero() || t.After(cur) }

func insertTime(ts []time.Time, t time.Time) []time.Time {
	if t.IsZero() {
		return ts
	}
	for _, x := range ts {
		if x.Equal(t) {
			return ts
		}
	}
	ts = append(ts, t)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	return ts
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func boolString(b bool) string {
	if b {
		return "t"
	}
	return "f"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
