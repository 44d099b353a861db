package cti

import (
	"time"

	"github.com/vccnow/connector/wasm/api"
)

// Whether the bridge answers: while it does not, no call can reach the agent
// (the bridge turns the contact centre's calls into ServiceNow's offers), so
// the status line says so, and the panel asks again every few seconds to
// notice at once when it is back rather than at the next heartbeat.

// bridgeProbeEvery is how often an unreachable bridge is asked again.
const bridgeProbeEvery = 3 * time.Second

// timerBridgeProbe asks an unreachable bridge again.
const timerBridgeProbe = "bridge-probe"

// bridgeReached records whether a request got the bridge's answer (any
// status: an answer is the bridge reached).
func (c *Connector) bridgeReached(answered bool) {
	if answered == !c.state.BridgeDown {
		return
	}
	c.state.BridgeDown = !answered
	if answered {
		c.logf("info", "the bridge answers again")
		return
	}
	c.logf("warn", "the bridge does not answer")
	c.p.Clock.After(bridgeProbeEvery, timerBridgeProbe)
}

// probeBridge asks the bridge again while it does not answer.
func (c *Connector) probeBridge() {
	if !c.state.BridgeDown {
		return
	}
	if c.state.SignedIn {
		c.bridge(string(purposeSession), api.RouteSession, api.Session{Client: c.cfg.ClientID})
	}
	c.p.Clock.After(bridgeProbeEvery, timerBridgeProbe)
}
