package cti

import "github.com/vccnow/connector/wasm/api"

// Presence is one of the agent's presences at the contact centre: a
// presence definition of the account (VCC's Agents API: presenceId,
// description, category, selectable). The softphone's SessionWelcomed lists
// them and PresenceChanged reports the agent's; the bridge answers the one
// the panel set (PUT /api/v1/agent/presence).
type Presence struct {
	ID          string
	Description string
	Category    PresenceCategory
	// Selectable presences are offered to the agent; others (Logged Out,
	// states the system sets) are only shown.
	Selectable bool
}

// presenceFromAPI reads the presence the bridge answered.
func presenceFromAPI(p api.Presence) Presence {
	return Presence{ID: p.PresenceID, Description: p.Description, Category: ParsePresenceCategory(p.Category), Selectable: p.Selectable}
}

// defByID is the account's presence definition with this id, or the zero
// Presence.
func (c *Connector) defByID(id string) Presence {
	for _, d := range c.presence.defs {
		if d.ID == id {
			return d
		}
	}
	return Presence{}
}

// defByCategory is the first selectable definition of a category.
func (c *Connector) defByCategory(cat PresenceCategory) Presence {
	for _, d := range c.presence.defs {
		if d.Category == cat && d.Selectable {
			return d
		}
	}
	return Presence{}
}
