// Package calls is the bridge's pure model of a call: the facts VCC's
// webhooks and the agent's panel have reported about it (Facts), and the
// ServiceNow interaction those facts call for (Desired). Facts only grow —
// every event sets what it knows, with its time — so events may arrive twice
// or out of order and the outcome is the same; the sync step then brings
// ServiceNow in line with Desired, one request at a time, recording what it
// wrote, which makes every write happen exactly once.
package calls

import (
	"time"
)

// Facts is everything known about one VCC interaction.
type Facts struct {
	VCCID     string `json:"vccId"`
	Direction string `json:"direction"` // inbound or outbound
	// From is the customer's E.164 number (the caller, or the number
	// dialled).
	From string `json:"from"`
	// Queue is the queue the call is in: the first, or the one the latest
	// transfer sent it to. FirstQueue is the queue it first reached.
	Queue      string `json:"queue"`
	FirstQueue string `json:"firstQueue,omitempty"`

	QueuedAt    time.Time `json:"queuedAt,omitzero"`
	ConnectedAt time.Time `json:"connectedAt,omitzero"`
	// Agent is the VCC user id of the agent on the call; AgentUser their
	// user name once known.
	Agent     string `json:"agent,omitempty"`
	AgentUser string `json:"agentUser,omitempty"`
	// AgentSince is when the current agent connected.
	AgentSince time.Time `json:"agentSince,omitzero"`

	// Held and Retrieved are the times of hold and resume events; paired in
	// order they give the hold count and time, whatever order they came in.
	Held      []time.Time `json:"held,omitempty"`
	Retrieved []time.Time `json:"retrieved,omitempty"`
	Transfers []Transfer  `json:"transfers,omitempty"`
	// Leaves are the agents' channels that ended (channel.disconnected,
	// wrapstarted, connectionfailed). One of an agent who had connected
	// that no transfer explains is the call's hang-up.
	Leaves []Leave `json:"leaves,omitempty"`
	// Answered are the VCC user ids of the agents whose channel connected:
	// an agent whose channel ended without (an offer VCC auto-rejected,
	// channel.connectionfailed) did not hang up.
	Answered []string `json:"answered,omitempty"`
	// WrapEnds are the agents' channels whose wrap-up VCC ended
	// (channel.ended); the first of an agent who answered and did not hand
	// the call on is VCC's end of the call's wrap-up (VCCWrapUpAt).
	WrapEnds []Leave `json:"wrapEnds,omitempty"`
	// CallerLeftAt is when the customer's channel ended on a connected call.
	CallerLeftAt time.Time `json:"callerLeftAt,omitzero"`
	// CallerLeftSeen is when the bridge learned the caller left: a
	// presumed abandonment waits from then for late events (records:
	// AbandonGrace).
	CallerLeftSeen time.Time `json:"callerLeftSeen,omitzero"`
	// AcceptedAt is when an agent accepted the call's offer in AWA (the
	// panel or the workspace inbox).
	AcceptedAt time.Time `json:"acceptedAt,omitzero"`
	// Accepts lists every accept (agent and time): an accept after an
	// agent's own transfer is the call offered back to them.
	Accepts []Leave `json:"accepts,omitempty"`
	// HungUpAt is when the call ended: the caller left, or an agent did
	// without handing the call on (derived from Leaves and CallerLeftAt).
	HungUpAt   time.Time `json:"hungUpAt,omitzero"`
	AbandonAt  time.Time `json:"abandonedAt,omitzero"`
	WrapDoneAt time.Time `json:"wrapDoneAt,omitzero"`
	// Disposition and Notes come from the panel's wrap-up (or VCC's
	// channel.ended, which carries no notes).
	Disposition string `json:"disposition,omitempty"`
	Notes       string `json:"notes,omitempty"`
	// PanelWrapUpAt is when the agent's panel submitted the wrap-up: only
	// then are the notes known. VCCWrapUpAt is when VCC ended the agent's
	// wrap-up (channel.ended): only then are VCC's events of the call in.
	PanelWrapUpAt time.Time `json:"panelWrapUpAt,omitzero"`
	VCCWrapUpAt   time.Time `json:"vccWrapUpAt,omitzero"`
	// WrapUpInWorkspace is set when the panel's wrap-up was the agent's
	// submission of ServiceNow's wrap-up dialog (an external segment the
	// bridge opened): ServiceNow has the segment's code and notes, and the
	// bridge must not close the segment again.
	WrapUpInWorkspace bool `json:"wrapUpInWorkspace,omitempty"`
	// DetailAt is when VCC's call detail was last read (the customer's
	// number, the direction, the queue; after wrap-up, the disposition).
	DetailAt time.Time `json:"detailAt,omitzero"`
	// Regarding is the record an outbound call was placed from
	// ("table:sys_id").
	Regarding string `json:"regarding,omitempty"`

	// SegmentNotes are wrap-up notes of agents who transferred the call
	// away; they become work notes, not the closing notes.
	SegmentNotes []string `json:"segmentNotes,omitempty"`

	// Seen remembers the ids of events already applied.
	Seen []string `json:"seen,omitempty"`
}

// Transfer is a blind transfer the agent made.
type Transfer struct {
	At     time.Time `json:"at"`
	Agent  string    `json:"agent"`
	ToType string    `json:"toType,omitempty"`
	To     string    `json:"to,omitempty"`
	// Queue is the queue the call went to; From the queue it was in.
	Queue string `json:"queue,omitempty"`
	From  string `json:"from,omitempty"`
	// Synced is true once ServiceNow has recorded it.
	Synced bool `json:"synced,omitempty"`
}

// Leave is an agent's channel ending.
type Leave struct {
	At    time.Time `json:"at"`
	Agent string    `json:"agent"`
	// Transferred is set when VCC said so (reason "transferred"); a plain
	// channel.disconnected carries no reason.
	Transferred bool `json:"transferred,omitempty"`
	// Disposition is the code VCC's channel.ended carried (an extension).
	Disposition string `json:"disposition,omitempty"`
}

// transferSlack is how far apart in time an agent's channel ending and the
// transfer that explains it may be. VCC publishes the transferring agent's
// channel.disconnected without a reason, and the customer's channel.alerted
// in the new queue (with transferredFrom) at the same moment; the slack
// allows for the two being stamped separately.
const transferSlack = 5 * time.Second

// Interaction states (ServiceNow's interaction.state values).
const (
	StateNew             = "new"
	StateWorkInProgress  = "work_in_progress"
	StateWrapUp          = "wrap_up"
	StateClosedComplete  = "closed_complete"
	StateClosedAbandoned = "closed_abandoned"
)

// rank orders states; the interaction only moves forward.
var rank = map[string]int{"": 0, StateNew: 1, StateWorkInProgress: 2, StateWrapUp: 3, StateClosedComplete: 4, StateClosedAbandoned: 4}

// Forward reports whether moving from cur to next is a step forward.
func Forward(cur, next string) bool { return rank[next] > rank[cur] }

// Closed reports whether the state is final.
func Closed(state string) bool { return rank[state] == 4 }

// Desired is the interaction the facts call for.
type Desired struct {
	// Exists says the interaction should exist (the call reached a queue,
	// or an outbound call connected).
	Exists bool
	State  string
}

// Desired computes the interaction the facts call for. Nothing is created
// before the call's direction is known (VCC's documented events do not say:
// the call detail does, or an event extension).
func (f *Facts) Desired() Desired {
	queued := !f.QueuedAt.IsZero() && f.Direction == "inbound"
	switch {
	case f.Direction == "":
		return Desired{}
	case f.Abandoned():
		// The caller left before any agent took the call.
		return Desired{Exists: queued, State: StateClosedAbandoned}
	case !f.WrapDoneAt.IsZero():
		return Desired{Exists: true, State: StateClosedComplete}
	case !f.HungUpAt.IsZero():
		return Desired{Exists: true, State: StateWrapUp}
	case !f.ConnectedAt.IsZero() && f.waitingAfterTransfer():
		// Sent back to a queue: AWA offers it again.
		return Desired{Exists: true, State: StateNew}
	case !f.ConnectedAt.IsZero():
		return Desired{Exists: true, State: StateWorkInProgress}
	case queued:
		return Desired{Exists: true, State: StateNew}
	}
	return Desired{}
}

// Abandoned reports whether the caller left before any agent took the call:
// VCC said so (the "abandoned" reason, an event extension), or the
// customer's channel ended and no agent's channel ever connected. The
// second is what VCC's documented events can tell; a connect that arrives
// late changes it, so the sync waits a moment before it writes it
// (records: AbandonGrace).
func (f *Facts) Abandoned() bool {
	if !f.ConnectedAt.IsZero() {
		return false
	}
	return !f.AbandonAt.IsZero() || !f.CallerLeftAt.IsZero()
}

// AbandonedAt is when the caller gave up (zero when they did not).
func (f *Facts) AbandonedAt() time.Time {
	if !f.Abandoned() {
		return time.Time{}
	}
	return earliest(f.AbandonAt, f.CallerLeftAt)
}

// waitingAfterTransfer reports whether the call was transferred and no agent
// has taken it since.
func (f *Facts) waitingAfterTransfer() bool {
	if len(f.Transfers) == 0 {
		return false
	}
	last := f.Transfers[len(f.Transfers)-1]
	return !f.AgentSince.After(last.At)
}

// HoldTime is the time spent on hold and the number of holds.
func (f *Facts) HoldTime() (time.Duration, int) {
	var total time.Duration
	for i, h := range f.Held {
		if i < len(f.Retrieved) && f.Retrieved[i].After(h) {
			total += f.Retrieved[i].Sub(h)
		}
	}
	return total, len(f.Held)
}

// Duration is the talk time, hang-up (or now) minus connect.
func (f *Facts) Duration(now time.Time) time.Duration {
	if f.ConnectedAt.IsZero() {
		return 0
	}
	end := f.HungUpAt
	if end.IsZero() {
		end = now
	}
	if d := end.Sub(f.ConnectedAt); d > 0 {
		return d
	}
	return 0
}
