//go:build !js

package vccsim

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// refusal is an ACD request that cannot be done, with the signaling error
// code that reports it (vccproto.ErrCode*); HTTP handlers map the code to a
// status with httpStatus.
type refusal struct{ code, msg string }

func (e *refusal) Error() string { return e.msg }

func refuse(code, format string, args ...any) error {
	return &refusal{code: code, msg: fmt.Sprintf(format, args...)}
}

// httpStatus is the HTTP status of an ACD error.
func httpStatus(err error) int {
	var r *refusal
	if !errors.As(err, &r) {
		return http.StatusInternalServerError
	}
	switch r.code {
	case vccproto.ErrCodeNoCall:
		return http.StatusNotFound
	case vccproto.ErrCodeBadRequest:
		return http.StatusBadRequest
	default:
		return http.StatusConflict
	}
}

// locked runs f with acd.mu held, then the work f left for after the lock.
// After Close it does nothing and returns false.
func (a *acd) locked(f func(lt *later)) bool {
	var lt later
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return false
	}
	f(&lt)
	a.mu.Unlock()
	lt.run()
	return true
}

// placeCall puts a new inbound call from the E.164 number from into queue q
// of account acct.
func (a *acd) placeCall(acct *Account, q *Queue, from string) *call {
	var c *call
	a.locked(func(*later) {
		c = a.newCall(acct, dirInbound, from, "")
		c.ddi = q.DDI
		a.enqueue(c, q)
	})
	return c
}

// enqueue puts a call (new, or transferred) in queue q, or back in the
// queue it was in when q is nil, for a routing round: the customer's channel
// is alerted with the queue.
func (a *acd) enqueue(c *call, q *Queue) {
	if q != nil {
		c.queue = q
	}
	c.queuedAt = a.s.now()
	a.setCallState(c, vccproto.CallQueued)
	a.customerEvent(c, evAlerted, "")
	a.dispatch()
}

// assign connects a queued call straight to an agent's softphone: ServiceNow
// (AWA) offered it and the agent accepted there, so it does not ring again.
//
// Errors (refusal codes): ErrCodeNoCall for a call unknown in the account,
// ErrCodeState when the call is not queued, is reserved for another agent
// by a transfer, or the agent is on another call, ErrCodeNotReady when the
// agent's softphone is not connected: the offer is then auto-rejected
// (autoreject.go) and the call stays queued.
func (a *acd) assign(callID, accountID string, u *User) error {
	var err error
	a.locked(func(*later) {
		c := a.calls[callID]
		switch {
		case c == nil || c.account.ID != accountID:
			err = refuse(vccproto.ErrCodeNoCall, "There is no call %s in this account.", callID)
		case c.state != vccproto.CallQueued:
			err = refuse(vccproto.ErrCodeState, "Call %s is %s, not queued; only a queued call can be assigned.", callID, c.state)
		case c.targetUser != nil && c.targetUser.ID != u.ID:
			err = refuse(vccproto.ErrCodeState, "Call %s is being transferred to %s; only that agent can take it.", callID, c.targetUser.UserName)
		case !a.reachable(u.ID):
			a.autoReject(c, u)
			err = refuse(vccproto.ErrCodeNotReady, "VCC auto-rejected the call (%s): agent %s's softphone is not connected, so their state is %s and the call waits in its queue; assign it to another agent.", reasonNoWebRTC, u.UserName, ActivityConnectionUnavailable)
		case a.liveLeg(u.ID) != nil:
			err = refuse(vccproto.ErrCodeState, "Agent %s is already on call %s.", u.UserName, a.liveLeg(u.ID).call.id)
		}
		if err != nil {
			return
		}
		c.targetUser = nil
		l := a.newLeg(c, u, vccproto.CallConnected)
		a.agentEvent(l, evAlerted, "")
		a.agentEvent(l, evConnected, "")
		a.customerEvent(c, evConnected, "")
	})
	return err
}

// dispatch offers queued calls to available agents, oldest call first, in
// RoutingVCC mode. Every WebRTC agent of the call's account serves every
// queue; the Ready agent free the longest gets the call. An agent whose
// softphone cannot take it is auto-rejected and the call moves on
// (autoreject.go). An agent who declined a call (or let it ring out, or was
// auto-rejected) is not offered it again in that routing round.
func (a *acd) dispatch() {
	if a.routing != RoutingVCC {
		return
	}
	queued := make([]*call, 0, len(a.waiting))
	for c := range a.waiting {
		queued = append(queued, c)
	}
	sortByQueuedAt(queued)
	for _, c := range queued {
		a.route(c)
	}
}

// route offers a queued call to the first agent who can take it,
// auto-rejecting the Ready agents before them whose softphone has no
// connected media.
func (a *acd) route(c *call) {
	for {
		u := a.pickAgent(c)
		switch {
		case u == nil:
			return
		case a.reachable(u.ID):
			a.offer(c, u)
			return
		}
		a.autoReject(c, u)
	}
}

// pickAgent returns the WebRTC agent of the call's account who is Ready,
// has no call, has not declined this one and has been free the longest (by
// user name when equal); nil when there is none. A call transferred to an
// agent waits for that agent.
func (a *acd) pickAgent(c *call) *User {
	var best *User
	for uid, p := range a.presence {
		u, ok := a.s.userByID(uid)
		switch {
		case !ok, u.AccountID != c.account.ID, u.Role != RoleAgent, !u.WebRTC,
			p.Category.CategoryType != vccproto.CategoryReady, len(a.legs[uid]) > 0,
			c.declined[uid], a.unavailable[uid], c.targetUser != nil && c.targetUser.ID != uid:
			continue
		}
		if best == nil || a.idle[uid].Before(a.idle[best.ID]) ||
			a.idle[uid].Equal(a.idle[best.ID]) && u.UserName < best.UserName {
			best = u
		}
	}
	return best
}

// reachable reports whether the user's softphone can take a call: a live
// session whose signaling connection and media are both up.
func (a *acd) reachable(userID string) bool {
	sess := a.byUser[userID]
	return sess != nil && sess.conn != nil && sess.mediaState() == mediaConnected
}

// offer rings a queued call at an agent until the agent answers or rejects
// it, or RingTimeout passes.
func (a *acd) offer(c *call, u *User) {
	l := a.newLeg(c, u, vccproto.CallRinging)
	a.agentEvent(l, evAlerted, "")
	l.timer = a.cfg.AfterFunc(a.cfg.RingTimeout, func() {
		a.locked(func(*later) {
			if l.state == vccproto.CallRinging && c.leg == l {
				a.declineOffer(l, reasonNoAnswer)
			}
		})
	})
}

// declineOffer ends a ringing inbound leg (rejected or not answered) and
// puts the call back in its queue for another agent. A call transferred to
// this agent goes back to the queue it came from.
func (a *acd) declineOffer(l *leg, reason string) {
	c := l.call
	c.detach(l)
	c.declined[l.user.ID] = true
	if c.targetUser != nil && c.targetUser.ID == l.user.ID {
		c.targetUser = nil
	}
	l.endReason = reason
	a.setLegState(l, vccproto.CallEnded)
	a.agentEvent(l, evEnded, reason)
	a.setCallState(c, vccproto.CallQueued)
	a.dispatch()
}

// serveAssign is POST /routing/v1/calls/{interactionId}/assign
// {"userId":"<GUID>"}: the bridge tells the ACD which agent takes a queued
// call, after the agent accepted ServiceNow's AWA offer. It is the
// simulator's own routing API (VCC publishes none for this), behind the same
// API gateway as VCC's Interactions API: Accept
// application/vnd.newvoicemedia.v1+json and a Bearer token with scope
// interactions:write. Answers: 202 when the call is connected to the agent,
// 400 for a bad body or version, 401/403 for a missing or insufficient
// token, 404 for an unknown call or user, 409 {"message"} when the call is
// not queued or the agent cannot take it (on another call, or auto-rejected
// because their softphone is not connected).
func (s *Server) serveAssign(w http.ResponseWriter, r *http.Request) {
	claims, _, ok := s.gateway(w, r, "interactions:write")
	if !ok {
		return
	}
	var body struct {
		UserID string `json:"userId"`
	}
	if err := readJSON(r, &body); err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	u, found := s.userByID(strings.TrimSpace(body.UserID))
	if !found || u.AccountID != claims.AccountID {
		writeMessage(w, http.StatusNotFound, fmt.Sprintf("There is no user %q in this account; send the agent's userId (GUID).", body.UserID))
		return
	}
	id := r.PathValue("interactionId")
	if err := s.acd.assign(id, claims.AccountID, u); err != nil {
		writeMessage(w, httpStatus(err), err.Error())
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"interactionId": id, "userId": u.ID, "state": vccproto.CallConnected})
}

// sortByQueuedAt orders calls by when they joined their queue, then by
// creation (for a stable order under a frozen test clock).
func sortByQueuedAt(calls []*call) {
	slices.SortFunc(calls, func(x, y *call) int {
		if n := x.queuedAt.Compare(y.queuedAt); n != 0 {
			return n
		}
		return x.seq - y.seq
	})
}
