package cti

import "time"

// UIAction is a control the agent used (data-action and its value).
type UIAction struct {
	Action string
	Value  string
}

// Mark records that a milestone was reached at Ms (milliseconds since the
// page's navigation start). A milestone is kept the first time it is
// reached, unless Again says it recurs (the latest then counts).
type Mark struct {
	Name  string
	Ms    float64
	Again bool
}

// HostReady reports openFrameAPI.init: Err is set when the panel runs outside
// ServiceNow or the TopFrame did not answer.
type HostReady struct {
	Err error
	// TopDomain is the origin the TopFrame reported.
	TopDomain string
	// Config is the OpenFrame configuration's JSON "configuration" field.
	Config string
}

// HostEvent is an OpenFrame event with its payload as JSON.
type HostEvent struct {
	Name    string
	Payload []byte
}

// SignInResult is the outcome of the sign-in popup and code exchange (or of
// a token refresh). Err may wrap ErrPopupBlocked, ErrPopupClosed,
// ErrSignInBusy or ErrStateMismatch, which the agent is told in words of
// their own.
type SignInResult struct {
	Token     Token
	Err       error
	Refreshed bool
}

// Token is what sign-in (OAuth 2.0 token response, RFC 6749 §5.1) gives the
// panel: it is never logged and never in the view.
type Token struct {
	AccessToken  string
	RefreshToken string
	// ExpiresIn is the access token's lifetime in seconds.
	ExpiresIn int
}

// MicResult reports the microphone request.
type MicResult struct{ Err error }

// Devices lists the audio output devices (after the microphone is granted
// the browser names them).
type Devices struct{ Outputs []Device }

// MediaOffer is the peer connection's offer, ready to send; Sent says it is
// out already (the loader sent it after a reload, on the link's early hello).
type MediaOffer struct {
	SDP  string
	Sent bool
}

// MediaCandidate is a local ICE candidate to trickle.
type MediaCandidate struct{ Candidate Candidate }

// MediaState is the peer connection's state: new, connecting, connected,
// disconnected, failed or closed.
type MediaState struct{ State string }

// MediaStats are the call quality figures from getStats.
type MediaStats struct {
	RTTms, JitterMs, LossPct float64
	PacketsReceived          int
}

// BridgeResult answers a Bridge request.
type BridgeResult struct {
	ID     string
	Status int
	Body   []byte
	Err    error
}

// Timer fires a timer set with Clock.After.
type Timer struct{ Name string }

func (UIAction) isInput()       {}
func (Mark) isInput()           {}
func (HostReady) isInput()      {}
func (HostEvent) isInput()      {}
func (SignInResult) isInput()   {}
func (MicResult) isInput()      {}
func (Devices) isInput()        {}
func (MediaOffer) isInput()     {}
func (MediaCandidate) isInput() {}
func (MediaState) isInput()     {}
func (MediaStats) isInput()     {}
func (BridgeResult) isInput()   {}
func (Timer) isInput()          {}

// tokens holds the agent's VCC tokens; never logged, never in the view.
type tokens struct {
	access, refresh string
	expires         time.Time
}
