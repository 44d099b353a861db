//go:build !js

package vccsim

import (
	"crypto/rand"
	"encoding/base64"
	"time"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// session is an agent's softphone session: it outlives its signaling
// connection by the resume grace window, holds the one media connection the
// user has, and is what a resume token resumes. A user has at most one.
// Calls belong to the user (acd.legs), so they stay with whichever session
// the user has. Fields are guarded by acd.mu.
type session struct {
	id          string
	resumeToken string
	user        *User
	account     *Account
	client      vccproto.Client
	since       time.Time
	conn        *conn  // nil while the connection is down
	media       *media // nil until the client's first offer, and after a drop
	// noMedia is the media state to report while media is nil: new, or
	// closed after the connection dropped.
	noMedia  string
	grace    Timer // runs while conn is nil
	graceSeq int
	ended    bool
}

// Media states reported by agentSessions.
const (
	mediaNew       = "new"
	mediaConnected = "connected"
	mediaFailed    = "failed"
	mediaClosed    = "closed"
)

func (sess *session) mediaState() string {
	if sess.media == nil {
		return sess.noMedia
	}
	return sess.media.state
}

func (sess *session) stopGrace() {
	if sess.grace != nil {
		sess.grace.Stop()
		sess.grace = nil
	}
}

// open starts a session for an authenticated hello on c, or answers with a
// conflict when the user's session is live on another client and hello
// does not take it over. It returns the welcome to send, or nil.
//
// A session whose connection is down (within its grace window), or one of
// the same client, is taken over without asking: its owner is gone.
func (a *acd) open(c *conn, u *User, acct *Account, h vccproto.Hello, reqID string, lt *later) *vccproto.Welcome {
	if ex := a.byUser[u.ID]; ex != nil {
		if ex.conn != nil && ex.client.ID != h.Client.ID && !h.Takeover {
			c.send(vccproto.TypeConflict, reqID, vccproto.Conflict{Existing: ex.client, Since: rfc3339(ex.since)})
			return nil
		}
		a.endSession(ex, vccproto.EndTakenOver, lt)
	}
	sess := &session{
		id: newGUID(), resumeToken: newResumeToken(), user: u, account: acct,
		client: h.Client, since: a.s.now(), noMedia: mediaNew,
	}
	a.byUser[u.ID] = sess
	a.byResume[sess.resumeToken] = sess
	if _, ok := a.idle[u.ID]; !ok {
		a.idle[u.ID] = sess.since
	}
	a.attach(sess, c)
	return &vccproto.Welcome{SessionID: sess.id, ResumeToken: sess.resumeToken}
}

// resumeSession moves the session of a resume token onto c (after a reload, or
// into the tab taking over): its calls stay parked until the client's new
// offer connects media again. The old connection, if still open, ends.
func (a *acd) resumeSession(c *conn, u *User, h vccproto.Hello, lt *later) (*vccproto.Welcome, error) {
	sess := a.byResume[h.ResumeToken]
	if sess == nil || sess.ended || sess.user.ID != u.ID {
		return nil, refuse(vccproto.ErrCodeResume, "The resume token is unknown or its session has ended; send hello without it to start a new session.")
	}
	if old := sess.conn; old != nil {
		old.end(vccproto.Ended{Reason: vccproto.EndTakenOver, Message: "Your session moved to another panel."})
		old.sess = nil
		sess.conn = nil
	}
	sess.stopGrace()
	sess.client = h.Client
	a.dropMedia(sess, lt)
	a.attach(sess, c)
	return &vccproto.Welcome{SessionID: sess.id, ResumeToken: sess.resumeToken, Resumed: true}, nil
}

func (a *acd) attach(sess *session, c *conn) {
	sess.conn = c
	c.sess = sess
}

// dropped handles the end of a session's connection: its media closes, its
// calls park, and the session waits ResumeGrace for a resume.
func (a *acd) dropped(c *conn) {
	a.locked(func(lt *later) {
		delete(a.conns, c)
		sess := c.sess
		c.sess = nil
		if sess == nil || sess.conn != c || sess.ended {
			return
		}
		sess.conn = nil
		a.dropMedia(sess, lt)
		sess.graceSeq++
		seq := sess.graceSeq
		sess.grace = a.cfg.AfterFunc(a.cfg.ResumeGrace, func() {
			a.locked(func(lt *later) {
				if !sess.ended && sess.conn == nil && sess.graceSeq == seq {
					a.endSession(sess, vccproto.EndExpired, lt)
				}
			})
		})
	})
}

// dropMedia closes the session's media connection; its call parks.
func (a *acd) dropMedia(sess *session, lt *later) {
	if sess.media == nil {
		return
	}
	lt.closeMedia(sess.media)
	sess.media = nil
	sess.noMedia = mediaClosed
	a.parkLive(sess.user.ID)
}

// endSession ends a session for reason (vccproto.End*). Taken over, its
// calls park and wait for the new session; otherwise they end (the caller
// is released, wrap-ups close without a disposition) and the agent is
// logged out.
func (a *acd) endSession(sess *session, reason string, lt *later) {
	sess.ended = true
	sess.stopGrace()
	delete(a.byResume, sess.resumeToken)
	if a.byUser[sess.user.ID] == sess {
		delete(a.byUser, sess.user.ID)
	}
	if c := sess.conn; c != nil {
		c.end(vccproto.Ended{Reason: reason, Message: endMessages[reason]})
		c.sess = nil
		sess.conn = nil
	}
	a.dropMedia(sess, lt)
	if reason == vccproto.EndTakenOver {
		return
	}
	uid := sess.user.ID
	a.connectionBack(uid)
	if l := a.liveLeg(uid); l != nil {
		a.failLeg(l)
	}
	for _, l := range append([]*leg(nil), a.legs[uid]...) {
		a.endWrap(l)
	}
	origin := OriginSystem
	if reason == vccproto.EndSignedOut {
		origin = OriginAgent
	}
	loggedOut := firstOfCategory(sess.account.Presences, vccproto.CategoryLoggedOut).PresenceID
	lt.add(func() {
		if _, err := a.s.setPresence(uid, loggedOut, origin); err != nil {
			a.s.log.Printf("softphone: log %s out: %v", sess.user.UserName, err)
		}
	})
	a.dispatch()
}

var endMessages = map[string]string{
	vccproto.EndTakenOver: "Your softphone session was taken over by another panel.",
	vccproto.EndSignedOut: "You signed out of the softphone.",
	vccproto.EndExpired:   "Your softphone session ended.",
}

// parkLive parks the user's call while their media is down: the caller
// stays and hears a comfort tone ("Receiving an inbound call using
// ContactPad with WebRTC": the customer stays connected while ContactPad
// reconnects). No webhook says so: VCC documents none. An inbound call
// still ringing there is offered to someone else instead.
func (a *acd) parkLive(userID string) {
	l := a.liveLeg(userID)
	switch {
	case l == nil || l.state == vccproto.CallParked:
	case l.state == vccproto.CallRinging && l.call.direction == dirInbound:
		a.declineOffer(l, reasonNoAnswer)
	default:
		l.unparkTo = l.state
		a.setLegState(l, vccproto.CallParked)
	}
}

// unparkLive puts a parked call back as it was once the media is up again.
func (a *acd) unparkLive(userID string) {
	if l := a.liveLeg(userID); l != nil && l.state == vccproto.CallParked {
		a.setLegState(l, l.unparkTo)
	}
}

// bridge switches the user's media to the call it should carry: the
// connected call, while the media is connected; otherwise nothing.
func (a *acd) bridge(userID string) {
	sess := a.byUser[userID]
	if sess == nil || sess.media == nil {
		return
	}
	var active *call
	if l := a.liveLeg(userID); l != nil && l.state == vccproto.CallConnected && sess.media.state == mediaConnected {
		active = l.call
	}
	sess.media.active.Store(active)
}

// presenceChanged keeps the ACD's copy of presences, tells the agent's
// softphone and routes calls to an agent who became Ready.
func (a *acd) presenceChanged(userID string, p vccproto.Presence, _ string) {
	a.locked(func(*later) {
		a.presence[userID] = p
		a.connectionBack(userID)
		if sess := a.byUser[userID]; sess != nil && sess.conn != nil {
			sess.conn.send(vccproto.TypePresence, "", p)
		}
		a.dispatch()
	})
}

func newResumeToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
