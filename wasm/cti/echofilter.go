package cti

import (
	"strings"
	"time"
)

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
