package vcc

import (
	"errors"
	"strings"
)

// Hello opens or resumes a session.
type Hello struct {
	// Token is the agent's VCC access token (a JWT from sign-in).
	Token string `json:"token"`
	// ResumeToken, when set, resumes the session it was issued for (after a
	// reload, or in the tab taking over) instead of opening a new one.
	ResumeToken string `json:"resumeToken,omitempty"`
	// Takeover ends the user's other live session, if any.
	Takeover bool `json:"takeover,omitempty"`
	// Client describes this panel, so a conflict can say where the other
	// session is.
	Client Client `json:"client"`
}

// Validate implements the check Envelope.Into runs.
func (h Hello) Validate() error {
	if h.Token == "" {
		return errors.New("no token")
	}
	if h.Client.ID == "" {
		return errors.New("no client id")
	}
	return nil
}

// Client identifies a panel.
type Client struct {
	// ID is unique per panel instance (one tab's session).
	ID string `json:"id"`
	// Instance is the ServiceNow instance origin hosting the panel.
	Instance string `json:"instance,omitempty"`
	// Browser is a short description ("Chrome 156 on Linux").
	Browser string `json:"browser,omitempty"`
}

// Welcome answers a successful hello.
type Welcome struct {
	SessionID   string `json:"sessionId"`
	ResumeToken string `json:"resumeToken"`
	// Resumed is true when hello resumed an existing session.
	Resumed bool `json:"resumed"`
	// ResumeGraceSeconds is how long the server keeps a session (and parks
	// its calls) after the connection drops.
	ResumeGraceSeconds int        `json:"resumeGraceSeconds"`
	User               User       `json:"user"`
	Presence           Presence   `json:"presence"`
	Presences          []Presence `json:"presences"`
	Dispositions       []string   `json:"dispositions"`
	// EnforcedDispositions means wrap-up needs a disposition code.
	EnforcedDispositions bool        `json:"enforcedDispositions"`
	Queues               []Target    `json:"queues"`
	Agents               []Target    `json:"agents"`
	Calls                []Call      `json:"calls"`
	ICEServers           []ICEServer `json:"iceServers"`
}

// User is the signed-in VCC user.
type User struct {
	UserID    string `json:"userId"`   // GUID
	UserName  string `json:"userName"` // as in ServiceNow's sys_user.user_name
	AgentID   string `json:"agentId"`  // short display id
	Name      string `json:"name"`
	AccountID string `json:"accountId"`
}

// Presence is a VCC presence definition, in the Agents API's shape.
type Presence struct {
	PresenceID  string   `json:"presenceId"`
	Selectable  bool     `json:"selectable"`
	Category    Category `json:"category"`
	Description string   `json:"description"`
}

// Category groups presences: Ready, Away, ExtendedAway or LoggedOut.
type Category struct {
	CategoryType string `json:"categoryType"`
	Description  string `json:"description"`
	SubCategory  string `json:"subCategory,omitempty"`
}

// Presence categories (Agents API).
const (
	CategoryReady        = "Ready"
	CategoryAway         = "Away"
	CategoryExtendedAway = "ExtendedAway"
	CategoryLoggedOut    = "LoggedOut"
)

// ICEServer is an RTCIceServer.
type ICEServer struct {
	URLs       []string `json:"urls"`
	Username   string   `json:"username,omitempty"`
	Credential string   `json:"credential,omitempty"`
}

// Conflict says the user has a live session elsewhere.
type Conflict struct {
	Existing Client `json:"existing"`
	// Since is when that session started (RFC 3339).
	Since string `json:"since"`
}

// Ended says the server ended the session.
type Ended struct {
	// Reason is taken_over, signed_out, expired or account_disabled.
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// Reasons a session ends.
const (
	EndTakenOver = "taken_over"
	EndSignedOut = "signed_out"
	EndExpired   = "expired"
)

// SDP is an offer or answer for the session's media connection.
type SDP struct {
	Type string `json:"type"` // "offer" or "answer"
	SDP  string `json:"sdp"`
}

// Validate implements the check Envelope.Into runs.
func (s SDP) Validate() error {
	if s.Type != "offer" && s.Type != "answer" {
		return errors.New("sdp type must be offer or answer")
	}
	if !strings.HasPrefix(s.SDP, "v=0") {
		return errors.New("not an SDP")
	}
	return nil
}

// Candidate is a trickled ICE candidate (RTCIceCandidateInit); an empty
// Candidate marks the end of gathering.
type Candidate struct {
	Candidate        string  `json:"candidate"`
	SDPMid           *string `json:"sdpMid,omitempty"`
	SDPMLineIndex    *uint16 `json:"sdpMLineIndex,omitempty"`
	UsernameFragment *string `json:"usernameFragment,omitempty"`
}

// SetPresence asks for a presence by its definition id.
type SetPresence struct {
	PresenceID string `json:"presenceId"`
}

// Validate implements the check Envelope.Into runs.
func (p SetPresence) Validate() error {
	if p.PresenceID == "" {
		return errors.New("no presenceId")
	}
	return nil
}

// CallRef names a call for answer, reject, hangup, hold and resume.
type CallRef struct {
	CallID string `json:"callId"`
}

// Validate implements the check Envelope.Into runs.
func (c CallRef) Validate() error {
	if c.CallID == "" {
		return errors.New("no callId")
	}
	return nil
}

// Mute tells VCC the agent muted or unmuted the call, so supervisors and
// reports see it; the audio itself is muted in the browser.
type Mute struct {
	CallID string `json:"callId"`
	Muted  bool   `json:"muted"`
}

// Validate implements the check Envelope.Into runs.
func (m Mute) Validate() error {
	if m.CallID == "" {
		return errors.New("no callId")
	}
	return nil
}

// Target is a queue or an agent to transfer to.
type Target struct {
	Type string `json:"type"` // "queue" or "agent"
	ID   string `json:"id"`   // queue name, or agent user name
	Name string `json:"name,omitempty"`
}

// Transfer hands a call to a queue or an agent (blind).
type Transfer struct {
	CallID string `json:"callId"`
	Target Target `json:"target"`
}

// Validate implements the check Envelope.Into runs.
func (t Transfer) Validate() error {
	if t.CallID == "" {
		return errors.New("no callId")
	}
	if t.Target.Type != "queue" && t.Target.Type != "agent" || t.Target.ID == "" {
		return errors.New("target must be a queue or an agent with an id")
	}
	return nil
}

// WrapUp ends a call's wrap-up.
type WrapUp struct {
	CallID      string `json:"callId"`
	Disposition string `json:"disposition"`
	Notes       string `json:"notes,omitempty"`
}

// Validate implements the check Envelope.Into runs.
func (w WrapUp) Validate() error {
	if w.CallID == "" {
		return errors.New("no callId")
	}
	if len(w.Notes) > 4000 {
		return errors.New("notes longer than 4000 characters")
	}
	return nil
}

// Dial places an outbound call from the agent.
type Dial struct {
	// Number is E.164.
	Number string `json:"number"`
	// Regarding references the record the agent dialled from
	// ("incident:<sys_id>"), ≤ 2000 characters, as VCC's regarding.reference.
	Regarding string `json:"regarding,omitempty"`
}

// Validate implements the check Envelope.Into runs.
func (d Dial) Validate() error {
	if !IsE164(d.Number) {
		return errors.New("number must be E.164 (+ and 8 to 15 digits)")
	}
	if len(d.Regarding) > 2000 {
		return errors.New("regarding longer than 2000 characters")
	}
	return nil
}

// Call is the server's view of a call.
type Call struct {
	ID        string `json:"id"` // VCC interaction id (GUID)
	State     string `json:"state"`
	Direction string `json:"direction"` // inbound or outbound
	From      string `json:"from"`      // E.164
	To        string `json:"to,omitempty"`
	Queue     string `json:"queue,omitempty"`
	Agent     string `json:"agent,omitempty"` // user name
	// Times are RFC 3339; empty until reached.
	QueuedAt    string `json:"queuedAt,omitempty"`
	ConnectedAt string `json:"connectedAt,omitempty"`
	EndedAt     string `json:"endedAt,omitempty"`
	// Regarding is what the call was placed about (outbound).
	Regarding   string `json:"regarding,omitempty"`
	Disposition string `json:"disposition,omitempty"`
	Muted       bool   `json:"muted,omitempty"`
	// Reason says why a call ended or was refused (e.g. VCC's auto-reject:
	// "Connection rejected due to no WebRTC connection").
	Reason string `json:"reason,omitempty"`
}

// Call states.
const (
	CallQueued    = "queued"
	CallRinging   = "ringing"
	CallConnected = "connected"
	CallHeld      = "held"
	CallParked    = "parked" // the agent's media dropped; the caller waits
	CallWrapUp    = "wrapup"
	CallEnded     = "ended"
	CallAbandoned = "abandoned"
)

// Ack answers a request; Call is set when the request changed one.
type Ack struct {
	Call *Call `json:"call,omitempty"`
}

// Error answers a request that failed, or reports a session problem.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e Error) Error() string { return e.Code + ": " + e.Message }

// Error codes.
const (
	ErrCodeUnauthorized = "unauthorized"  // token missing, forged or expired
	ErrCodeResume       = "resume_failed" // unknown or expired resume token
	ErrCodeBadRequest   = "bad_request"
	ErrCodeNoCall       = "no_call"
	ErrCodeState        = "invalid_state" // e.g. hold while ringing
	ErrCodeNotReady     = "not_ready"     // Ready refused: no media connection
	ErrCodeAccount      = "account_mismatch"
	ErrCodeInternal     = "internal"
)

// IsE164 reports whether s is "+" followed by 8 to 15 digits, the first not 0.
func IsE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
