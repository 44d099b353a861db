package cti

// The inputs a Softphone adapter delivers: what the contact centre's
// softphone service says, in the core's terms.

// SoftphoneConnected says the link to the softphone service is up: the core
// opens (or resumes) the session over it. Hello is the request id of the
// hello already sent on it, if any: after a reload the loader resumes the
// session (web/static/loader.js) with the snapshot's tokens while the
// connector compiles.
type SoftphoneConnected struct{ Hello string }

// SoftphoneDisconnected says the link closed or could not be made.
type SoftphoneDisconnected struct{ Err error }

// SessionWelcomed says the session is open: who the agent is, what they may
// choose, and the calls they have (after a resume, the calls kept for them).
type SessionWelcomed struct {
	User SessionUser
	// Resumed is true when Open resumed an existing session.
	Resumed bool
	// ResumeToken resumes this session after a reload or in another tab.
	ResumeToken string
	// Presence is the agent's; Presences are the account's definitions.
	Presence  Presence
	Presences []Presence
	// Dispositions are the account's disposition codes; EnforcedDispositions
	// means wrap-up needs one.
	Dispositions         []string
	EnforcedDispositions bool
	// Targets are the queues and agents a call can be transferred to.
	Targets []Target
	Calls   []PhoneCall
	// ICEServers are the STUN/TURN servers for the session's audio.
	ICEServers []ICEServer
}

// SessionUser is the signed-in agent.
type SessionUser struct {
	// ID is the contact centre's user id; UserName the user name (the
	// ServiceNow user_name too); Name the display name.
	ID, UserName, Name string
}

// SessionConflict says the agent has a live session elsewhere: the agent
// chooses between taking it over (Softphone.TakeOver) and cancelling.
type SessionConflict struct {
	// Browser and Instance describe the other panel; Since is when its
	// session started (RFC 3339).
	Browser, Instance, Since string
}

// SessionEnded says the service ended the session.
type SessionEnded struct {
	Reason  EndReason
	Message string
}

// CallUpdated is the service's news of one of the agent's calls.
type CallUpdated struct{ Call PhoneCall }

// PresenceChanged is the agent's presence, changed at the contact centre
// (by the panel through the bridge, a supervisor, the service itself).
type PresenceChanged struct{ Presence Presence }

// RequestAcked answers the request Req; Call is set when it changed one.
type RequestAcked struct {
	Req  string
	Call *PhoneCall
}

// RequestRefused answers the request Req (or, with Req "", reports a
// problem of the session) with why, and the service's message.
type RequestRefused struct {
	Req     string
	Reason  RefusalReason
	Message string
}

// RemoteAnswer is the service's answer to the session's media offer.
type RemoteAnswer struct{ SDP string }

// RemoteCandidate is an ICE candidate of the service's end.
type RemoteCandidate struct{ Candidate Candidate }

func (SoftphoneConnected) isInput()    {}
func (SoftphoneDisconnected) isInput() {}
func (SessionWelcomed) isInput()       {}
func (SessionConflict) isInput()       {}
func (SessionEnded) isInput()          {}
func (CallUpdated) isInput()           {}
func (PresenceChanged) isInput()       {}
func (RequestAcked) isInput()          {}
func (RequestRefused) isInput()        {}
func (RemoteAnswer) isInput()          {}
func (RemoteCandidate) isInput()       {}
