//go:build !js

package vccsim

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"
	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// ACDConfig tunes the ACD, the softphone sessions and their media. Every
// zero value gives the documented default.
type ACDConfig struct {
	// Routing is how queued calls find an agent: RoutingServiceNow (default)
	// or RoutingVCC; POST /sim/config changes it at run time.
	Routing string
	// ResumeGrace is how long a session whose connection dropped is kept,
	// its calls parked, waiting for a resume (default 20 s: VCC ends a
	// WebRTC call whose ContactPad is not back within 20 seconds, see
	// "Receiving an inbound call using ContactPad with WebRTC").
	ResumeGrace time.Duration
	// RingTimeout is how long an offered call rings at an agent before the
	// ACD offers it to the next one, in RoutingVCC mode (default 20 s).
	RingTimeout time.Duration
	// OutboundAnswer is how long a dialled number rings before it answers,
	// or turns out busy (default 300 ms).
	OutboundAnswer time.Duration
	// OutboundNoAnswer is how long the ACD lets a number that never answers
	// (one ending in 9999) ring before it fails the call (default 60 s).
	OutboundNoAnswer time.Duration
	// HelloTimeout is how long a new signaling connection may take to send
	// hello (default 10 s).
	HelloTimeout time.Duration
	// PingInterval is how often the server pings a signaling connection; a
	// missing pong ends the connection (default 20 s).
	PingInterval time.Duration
	// WriteTimeout bounds one signaling write (default 5 s).
	WriteTimeout time.Duration
	// AfterFunc schedules the ACD's timers (grace, ring, outbound); default
	// time.AfterFunc. Tests pass a fake to fire timers when they choose.
	AfterFunc func(d time.Duration, f func()) Timer
}

// Timer is a scheduled function that can be stopped (*time.Timer is one).
type Timer interface{ Stop() bool }

// Routing modes.
const (
	// RoutingServiceNow: a queued call waits until ServiceNow's AWA picked an
	// agent and the bridge assigns it (POST /routing/v1/calls/{id}/assign).
	RoutingServiceNow = "servicenow"
	// RoutingVCC: the ACD offers queued calls to Ready agents itself.
	RoutingVCC = "vcc"
)

func (c ACDConfig) withDefaults() ACDConfig {
	if c.Routing == "" {
		c.Routing = RoutingServiceNow
	}
	for _, d := range []struct {
		p   *time.Duration
		def time.Duration
	}{
		{&c.ResumeGrace, 20 * time.Second}, {&c.RingTimeout, 20 * time.Second},
		{&c.OutboundAnswer, 300 * time.Millisecond}, {&c.OutboundNoAnswer, 60 * time.Second},
		{&c.HelloTimeout, 10 * time.Second}, {&c.PingInterval, 20 * time.Second},
		{&c.WriteTimeout, 5 * time.Second},
	} {
		if *d.p <= 0 {
			*d.p = d.def
		}
	}
	if c.AfterFunc == nil {
		c.AfterFunc = func(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }
	}
	return c
}

// acd is the simulator's call centre: calls, agents' softphone sessions and
// their media. One mutex guards all of it.
//
// Locking rule: code holding acd.mu never calls into the identity, presence
// or webhook parts of the Server (they have locks of their own and call back
// into the ACD through onPresence and agentSessions), never closes a peer
// connection and never blocks. Such work is queued on a later list and runs
// once the lock is released; webhook events go through the ordered events
// queue.
type acd struct {
	s      *Server
	cfg    ACDConfig
	audio  *callerAudio
	api    *webrtc.API
	origin []string // allowed WebSocket origin host patterns
	events chan pendingEvent
	wg     sync.WaitGroup // every goroutine the ACD starts

	mu       sync.Mutex
	closed   bool
	routing  string
	calls    map[string]*call
	order    []*call             // by creation, for GET /sim/calls
	waiting  map[*call]bool      // the calls in state queued
	byResume map[string]*session // resume token → session
	byUser   map[string]*session // user id → the user's one session
	legs     map[string][]*leg   // user id → the user's legs not yet ended
	presence map[string]vccproto.Presence
	idle     map[string]time.Time // user id → when the agent last became free
	// unavailable holds the agents in "Connection Unavailable" after an
	// auto-reject (autoreject.go).
	unavailable map[string]bool
	conns       map[*conn]bool
}

// pendingEvent is a webhook event of an account waiting for publish.
type pendingEvent struct {
	accountID, typ, subject string
	data                    any
}

func newACD(s *Server, cfg ACDConfig) (*acd, error) {
	audio, err := loadCallerAudio(s.cfg.SeedDir)
	if err != nil {
		return nil, err
	}
	api, err := newMediaAPI()
	if err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if cfg.Routing != RoutingServiceNow && cfg.Routing != RoutingVCC {
		return nil, fmt.Errorf("vcc sim: routing %q is neither %q nor %q", cfg.Routing, RoutingServiceNow, RoutingVCC)
	}
	a := &acd{
		s: s, cfg: cfg, audio: audio, api: api,
		events:      make(chan pendingEvent, 1024),
		routing:     cfg.Routing,
		calls:       map[string]*call{},
		waiting:     map[*call]bool{},
		byResume:    map[string]*session{},
		byUser:      map[string]*session{},
		legs:        map[string][]*leg{},
		presence:    map[string]vccproto.Presence{},
		idle:        map[string]time.Time{},
		unavailable: map[string]bool{},
		conns:       map[*conn]bool{},
	}
	for _, o := range s.cfg.PanelOrigins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			a.origin = append(a.origin, u.Host)
		}
	}
	return a, nil
}

// start begins the background work: the event publisher and the presence
// subscription that pushes presence to softphones and routes calls.
func (a *acd) start(ctx context.Context) {
	a.goTracked(func() { a.publishLoop(ctx) })
	cancel := a.s.onPresence(a.presenceChanged)
	a.goTracked(func() {
		<-ctx.Done()
		cancel()
	})
}

// goTracked runs f in a goroutine Close waits for; after Close it does
// nothing.
func (a *acd) goTracked(f func()) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		f()
	}()
	return true
}

// close ends every session, connection, peer connection and timer, and
// waits for the ACD's goroutines. The Server's context must be cancelled
// first (it stops the publisher).
func (a *acd) close() {
	var later later
	a.mu.Lock()
	a.closed = true
	for _, c := range a.calls {
		c.stopTimer()
	}
	for _, sess := range a.byUser {
		sess.stopGrace()
		if sess.media != nil {
			later.closeMedia(sess.media)
		}
	}
	for c := range a.conns {
		later.add(c.closeNow)
	}
	a.mu.Unlock()
	later.run()
	a.wg.Wait()
}

// later is work that must wait until acd.mu is released.
type later []func()

func (l *later) add(f func()) { *l = append(*l, f) }

func (l *later) closeMedia(m *media) { l.add(m.close) }

func (l later) run() {
	for _, f := range l {
		f()
	}
}

// emit queues a webhook event; the publisher hands events to publish in the
// order they were emitted. It must be called with acd.mu held, so that the
// order is the order of the state changes.
func (a *acd) emit(accountID, typ, subject string, data any) {
	select {
	case a.events <- pendingEvent{accountID, typ, subject, data}:
	default:
		a.s.log.Printf("vcc sim: event queue full, dropped %s for %s", typ, subject)
	}
}

func (a *acd) publishLoop(ctx context.Context) {
	for {
		select {
		case e := <-a.events:
			a.s.publishFor(e.accountID, e.typ, e.subject, e.data)
		case <-ctx.Done():
			return
		}
	}
}

// SessionInfo describes an agent's softphone session for GET /sim/agents.
type SessionInfo struct {
	ID     string          `json:"id"`
	Client vccproto.Client `json:"client"`
	Since  time.Time       `json:"since"`
	// Media is the session's media connection: new, connected, failed or
	// closed.
	Media string `json:"media"`
	// Resumable is true while the connection is down and the session waits,
	// within its grace window, for the client to resume it.
	Resumable bool `json:"resumable"`
}

// agentSessions lists the user's softphone sessions (at most one: a user
// never has two).
func (s *Server) agentSessions(userID string) []SessionInfo {
	a := s.acd
	a.mu.Lock()
	defer a.mu.Unlock()
	sess := a.byUser[userID]
	if sess == nil {
		return []SessionInfo{}
	}
	return []SessionInfo{{
		ID: sess.id, Client: sess.client, Since: sess.since,
		Media: sess.mediaState(), Resumable: sess.conn == nil,
	}}
}

// Agent activities derived from calls (VCC's agent states Busy and WrapUp,
// which are not presences).
const (
	ActivityBusy   = "Busy"
	ActivityWrapUp = "WrapUp"
)

// agentActivity is what the agent is doing with calls: ActivityBusy while a
// call rings, is connected, held or parked at the agent, ActivityWrapUp while
// a call is in wrap-up, ActivityConnectionUnavailable after an auto-reject,
// "" otherwise (the agent's state is then the presence's category).
func (s *Server) agentActivity(userID string) string {
	a := s.acd
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.activity(userID)
}

func (a *acd) activity(userID string) string {
	if a.liveLeg(userID) != nil {
		return ActivityBusy
	}
	if len(a.legs[userID]) > 0 {
		return ActivityWrapUp
	}
	if a.unavailable[userID] {
		return ActivityConnectionUnavailable
	}
	return ""
}
