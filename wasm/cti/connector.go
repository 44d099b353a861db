package cti

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/vccnow/connector/wasm/api"
)

// Input is anything that reaches the core: the agent's clicks, OpenFrame
// events, the softphone's news, media, bridge answers, timers. Inputs are handled one
// at a time on the connector's goroutine, so the state needs no locks.
type Input interface{ isInput() }

// Config is what the deployment tells the connector.
type Config struct {
	// Instance is the ServiceNow instance origin the panel must be hosted by.
	Instance string
	// ClientID identifies this panel instance to the softphone service
	// (unique per tab).
	ClientID string
	// Browser describes the browser, for "signed in elsewhere" messages.
	Browser string
	// Presence maps presence between VCC and AWA.
	Presence PresenceMap
	// Dispositions are the account's disposition codes from the bridge's
	// settings (VCC has no API that lists them); when empty, the
	// softphone's welcome's are offered.
	Dispositions []string
	// Stamp is the page's clock for timings, in ms since navigation start
	// (nil: ms since the connector was made).
	Stamp func() float64
}

// Connector runs the core loop. Its published state can be read from any
// goroutine (window.vccConnector.state() does) without blocking.
type Connector struct {
	cfg      Config
	p        Ports
	inputs   chan Input
	state    State
	current  atomic.Pointer[State]
	onChange func(State)
	started  bool // tab leadership was asked for (Start)

	// What the core keeps beside the State, by concern.
	link     sessionLink
	requests requestBook
	calls    callMemory
	presence presenceSync
	media    mediaSetup
	sharing  tabSharing
}

// sessionLink is the agent's VCC session and this tab's link to the
// softphone service: the tokens, the resume token, signing in, reconnecting
// and the heartbeat.
type sessionLink struct {
	tok         tokens
	resumeToken string // resumes the session after a reload or a lost link
	signingIn   bool   // a sign-in is under way
	reconnects  int    // reconnection attempts since the link was last up
	heartbeat   bool   // a heartbeat timer is set
}

// requestBook is what the core asked and waits to hear about: the
// softphone requests awaiting their answer and the call commands kept while
// the link is down, the answers and rejects the bridge must get and the
// kept writes on their way to it.
type requestBook struct {
	seq      int                // the last softphone request id
	pending  map[string]request // softphone requests by id
	waiting  []waitingCommand   // call commands kept while the link is down
	resends  map[string]*resend // answers and rejects the bridge must get, by request id
	inFlight map[string]bool    // kept writes on their way to the bridge (State.Writes)
}

// callMemory is what the core remembers of calls beyond State.Calls.
type callMemory struct {
	finished        map[string]bool // softphone ids of calls done with
	answerWhenReady []answerLater   // answers waiting for the audio connection
}

// presenceSync is what keeps the agent's presence the same in VCC, AWA and
// the workspace: the account's definitions, the presence being set through
// the bridge, the workspace indicator's last paint and its echo.
type presenceSync struct {
	defs       []Presence // the account's presence definitions
	echo       EchoFilter // tells AWA events that only catch up with VCC
	painted    string     // the workspace indicator the panel last painted
	asked      string     // "origin:id" of the presence the bridge is setting
	next       string     // the one asked for meanwhile, sent after its answer
	readySince time.Time  // when the kept Ready (State.ReadyWaiting) was chosen
	rangOutAt  time.Time  // when an offer last left unanswered (presence_notes.go)
}

// mediaSetup is the session's audio connection as the core drives it: the
// ICE servers, the offer and candidates until the softphone service takes
// them, the microphone's problem and mute.
type mediaSetup struct {
	ice        []ICEServer // from the welcome, or the leading tab's session
	micProblem string      // why the microphone cannot be used, for the agent
	offer      string      // an offer made before the session was welcomed
	candidates []Candidate // candidates waiting for the offer to go out
	offerSent  bool
	// early says the offer went out on the link's early hello (the loader's,
	// after a reload): the welcome of that hello must not start the audio
	// again.
	early bool
	muted bool // the microphone's mute as last set on the Media port
}

// tabSharing is what this tab last gave the other tabs and the tab's
// snapshot, so an unchanged state is not sent or saved again.
type tabSharing struct {
	state      []byte    // the state last broadcast (JSON, without timings)
	session    string    // the session last broadcast ("access|resume")
	snapshot   []byte    // the snapshot last saved (JSON, without its time)
	snapshotAt time.Time // when it was saved
}

// NewConnector returns a connector in the signed-out state. onChange is
// called on the loop's goroutine after every input.
func NewConnector(cfg Config, p Ports, onChange func(State)) *Connector {
	if cfg.Presence.ToAWA == nil {
		cfg.Presence = DefaultPresenceMap()
	}
	c := &Connector{
		cfg: cfg, p: p, inputs: make(chan Input, 256), state: NewState(),
		onChange: onChange, requests: requestBook{pending: map[string]request{}},
	}
	if p.Tabs != nil {
		c.state.TabRole = RoleFollower // until the tab lock says otherwise
	}
	if p.Softphone != nil {
		c.p.Softphone = &commandQueue{Softphone: p.Softphone, c: c}
	}
	c.publish()
	return c
}

// Post queues an input; safe from any goroutine.
func (c *Connector) Post(in Input) { c.inputs <- in }

// State is the last published state.
func (c *Connector) State() State { return *c.current.Load() }

// Run handles inputs until ctx ends.
func (c *Connector) Run(ctx context.Context) {
	c.Start()
	c.notify()
	for {
		select {
		case <-ctx.Done():
			return
		case in := <-c.inputs:
			// Inputs that arrived together (a burst of softphone news, a
			// reload's resumption) are applied together and painted once:
			// in the browser a paint costs far more than applying an input.
			onlyMarks := c.apply(in)
			for n := 1; n < maxBatch; n++ {
				select {
				case in := <-c.inputs:
					onlyMarks = c.apply(in) && onlyMarks
					continue
				default:
				}
				break
			}
			c.settle(onlyMarks)
		}
	}
}

// maxBatch bounds how many inputs one paint may wait for.
const maxBatch = 32

// Start asks for tab leadership; Run calls it, tests call it themselves.
func (c *Connector) Start() {
	if !c.started {
		c.started = true
		c.startTabs()
	}
}

// Handle applies one input and publishes the new state. Tests call it
// directly instead of running the loop.
func (c *Connector) Handle(in Input) {
	c.settle(c.apply(in))
}

// apply applies one input and reports whether it was only a timing mark.
func (c *Connector) apply(in Input) (onlyMark bool) {
	_, onlyMark = in.(Mark)
	c.handle(in)
	c.signOutWhenFree()
	c.keepIntents()
	c.tidyProblems()
	return onlyMark
}

// settle publishes the state after inputs were applied: to the follower
// tabs, the snapshot and the screen. Timings change nothing on screen: after
// marks alone there is no repaint and no broadcast.
func (c *Connector) settle(onlyMarks bool) {
	if onlyMarks {
		c.publish()
		return
	}
	c.shareState()
	c.saveSnapshot()
	c.publish()
	c.notify()
}

func (c *Connector) handle(in Input) {
	switch in := in.(type) {
	case Mark:
		if _, seen := c.state.Timings[in.Name]; !seen || in.Again {
			c.state.Timings[in.Name] = in.Ms
		}
	case UIAction:
		c.onUI(in)
	case HostReady:
		c.onHostReady(in)
	case HostEvent:
		c.onHostEvent(in)
	case SignInResult:
		c.onSignIn(in)
	case SoftphoneConnected:
		c.onConnected(in)
	case SoftphoneDisconnected:
		c.onDisconnected(in)
	case SessionWelcomed:
		c.onWelcome(in)
	case SessionConflict:
		c.onConflict(in)
	case SessionEnded:
		c.onEnded(in)
	case CallUpdated:
		c.onCallUpdate(in.Call)
	case PresenceChanged:
		c.applyPresence(in.Presence, originVCC)
	case RequestAcked:
		c.onAcked(in)
	case RequestRefused:
		c.onRefused(in)
	case RemoteAnswer:
		c.mark("sdpAnswer")
		c.p.Media.SetAnswer(in.SDP)
	case RemoteCandidate:
		c.p.Media.AddCandidate(in.Candidate)
	case MicResult:
		c.onMic(in)
	case Devices:
		c.state.Outputs = in.Outputs
	case MediaOffer:
		c.onMediaOffer(in)
	case MediaCandidate:
		c.onMediaCandidate(in.Candidate)
	case MediaState:
		c.onMediaState(in.State)
	case MediaStats:
		c.onStats(in)
	case BridgeResult:
		c.onBridge(in)
	case Timer:
		c.onTimer(in.Name)
	case TabLed:
		c.onLed()
	case TabLost:
		c.onLost()
	case TabReceived:
		c.onTabMessage(in.Msg)
	case Restore:
		c.onRestore(in)
	default:
		c.logf("warn", "unknown input %T dropped", in)
	}
}

// bridge calls the bridge with the agent's token.
// bridge sends a request of the bridge's REST API (route, filled with args)
// with the agent's token; the answer comes back as id.
func (c *Connector) bridge(id string, route api.Route, body any, args ...string) {
	c.p.Bridge.Do(id, route.Method, route.Path(args...), body, c.link.tok.access)
}

func (c *Connector) logf(level, format string, args ...any) {
	if c.p.Log != nil {
		c.p.Log.Log(level, fmt.Sprintf(format, args...))
	}
}

func (c *Connector) now() time.Time { return c.p.Clock.Now() }

// mark records a recurring milestone (ringing, led, online...) in Timings,
// for the benchmark and support.
func (c *Connector) mark(name string) {
	if c.cfg.Stamp != nil {
		c.state.Timings[name] = c.cfg.Stamp()
	}
}

func (c *Connector) publish() {
	s := c.state.Clone()
	c.current.Store(&s)
}

func (c *Connector) notify() {
	if c.onChange != nil {
		c.onChange(c.State())
	}
}

// decode unmarshals a JSON body, logging what it could not read.
func (c *Connector) decode(what string, b []byte, v any) bool {
	if err := json.Unmarshal(b, v); err != nil {
		c.logf("warn", "%s: unreadable answer dropped: %v", what, err)
		return false
	}
	return true
}
