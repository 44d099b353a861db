package cti

import "time"

// The session across tabs. The leading tab holds it; the others hold its
// tokens in memory to carry it on if they come to lead. Signing out in any
// tab ends it in every tab (TabSignedOut): each forgets the tokens, in
// memory and in its snapshot. The refresh token is never written to
// sessionStorage: a reloaded leading tab resumes with the access and resume
// tokens of its snapshot and gets the refresh token back from another tab
// (which answers its hello); the only tab of a session, reloaded, runs on
// the access token until it expires, and the agent then signs in again.

// forgetSession drops the session in a follower: another tab signed out.
func (c *Connector) forgetSession(notice string) {
	timings, mic, role := c.state.Timings, c.state.Mic, c.state.TabRole
	outputs, speaker, ringer := c.state.Outputs, c.state.Speaker, c.state.Ringer
	c.state = NewState()
	c.state.Timings, c.state.Mic, c.state.TabRole = timings, mic, role
	c.state.Outputs, c.state.Speaker, c.state.Ringer = outputs, speaker, ringer
	c.state.Notice = notice
	c.link.tok, c.link.resumeToken = tokens{}, ""
	c.requests.inFlight = nil
	c.callTitle()
}

// adoptRefresh takes the refresh token another tab holds for this tab's
// session, when this leading tab has none (it was reloaded).
func (c *Connector) adoptRefresh(sd SessionData) {
	if c.link.tok.refresh != "" || sd.Refresh == "" || !c.state.SignedIn || sd.User != c.state.User {
		return
	}
	c.link.tok.refresh = sd.Refresh
	c.logf("info", "the refresh token came back from another tab")
	if wait := c.link.tok.expires.Sub(c.now()) - time.Minute; !c.link.tok.expires.IsZero() {
		c.p.Clock.After(max(wait, 0), timerRefresh)
	}
}
