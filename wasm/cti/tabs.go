package cti

import (
	"errors"
	"time"
)

// Tabs is leadership among the tabs of one workspace site: exactly one tab
// leads (it holds the VCC session and the audio); the others follow, mirror
// its state and send it the agent's commands. Results: TabLed, TabLost,
// TabReceived.
type Tabs interface {
	// Lead waits for leadership (a Web Lock); TabLed arrives when it is ours.
	Lead()
	// TakeOver takes leadership at once from the current leader ("Use here").
	TakeOver()
	// Broadcast sends a message to the other tabs.
	Broadcast(m TabMessage)
}

// TabLed says this tab now leads.
type TabLed struct{}

// TabLost says another tab took leadership from this one.
type TabLost struct{}

// TabReceived is a message from another tab.
type TabReceived struct{ Msg TabMessage }

func (TabLed) isInput()      {}
func (TabLost) isInput()     {}
func (TabReceived) isInput() {}

// TabVersion is the version of tab messages and snapshots; others are
// dropped.
const TabVersion = 1

// Tab message kinds.
const (
	TabHello    = "hello"    // a tab started and wants the leader's state
	TabState    = "state"    // the leader's state
	TabSession  = "session"  // the leader's session (tokens), for a successor
	TabCommand  = "command"  // a follower's action for the leader
	TabSignedIn = "signedin" // a follower signed in and hands the tokens over
	TabHost     = "host"     // an OpenFrame event a follower's workspace delivered
	// TabSignedOut: the agent signed out (in any tab): every tab forgets
	// the session, its tokens and its snapshot's.
	TabSignedOut = "signedout"
)

// hostForwarded are the OpenFrame events that reach only the tab where the
// agent acted, so a follower passes them to the leader.
var hostForwarded = map[string]bool{"openframe_communication": true, "openframe_wrap_up_submitted": true}

// TabMessage travels between the tabs of one site over a BroadcastChannel.
type TabMessage struct {
	V    int    `json:"v"`
	Kind string `json:"kind"`
	From string `json:"from"`
	// User is the VCC user the message is about; messages about another
	// user are dropped.
	User    string       `json:"user,omitempty"`
	State   *State       `json:"state,omitempty"`
	Session *SessionData `json:"session,omitempty"`
	Action  string       `json:"action,omitempty"`
	Value   string       `json:"value,omitempty"`
}

// SessionData is what a tab needs to carry the session on: the tokens and
// VCC's resume token. It stays in this browser's memory and travels between
// its tabs; the snapshot in sessionStorage keeps the access and resume
// tokens (a reload resumes the session) but never the refresh token, which
// lives only in the memory of the tabs and is handed to the tab that takes
// the lead. Never in localStorage or logs.
type SessionData struct {
	Access  string    `json:"access"`
	Refresh string    `json:"refresh,omitempty"`
	Expires time.Time `json:"expires"`
	Resume  string    `json:"resume"`
	User    string    `json:"user"`
	// ICE is the session's STUN/TURN servers from SessionWelcomed: a
	// reloaded or new leading tab starts its audio with them before the
	// softphone service welcomes it.
	ICE []ICEServer `json:"ice,omitempty"`
}

// forwarded are the actions a follower sends to the leader; everything else
// is local to the tab (or refused).
var forwarded = map[string]bool{
	ActPresence: true, ActAnswer: true, ActReject: true, ActHangup: true, ActHold: true, ActMute: true,
	ActKeypad: true, ActTransfer: true, ActTransferChoose: true, ActTransferConfirm: true, ActTransferCancel: true, ActTransferTargets: true,
	ActDisposition: true, ActNotes: true, ActWrapUp: true, ActMatch: true,
	ActSignOut: true, ActSignOutAfterCall: true, ActSignOutCancel: true, ActKey: true, ActDismiss: true,
}

// Validate checks a message's shape before it is acted on.
func (m TabMessage) Validate() error {
	if m.V != TabVersion {
		return ErrTabVersion
	}
	if m.From == "" || len(m.From) > 64 {
		return errors.Join(ErrTabMessage, errors.New("no sender"))
	}
	switch m.Kind {
	case TabHello, TabSignedOut:
	case TabState:
		if m.State == nil {
			return errors.Join(ErrTabMessage, errors.New("state without a state"))
		}
		if err := m.State.validate(); err != nil {
			return errors.Join(ErrTabMessage, err)
		}
	case TabSession, TabSignedIn:
		if m.Session == nil || m.Session.Access == "" {
			return errors.Join(ErrTabMessage, errors.New("session without tokens"))
		}
	case TabCommand:
		if !forwarded[m.Action] || len(m.Value) > 4200 {
			return errors.Join(ErrTabMessage, errors.New("command not allowed: "+m.Action))
		}
	case TabHost:
		if !hostForwarded[m.Action] || len(m.Value) > 4400 {
			return errors.Join(ErrTabMessage, errors.New("event not forwarded: "+m.Action))
		}
	default:
		return errors.Join(ErrTabMessage, errors.New("unknown kind "+m.Kind))
	}
	return nil
}

// validate checks a state that came from outside this tab.
func (s *State) validate() error {
	if len(s.Calls) > 8 {
		return errors.New("too many calls")
	}
	for _, c := range s.Calls {
		switch c.State {
		case CallRinging, CallConnected, CallHeld, CallParked, CallWrapUp:
		default:
			return errors.New("call state " + string(c.State))
		}
	}
	if len(s.Writes) > maxWrites {
		return errors.New("too many kept writes")
	}
	for _, w := range s.Writes {
		if err := w.validate(); err != nil {
			return err
		}
	}
	if s.SignedIn && s.User == "" {
		return errors.New("signed in without a user")
	}
	switch s.SignOut {
	case "", SignOutConfirm, SignOutAfterCall:
	default:
		return errors.New("sign-out " + s.SignOut)
	}
	return nil
}
