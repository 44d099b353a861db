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
	beth.GoReady(false)

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
	beth.GoReady(false)
	for _, s := range []struct{ vcc, awa string }{{"Lunch", "Offline"}, {"Ready", "Available"}, {"Break", "Away"}} {
		env.SupervisorSetsPresence("beth.anglin", s.vcc)
		env.Eventually("AWA presence "+s.awa+" for VCC "+s.vcc, func() bool { return beth.AWAPresence() == s.awa })
	}
}

// While the agent's panel is open, the panel keeps AWA in step (through
// OpenFrame's setPresenceIndicator; the connector's tests cover it): the
// bridge records VCC's presence but writes nothing to AWA, so the two never
// write the same change twice or undo each other.
func TestPresenceLeftToAnOpenPanel(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	env.WaitSettled()
	env.ResetStats()

	env.SupervisorSetsPresence("beth.anglin", "Break")
	env.Eventually("the bridge to record the presence", func() bool {
		var n int
		err := env.Store.DB().QueryRow(`SELECT COUNT(*) FROM agents WHERE user_name = 'beth.anglin' AND presence = 'Away'`).Scan(&n)
		return err == nil && n == 1
	})
	env.WaitSettled()
	assert.Zero(t, env.Stats().ByPath["/api/now/awa/agents/{sys_id}"], "the bridge wrote AWA presence over the panel")
	assert.Equal(t, "Available", beth.AWAPresence(), "nothing but the panel changes AWA presence here")
}
