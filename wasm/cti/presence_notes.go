package cti

import "time"

// A status the agent did not choose is explained (State.PresenceNote): AWA
// sets an agent who let an offer ring out to its after-timeout presence,
// and a supervisor or the contact centre may change it too. The note stays
// until the agent chooses a status or is Ready again.

// rangOutWithin is how soon after an offer ended unanswered a workspace
// presence that takes no calls is taken for AWA's after-timeout presence.
const rangOutWithin = 5 * time.Second

// offerRangOut records that an offer left the panel without the agent
// answering or rejecting it here.
func (c *Connector) offerRangOut() { c.presence.rangOutAt = c.now() }

// explainRangOut says why an unavailable workspace presence came: the
// offer rang out (just now, or the offers AWA takes back with it).
func (c *Connector) explainRangOut(awaName string, dropped int) {
	if dropped == 0 && (c.presence.rangOutAt.IsZero() || c.now().Sub(c.presence.rangOutAt) > rangOutWithin) {
		return
	}
	c.presence.rangOutAt = time.Time{}
	if !c.state.SignedIn {
		return
	}
	target, _ := c.cfg.Presence.PresenceFor(awaName, c.defByID(c.state.PresenceID), c.presence.defs)
	c.state.PresenceNote = "Set " + firstNonEmpty(target.Description, awaName) + ": the call rang out. Choose Ready to take calls again."
	c.logf("info", "presence %s: an offer rang out", awaName)
}

// explainPresence notes a presence the contact centre reports that no one
// asked for here (a supervisor, the contact centre itself), and forgets the
// note once the agent is Ready.
func (c *Connector) explainPresence(p Presence, origin string, before string) {
	if p.Category == PresenceCategoryReady {
		c.state.PresenceNote = ""
		return
	}
	if origin != originVCC || before == "" || before == p.ID || c.asked(p.ID) {
		return
	}
	c.state.PresenceNote = "Set " + p.Description + " outside this panel (by a supervisor, or in Vonage Contact Center)."
}

// asked reports whether the panel is setting the presence id.
func (c *Connector) asked(id string) bool {
	return c.state.PresenceAsked == id || c.presence.asked == originWorkspace+":"+id || c.presence.asked == originSignIn+":"+id
}
