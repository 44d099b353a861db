package cti

import (
	"time"

	"github.com/vccnow/connector/wasm/vcc"
)

// The connector's ports: what the core needs from the browser and the
// network. Every method returns at once; work that takes time happens in the
// adapter, whose results come back to the core as Inputs. The js adapters live
// in the wasm/... packages; package fake has in-memory versions for tests.

// Host is ServiceNow's OpenFrame TopFrame (window.openFrameAPI).
type Host interface {
	Show()
	SetTitle(title, subtitle string)
	SetPresenceIndicator(state, color string)
	// OpenForm screen-pops a record in the workspace, as a child tab of the
	// interaction when interactionSysID is set.
	OpenForm(entity, query, interactionSysID string)
}

// Auth runs the interactive sign-in: a popup to VCC's authorize endpoint and
// the code exchange. Result: SignInResult. It must only ever be started by the
// agent's click.
type Auth interface {
	SignIn()
	// Refresh renews tokens with a refresh token. Result: SignInResult with
	// Refreshed set.
	Refresh(refreshToken string)
}

// Signaling is the WebSocket to VCC's softphone service. Results: SignalOpen,
// SignalMessage, SignalClosed.
type Signaling interface {
	Open()
	Send(typ, id string, data any)
	Close()
}

// Media is the session's audio: the microphone and one RTCPeerConnection.
// Results: MicResult, MediaOffer, MediaCandidate, MediaState, MediaStats.
type Media interface {
	// Microphone asks for the microphone (before any call, not at ring time).
	Microphone()
	// Start creates the peer connection with the microphone's track and makes
	// an offer.
	Start(ice []vcc.ICEServer)
	SetAnswer(sdp string)
	AddCandidate(c vcc.Candidate)
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
	Signaling Signaling
	Media     Media
	Bridge    Bridge
	Clock     Clock
	Log       Logger
	// Tabs and Snapshots are optional: without them the panel is one tab
	// that leads and forgets its state on reload.
	Tabs      Tabs
	Snapshots Snapshots
}
