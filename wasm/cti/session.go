package cti

import (
	"time"

	"github.com/vccnow/connector/wasm/api"
)

// reconnectDelays are the waits before each attempt to get the softphone's
// link back; the last repeats.
var reconnectDelays = []time.Duration{0, 250 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second}

func (c *Connector) onHostReady(in HostReady) {
	if in.Err != nil {
		// Outside ServiceNow (opened on its own) the panel still works; it
		// just has no workspace to talk to.
		c.logf("warn", "OpenFrame unavailable: %v", in.Err)
		return
	}
	if c.cfg.Instance != "" && in.TopDomain != "" && in.TopDomain != c.cfg.Instance {
		c.logf("error", "configured for %s, hosted by %s", c.cfg.Instance, in.TopDomain)
		c.fail("This panel is set up for another ServiceNow instance than the one it is open in. Ask your ServiceNow admin to check the OpenFrame configuration.")
		return
	}
	c.callTitle() // a follower mirroring a call says so from the start
}

func (c *Connector) subtitle() string {
	switch {
	case !c.state.SignedIn:
		return "Signed out"
	default:
		return c.state.Presence
	}
}

func (c *Connector) connect() {
	c.media.offerSent, c.media.early = false, false
	c.state.Connection = Connecting
	if c.state.SignedIn {
		c.state.Connection = Reconnecting
	}
	c.p.Softphone.Connect()
}

func (c *Connector) onConnected(in SoftphoneConnected) {
	c.link.reconnects = 0
	if in.Hello != "" && c.state.SignedIn && c.leader() {
		// The loader resumed the session with this tab's snapshot: its
		// answer is this hello's.
		c.requests.pending[in.Hello] = request{op: opOpen}
		return
	}
	c.openSession(false)
}

// openSession opens or resumes the session over the softphone's link;
// takeover ends the agent's session elsewhere.
func (c *Connector) openSession(takeover bool) {
	c.mark("helloSent")
	s := SessionRequest{Token: c.link.tok.access, ResumeToken: c.link.resumeToken,
		ClientID: c.cfg.ClientID, Instance: c.cfg.Instance, Browser: c.cfg.Browser}
	req := c.request(request{op: opOpen})
	if takeover {
		c.p.Softphone.TakeOver(req, s)
		return
	}
	c.p.Softphone.Open(req, s)
}

func (c *Connector) onDisconnected(in SoftphoneDisconnected) {
	if c.leader() && c.state.SignedIn {
		c.keepInFlight()
	}
	c.requests.pending = map[string]request{}
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
		c.problem(causeSignIn, "Could not reach Vonage Contact Center. Check your network and click Sign in again.")
		return
	}
	c.state.Connection = Reconnecting
	d := reconnectDelays[min(c.link.reconnects, len(reconnectDelays)-1)]
	c.link.reconnects++
	c.logf("warn", "softphone link closed (%v); reconnecting in %v", in.Err, d)
	c.p.Clock.After(d, timerReconnect)
}

func (c *Connector) onWelcome(w SessionWelcomed) {
	c.state.Busy = ""
	c.state.Conflict = nil
	c.state.SignedIn = true
	c.state.Connection = Online
	c.mark("online")
	c.state.User = w.User.UserName
	c.state.Name = w.User.Name
	c.link.resumeToken = w.ResumeToken
	c.presence.defs = w.Presences
	c.state.Presences = c.state.Presences[:0]
	for _, p := range w.Presences {
		if p.Selectable {
			c.state.Presences = append(c.state.Presences, PresenceOption{ID: p.ID, Name: p.Description, Category: p.Category.String()})
		}
	}
	c.state.Dispositions = w.Dispositions
	if len(c.cfg.Dispositions) > 0 {
		c.state.Dispositions = append([]string(nil), c.cfg.Dispositions...)
	}
	c.state.Enforced = w.EnforcedDispositions
	c.state.TransferTargets = c.state.TransferTargets[:0]
	for _, t := range w.Targets {
		if t.Type == "agent" && t.ID == w.User.UserName {
			continue
		}
		c.state.TransferTargets = append(c.state.TransferTargets, Target{Type: t.Type, ID: t.ID, Name: firstNonEmpty(t.Name, t.ID)})
	}
	c.applyPresence(w.Presence, originVCC)
	for _, call := range welcomeCalls(w.Calls) {
		c.onCallUpdate(call)
	}
	// A session resumed after a reload keeps its calls; the media connection
	// is new either way.
	c.media.ice = w.ICEServers
	c.mediaOnWelcome()
	if !w.Resumed || !c.link.heartbeat {
		c.bridge(string(purposeSession), api.RouteSession, api.Session{Client: c.cfg.ClientID})
	}
	if !c.link.heartbeat {
		c.link.heartbeat = true
		c.p.Clock.After(heartbeatEvery, timerHeartbeat)
	}
	if w.Presence.Category == PresenceCategoryLoggedOut {
		// Signed in but not yet taking calls: the agent goes Ready once the
		// audio is checked.
		if away := c.defByCategory(PresenceCategoryAway); away.ID != "" {
			c.setPresence(away.ID, originSignIn)
		}
	}
	c.callTitle()
}

func (c *Connector) onConflict(cf SessionConflict) {
	c.state.Busy = ""
	where := cf.Browser
	if cf.Instance != "" && cf.Instance != c.cfg.Instance {
		where = firstNonEmpty(where, "another browser") + " on " + cf.Instance
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
		c.p.Softphone.Close()
		c.signedOut("You stayed signed in on the other browser. This panel is signed out.")
		return
	}
	c.state.Busy = "connecting"
	c.openSession(true)
}

func (c *Connector) onEnded(e SessionEnded) {
	c.logf("info", "softphone session ended (%s): %s", e.Reason, e.Message)
	c.p.Softphone.Close()
	c.signedOut(e.Reason.notice())
	if e.Reason == EndReasonTakenOver {
		// The agent took the session to another panel, and AWA keeps the
		// status they have there: Offline would be false, and so would
		// their status, which says calls come to this computer.
		c.presence.painted = IndicatorElsewhere
		c.p.Host.SetPresenceIndicator(IndicatorElsewhere, "grey")
	}
}

// IndicatorElsewhere is the workspace's presence indicator of a panel whose
// session the agent took to another computer or browser.
const IndicatorElsewhere = "Signed in elsewhere"

// signOut follows the agent's Sign out. With a call on the line or in
// wrap-up it asks first (State.SignOut): signing out of the contact centre
// would end the caller's call.
func (c *Connector) signOut() {
	if !c.state.SignedIn {
		return
	}
	if c.busyWithCall() || len(c.state.Writes) > 0 {
		if c.state.SignOut == "" {
			c.state.SignOut = SignOutConfirm
		}
		return
	}
	c.signOutNow()
}

// signOutAfterCall keeps the agent's choice to sign out once the call is
// wrapped up; signOutWhenFree carries it out.
func (c *Connector) signOutAfterCall() {
	if c.state.SignedIn && c.state.SignOut == SignOutConfirm {
		c.state.SignOut = SignOutAfterCall
		c.logf("info", "signing out after the call")
	}
}

// cancelSignOut drops the question or the kept choice.
func (c *Connector) cancelSignOut() {
	if c.state.SignOut != "" {
		c.state.SignOut = ""
		c.logf("info", "sign-out cancelled")
	}
}

// signOutWhenFree signs out as the agent chose during a call, once no call
// needs them and ServiceNow has the wrap-up. The leader alone does it.
func (c *Connector) signOutWhenFree() {
	if c.state.SignOut != SignOutAfterCall || !c.state.SignedIn || !c.leader() || c.busyWithCall() {
		return
	}
	if len(c.state.Writes) > 0 {
		return // what the agent typed needs their token until the bridge has it
	}
	c.logf("info", "the call is wrapped up: signing out as asked")
	c.signOutNow()
}

// busyWithCall reports whether a call holds the agent: on the line, on
// hold, reconnecting, in wrap-up, or being answered.
func (c *Connector) busyWithCall() bool {
	for _, call := range c.state.Calls {
		switch {
		case call.State == CallRinging && call.Pending != PendingAnswering:
		case call.State == CallEnded:
		default:
			return true
		}
	}
	return false
}

func (c *Connector) signOutNow() {
	c.p.Softphone.SignOut(c.request(request{op: opSignOut}))
	c.p.Softphone.Close()
	c.signedOut("You are signed out.")
}

// signedOut drops the session and everything that hangs on it.
func (c *Connector) signedOut(notice string) {
	c.p.Media.Ring(false)
	c.p.Media.Close()
	timings := c.state.Timings
	mic := c.state.Mic
	role := c.state.TabRole
	user := c.state.User
	c.state = NewState()
	c.state.Timings, c.state.Mic, c.state.TabRole = timings, mic, role
	c.state.Notice = notice
	if c.leader() && c.p.Tabs != nil && c.link.tok.access != "" {
		// Every tab forgets the session: none may resume it later.
		c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabSignedOut, From: c.cfg.ClientID, User: user})
	}
	c.link.tok = tokens{}
	c.link.resumeToken = ""
	c.presence.defs = nil
	c.requests.pending = map[string]request{}
	c.requests.waiting = nil
	c.presence.asked, c.presence.next = "", ""
	c.presence.painted = "Offline"
	c.p.Host.SetPresenceIndicator("Offline", "grey")
	c.p.Host.SetTitle("Phone", c.subtitle())
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
