package cti

import (
	"errors"
	"fmt"
	"time"

	"github.com/vccnow/connector/wasm/vcc"
)

// reconnectDelays are the waits before each attempt to get the signaling
// connection back; the last repeats.
var reconnectDelays = []time.Duration{0, 250 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second}

// Timer names.
const (
	timerReconnect = "reconnect"
	timerRefresh   = "refresh"
	timerMedia     = "media-retry"
	timerPollCall  = "poll:" // + interaction sys_id
	timerHeartbeat = "heartbeat"
)

// heartbeatEvery renews the panel's lease at the bridge: while it runs, the
// panel (not the bridge) keeps the workspace presence in step.
const heartbeatEvery = 30 * time.Second

func (c *Connector) onHostReady(in HostReady) {
	if in.Err != nil {
		// Outside ServiceNow (opened on its own) the panel still works; it
		// just has no workspace to talk to.
		c.logf("warn", "OpenFrame unavailable: %v", in.Err)
		return
	}
	if c.cfg.Instance != "" && in.TopDomain != "" && in.TopDomain != c.cfg.Instance {
		c.fail(fmt.Sprintf("This panel is configured for %s but is hosted by %s. Ask your ServiceNow admin to check the OpenFrame configuration.", c.cfg.Instance, in.TopDomain))
		return
	}
	c.hostReady = true
	c.p.Host.SetTitle("Phone", c.subtitle())
}

func (c *Connector) subtitle() string {
	switch {
	case !c.state.SignedIn:
		return "Signed out"
	default:
		return c.state.Presence
	}
}

// signIn starts the interactive sign-in. Only a click calls it.
func (c *Connector) signIn() {
	if c.signingIn || c.state.SignedIn {
		return
	}
	c.signingIn = true
	c.state.Busy = "signing-in"
	c.state.Error, c.state.Notice = "", ""
	c.p.Auth.SignIn()
	// The click is the gesture the browser wants for the microphone, and
	// asking now means no call is ever refused for want of it.
	if c.state.Mic != MicGranted {
		c.p.Media.Microphone()
	}
}

func (c *Connector) onSignIn(in SignInResult) {
	c.signingIn = false
	if in.Err != nil {
		if in.Refreshed {
			// The session goes on until the signaling needs a new token; the
			// agent is asked to sign in again only then.
			c.logf("warn", "token refresh failed: %v", in.Err)
			return
		}
		c.state.Busy = ""
		c.fail(signInMessage(in.Err))
		return
	}
	c.tok = tokens{access: in.Token.AccessToken, refresh: in.Token.RefreshToken,
		expires: c.now().Add(time.Duration(in.Token.ExpiresIn) * time.Second)}
	if in.Token.RefreshToken != "" && in.Token.ExpiresIn > 120 {
		c.p.Clock.After(time.Duration(in.Token.ExpiresIn-60)*time.Second, timerRefresh)
	}
	if in.Refreshed {
		return
	}
	if !c.leader() {
		// Signed in from a follower tab: the leader holds the session.
		sd := c.session()
		c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabSignedIn, From: c.cfg.ClientID, Session: &sd})
		return
	}
	c.state.Busy = "connecting"
	c.connect()
}

func signInMessage(err error) string {
	switch {
	case errors.Is(err, vcc.ErrPopupBlocked):
		return "The browser blocked the sign-in window. Allow pop-ups for this panel and click Sign in again."
	case errors.Is(err, vcc.ErrPopupClosed):
		return "The sign-in window was closed before you signed in. Click Sign in to try again."
	case errors.Is(err, vcc.ErrSignInBusy):
		return "A sign-in window is already open, in this tab or another. Finish signing in there."
	case errors.Is(err, vcc.ErrStateMismatch):
		return "The sign-in answer did not match this sign-in and was ignored. Click Sign in to try again."
	default:
		return "Sign-in failed: " + err.Error() + ". Click Sign in to try again."
	}
}

func (c *Connector) connect() {
	c.offerSent = false
	c.state.Connection = Connecting
	if c.state.SignedIn {
		c.state.Connection = Reconnecting
	}
	c.p.Signaling.Open()
}

func (c *Connector) onSignalOpen() {
	c.reconnects = 0
	c.mark("helloSent")
	c.send(vcc.TypeHello, vcc.Hello{
		Token:       c.tok.access,
		ResumeToken: c.resumeToken,
		Takeover:    c.takeover,
		Client:      vcc.Client{ID: c.cfg.ClientID, Instance: c.cfg.Instance, Browser: c.cfg.Browser},
	}, request{})
	c.takeover = false
}

func (c *Connector) onSignalClosed(in SignalClosed) {
	c.pending = map[string]request{}
	if !c.leader() {
		return // the leader holds the connection
	}
	if !c.state.SignedIn && c.state.Busy != "connecting" {
		c.state.Connection = Offline
		return
	}
	if !c.state.SignedIn {
		c.state.Busy = ""
		c.state.Connection = Offline
		c.fail("Could not reach Vonage Contact Center. Check your network and click Sign in again.")
		return
	}
	c.state.Connection = Reconnecting
	d := reconnectDelays[min(c.reconnects, len(reconnectDelays)-1)]
	c.reconnects++
	c.logf("warn", "signaling closed (%v); reconnecting in %v", in.Err, d)
	c.p.Clock.After(d, timerReconnect)
}

func (c *Connector) onWelcome(w vcc.Welcome) {
	c.state.Busy = ""
	c.state.Error = c.micProblem // a blocked microphone still needs fixing
	c.state.Conflict = nil
	c.state.SignedIn = true
	c.state.Connection = Online
	c.mark("online")
	c.state.User = w.User.UserName
	c.state.Name = w.User.Name
	c.resumeToken = w.ResumeToken
	c.defs = w.Presences
	c.state.Presences = c.state.Presences[:0]
	for _, p := range w.Presences {
		if p.Selectable {
			c.state.Presences = append(c.state.Presences, PresenceOption{ID: p.PresenceID, Name: p.Description, Category: p.Category.CategoryType})
		}
	}
	c.state.Dispositions = w.Dispositions
	c.state.Enforced = w.EnforcedDispositions
	c.state.TransferTargets = c.state.TransferTargets[:0]
	for _, t := range append(append([]vcc.Target{}, w.Queues...), w.Agents...) {
		if t.Type == "agent" && t.ID == w.User.UserName {
			continue
		}
		c.state.TransferTargets = append(c.state.TransferTargets, Target{Type: t.Type, ID: t.ID, Name: firstNonEmpty(t.Name, t.ID)})
	}
	c.applyPresence(w.Presence, "vcc")
	for _, call := range w.Calls {
		c.onCallUpdate(call)
	}
	// A session resumed after a reload keeps its calls; the media connection
	// is new either way.
	c.ice = w.ICEServers
	c.mediaOnWelcome()
	if !w.Resumed || !c.heartbeat {
		c.bridge("session", "POST", "/api/v1/agent/session", map[string]string{"client": c.cfg.ClientID})
	}
	if !c.heartbeat {
		c.heartbeat = true
		c.p.Clock.After(heartbeatEvery, timerHeartbeat)
	}
	if w.Presence.Category.CategoryType == vcc.CategoryLoggedOut {
		// Signed in but not yet taking calls: the agent goes Ready once the
		// audio is checked.
		if away := c.defByCategory(vcc.CategoryAway); away.PresenceID != "" {
			c.setPresence(away.PresenceID, "signin")
		}
	}
	c.p.Host.SetTitle("Phone", c.subtitle())
}

func (c *Connector) onConflict(cf vcc.Conflict) {
	c.state.Busy = ""
	where := cf.Existing.Browser
	if cf.Existing.Instance != "" && cf.Existing.Instance != c.cfg.Instance {
		where = firstNonEmpty(where, "another browser") + " on " + cf.Existing.Instance
	}
	c.state.Conflict = &Conflict{Where: firstNonEmpty(where, "another browser"), Since: cf.Since}
}

// resolveConflict takes over the other session or gives up.
func (c *Connector) resolveConflict(takeOver bool) {
	if c.state.Conflict == nil {
		return
	}
	c.state.Conflict = nil
	if !takeOver {
		c.p.Signaling.Close()
		c.signedOut("You stayed signed in on the other browser. This panel is signed out.")
		return
	}
	c.takeover = true
	c.state.Busy = "connecting"
	c.onSignalOpen()
}

func (c *Connector) onEnded(e vcc.Ended) {
	msg := "Your Vonage Contact Center session ended."
	switch e.Reason {
	case vcc.EndTakenOver:
		msg = "You signed in on another browser or instance, so this panel was signed out. Sign in here to move back."
	case vcc.EndExpired:
		msg = "Your session expired. Sign in again to take calls."
	case vcc.EndSignedOut:
		msg = "You are signed out."
	}
	c.p.Signaling.Close()
	c.signedOut(msg)
}

func (c *Connector) signOut() {
	if !c.state.SignedIn {
		return
	}
	c.send(vcc.TypeSignOut, nil, request{})
	c.p.Signaling.Close()
	c.signedOut("You are signed out.")
}

// signedOut drops the session and everything that hangs on it.
func (c *Connector) signedOut(notice string) {
	c.p.Media.Ring(false)
	c.p.Media.Close()
	timings := c.state.Timings
	mic := c.state.Mic
	role := c.state.TabRole
	c.state = NewState()
	c.state.Timings, c.state.Mic, c.state.TabRole = timings, mic, role
	c.state.Notice = notice
	c.tok = tokens{}
	c.resumeToken = ""
	c.defs = nil
	c.pending = map[string]request{}
	c.painted = "Offline"
	c.p.Host.SetPresenceIndicator("Offline", "grey")
	c.p.Host.SetTitle("Phone", c.subtitle())
}

func (c *Connector) onTimer(name string) {
	if !c.leader() && name != "tick" {
		return // timers serve the session, which the leader holds
	}
	switch {
	case name == timerReconnect:
		if c.state.SignedIn && c.state.Connection != Online {
			c.connect()
		}
	case name == timerHeartbeat:
		c.heartbeat = false
		if c.state.SignedIn {
			c.heartbeat = true
			c.bridge("session", "POST", "/api/v1/agent/session", map[string]string{"client": c.cfg.ClientID})
			c.p.Clock.After(heartbeatEvery, timerHeartbeat)
		}
	case name == timerRefresh:
		if c.tok.refresh != "" {
			c.p.Auth.Refresh(c.tok.refresh)
		}
	case name == timerMedia:
		if c.state.SignedIn && c.state.Media == MediaFailed {
			c.startMedia()
		}
	case len(name) > len(timerPollCall) && name[:len(timerPollCall)] == timerPollCall:
		c.pollCall(name[len(timerPollCall):])
	}
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
