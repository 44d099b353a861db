//go:build !js

package e2e

import (
	"context"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// Controls of the simulators and the bridge that a shift needs beyond
// placing calls (vcc.go): an agent's state at VCC, ServiceNow refusing the
// bridge's requests, and the bridge restarted.

// SimAgent is an agent as the VCC simulator reports it
// (GET /sim/agents/{user_name}).
type SimAgent struct {
	UserName string            `json:"userName"`
	Presence vccproto.Presence `json:"presence"`
	// State is Busy or WrapUp while calls need the agent, otherwise the
	// presence's category (Ready, Away, ExtendedAway, LoggedOut).
	State    string `json:"state"`
	Sessions []struct {
		Media string `json:"media"`
	} `json:"sessions"`
}

// SimAgent returns the VCC simulator's view of an agent.
func (e *Env) SimAgent(userName string) SimAgent {
	e.tb.Helper()
	var a SimAgent
	e.control(e.Stack.VCCURL, "GET", "/sim/agents/"+userName, nil, &a)
	return a
}

// ServiceNowFault makes the simulated instance refuse or slow down the next
// Count requests whose path starts with PathPrefix (and whose method is
// Method, when set): POST /sim/faults. Choose a prefix only the bridge
// uses (the Voice Interaction API, /api/now/openframe/voice-interaction)
// so the test's own reads of records are not refused.
type ServiceNowFault struct {
	Status     int    `json:"status"`
	Count      int    `json:"count"`
	RetryAfter int    `json:"retry_after,omitempty"` // seconds, sent as Retry-After
	LatencyMS  int    `json:"latency_ms,omitempty"`
	PathPrefix string `json:"path_prefix"`
	Method     string `json:"method,omitempty"`
}

// AddServiceNowFault activates a fault.
func (e *Env) AddServiceNowFault(f ServiceNowFault) {
	e.tb.Helper()
	e.control(e.Stack.ServiceNowURL, "POST", "/sim/faults", f, nil)
}

// ServiceNowFaultsLeft is how many requests the active faults will still
// refuse: 0 once every fault has been used up.
func (e *Env) ServiceNowFaultsLeft() int {
	e.tb.Helper()
	var active []struct {
		Remaining int `json:"remaining"`
	}
	e.control(e.Stack.ServiceNowURL, "GET", "/sim/faults", nil, &active)
	n := 0
	for _, f := range active {
		n += f.Remaining
	}
	return n
}

// ClearServiceNowFaults removes every active fault.
func (e *Env) ClearServiceNowFaults() {
	e.tb.Helper()
	e.control(e.Stack.ServiceNowURL, "DELETE", "/sim/faults", nil, nil)
}

// RestartBridge restarts the in-process bridge on the same address and
// SQLite database (devstack.Stack.RestartBridge), as a deployment does:
// panels and VCC find it again on the same URL.
func (e *Env) RestartBridge() {
	e.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	if err := e.Stack.RestartBridge(ctx); err != nil {
		e.tb.Fatalf("restart the bridge: %v", err)
	}
}
