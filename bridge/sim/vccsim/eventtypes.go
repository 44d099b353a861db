//go:build !js

package vccsim

import "strings"

// eventType is one entry of GET /webhooks/event-types.
type eventType struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	JSONSchema  map[string]any `json:"jsonSchema"`
}

// eventCatalogue lists the events VCC documents (each in v0 and v1):
// agent.presencechanged and the channel.* family ("Event types in
// Webhooks", https://docs-vcc.atlassian.net/wiki/spaces/DP/pages/4368105554;
// "Get event types", https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3913679042).
var eventCatalogue = []struct {
	base        string
	description string
	required    []string // data members the schema requires
}{
	{"agent.presencechanged", "Indicates that an agent's presence has been changed.", []string{"timestamp", "presence", "user"}},
	{"channel.alerted", "Indicates that a channel is alerting: its party is being offered the interaction.", []string{"timestamp", "channel"}},
	{"channel.connected", "Indicates that a channel's party is connected to the interaction.", []string{"timestamp", "channel"}},
	{"channel.connectionfailed", "Indicates that a channel failed to connect.", []string{"timestamp", "channel", "reason"}},
	{"channel.held", "Indicates that a channel was put on hold.", []string{"timestamp", "channel"}},
	{"channel.retrieved", "Indicates that a held channel was taken off hold.", []string{"timestamp", "channel"}},
	{"channel.disconnected", "Indicates that a channel's party left the interaction.", []string{"timestamp", "channel"}},
	{"channel.wrapstarted", "Indicates that the agent of a channel started wrap-up.", []string{"timestamp", "channel"}},
	{"channel.ended", "Indicates that a channel ended.", []string{"timestamp", "channel", "reason"}},
	{"channel.interrupted", "Indicates that a channel was interrupted: a more important interaction took the agent's focus.", []string{"timestamp", "channel"}},
	{"channel.resumed", "Indicates that an interrupted channel has been resumed: the agent returns to it.", []string{"timestamp", "channel"}},
}

// eventVersions are the versions of every event type.
var eventVersions = []string{"v0", "v1"}

// eventTypes is the full list, every base in every version, each with a
// JSON Schema stub (2020-12) naming the data members it requires.
func eventTypes() []eventType {
	var out []eventType
	for _, e := range eventCatalogue {
		for _, v := range eventVersions {
			out = append(out, eventType{
				Name:        e.base + "." + v,
				Description: e.description,
				JSONSchema: map[string]any{
					"$schema":  "https://json-schema.org/draft/2020-12/schema",
					"type":     "object",
					"required": e.required,
				},
			})
		}
	}
	return out
}

// eventBase returns the base of a known versioned event type name
// ("channel.alerted" for "channel.alerted.v1").
func eventBase(name string) (string, bool) {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return "", false
	}
	base, version := name[:i], name[i+1:]
	for _, e := range eventCatalogue {
		if e.base == base {
			for _, v := range eventVersions {
				if v == version {
					return base, true
				}
			}
		}
	}
	return "", false
}

// isEventType reports whether name is a known versioned event type name.
func isEventType(name string) bool {
	_, ok := eventBase(name)
	return ok
}
