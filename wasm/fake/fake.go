// Package fake has in-memory versions of the connector's ports for tests:
// each records what the core asked of it, and tests feed results back as
// inputs. Nothing here touches a browser or the network.
package fake

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/vccnow/connector/wasm/cti"
)

// Calls records method calls as strings ("SetTitle Phone Signed out").
type Calls struct {
	mu  sync.Mutex
	Log []string
}

func (c *Calls) add(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Log = append(c.Log, fmt.Sprintf(format, args...))
}

// Take returns the recorded calls and forgets them.
func (c *Calls) Take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.Log
	c.Log = nil
	return out
}

// Host fakes OpenFrame.
type Host struct{ Calls }

var _ cti.Host = (*Host)(nil)

func (h *Host) Show()                             { h.add("Show") }
func (h *Host) SetTitle(title, subtitle string)   { h.add("SetTitle %s|%s", title, subtitle) }
func (h *Host) SetPresenceIndicator(s, c string)  { h.add("SetPresenceIndicator %s %s", s, c) }
func (h *Host) OpenForm(entity, query, ix string) { h.add("OpenForm %s %s %s", entity, query, ix) }

// Auth fakes the sign-in popup.
type Auth struct{ Calls }

var _ cti.Auth = (*Auth)(nil)

func (a *Auth) SignIn()           { a.add("SignIn") }
func (a *Auth) Refresh(rt string) { a.add("Refresh %s", rt) }

// Media fakes the microphone and peer connection.
type Media struct {
	Calls
	Ringing bool
	Muted   bool
	// ICE is what the last Start was given.
	ICE []cti.ICEServer
}

var _ cti.Media = (*Media)(nil)

func (m *Media) Microphone()                  { m.add("Microphone") }
func (m *Media) Start(ice []cti.ICEServer)    { m.ICE = ice; m.add("Start") }
func (m *Media) SetAnswer(sdp string)         { m.add("SetAnswer") }
func (m *Media) AddCandidate(c cti.Candidate) { m.add("AddCandidate %s", c.Candidate) }
func (m *Media) SetMuted(muted bool)          { m.Muted = muted; m.add("SetMuted %v", muted) }
func (m *Media) SendDTMF(d string)            { m.add("SendDTMF %s", d) }
func (m *Media) SetOutput(sp, ring string)    { m.add("SetOutput %s %s", sp, ring) }
func (m *Media) Close()                       { m.add("Close") }

// Ring records the ringtone's state.
func (m *Media) Ring(on bool) { m.Ringing = on }

// Request is one bridge call.
type Request struct {
	ID, Method, Path string
	Body             any
	Token            string
}

// Bridge fakes the bridge API.
type Bridge struct {
	mu   sync.Mutex
	Reqs []Request
}

var _ cti.Bridge = (*Bridge)(nil)

// Do records a request.
func (b *Bridge) Do(id, method, path string, body any, token string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.Reqs = append(b.Reqs, Request{ID: id, Method: method, Path: path, Body: body, Token: token})
}

// Find returns the last request with this id.
func (b *Bridge) Find(id string) (Request, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := len(b.Reqs) - 1; i >= 0; i-- {
		if b.Reqs[i].ID == id {
			return b.Reqs[i], true
		}
	}
	return Request{}, false
}

// Last returns the last request whose id starts with prefix.
func (b *Bridge) Last(prefix string) (Request, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := len(b.Reqs) - 1; i >= 0; i-- {
		if strings.HasPrefix(b.Reqs[i].ID, prefix) {
			return b.Reqs[i], true
		}
	}
	return Request{}, false
}

// Count is how many requests have an id starting with prefix.
func (b *Bridge) Count(prefix string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, r := range b.Reqs {
		if strings.HasPrefix(r.ID, prefix) {
			n++
		}
	}
	return n
}

// Clock is a manual clock; timers are recorded, tests fire them.
type Clock struct {
	T      time.Time
	Timers []string
}

var _ cti.Clock = (*Clock)(nil)

// Now implements cti.Clock.
func (c *Clock) Now() time.Time { return c.T }

// After records a timer.
func (c *Clock) After(d time.Duration, name string) { c.Timers = append(c.Timers, name) }

// Log collects log lines.
type Log struct{ Calls }

// Log implements cti.Logger.
func (l *Log) Log(level, msg string) { l.add("%s %s", level, msg) }

// Ports is a full set of fakes.
type Ports struct {
	Host      *Host
	Auth      *Auth
	Softphone *Softphone
	Media     *Media
	Bridge    *Bridge
	Clock     *Clock
	Log       *Log
	Tabs      *Tabs
	Snapshots *Snapshots
}

// NewPorts returns fresh fakes; the clock starts at a fixed time.
func NewPorts() *Ports {
	return &Ports{Host: &Host{}, Auth: &Auth{}, Softphone: &Softphone{}, Media: &Media{}, Bridge: &Bridge{},
		Clock: &Clock{T: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}, Log: &Log{}, Tabs: &Tabs{}, Snapshots: &Snapshots{}}
}

// Ports returns them as the core's Ports, without tabs and snapshots (a
// single tab).
func (p *Ports) Ports() cti.Ports {
	return cti.Ports{Host: p.Host, Auth: p.Auth, Softphone: p.Softphone, Media: p.Media, Bridge: p.Bridge, Clock: p.Clock, Log: p.Log}
}

// TabPorts returns them with tabs and snapshots.
func (p *Ports) TabPorts() cti.Ports {
	ps := p.Ports()
	ps.Tabs, ps.Snapshots = p.Tabs, p.Snapshots
	return ps
}

// Tabs fakes the tab lock and the broadcast channel.
type Tabs struct {
	Calls
	mu   sync.Mutex
	Sent []cti.TabMessage
}

var _ cti.Tabs = (*Tabs)(nil)

func (t *Tabs) Lead()     { t.add("Lead") }
func (t *Tabs) TakeOver() { t.add("TakeOver") }

// Broadcast records a message.
func (t *Tabs) Broadcast(m cti.TabMessage) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.Sent = append(t.Sent, m)
}

// mu exposes the lock for tests that move messages between tabs.
func (t *Tabs) Lock()   { t.mu.Lock() }
func (t *Tabs) Unlock() { t.mu.Unlock() }

// Last returns the last message of a kind.
func (t *Tabs) Last(kind string) (cti.TabMessage, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := len(t.Sent) - 1; i >= 0; i-- {
		if t.Sent[i].Kind == kind {
			return t.Sent[i], true
		}
	}
	return cti.TabMessage{}, false
}

// Snapshots keeps the last snapshot saved.
type Snapshots struct {
	mu   sync.Mutex
	Last []byte
}

var _ cti.Snapshots = (*Snapshots)(nil)

// Save implements cti.Snapshots.
func (s *Snapshots) Save(b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Last = append([]byte(nil), b...)
}
