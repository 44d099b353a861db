//go:build !js

package bridgetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/wasm/api"
)

// knownWithoutPanel makes the agent known to the bridge (as after an
// earlier shift) without a panel open now: any agent API request records
// the agent, only the panel's session request opens the panel's lease.
func knownWithoutPanel(a *Agent) {
	a.env.t.Helper()
	if status := a.API("GET", "/api/v1/calls/none", nil, nil); status != 404 {
		a.env.t.Fatalf("%s's first request: status %d, want 404", a.UserName, status)
	}
}

// A supervisor's change of an agent's VCC presence reaches AWA within a
// second when the agent has no panel open: the bridge carries it (VCC's
// agent.presencechanged webhook, the configured mapping by name, AWA's
// Agent API).
func TestPresenceReachesAWAWithoutAPanel(t *testing.T) {
	env := Start(t)
	beth := env.SignIn("beth.anglin")
	knownWithoutPanel(beth)
	beth.GoReady()

	// In order: each step starts from the one before.
	steps := []struct {
		vcc, awa string
	}{
		{"Break", "Away"},
		{"Ready", "Available"},
		{"Lunch", "Away"},
		{"Logged Out", "Offline"},
	}
	for _, s := range steps {
		t.Run(s.vcc, func(t *testing.T) {
			start := time.Now()
			env.SupervisorSetsPresence("beth.anglin", s.vcc)
			env.Eventually("AWA presence "+s.awa, func() bool { return beth.AWAPresence() == s.awa })
			took := time.Since(start)
			t.Logf("VCC %s → AWA %s in %v", s.vcc, s.awa, took.Round(time.Millisecond))
			assert.Less(t, took, time.Second)
		})
	}
}

// A deployment's own mapping applies by the presence's description first:
// here Lunch shows as Offline in AWA, while Break (no entry of its own)
// follows its category, Away.
func TestPresenceMappingByDescription(t *testing.T) {
	m := api.DefaultPresenceMap()
	m.ToAWA["Lunch"] = "Offline"
	env := Start(t, Options{Presence: &m})
	beth := env.SignIn("beth.anglin")
	knownWithoutPanel(beth)
	beth.GoReady()
	for _, s := range []struct{ vcc, awa string }{{"Lunch", "Offline"}, {"Ready", "Available"}, {"Break", "Away"}} {
		env.SupervisorSetsPresence("beth.anglin", s.vcc)
		env.Eventually("AWA presence "+s.awa+" for VCC "+s.vcc, func() bool { return beth.AWAPresence() == s.awa })
	}
}

// With the agent's panel open too, it is the bridge that carries VCC's
// presence to AWA (the panel's setPresenceIndicator only paints the
// workspace's indicator): one AWA write per change, none from anyone else.
func TestPresenceReachesAWAWithAPanelOpen(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	// Once the bridge knows the AWA states' sys_ids, a change is one request.
	for _, s := range []struct{ vcc, awa string }{{"Break", "Away"}, {"Ready", "Available"}} {
		env.SupervisorSetsPresence("beth.anglin", s.vcc)
		env.Eventually("AWA presence "+s.awa, func() bool { return beth.AWAPresence() == s.awa })
	}
	env.WaitSettled()
	env.ResetStats()

	env.SupervisorSetsPresence("beth.anglin", "Break")
	env.Eventually("AWA presence Away", func() bool { return beth.AWAPresence() == "Away" })
	env.WaitSettled()
	assert.Equal(t, 1, env.Stats().ByUser[IntegrationUser], "one request, the AWA Agent API write, for one presence change")
}
