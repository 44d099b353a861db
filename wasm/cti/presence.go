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

// echoWindow is how long the connector waits for AWA to show the presence
// the bridge sets from VCC's (VCC's webhook, the bridge's outbox, the AWA
// Agent API, then OpenFrame's event: well under a second on a healthy
// deployment, seconds when VCC's webhooks are late).
const echoWindow = 10 * time.Second

// EchoFilter tells AWA presence events that only show the bridge catching up
// with a VCC presence the panel already has from changes made in the
// workspace. After the agent's VCC presence changes, the connector expects
// AWA to show its mapping: until it does (or echoWindow passes) every AWA
// event is the bridge catching up — including a late one of an earlier
// value when the agent changed presence twice quickly, which would otherwise
// flip the presence back (flapping). The expected one ends the wait; after
// that, an AWA event is a change made in the workspace.
type EchoFilter struct {
	want  string
	until time.Time
}

// Expect records that AWA will soon show state.
func (f *EchoFilter) Expect(state string, now time.Time) {
	f.want, f.until = state, now.Add(echoWindow)
}

// Expecting returns the state AWA is expected to show, "" when none.
func (f *EchoFilter) Expecting(now time.Time) string {
	if f.want != "" && !now.Before(f.until) {
		f.want = ""
	}
	return f.want
}

// IsEcho reports whether an AWA event with this state, arriving at now, only
// shows the bridge catching up.
func (f *EchoFilter) IsEcho(state string, now time.Time) bool {
	want := f.Expecting(now)
	if want == "" {
		return false
	}
	if strings.EqualFold(state, want) {
		f.want = ""
	}
	return true
}
