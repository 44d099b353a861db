package cti

import (
	"encoding/json"
	"time"
)

// ActUseHere moves the session (and a live call) to this tab.
const ActUseHere = "use-here"

// leader reports whether this tab holds the session.
func (c *Connector) leader() bool { return c.state.TabRole == RoleLeader }

// startTabs asks for leadership and for the current leader's state.
func (c *Connector) startTabs() {
	if c.p.Tabs == nil {
		c.state.TabRole = RoleLeader
		return
	}
	c.p.Tabs.Lead()
	c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabHello, From: c.cfg.ClientID})
}

// onLed makes this tab the leader: it carries the session on (resuming it
// with VCC) if it knows one.
func (c *Connector) onLed() {
	was := c.state.TabRole
	c.state.TabRole = RoleLeader
	c.mark("led")
	c.logf("info", "this tab leads (was %s)", was)
	if c.link.tok.access == "" || c.link.resumeToken == "" {
		c.state.SignedIn = false
		c.state.Calls = []Call{}
		c.state.Connection = Offline
		return
	}
	// The session goes on here: VCC keeps it (and parks its calls) while
	// this tab reconnects with the resume token. This tab's audio starts
	// from nothing (a follower only mirrored the leader's).
	c.state.SignedIn = true
	c.state.Media = MediaOff
	c.connect()
	if c.state.Mic != MicGranted {
		c.p.Media.Microphone() // it joins the audio when it is granted
	}
	c.startMedia()
	if was == RoleFollower {
		// The workspace of this tab never had the call's record open.
		c.popAgain()
	}
	c.sendAllKept() // what an earlier tab (or this one before a reload) kept
}

// onLost hands the session over: another tab took the lead ("Use here").
func (c *Connector) onLost() {
	c.logf("info", "another tab took the lead")
	c.state.TabRole = RoleFollower
	c.p.Media.Ring(false)
	c.p.Media.Close()
	c.p.Softphone.Close()
	c.requests.pending = map[string]request{}
	c.requests.waiting = nil
	c.state.Connection = Online // as far as this tab knows, the leader is online
	if c.p.Tabs != nil {
		c.p.Tabs.Lead() // next in line if the new leader goes away
	}
}

// onTabMessage handles a message from another tab.
func (c *Connector) onTabMessage(m TabMessage) {
	if err := m.Validate(); err != nil {
		c.logf("warn", "tab message from %q dropped: %v", m.From, err)
		return
	}
	if m.From == c.cfg.ClientID {
		return
	}
	if m.User != "" && c.state.User != "" && m.User != c.state.User && c.state.SignedIn {
		c.logf("warn", "tab message about another user (%s) dropped", m.User)
		return
	}
	switch m.Kind {
	case TabHello:
		if c.leader() {
			c.sharing.state = nil // a newcomer wants everything
			c.sharing.session = ""
			c.shareState()
		} else if c.link.tok.refresh != "" && c.state.SignedIn {
			// The newcomer may be the leading tab reloaded, whose snapshot
			// has no refresh token: this tab hands it back.
			sd := c.session()
			c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabSession, From: c.cfg.ClientID, User: c.state.User, Session: &sd})
		}
	case TabState:
		if !c.leader() {
			c.mirror(*m.State)
		}
	case TabSession:
		if !c.leader() {
			c.adoptSession(*m.Session)
		} else {
			c.adoptRefresh(*m.Session)
		}
	case TabSignedOut:
		if !c.leader() && c.state.SignedIn {
			c.logf("info", "signed out in another tab")
			c.forgetSession("You are signed out.")
		}
	case TabSignedIn:
		if c.leader() && !c.state.SignedIn {
			c.adoptSession(*m.Session)
			c.state.Busy = "connecting"
			c.connect()
		}
	case TabCommand:
		if c.leader() {
			c.logf("info", "action %s from tab %s", m.Action, m.From)
			c.onUI(UIAction{Action: m.Action, Value: m.Value})
		}
	case TabHost:
		if c.leader() {
			c.onHostEvent(HostEvent{Name: m.Action, Payload: []byte(m.Value)})
		}
	}
}

// mirror shows the leader's state in a follower.
func (c *Connector) mirror(s State) {
	timings := c.state.Timings
	busy := c.state.Busy
	s.TabRole = RoleFollower
	s.Timings = timings
	// The microphone and the audio devices are this tab's own: the leader's
	// say nothing about them (the microphone is asked for when this tab
	// leads).
	s.Mic, s.Outputs, s.Speaker, s.Ringer = c.state.Mic, c.state.Outputs, c.state.Speaker, c.state.Ringer
	if !s.SignedIn && busy == "signing-in" {
		s.Busy = busy
	}
	if s.Calls == nil {
		s.Calls = []Call{}
	}
	if !s.SignedIn && c.state.SignedIn {
		// The leader has no session any more: nor has this tab.
		c.link.tok, c.link.resumeToken = tokens{}, ""
	}
	c.state = s
	c.callTitle()
}

func (c *Connector) adoptSession(sd SessionData) {
	c.link.tok = tokens{access: sd.Access, refresh: sd.Refresh, expires: sd.Expires}
	if sd.Resume != "" {
		c.link.resumeToken = sd.Resume
	}
	if sd.ICE != nil {
		c.media.ice = sd.ICE
	}
}

func (c *Connector) session() SessionData {
	return SessionData{Access: c.link.tok.access, Refresh: c.link.tok.refresh, Expires: c.link.tok.expires, Resume: c.link.resumeToken, User: c.state.User, ICE: c.media.ice}
}

// shareState sends the leader's state (and session, when it changed) to the
// followers.
func (c *Connector) shareState() {
	if c.p.Tabs == nil || !c.leader() {
		return
	}
	s := c.state.Clone()
	s.Timings = nil
	b, _ := json.Marshal(s)
	if string(b) != string(c.sharing.state) {
		c.sharing.state = b
		c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabState, From: c.cfg.ClientID, User: c.state.User, State: &s})
	}
	sd := c.session()
	key := sd.Access + "|" + sd.Resume
	if sd.Access != "" && key != c.sharing.session {
		c.sharing.session = key
		c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabSession, From: c.cfg.ClientID, User: c.state.User, Session: &sd})
	}
}

// saveSnapshot writes the tab's snapshot when it changed.
func (c *Connector) saveSnapshot() {
	if c.p.Snapshots == nil {
		return
	}
	st := c.state.Clone()
	st.Timings = nil
	sess := c.session()
	sess.Refresh = "" // memory only: handed over on the tab channel, never stored
	snap := Snapshot{V: TabVersion, Instance: c.cfg.Instance, SavedAt: c.now(), Session: sess, State: st, Browser: c.cfg.Browser}
	probe := snap
	probe.SavedAt = time.Time{}
	b, _ := json.Marshal(probe)
	if string(b) == string(c.sharing.snapshot) && c.now().Sub(c.sharing.snapshotAt) < time.Minute {
		return
	}
	c.sharing.snapshot, c.sharing.snapshotAt = b, c.now()
	out, _ := json.Marshal(snap)
	c.p.Snapshots.Save(out)
}

// onRestore paints the last state from the snapshot before any network
// round trip, and keeps the session to resume it.
func (c *Connector) onRestore(r Restore) {
	snap, err := DecodeSnapshot(r.Snapshot, c.cfg.Instance, c.now())
	if err != nil {
		c.logf("info", "no usable snapshot: %v", err)
		return
	}
	timings, role, mic := c.state.Timings, c.state.TabRole, c.state.Mic
	c.state = snap.State
	// The page is new: its microphone stream is gone and asked for again.
	c.state.Timings, c.state.TabRole, c.state.Mic = timings, role, mic
	if c.state.Calls == nil {
		c.state.Calls = []Call{}
	}
	c.state.Timings["restored"] = r.Ms
	// Whether the bridge answers, and the requests under way, belong to the
	// page before: this one finds out anew.
	c.state.BridgeDown, c.state.PresenceAsked = false, ""
	c.tidyProblems()
	c.adoptSession(snap.Session)
	if c.state.SignedIn {
		c.state.Connection = Reconnecting
		c.state.Media = MediaOff
		// The panel shows the calls as they were; VCC says how they are now.
		for i := range c.state.Calls {
			c.state.Calls[i].Pending, c.state.Calls[i].Waiting = "", ""
		}
	}
	c.logf("info", "restored %d call(s) from the snapshot", len(c.state.Calls))
	if c.leader() && c.state.SignedIn && c.state.Connection != Online {
		c.onLed()
	}
}
