package cti

import "time"

// The connector's ports: what the core needs from the browser and the
// network. Every method returns at once; work that takes time happens in the
// adapter, whose results come back to the core as Inputs. The js adapters live
// in the wasm/... packages (the contact centre's softphone in wasm/vccphone);
// package fake has in-memory versions for tests.

// Host is ServiceNow's OpenFrame TopFrame (window.openFrameAPI).
type Host interface {
	Show()
	SetTitle(title, subtitle string)
	SetPresenceIndicator(state, color string)
	// OpenForm screen-pops a record in the workspace, as a child tab of the
	// interaction when interactionSysID is set.
	OpenForm(entity, query, interactionSysID string)
}

// Auth runs the interactive sign-in: a popup to the contact centre's
// authorize endpoint and the code exchange. Result: SignInResult. It must
// only ever be started by the agent's click.
type Auth interface {
	SignIn()
	// Refresh renews tokens with a refresh token. Result: SignInResult with
	// Refreshed set.
	Refresh(refreshToken string)
}

// Softphone is the agent's session at the contact centre's softphone
// service: call control, the session's media negotiation, and the events of
// the agent's calls and presence. It is the one door to the vendor's
// signaling (wasm/vccphone speaks VCC's); nothing else in the core knows it.
//
// Connect opens the link; SoftphoneConnected says it is up, and the core
// then opens (or resumes) the session with Open. SoftphoneDisconnected says
// the link closed or could not be made; the core reconnects and resumes.
//
// Requests carry an id the core chose (req); the service answers each with
// RequestAcked or RequestRefused carrying it. Unsolicited inputs:
// SessionWelcomed, SessionConflict, SessionEnded, CallUpdated,
// PresenceChanged, RemoteAnswer, RemoteCandidate. A refusal of the session
// itself (a bad token) is a RequestRefused for Open's or TakeOver's req.
//
// A request made while the link is down is dropped; the core makes again
// what matters after it reconnects.
type Softphone interface {
	// Connect opens the link to the service, replacing any.
	Connect()
	// Open opens the agent's session over the link, or resumes the one
	// s.ResumeToken names (after a reload, or in the tab taking over).
	// Results: SessionWelcomed, SessionConflict (the agent has a live
	// session elsewhere), RequestRefused (RefusalUnauthorized,
	// RefusalResumeFailed, RefusalAccountMismatch).
	Open(req string, s SessionRequest)
	// TakeOver opens the session as Open does, ending the agent's other
	// session (which gets SessionEnded with EndReasonTakenOver).
	TakeOver(req string, s SessionRequest)
	// Answer, Reject, Hangup, Hold and Resume control the call callID.
	// Results: RequestAcked (with the changed call) or RequestRefused
	// (RefusalNoCall, RefusalInvalidState...).
	Answer(req, callID string)
	Reject(req, callID string)
	Hangup(req, callID string)
	Hold(req, callID string)
	Resume(req, callID string)
	// Mute tells the service the agent muted or unmuted (supervisors and
	// reports see it); the audio itself is muted by the Media port.
	Mute(req, callID string, muted bool)
	// Transfer hands the call blind to a queue or an agent (to.Type "queue"
	// or "agent", to.ID its name).
	Transfer(req, callID string, to Target)
	// SendDTMF sends digits on the call through the service, and reports
	// whether it did: false when the service takes DTMF in the media only
	// (RFC 4733 telephone-events), which the core then asks of the Media
	// port.
	SendDTMF(callID, digits string) bool
	// EndWrapUp ends the call's wrap-up with a disposition code (which the
	// account may enforce: SessionWelcomed.EnforcedDispositions) and notes.
	EndWrapUp(req, callID, disposition, notes string)
	// Dial places an outbound call to number (E.164) about the record
	// regarding ("table:sys_id", or ""). RequestAcked carries the new call.
	Dial(req, number, regarding string)
	// Offer sends the session's media offer (SDP); RemoteAnswer answers it.
	Offer(req, sdp string)
	// Candidate trickles a local ICE candidate; remote ones arrive as
	// RemoteCandidate.
	Candidate(c Candidate)
	// SignOut ends the session at the service.
	SignOut(req string)
	// Close closes the link without reporting it; the session stays (the
	// service keeps it for a resume) unless it was signed out.
	Close()
}

// SessionRequest opens or resumes a softphone session.
type SessionRequest struct {
	// Token is the agent's access token from sign-in.
	Token string
	// ResumeToken, when set, resumes the session it was issued for.
	ResumeToken string
	// ClientID identifies this panel (one tab); Instance and Browser say
	// where it runs, so another panel's conflict can tell the agent.
	ClientID, Instance, Browser string
}

// Media is the session's audio: the microphone and one RTCPeerConnection.
// Results: MicResult, MediaOffer, MediaCandidate, MediaState, MediaStats.
type Media interface {
	// Microphone asks for the microphone (before any call, not at ring time).
	Microphone()
	// Start creates the peer connection with the microphone's track and makes
	// an offer.
	Start(ice []ICEServer)
	SetAnswer(sdp string)
	AddCandidate(c Candidate)
	SetMuted(muted bool)
	SendDTMF(digits string)
	// SetOutput routes call audio (speaker) and the ringtone (ringer) to
	// output devices; "" is the default device.
	SetOutput(speaker, ringer string)
	// Ring starts or stops the ringtone.
	Ring(on bool)
	Close()
}

// Bridge is the bridge's REST API. Result: BridgeResult with the same ID.
type Bridge interface {
	Do(id, method, path string, body any, token string)
}

// Clock tells time and sets timers. Result: Timer with the given name.
type Clock interface {
	Now() time.Time
	After(d time.Duration, name string)
}

// Logger keeps the support log (never tokens).
type Logger interface {
	Log(level, msg string)
}

// Ports bundles the adapters a Connector uses.
type Ports struct {
	Host      Host
	Auth      Auth
	Softphone Softphone
	Media     Media
	Bridge    Bridge
	Clock     Clock
	Log       Logger
	// Tabs and Snapshots are optional: without them the panel is one tab
	// that leads and forgets its state on reload.
	Tabs      Tabs
	Snapshots Snapshots
}
