package cti

import (
	"strings"
	"time"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/vcc"
)

// PresenceMap is the deployment's presence mapping (api.PresenceMap: the
// panel and the bridge share it), with what the panel does with it.
type PresenceMap api.PresenceMap

// DefaultPresenceMap is the mapping used when the deployment sets none.
func DefaultPresenceMap() PresenceMap { return PresenceMap(api.DefaultPresenceMap()) }

// AWAState is the AWA state for a VCC presence, and the indicator colour.
// A presence the mapping does not name shows as its own description.
func (m PresenceMap) AWAState(p vcc.Presence) (state, color string) {
	state, ok := api.PresenceMap(m).AWAState(p.Description, p.Category.CategoryType)
	if !ok {
		state = p.Description
	}
	color = m.Colors[state]
	if color == "" {
		color = "grey"
	}
	return state, color
}

// VCCPresence picks the VCC presence to set when AWA reports awaState. It
// returns false when current already maps to awaState: the agent chose
// "Lunch" in the panel, AWA shows Away, and AWA's Away must not turn Lunch
// into plain Away. Unknown states (no mapping, no definition) return false.
func (m PresenceMap) VCCPresence(awaState string, current vcc.Presence, defs []vcc.Presence) (vcc.Presence, bool) {
	if cur, _ := m.AWAState(current); strings.EqualFold(cur, awaState) && current.PresenceID != "" {
		return vcc.Presence{}, false
	}
	want, ok := m.ToVCC[awaState]
	if !ok {
		return vcc.Presence{}, false
	}
	for _, d := range defs {
		if strings.EqualFold(d.Description, want) {
			return d, d.PresenceID != current.PresenceID
		}
	}
	return vcc.Presence{}, false
}

// echoWindow is how long an indicator value we pushed to the workspace can
// come back as an AWA presence event and still be recognised as our echo.
const echoWindow = 3 * time.Second

// EchoFilter recognises AWA presence events that only echo what the
// connector itself pushed to the workspace, including late echoes of an
// earlier value after the agent changed presence twice quickly — which would
// otherwise flip the presence back (flapping).
type EchoFilter struct {
	pushed []pushed
}

type pushed struct {
	state string
	at    time.Time
}

// Pushed records that the connector set the workspace to state at now.
func (f *EchoFilter) Pushed(state string, now time.Time) {
	f.prune(now)
	f.pushed = append(f.pushed, pushed{state: state, at: now})
}

// IsEcho reports whether an AWA event with this state, arriving at now, is an
// echo of something the connector pushed recently.
func (f *EchoFilter) IsEcho(state string, now time.Time) bool {
	f.prune(now)
	for _, p := range f.pushed {
		if strings.EqualFold(p.state, state) {
			return true
		}
	}
	return false
}

func (f *EchoFilter) prune(now time.Time) {
	keep := f.pushed[:0]
	for _, p := range f.pushed {
		if now.Sub(p.at) < echoWindow {
			keep = append(keep, p)
		}
	}
	f.pushed = keep
}
