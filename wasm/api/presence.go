package api

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// PanelConfig is what the bridge puts in the panel's page (the JSON in
// #connector-config): where to sign in, which instance may talk to the
// panel, and the deployment's presence mapping.
type PanelConfig struct {
	Instance    string `json:"instance"`
	VCCAuth     string `json:"vccAuth"`
	VCCAPI      string `json:"vccApi"`
	VCCClientID string `json:"vccClientId"`
	// SignInCallback is the path of the sign-in's redirect page on the
	// panel's own origin (vcc.CallbackPath, "/signin/callback"): the
	// redirect_uri the panel sends, and VCC must have registered for
	// VCCClientID, is the panel's origin followed by it.
	SignInCallback string `json:"signInCallback"`
	// Dispositions are the VCC account's disposition codes: a setting of
	// the bridge's (rules: dispositions), since VCC publishes no API that
	// lists them.
	Dispositions []string     `json:"dispositions,omitempty"`
	Presence     *PresenceMap `json:"presence,omitempty"`
}

// PresenceMap translates presence between VCC and ServiceNow AWA, the same
// for the panel (which follows AWA's changes to VCC while it is open) and the
// bridge (which carries VCC's presence to AWA). VCC has many presences in a few
// categories (Ready, Away, ExtendedAway, LoggedOut); AWA has a few presence
// states, known by name. A VCC presence maps to an AWA state by its
// description first ("Lunch"), then by its category ("Away"); an AWA state
// maps to one VCC presence, by description. The bridge's -presence setting
// replaces the defaults:
//
//	VCC Ready            ⇄ Available
//	VCC Away (and Break, Lunch, Training...), ExtendedAway → Away; Away → VCC "Away"
//	VCC LoggedOut        ⇄ Offline
type PresenceMap struct {
	// ToAWA maps a VCC presence description or category to an AWA state.
	ToAWA map[string]string `json:"toAWA"`
	// ToVCC maps an AWA state to the description of a VCC presence.
	ToVCC map[string]string `json:"toVCC"`
	// Colors are the workspace indicator colours per AWA state (green,
	// orange, red or grey; grey when left out).
	Colors map[string]string `json:"colors,omitempty"`
}

// VCC presence categories (the keys of ToAWA besides descriptions).
var presenceCategories = []string{"Ready", "Away", "ExtendedAway", "LoggedOut"}

// DefaultPresenceMap is the mapping used when the deployment sets none.
func DefaultPresenceMap() PresenceMap {
	return PresenceMap{
		ToAWA:  map[string]string{"Ready": "Available", "Away": "Away", "ExtendedAway": "Away", "LoggedOut": "Offline"},
		ToVCC:  map[string]string{"Available": "Ready", "Away": "Away", "Offline": "Logged Out"},
		Colors: map[string]string{"Available": "green", "Away": "orange", "Offline": "grey"},
	}
}

// Key is the ToAWA key that applies to a VCC presence with this description
// and category: the description when the mapping names it, else the
// category; ok is false when it names neither.
func (m PresenceMap) Key(description, category string) (key string, ok bool) {
	for _, k := range []string{description, category} {
		if _, named := m.ToAWA[k]; named && k != "" {
			return k, true
		}
	}
	return "", false
}

// AWAState is the AWA state for a VCC presence with this description and
// category, and whether the mapping names one.
func (m PresenceMap) AWAState(description, category string) (string, bool) {
	k, ok := m.Key(description, category)
	return m.ToAWA[k], ok
}

// States are the AWA states the mapping names, sorted.
func (m PresenceMap) States() []string {
	set := map[string]bool{}
	for _, s := range m.ToAWA {
		set[s] = true
	}
	for s := range m.ToVCC {
		set[s] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// Check says what is wrong with a mapping a deployment set: every category
// must map to a state, names must not be empty, colours must be the
// workspace's.
func (m PresenceMap) Check() error {
	var problems []string
	for _, c := range presenceCategories {
		if m.ToAWA[c] == "" {
			problems = append(problems, fmt.Sprintf("toAWA has no state for the VCC category %s", c))
		}
	}
	for k, v := range m.ToAWA {
		if strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
			problems = append(problems, fmt.Sprintf("toAWA %q → %q: names cannot be empty", k, v))
		}
	}
	if len(m.ToVCC) == 0 {
		problems = append(problems, "toVCC is empty: a presence set in the workspace would never reach VCC")
	}
	for k, v := range m.ToVCC {
		if strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
			problems = append(problems, fmt.Sprintf("toVCC %q → %q: names cannot be empty", k, v))
		}
	}
	for k, v := range m.Colors {
		if !slices.Contains([]string{"green", "orange", "red", "grey"}, v) {
			problems = append(problems, fmt.Sprintf("colors %q: %q is not green, orange, red or grey", k, v))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	slices.Sort(problems)
	return errors.New("presence mapping: " + strings.Join(problems, "; "))
}
