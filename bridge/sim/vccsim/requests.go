//go:build !js

package vccsim

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// A request handler does what one signaling message asks for the session's
// user and returns the call it changed, if any, for the ack.
type requestHandler func(s *Server, c *conn, u *User, acct *Account, env vccproto.Envelope) (*vccproto.Call, error)

// errAnswered tells handleMessage that the handler answered the request
// itself.
var errAnswered = errors.New("answered")

var requestHandlers = map[string]requestHandler{
	vccproto.TypeOffer:     handleOffer,
	vccproto.TypeCandidate: handleCandidate,
	vccproto.TypePresence:  handlePresence,
	vccproto.TypeAnswer:    callRequest((*acd).answer),
	vccproto.TypeReject:    callRequest((*acd).reject),
	vccproto.TypeHangup:    callRequest((*acd).hangup),
	vccproto.TypeHold:      callRequest((*acd).hold),
	vccproto.TypeResume:    callRequest((*acd).retrieve),
	vccproto.TypeTransfer:  handleTransfer,
	vccproto.TypeMute:      handleMute,
	vccproto.TypeWrapUp:    handleWrapUp,
	vccproto.TypeDial:      handleDial,
	vccproto.TypeSignOut:   handleSignOut,
}

// handleMessage decodes one signaling message and answers it: requests with
// an id get an ack or an error with that id; a failed message without an id
// gets an error without one.
func (s *Server) handleMessage(c *conn, b []byte) {
	env, err := vccproto.Decode(b)
	if err != nil {
		c.sendError(env.ID, vccproto.ErrCodeBadRequest, fmt.Sprintf("The message is not a version %d signaling envelope: %v.", vccproto.Version, err))
		return
	}
	switch env.Type {
	case vccproto.TypePing:
		c.send(vccproto.TypePong, env.ID, nil)
		return
	case vccproto.TypeHello:
		s.handleHello(c, env)
		return
	}
	handler, ok := requestHandlers[env.Type]
	if !ok {
		c.sendError(env.ID, vccproto.ErrCodeBadRequest, fmt.Sprintf("Unknown message type %q.", env.Type))
		return
	}
	u, acct := s.acd.sessionUser(c)
	if u == nil {
		c.sendError(env.ID, vccproto.ErrCodeUnauthorized, "Send hello with your access token first.")
		return
	}
	view, err := handler(s, c, u, acct, env)
	switch {
	case errors.Is(err, errAnswered):
	case err != nil:
		c.sendError(env.ID, errorCode(err), err.Error())
	case env.ID != "":
		c.send(vccproto.TypeAck, env.ID, vccproto.Ack{Call: view})
	}
}

// errorCode is the signaling error code of a handler's error.
func errorCode(err error) string {
	var r *refusal
	switch {
	case errors.As(err, &r):
		return r.code
	case errors.Is(err, vccproto.ErrBadEnvelope):
		return vccproto.ErrCodeBadRequest
	case errors.Is(err, errUnknownPresence):
		return vccproto.ErrCodeBadRequest
	}
	return vccproto.ErrCodeInternal
}

func (a *acd) sessionUser(c *conn) (*User, *Account) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c.sess == nil {
		return nil, nil
	}
	return c.sess.user, c.sess.account
}

// handleHello opens, resumes or takes over a session (see acd.open and
// acd.resumeSession) and answers welcome, conflict or error. The hello's
// client.instance is informational: VCC configures its ServiceNow
// integration in its admin portal, so the simulator links no instance.
func (s *Server) handleHello(c *conn, env vccproto.Envelope) {
	var h vccproto.Hello
	if err := env.Into(&h); err != nil {
		c.sendError(env.ID, vccproto.ErrCodeBadRequest, err.Error())
		return
	}
	claims, err := s.verifyAccessToken(h.Token)
	if err != nil {
		c.sendError(env.ID, vccproto.ErrCodeUnauthorized, fmt.Sprintf("The access token was refused (%v); sign in again.", err))
		return
	}
	u, ok := s.userByID(claims.UserID)
	if !ok || u.Role != RoleAgent || !u.WebRTC {
		c.sendError(env.ID, vccproto.ErrCodeUnauthorized, fmt.Sprintf("User %s cannot use the softphone: only agents with WebRTC enabled (agentConfiguration.webrtc) can; ask an administrator.", claims.UserName))
		return
	}
	acct, ok := s.accountByID(u.AccountID)
	if !ok {
		c.sendError(env.ID, vccproto.ErrCodeInternal, "The user's account is missing from the simulator's seed.")
		return
	}
	welcome := s.welcomeFor(u, acct)
	pres := s.presenceOf(u.ID)

	a := s.acd
	a.locked(func(lt *later) {
		if c.sess != nil {
			c.sendError(env.ID, vccproto.ErrCodeBadRequest, "This connection already has a session; open a new connection for another hello.")
			return
		}
		var w *vccproto.Welcome
		if h.ResumeToken != "" {
			if w, err = a.resumeSession(c, u, h, lt); err != nil {
				c.sendError(env.ID, errorCode(err), err.Error())
				return
			}
		} else if w = a.open(c, u, acct, h, env.ID, lt); w == nil {
			return // conflict
		}
		if _, ok := a.presence[u.ID]; !ok {
			a.presence[u.ID] = pres
		}
		welcome.SessionID, welcome.ResumeToken, welcome.Resumed = w.SessionID, w.ResumeToken, w.Resumed
		welcome.Presence = a.presence[u.ID]
		for _, l := range a.legs[u.ID] {
			welcome.Calls = append(welcome.Calls, l.view())
		}
		c.send(vccproto.TypeWelcome, env.ID, welcome)
	})
}

// welcomeFor fills the parts of a welcome that come from the seed.
func (s *Server) welcomeFor(u *User, acct *Account) vccproto.Welcome {
	w := vccproto.Welcome{
		ResumeGraceSeconds:   int((s.acd.cfg.ResumeGrace + time.Second - 1) / time.Second),
		User:                 vccproto.User{UserID: u.ID, UserName: u.UserName, AgentID: u.AgentID, Name: u.Name, AccountID: u.AccountID},
		Presences:            []vccproto.Presence{},
		Dispositions:         append([]string{}, acct.Dispositions...),
		EnforcedDispositions: u.EnforcedDispositionCodes,
		Queues:               []vccproto.Target{},
		Agents:               []vccproto.Target{},
		Calls:                []vccproto.Call{},
		ICEServers:           []vccproto.ICEServer{}, // host candidates on loopback need none
	}
	for _, p := range acct.Presences {
		if p.Selectable {
			w.Presences = append(w.Presences, p)
		}
	}
	for _, q := range acct.Queues {
		w.Queues = append(w.Queues, vccproto.Target{Type: "queue", ID: q.Name, Name: q.Name})
	}
	for _, o := range s.seed.users {
		if o.AccountID == u.AccountID && o.Role == RoleAgent && o.ID != u.ID {
			w.Agents = append(w.Agents, vccproto.Target{Type: "agent", ID: o.UserName, Name: o.Name})
		}
	}
	slices.SortFunc(w.Agents, func(x, y vccproto.Target) int { return strings.Compare(x.ID, y.ID) })
	return w
}

// callRequest adapts a call action on the agent's leg to a handler of a
// CallRef message.
func callRequest(action func(a *acd, l *leg) error) requestHandler {
	return func(s *Server, _ *conn, u *User, _ *Account, env vccproto.Envelope) (*vccproto.Call, error) {
		var ref vccproto.CallRef
		if err := env.Into(&ref); err != nil {
			return nil, err
		}
		return s.acd.onLeg(u, ref.CallID, func(l *leg) error { return action(s.acd, l) })
	}
}

func handleTransfer(s *Server, _ *conn, u *User, _ *Account, env vccproto.Envelope) (*vccproto.Call, error) {
	var t vccproto.Transfer
	if err := env.Into(&t); err != nil {
		return nil, err
	}
	var target *User
	if t.Target.Type == "agent" {
		target, _ = s.userByName(t.Target.ID)
	}
	return s.acd.onLeg(u, t.CallID, func(l *leg) error { return s.acd.transfer(l, t.Target, target) })
}

// handleMute records that the agent muted or unmuted their microphone on a
// call; the browser mutes the audio itself, so the media does not change.
func handleMute(s *Server, _ *conn, u *User, _ *Account, env vccproto.Envelope) (*vccproto.Call, error) {
	var m vccproto.Mute
	if err := env.Into(&m); err != nil {
		return nil, err
	}
	return s.acd.onLeg(u, m.CallID, func(l *leg) error { return s.acd.mute(l, m.Muted) })
}

func handleWrapUp(s *Server, _ *conn, u *User, _ *Account, env vccproto.Envelope) (*vccproto.Call, error) {
	var wu vccproto.WrapUp
	if err := env.Into(&wu); err != nil {
		return nil, err
	}
	return s.acd.onLeg(u, wu.CallID, func(l *leg) error { return s.acd.wrapUp(l, wu.Disposition, wu.Notes) })
}

func handleDial(s *Server, _ *conn, u *User, acct *Account, env vccproto.Envelope) (*vccproto.Call, error) {
	var d vccproto.Dial
	if err := env.Into(&d); err != nil {
		return nil, err
	}
	return s.acd.dial(u, acct, d.Number, d.Regarding)
}

// handlePresence sets the agent's presence (origin "agent"), as the
// Agents API's PATCH does.
func handlePresence(s *Server, _ *conn, u *User, _ *Account, env vccproto.Envelope) (*vccproto.Call, error) {
	var p vccproto.SetPresence
	if err := env.Into(&p); err != nil {
		return nil, err
	}
	_, err := s.setPresence(u.ID, p.PresenceID, OriginAgent)
	return nil, err
}

// handleSignOut acks, then ends the session: its calls end and the agent
// is logged out.
func handleSignOut(s *Server, c *conn, _ *User, _ *Account, env vccproto.Envelope) (*vccproto.Call, error) {
	s.acd.locked(func(lt *later) {
		if sess := c.sess; sess != nil {
			c.send(vccproto.TypeAck, env.ID, vccproto.Ack{})
			s.acd.endSession(sess, vccproto.EndSignedOut, lt)
			return
		}
		c.sendError(env.ID, vccproto.ErrCodeUnauthorized, "This connection has no session to sign out of.")
	})
	return nil, errAnswered
}
