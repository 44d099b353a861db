package cti

import (
	"strings"

	"github.com/vccnow/connector/wasm/api"
)

// PresenceMap is the deployment's presence mapping (api.PresenceMap: the
// panel and the bridge share it), with what the panel does with it.
type PresenceMap api.PresenceMap

// DefaultPresenceMap is the mapping used when the deployment sets none.
func DefaultPresenceMap() PresenceMap { return PresenceMap(api.DefaultPresenceMap()) }

// AWAState is the AWA state for a contact-centre presence, and the indicator
// colour. A presence the mapping does not name shows as its own description.
func (m PresenceMap) AWAState(p Presence) (state, color string) {
	state, ok := api.PresenceMap(m).AWAState(p.Description, p.Category.mapKey())
	if !ok {
		state = p.Description
	}
	color = m.Colors[state]
	if color == "" {
		color = "grey"
	}
	return state, color
}

// PresenceFor picks the contact-centre presence to set when AWA reports
// awaState, among the account's definitions defs. It returns false when
// current already maps to awaState: the agent chose "Lunch" in the panel,
// AWA shows Away, and AWA's Away must not turn Lunch into plain Away.
// Unknown states (no mapping, no definition) return false.
func (m PresenceMap) PresenceFor(awaState string, current Presence, defs []Presence) (Presence, bool) {
	if cur, _ := m.AWAState(current); strings.EqualFold(cur, awaState) && current.ID != "" {
		return Presence{}, false
	}
	want, ok := m.ToVCC[awaState]
	if !ok {
		return Presence{}, false
	}
	for _, d := range defs {
		if strings.EqualFold(d.Description, want) {
			return d, d.ID != current.ID
		}
	}
	return Presence{}, false
}
