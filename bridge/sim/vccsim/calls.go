//go:build !js

package vccsim

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// call is one interaction: a customer's call and the agent legs it had. Its
// fields are guarded by acd.mu, except the media counters, which the media
// goroutines update atomically.
type call struct {
	id              string // interactionId
	seq             int    // creation order
	conversationID  string
	customerChannel string
	account         *Account
	direction       string // inbound or outbound
	from, to        string // E.164; to is empty for inbound calls
	ddi             string // inbound: the number the caller dialled (the queue's DDI)
	origin          *User  // outbound: the agent who dialled
	result          *callResult
	regarding       string // outbound: what the agent dialled from
	queue           *Queue // the queue it waits or waited in; nil for outbound
	state           string // vccproto.Call* states
	leg             *leg   // the current agent leg; nil while queued
	lastLeg         *leg   // the latest agent leg, current or not
	legs            []*leg // every agent leg the call had, oldest first
	targetUser      *User  // a blind transfer to this agent is pending
	transferredFrom *User  // the agent who last transferred the call
	declined        map[string]bool
	disposition     string
	history         []historyEntry
	queuedAt        time.Time
	connectedAt     time.Time
	endedAt         time.Time
	overAt          time.Time // when the customer's side ended (wrap-up, ended or abandoned)
	timer           Timer     // outbound answer / no answer

	dtmfMu sync.Mutex
	dtmf   strings.Builder

	audioPos      atomic.Int64 // next frame of the caller's audio
	rtpFromAgent  atomic.Uint64
	rtpToAgent    atomic.Uint64
	lastFromAgent atomic.Int64 // unix nanoseconds; 0 = never
	// agentSince is when the agent's audio last began to flow after a
	// gap (a reload, a new audio connection): unix nanoseconds.
	agentSince atomic.Int64
}

// leg is one agent's part in a call: from the offer (or assignment) to the
// end of that agent's wrap-up.
type leg struct {
	call      *call
	user      *User
	channelID string
	state     string // ringing, connected, held, parked, wrapup, ended
	unparkTo  string // the state a parked leg returns to
	endReason string // why the agent's part ended (channel.ended reason)
	notes     string
	// muted is the agent's microphone state on this call (the mute message).
	muted bool
	// disposition is the code the agent gave at wrap-up.
	disposition string
	timer       Timer // ring timeout
}

// historyEntry is a step of a call's history: a change of its state, or
// (with Agent and Reason) an agent who could not take it while it was in
// State, such as VCC's auto-reject.
type historyEntry struct {
	State  string    `json:"state"`
	At     time.Time `json:"at"`
	Agent  string    `json:"agent,omitempty"`  // user name
	Reason string    `json:"reason,omitempty"` // e.g. "Connection rejected due to no WebRTC connection"
}

// Call directions.
const (
	dirInbound  = "inbound"
	dirOutbound = "outbound"
)

// liveStates are the states in which a leg occupies its agent.
var liveStates = []string{vccproto.CallRinging, vccproto.CallConnected, vccproto.CallHeld, vccproto.CallParked}

func isLive(state string) bool { return slices.Contains(liveStates, state) }

// isOver reports whether the customer's side of the call has ended.
func (c *call) isOver() bool {
	return c.state == vccproto.CallWrapUp || c.state == vccproto.CallEnded || c.state == vccproto.CallAbandoned
}

func (c *call) stopTimer() {
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
	if l := c.leg; l != nil && l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
}

// newCall creates a call and records it; the caller sets its first state.
func (a *acd) newCall(acct *Account, direction, from, to string) *call {
	c := &call{
		id: newGUID(), conversationID: newGUID(), customerChannel: newGUID(),
		account: acct, direction: direction, from: from, to: to,
		declined: map[string]bool{}, seq: len(a.order),
	}
	a.calls[c.id] = c
	a.order = append(a.order, c)
	return c
}

// setCallState changes the call's own state and records it in its history.
func (a *acd) setCallState(c *call, state string) {
	if c.state == state {
		return
	}
	c.state = state
	if state == vccproto.CallQueued {
		a.waiting[c] = true
	} else {
		delete(a.waiting, c)
	}
	now := a.s.now()
	c.history = append(c.history, historyEntry{State: state, At: now})
	switch state {
	case vccproto.CallQueued:
		c.queuedAt = now
	case vccproto.CallConnected:
		if c.connectedAt.IsZero() {
			c.connectedAt = now
		}
	case vccproto.CallEnded, vccproto.CallAbandoned:
		c.endedAt = now
	}
	if c.isOver() && c.overAt.IsZero() {
		c.overAt = now
	}
}

// newLeg gives the call a new agent leg in the given state.
func (a *acd) newLeg(c *call, u *User, state string) *leg {
	l := &leg{call: c, user: u, channelID: newGUID()}
	c.leg, c.lastLeg = l, l
	c.legs = append(c.legs, l)
	a.legs[u.ID] = append(a.legs[u.ID], l)
	a.setLegState(l, state)
	return l
}

// setLegState moves an agent leg on: the call follows while the leg is its
// current one and live, the agent's softphone hears about it, and the
// session's media carries the call's audio only while it is connected.
func (a *acd) setLegState(l *leg, state string) {
	l.state = state
	if l.call.leg == l && isLive(state) {
		a.setCallState(l.call, state)
	}
	if state != vccproto.CallRinging && l.timer != nil {
		l.timer.Stop() // the ring timeout
		l.timer = nil
	}
	if state == vccproto.CallEnded {
		a.legs[l.user.ID] = slices.DeleteFunc(a.legs[l.user.ID], func(x *leg) bool { return x == l })
		if len(a.legs[l.user.ID]) == 0 {
			delete(a.legs, l.user.ID)
			a.idle[l.user.ID] = a.s.now()
		}
	}
	a.pushCall(l)
	a.bridge(l.user.ID)
}

// detach ends the leg's hold on the call (the call goes on without it).
func (c *call) detach(l *leg) {
	if c.leg == l {
		c.leg = nil
	}
}

// liveLeg is the user's ringing, connected, held or parked leg, if any: an
// agent handles one call at a time.
func (a *acd) liveLeg(userID string) *leg {
	for _, l := range a.legs[userID] {
		if isLive(l.state) {
			return l
		}
	}
	return nil
}

// userLeg finds the user's leg of a call. A call that came back to the
// agent (a blind transfer to their own queue) has two legs of theirs, the
// wrap-up of the first and the live second: requests are about the live
// one, and a wrap-up ends the oldest first.
func (a *acd) userLeg(userID, callID string) *leg {
	var found *leg
	for _, l := range a.legs[userID] {
		if l.call.id != callID {
			continue
		}
		if isLive(l.state) {
			return l
		}
		if found == nil {
			found = l
		}
	}
	return found
}

// pushCall tells the leg's agent, if connected, about the leg's new state.
func (a *acd) pushCall(l *leg) {
	if sess := a.byUser[l.user.ID]; sess != nil && sess.conn != nil {
		sess.conn.send(vccproto.TypeCall, "", l.view())
	}
}

// view is the call as its agent sees it, in the signaling protocol's shape.
func (l *leg) view() vccproto.Call {
	c := l.call
	v := vccproto.Call{
		ID: c.id, State: l.state, Direction: c.direction, From: c.from, To: c.to,
		Agent: l.user.UserName, Regarding: c.regarding, Disposition: l.disposition, Muted: l.muted,
		QueuedAt: rfc3339(c.queuedAt), ConnectedAt: rfc3339(c.connectedAt), EndedAt: rfc3339(c.endedAt),
	}
	if c.queue != nil {
		v.Queue = c.queue.Name
	}
	if c.state == vccproto.CallAbandoned && l.state == vccproto.CallEnded {
		v.State = vccproto.CallAbandoned
	}
	return v
}

// callerHears is what the simulated caller hears now.
func (c *call) callerHears() string {
	switch c.state {
	case vccproto.CallQueued, vccproto.CallRinging:
		return "queue"
	case vccproto.CallConnected:
		return "agent"
	case vccproto.CallHeld:
		return "hold"
	case vccproto.CallParked:
		return "comfort"
	}
	return "nothing"
}

func (c *call) addDTMF(digit byte) {
	c.dtmfMu.Lock()
	defer c.dtmfMu.Unlock()
	c.dtmf.WriteByte(digit)
}

func (c *call) dtmfString() string {
	c.dtmfMu.Lock()
	defer c.dtmfMu.Unlock()
	return c.dtmf.String()
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
