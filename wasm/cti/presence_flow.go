package cti

import (
	"slices"
	"strings"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/openframe"
)

// Presence origins, logged with every change so a support engineer can tell
// who changed what.
const (
	originPanel     = "panel"
	originWorkspace = "workspace"
	originSignIn    = "signin"
	originVCC       = "vcc" // the contact centre (its softphone's news)
)

// readyBlocker says why the agent cannot go Ready, or "" when they can.
// VCC auto-rejects calls to an agent whose microphone or softphone connection
// is not ready, so the panel refuses Ready first and says why.
func (c *Connector) readyBlocker() string {
	switch {
	case c.state.Mic == MicDenied:
		return "You can't go Ready: the browser blocks the microphone for this panel. Allow it in the site settings, then reload the panel."
	case c.state.Mic != MicGranted:
		return "You can't go Ready until the microphone is available. Allow the microphone when the browser asks."
	case c.state.Media != MediaReady:
		return "You can't go Ready yet: the audio connection to Vonage is still being set up. Try again in a moment."
	case c.state.Connection != Online:
		return "You can't go Ready while the connection to Vonage is down. It reconnects by itself."
	}
	return ""
}

// setPresence sets a presence chosen in the panel (or implied by sign-in).
func (c *Connector) setPresence(id, origin string) {
	if !c.state.SignedIn {
		return
	}
	d := c.defByID(id)
	if d.ID == "" {
		c.problem(causePresence(c.state.PresenceID), "That status is not available for your account. Choose another one.")
		return
	}
	if origin == originPanel {
		c.state.PresenceNote = "" // the agent's own choice needs no explaining
	}
	if d.Category == PresenceCategoryReady {
		if why := c.readyBlocker(); why != "" {
			if origin == originPanel && c.readyCanWait() {
				c.keepReady(id, origin) // carried out when the audio connects
				return
			}
			c.problem(causeReady, why)
			return
		}
	}
	if origin == originPanel || d.Category == PresenceCategoryReady {
		c.cancelReady() // chosen again
	}
	c.dropProblem(causeReady)
	c.dropProblem(causePresence(c.state.PresenceID))
	c.putPresence(id, origin)
}

// putPresence asks the bridge to set the agent's presence at the contact
// centre; onPresenceSet applies its answer. One request is in flight at a
// time, as over the softphone's one link before: a change asked for
// meanwhile waits for the answer, and only the latest waits, so quick
// changes reach the contact centre in the agent's order and end on the last
// one.
func (c *Connector) putPresence(id, origin string) {
	key := origin + ":" + id
	if c.presence.asked != "" {
		c.presence.next = key
		return
	}
	c.presence.asked = key
	c.bridge(purposePresenceSet.id(key), api.RoutePresence, api.SetPresence{PresenceID: id})
	c.showPresenceAsked()
}

// showPresenceAsked shows in the Status list the presence the panel is
// setting (the last one asked for), until the contact centre answers.
func (c *Connector) showPresenceAsked() {
	key := firstNonEmpty(c.presence.next, c.presence.asked)
	_, id, _ := strings.Cut(key, ":")
	c.state.PresenceAsked = id
}

// presenceAnswered ends the request key and sends the one that waited; it
// reports whether the answer is still news (no later change waited).
func (c *Connector) presenceAnswered(key string) (news bool) {
	if key != c.presence.asked {
		return false // a request of an earlier session
	}
	c.presence.asked = ""
	next := c.presence.next
	c.presence.next = ""
	c.showPresenceAsked()
	if next == "" {
		return true
	}
	origin, id, _ := strings.Cut(next, ":")
	c.putPresence(id, origin)
	return false
}

// onPresenceSet applies the presence the bridge answered (the one the
// contact centre now holds), or the one asked for when the answer does not
// say.
func (c *Connector) onPresenceSet(key string, body []byte) {
	if !c.presenceAnswered(key) || !c.state.SignedIn || !c.leader() {
		return // superseded, or the session it was for is gone, or another tab holds it
	}
	origin, id, _ := strings.Cut(key, ":")
	var p api.Presence
	if len(body) > 0 && c.decode("presence", body, &p) && p.PresenceID != "" {
		c.applyPresence(presenceFromAPI(p), origin)
		return
	}
	c.applyPresence(c.defByID(id), origin)
}

// onPresenceRefused tells the agent the bridge did not set the presence
// (the contact centre refused it, or could not be reached): it stays as it
// was, and the Status list shows it again. A refusal of a change the agent
// has since replaced is only logged.
func (c *Connector) onPresenceRefused(key string, e bridgeError) {
	if !c.presenceAnswered(key) {
		return
	}
	_, id, _ := strings.Cut(key, ":")
	c.problem(presenceRefused(e, c.defByID(id), c.state.PresenceID, c.state.Presence))
}

// applyPresence records the agent's presence and paints the workspace's
// presence indicator with its AWA state. The indicator only paints
// (openFrameAPI.setPresenceIndicator displays availability,
// api-reference/c_openFrameAPI.md): the bridge sets AWA's presence from
// VCC's through the AWA Agent API, and the panel expects AWA's event of it.
func (c *Connector) applyPresence(p Presence, origin string) {
	if p.ID == "" {
		return
	}
	changed := p.ID != c.state.PresenceID
	c.explainPresence(p, origin, c.state.PresenceID)
	c.state.Presence = p.Description
	c.state.PresenceID = p.ID
	if d := c.defByID(p.ID); d.ID == "" && p.Description != "" {
		c.presence.defs = append(c.presence.defs, p)
	}
	awa, color := c.cfg.Presence.AWAState(p)
	if changed || c.presence.painted != awa {
		c.logf("info", "presence %s (AWA %s) from %s", p.Description, awa, origin)
	}
	if changed && !strings.EqualFold(awa, c.state.WorkspacePresence) {
		c.presence.echo.Expect(awa, c.now())
	}
	if c.presence.painted != awa {
		c.presence.painted = awa
		c.p.Host.SetPresenceIndicator(awa, color)
	}
	c.callTitle() // a call's title stays while it lasts
}

// dropUnansweredOffers forgets the AWA offers still ringing and returns
// how many.
func (c *Connector) dropUnansweredOffers() int {
	before := len(c.state.Calls)
	c.state.Calls = slices.DeleteFunc(c.state.Calls, func(x Call) bool {
		return x.State == CallRinging && x.Pending == "" && x.InteractionSysID != ""
	})
	if len(c.state.Calls) != before {
		c.logf("info", "offer withdrawn: the workspace presence is no longer available")
		c.ringUpdate()
		c.callTitle()
	}
	return before - len(c.state.Calls)
}

// onAWAPresence follows a presence change made in the workspace (presence
// menu, AWA's offer timeout, a supervisor through the AWA Agent API) to VCC,
// unless it only shows the bridge catching up with VCC's presence.
func (c *Connector) onAWAPresence(p openframe.AWAPresence) {
	if !p.Available {
		// AWA takes back offers from an agent who is not available (an
		// offer that timed out sets the agent Away): stop ringing them, and
		// say why the status changed.
		c.explainRangOut(p.Name, c.dropUnansweredOffers())
	}
	c.state.WorkspacePresence = p.Name
	if c.presence.echo.IsEcho(p.Name, c.now()) || !c.state.SignedIn {
		return
	}
	cur := c.defByID(c.state.PresenceID)
	target, change := c.cfg.Presence.PresenceFor(p.Name, cur, c.presence.defs)
	if !change {
		return // AWA catching up, or a status the agent already has
	}
	if target.Category != PresenceCategoryReady {
		c.cancelReady() // the agent chose another status in the workspace
	}
	if target.Category == PresenceCategoryReady {
		if why := c.readyBlocker(); why != "" {
			// The workspace says Available but calls would fail: the bridge
			// puts AWA back to the agent's VCC presence until the audio is
			// up, and the panel goes Ready then (or says why not).
			if c.readyCanWait() {
				c.keepReady(target.ID, originWorkspace)
			} else {
				c.problem(causeReady, why)
			}
			awa, _ := c.cfg.Presence.AWAState(cur)
			c.presence.echo.Expect(awa, c.now())
			c.bridge(purposePresence.id("sync"), api.RoutePresenceSync, nil)
			return
		}
	}
	c.logf("info", "presence %s from the workspace (AWA %s)", target.Description, p.Name)
	c.putPresence(target.ID, originWorkspace)
}
