package cti

// PresenceCategory groups an agent's presences as the contact centre does:
// VCC's Agents API puts every presence definition in one of four
// categories. The presence mapping (PresenceMap) and readyBlocker work on
// categories; descriptions ("Lunch", "Training") are the account's own.
type PresenceCategory int

// Presence categories.
const (
	// PresenceCategoryUnknown is a category the adapter could not name.
	PresenceCategoryUnknown PresenceCategory = iota
	// PresenceCategoryReady takes calls.
	PresenceCategoryReady
	// PresenceCategoryAway (Break, Lunch...) and PresenceCategoryExtendedAway
	// take none.
	PresenceCategoryAway
	PresenceCategoryExtendedAway
	// PresenceCategoryLoggedOut has no session at the contact centre.
	PresenceCategoryLoggedOut
)

var presenceCategoryNames = [...]string{
	PresenceCategoryUnknown:      "Unknown",
	PresenceCategoryReady:        "Ready",
	PresenceCategoryAway:         "Away",
	PresenceCategoryExtendedAway: "ExtendedAway",
	PresenceCategoryLoggedOut:    "LoggedOut",
}

// String is the category's name in VCC's Agents API (categoryType), which
// the presence mapping (api.PresenceMap) uses as keys.
func (c PresenceCategory) String() string {
	if c < 0 || int(c) >= len(presenceCategoryNames) {
		return presenceCategoryNames[PresenceCategoryUnknown]
	}
	return presenceCategoryNames[c]
}

// ParsePresenceCategory is the category String names (the bridge's
// api.Presence carries it so), PresenceCategoryUnknown for any other text.
func ParsePresenceCategory(raw string) PresenceCategory {
	for c, name := range presenceCategoryNames {
		if name == raw && PresenceCategory(c) != PresenceCategoryUnknown {
			return PresenceCategory(c)
		}
	}
	return PresenceCategoryUnknown
}

// mapKey is the category as a key of the presence mapping: "" when unknown,
// so that only the description can match.
func (c PresenceCategory) mapKey() string {
	if c == PresenceCategoryUnknown {
		return ""
	}
	return c.String()
}
