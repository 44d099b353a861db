package cti

import (
	"slices"
	"strings"

	"github.com/vccnow/connector/wasm/openframe"
	"github.com/vccnow/connector/wasm/vcc"
)

// Presence origins, logged with every change so a support engineer can tell
// who changed what.
const (
	originPanel     = "panel"
	originWorkspace = "workspace"
	originVCC       = "vcc"
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

func (c *Connector) defByID(id string) vcc.Presence {
	for _, d := range c.defs {
		if d.PresenceID == id {
			return d
		}
	}
	return vcc.Presence{}
}

func (c *Connector) defByCategory(cat string) vcc.Presence {
	for _, d := range c.defs {
		if d.Category.CategoryType == cat && d.Selectable {
			return d
		}
	}
	return vcc.Presence{}
}

// setPresence asks VCC for a presence chosen in the panel (or implied by
// sign-in).
func (c *Connector) setPresence(id, origin string) {
	if !c.state.SignedIn {
		return
	}
	d := c.defByID(id)
	if d.PresenceID == "" {
		c.fail("That presence is not available for your account.")
		return
	}
	if d.Category.CategoryType == vcc.CategoryReady {
		if why := c.readyBlocker(); why != "" {
			c.state.Error = why
			return
		}
	}
	if c.state.Error != c.micProblem {
		c.state.Error = ""
	}
	c.send(vcc.TypePresence, vcc.SetPresence{PresenceID: id}, request{value: origin, presence: id})
}

// applyPresence records the agent's VCC presence and paints the workspace's
// presence indicator with its AWA state. The indicator only paints
// (openFrameAPI.setPresenceIndicator displays availability,
// api-reference/c_openFrameAPI.md): the bridge sets AWA's presence from
// VCC's through the AWA Agent API, and the panel expects AWA's event of it.
func (c *Connector) applyPresence(p vcc.Presence, origin string) {
	if p.PresenceID == "" {
		return
	}
	changed := p.PresenceID != c.state.PresenceID
	c.state.Presence = p.Description
	c.state.PresenceID = p.PresenceID
	if d := c.defByID(p.PresenceID); d.PresenceID == "" && p.Description != "" {
		c.defs = append(c.defs, p)
	}
	awa, color := c.cfg.Presence.AWAState(p)
	if changed || c.painted != awa {
		c.logf("info", "presence %s (AWA %s) from %s", p.Description, awa, origin)
	}
	if changed && !strings.EqualFold(awa, c.state.WorkspacePresence) {
		c.echo.Expect(awa, c.now())
	}
	if c.painted != awa {
		c.painted = awa
		c.p.Host.SetPresenceIndicator(awa, color)
	}
	c.p.Host.SetTitle("Phone", c.subtitle())
}

// dropUnansweredOffers forgets the AWA offers still ringing.
func (c *Connector) dropUnansweredOffers() {
	before := len(c.state.Calls)
	c.state.Calls = slices.DeleteFunc(c.state.Calls, func(x Call) bool {
		return x.State == CallRinging && x.Pending == "" && x.InteractionSysID != ""
	})
	if len(c.state.Calls) != before {
		c.logf("info", "offer withdrawn: the workspace presence is no longer available")
		c.ringUpdate()
		c.callTitle()
	}
}

// onAWAPresence follows a presence change made in the workspace (presence
// menu, AWA's offer timeout, a supervisor through the AWA Agent API) to VCC,
// unless it only shows the bridge catching up with VCC's presence.
func (c *Connector) onAWAPresence(p openframe.AWAPresence) {
	if !p.Available {
		// AWA takes back offers from an agent who is not available (an
		// offer that timed out sets the agent Away): stop ringing them.
		c.dropUnansweredOffers()
	}
	c.state.WorkspacePresence = p.Name
	if c.echo.IsEcho(p.Name, c.now()) || !c.state.SignedIn {
		return
	}
	cur := c.defByID(c.state.PresenceID)
	target, change := c.cfg.Presence.VCCPresence(p.Name, cur, c.defs)
	if !change {
		return
	}
	if target.Category.CategoryType == vcc.CategoryReady {
		if why := c.readyBlocker(); why != "" {
			// The workspace says Available but calls would fail: the bridge
			// puts AWA back to the agent's VCC presence, and the panel says
			// why.
			c.state.Error = why
			awa, _ := c.cfg.Presence.AWAState(cur)
			c.echo.Expect(awa, c.now())
			c.bridge("presence:sync", "POST", "/api/v1/agent/presence/sync", nil)
			return
		}
	}
	c.logf("info", "presence %s from the workspace (AWA %s)", target.Description, p.Name)
	c.send(vcc.TypePresence, vcc.SetPresence{PresenceID: target.PresenceID}, request{value: originWorkspace, presence: target.PresenceID})
}
