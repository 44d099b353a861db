// Package cti is the connector's core: what an agent's panel knows (State),
// how it changes (the Connector loop and its state machines) and what it shows
// (View). It imports no browser or network code; those sit behind the
// interfaces in ports.go, implemented in the js adapters and faked in tests.
package cti

// State is everything the panel shows. window.vccConnector.state() returns it
// as JSON, so field names are a contract with tests and support tooling.
type State struct {
	// SignedIn is true while a VCC session is open in this browser.
	SignedIn bool `json:"signedIn"`
	// User is the agent's VCC user name (the ServiceNow user_name too).
	User string `json:"user"`
	// Presence is the name of the agent's VCC presence ("Ready", "Break"...).
	Presence string `json:"presence"`
	// TabRole is "leader" for the tab holding the session and media,
	// "follower" for a tab mirroring it.
	TabRole string `json:"tabRole"`
	// Calls are the agent's current calls, newest last.
	Calls []Call `json:"calls"`
	// Busy names an operation under way ("signing-in"), empty when idle.
	Busy string `json:"busy,omitempty"`
	// Error is the message the agent sees, empty when all is well.
	Error string `json:"error,omitempty"`
	// Timings are milliseconds since the page's navigation start at which
	// milestones were reached (wasmStart, painted, ready...).
	Timings map[string]float64 `json:"timings"`
}

// Call is one call as the panel knows it.
type Call struct {
	// ID is VCC's interaction id for the call.
	ID string `json:"id"`
	// State is ringing, connected, held, wrapup or ended.
	State string `json:"state"`
	// InteractionSysID is the ServiceNow interaction record, once known.
	InteractionSysID string `json:"interactionSysId,omitempty"`
}

// Presence names shown before the agent has a session.
const PresenceLoggedOut = "Logged Out"

// Tab roles.
const (
	RoleLeader   = "leader"
	RoleFollower = "follower"
)

// Clone returns a deep copy, safe to hand to another goroutine.
func (s State) Clone() State {
	c := s
	c.Calls = append([]Call(nil), s.Calls...)
	c.Timings = make(map[string]float64, len(s.Timings))
	for k, v := range s.Timings {
		c.Timings[k] = v
	}
	return c
}
