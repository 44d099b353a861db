// Package cti is the connector's core: what an agent's panel knows (State),
// how it changes (the Connector and its handlers) and what it shows (View).
// It imports no browser or network code; those sit behind the interfaces in
// ports.go, implemented by the js adapters and faked in tests.
package cti

// State is everything the panel shows. window.vccConnector.state() returns it
// as JSON, so field names are a contract with tests and support tooling.
type State struct {
	// SignedIn is true while a VCC session is open in this panel.
	SignedIn bool `json:"signedIn"`
	// User is the agent's VCC user name (the ServiceNow user_name too).
	User string `json:"user"`
	// Name is the agent's display name.
	Name string `json:"name,omitempty"`
	// Presence is the description of the agent's VCC presence ("Ready",
	// "Break"...); PresenceID its definition.
	Presence   string `json:"presence"`
	PresenceID string `json:"presenceId,omitempty"`
	// Presences are the presences the agent may choose.
	Presences []PresenceOption `json:"presences,omitempty"`
	// WorkspacePresence is the AWA state last seen or set in the workspace.
	WorkspacePresence string `json:"workspacePresence,omitempty"`
	// TabRole is "leader" for the tab holding the session and media,
	// "follower" for a tab mirroring it.
	TabRole TabRole `json:"tabRole"`
	// Calls are the agent's current calls, oldest first.
	Calls []Call `json:"calls"`
	// Connection is the softphone's link: offline, connecting, online or
	// reconnecting.
	Connection string `json:"connection"`
	// Mic is unknown, granted or denied; Media is off, connecting, ready or
	// failed (the session's audio connection).
	Mic   string `json:"mic"`
	Media string `json:"media"`
	// Quality is the current call's audio quality, when measured.
	Quality *Quality `json:"quality,omitempty"`
	// Conflict is set while the agent must choose between taking over a
	// session open elsewhere and cancelling.
	Conflict *Conflict `json:"conflict,omitempty"`
	// Dispositions are the account's disposition codes; Enforced means
	// wrap-up needs one.
	Dispositions []string `json:"dispositions,omitempty"`
	Enforced     bool     `json:"enforcedDispositions,omitempty"`
	// TransferTargets are the queues and agents a call can be sent to.
	TransferTargets []Target `json:"transferTargets,omitempty"`
	// TransferAgents are the user names of the agents who can take a
	// transfer now, as the bridge last said (signed in and Ready); the
	// panel offers no other agent.
	TransferAgents []string `json:"transferAgents,omitempty"`
	// Outputs are the audio output devices; Speaker and Ringer the chosen
	// ones ("" is the default device).
	Outputs []Device `json:"outputs,omitempty"`
	Speaker string   `json:"speaker,omitempty"`
	Ringer  string   `json:"ringer,omitempty"`
	// SignOut is the agent's Sign out during a call: "confirm" while the
	// panel asks, "after-call" once they chose to sign out when the call is
	// wrapped up (SignOutConfirm, SignOutAfterCall).
	SignOut string `json:"signOut,omitempty"`
	// ReadyWaiting is the Ready presence the agent chose before the audio
	// connection was up: the panel sets it as soon as the audio connects
	// (or says why not); choosing another status cancels it.
	ReadyWaiting string `json:"readyWaiting,omitempty"`
	// Writes are what the agent typed or chose (wrap-ups, a call's
	// record, a choice of caller) that the bridge has not taken yet: kept,
	// shown as pending and sent again until it has (resend.go).
	Writes []Write `json:"writes,omitempty"`
	// Busy names an operation under way (signing-in, connecting), empty when
	// idle.
	Busy string `json:"busy,omitempty"`
	// Problems are what went wrong, each with its cause, shown while the
	// cause lasts (problems.go); Error is the newest one's text. Notice is
	// information (signed out elsewhere...).
	Problems []Problem `json:"problems,omitempty"`
	Error    string    `json:"error,omitempty"`
	Notice   string    `json:"notice,omitempty"`
	// BridgeDown is set while the panel gets no answer from the bridge:
	// no call can reach the agent then.
	BridgeDown bool `json:"bridgeDown,omitempty"`
	// PresenceAsked is the presence the panel is setting at the agent's
	// request (the Status list shows it until the contact centre answers);
	// PresenceNote says why the status changed when the agent did not
	// change it ("Set Away: the call rang out.").
	PresenceAsked string `json:"presenceAsked,omitempty"`
	PresenceNote  string `json:"presenceNote,omitempty"`
	// Timings are milliseconds since the page's navigation start at which
	// milestones were reached (wasmStart, ready, signedIn...).
	Timings map[string]float64 `json:"timings"`
}

// PresenceOption is a presence the agent can choose.
type PresenceOption struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Category string `json:"category"`
}

// Device is an audio output device.
type Device struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Target is a transfer destination.
type Target struct {
	Type string `json:"type"` // queue or agent
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Conflict describes the other live session of the same user.
type Conflict struct {
	Where string `json:"where"`
	Since string `json:"since"`
}

// Quality is measured call quality.
type Quality struct {
	RTTms    float64 `json:"rttMs"`
	JitterMs float64 `json:"jitterMs"`
	LossPct  float64 `json:"lossPct"`
	MOS      float64 `json:"mos"`
	Poor     bool    `json:"poor"`
	// PacketsReceived counts the caller's audio packets received.
	PacketsReceived int `json:"packetsReceived"`
}

// Call is one call as the panel knows it.
type Call struct {
	// ID is VCC's interaction id for the call ("" until known).
	ID string `json:"id"`
	// State is ringing, connected, held, wrapup or ended (parked while the
	// audio reconnects).
	State CallPhase `json:"state"`
	// InteractionSysID is the ServiceNow interaction record, once known;
	// WorkItemID the AWA work item that offered it.
	InteractionSysID string `json:"interactionSysId,omitempty"`
	InteractionNo    string `json:"interactionNumber,omitempty"`
	WorkItemID       string `json:"workItemId,omitempty"`
	Direction        string `json:"direction,omitempty"`
	// From is the caller (inbound) or the dialled number (outbound), E.164;
	// FromDisplay the same as people in the agent's region write it, when
	// the bridge gave it ("(415) 555-0201").
	From        string `json:"from,omitempty"`
	FromDisplay string `json:"fromDisplay,omitempty"`
	CallerName  string `json:"callerName,omitempty"`
	Queue       string `json:"queue,omitempty"`
	// QueuedAt and ConnectedAt are RFC 3339: when the caller joined the
	// queue they wait in now, and when the call first connected (to
	// whichever agent).
	QueuedAt    string `json:"queuedAt,omitempty"`
	ConnectedAt string `json:"connectedAt,omitempty"`
	// AnsweredAt is when this agent's part of the call connected, HeldAt
	// when the caller was put on hold ("" while not held), WrapUpAt when
	// wrap-up began: the card's timers count from them (RFC 3339).
	AnsweredAt string `json:"answeredAt,omitempty"`
	HeldAt     string `json:"heldAt,omitempty"`
	WrapUpAt   string `json:"wrapUpAt,omitempty"`
	// TransferredBy names the agent whose transfer brought the call here,
	// TransferredFrom the queue it was in then (the bridge says).
	TransferredBy   string `json:"transferredBy,omitempty"`
	TransferredFrom string `json:"transferredFrom,omitempty"`
	Muted           bool   `json:"muted,omitempty"`
	// Record is the ServiceNow record the call concerns (screen-pop target).
	Record *Record `json:"record,omitempty"`
	// Matches are the callers the number matched when there are several.
	Matches []Record `json:"matches,omitempty"`
	Popped  bool     `json:"popped,omitempty"`
	// Detailed is set once the bridge gave the call's details (caller,
	// record): it gives them to the agent AWA gave the call to, from the
	// accept on; the screen pop waits for them.
	Detailed bool `json:"detailed,omitempty"`
	// Pending names a request under way (answering, holding...), empty
	// when none is.
	Pending PendingAction `json:"pending,omitempty"`
	// Waiting names the agent's commands that wait for the connection to
	// Vonage to come back ("Hold"), sent as soon as it does.
	Waiting string `json:"waiting,omitempty"`
	DTMF    string `json:"dtmf,omitempty"`
	// Disposition and Notes are the wrap-up draft.
	Disposition string `json:"disposition,omitempty"`
	Notes       string `json:"notes,omitempty"`
	// Transferred is set once VCC took this agent's transfer: the wrap-up
	// is for their part of the call.
	Transferred bool `json:"transferred,omitempty"`
	// TransferChoice is the target chosen in the Transfer list
	// ("queue:support"), not carried out until the agent presses Transfer
	// and confirms (TransferAsk is set while the panel asks).
	TransferChoice string `json:"transferChoice,omitempty"`
	TransferAsk    bool   `json:"transferAsk,omitempty"`
	// TransferredTo says where the agent's transfer sent the caller, once
	// the contact centre took it ("the support queue"); TransferProblem
	// why the last transfer did not happen.
	TransferredTo   string `json:"transferredTo,omitempty"`
	TransferProblem string `json:"transferProblem,omitempty"`
	// PriorWrapUps counts the wrap-ups of earlier parts of the call that
	// end with this one's: a blind transfer brought the caller back to the
	// agent before they had wrapped up.
	PriorWrapUps int `json:"priorWrapUps,omitempty"`
}

// Record is a ServiceNow record reference.
type Record struct {
	Table string `json:"table"`
	SysID string `json:"sysId"`
	// Query opens it (sys_id=..., or sys_id=-1&sysparm_query=... for a new,
	// prefilled record).
	Query  string `json:"query,omitempty"`
	Number string `json:"number,omitempty"`
	Label  string `json:"label,omitempty"`
}

// CallPhase is a call's state as the panel shows it (Call.State): the
// softphone's states (CallState) an agent's call goes through. Its own type
// keeps any other string out of Call.State; its JSON is the plain string,
// as in the snapshots and tab messages of earlier panels.
type CallPhase string

// Call states as the panel shows them.
const (
	CallRinging   CallPhase = "ringing"
	CallConnected CallPhase = "connected"
	CallHeld      CallPhase = "held"
	CallParked    CallPhase = "parked"
	CallWrapUp    CallPhase = "wrapup"
	CallEnded     CallPhase = "ended"
)

// PendingAction is the request under way on a call (Call.Pending): the
// call's controls wait for its answer. Its JSON is the plain string.
type PendingAction string

// Pending actions; a call with none has "".
const (
	PendingAnswering    PendingAction = "answering"
	PendingRejecting    PendingAction = "rejecting"
	PendingHolding      PendingAction = "holding"
	PendingResuming     PendingAction = "resuming"
	PendingHangingUp    PendingAction = "hanging-up"
	PendingWrappingUp   PendingAction = "wrapping-up"
	PendingTransferring PendingAction = "transferring"
)

// Sign out during a call (State.SignOut).
const (
	SignOutConfirm   = "confirm"
	SignOutAfterCall = "after-call"
)

// PresenceLoggedOut is shown before the agent has a session.
const PresenceLoggedOut = "Logged Out"

// TabRole is a tab's part in sharing the session (State.TabRole). Its JSON
// is the plain string.
type TabRole string

// Tab roles.
const (
	RoleLeader   TabRole = "leader"
	RoleFollower TabRole = "follower"
)

// Connection and media states.
const (
	Offline      = "offline"
	Connecting   = "connecting"
	Online       = "online"
	Reconnecting = "reconnecting"

	MicUnknown = "unknown"
	MicGranted = "granted"
	MicDenied  = "denied"

	MediaOff        = "off"
	MediaConnecting = "connecting"
	MediaReady      = "ready"
	MediaFailed     = "failed"
)

// NewState is the state of a fresh panel.
func NewState() State {
	return State{
		Presence: PresenceLoggedOut, TabRole: RoleLeader, Calls: []Call{},
		Connection: Offline, Mic: MicUnknown, Media: MediaOff, Timings: map[string]float64{},
	}
}

// Clone returns a deep copy, safe to hand to another goroutine.
func (s State) Clone() State {
	c := s
	c.Calls = make([]Call, len(s.Calls))
	for i, call := range s.Calls {
		c.Calls[i] = call.clone()
	}
	c.Presences = append([]PresenceOption(nil), s.Presences...)
	c.Dispositions = append([]string(nil), s.Dispositions...)
	c.TransferTargets = append([]Target(nil), s.TransferTargets...)
	c.TransferAgents = append([]string(nil), s.TransferAgents...)
	c.Outputs = append([]Device(nil), s.Outputs...)
	c.Writes = append([]Write(nil), s.Writes...)
	c.Problems = append([]Problem(nil), s.Problems...)
	if s.Quality != nil {
		q := *s.Quality
		c.Quality = &q
	}
	if s.Conflict != nil {
		x := *s.Conflict
		c.Conflict = &x
	}
	c.Timings = make(map[string]float64, len(s.Timings))
	for k, v := range s.Timings {
		c.Timings[k] = v
	}
	return c
}

func (c Call) clone() Call {
	out := c
	if c.Record != nil {
		r := *c.Record
		out.Record = &r
	}
	out.Matches = append([]Record(nil), c.Matches...)
	return out
}

// call returns the call with the VCC id or interaction sys_id, or nil.
//
// One interaction may have two entries: the wrap-up of the agent's part
// and a new offer of it (the caller came back to them after a blind
// transfer). Calls are answered, held, rejected... in their live entry, so
// that one is preferred; wrapUpCall finds the wrap-up.
func (s *State) call(key string) *Call {
	if key == "" {
		return nil
	}
	var found *Call
	for i := range s.Calls {
		x := &s.Calls[i]
		if x.ID != key && x.InteractionSysID != key {
			continue
		}
		if x.State != CallWrapUp {
			return x
		}
		if found == nil {
			found = x
		}
	}
	return found
}

// wrapUpCall returns the call in wrap-up with the VCC id or interaction
// sys_id, or else the call with it.
func (s *State) wrapUpCall(key string) *Call {
	for i := range s.Calls {
		if x := &s.Calls[i]; key != "" && x.State == CallWrapUp && (x.ID == key || x.InteractionSysID == key) {
			return x
		}
	}
	return s.call(key)
}

// removeCall drops the call that call(key) finds (and only that one: the
// wrap-up of an interaction offered again stays).
func (s *State) removeCall(key string) {
	if x := s.call(key); x != nil {
		s.dropCall(x)
	}
}

// dropCall drops the entry x points at.
func (s *State) dropCall(x *Call) {
	for i := range s.Calls {
		if &s.Calls[i] == x {
			s.Calls = append(s.Calls[:i], s.Calls[i+1:]...)
			return
		}
	}
}

// ringing reports whether any call is ringing.
func (s *State) ringing() bool {
	for _, c := range s.Calls {
		if c.State == CallRinging {
			return true
		}
	}
	return false
}
