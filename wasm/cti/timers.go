package cti

import (
	"strings"
	"time"

	"github.com/vccnow/connector/wasm/api"
)

// Timer names.
const (
	timerReconnect = "reconnect"
	timerRefresh   = "refresh"
	timerMedia     = "media-retry"
	timerPollCall  = "poll:" // + interaction sys_id
	timerHeartbeat = "heartbeat"
)

// heartbeatEvery renews the panel's lease at the bridge: while it runs, the
// panel (not the bridge) keeps the workspace presence in step.
const heartbeatEvery = 30 * time.Second

func (c *Connector) onTimer(name string) {
	if !c.leader() && name != "tick" {
		return // timers serve the session, which the leader holds
	}
	switch {
	case name == timerReconnect:
		if c.state.SignedIn && c.state.Connection != Online {
			c.connect()
		}
	case name == timerHeartbeat:
		c.link.heartbeat = false
		if c.state.SignedIn {
			c.link.heartbeat = true
			c.bridge(string(purposeSession), api.RouteSession, api.Session{Client: c.cfg.ClientID})
			c.p.Clock.After(heartbeatEvery, timerHeartbeat)
		}
	case name == timerRefresh:
		if c.link.tok.refresh != "" {
			c.p.Auth.Refresh(c.link.tok.refresh)
		}
	case name == timerMedia:
		if c.state.SignedIn && c.state.Media == MediaFailed {
			c.startMedia()
		}
	case name == timerCommands:
		c.commandsTimedOut()
	case name == timerReadyWait:
		c.readyTimedOut()
	case name == timerBridgeProbe:
		c.probeBridge()
	case strings.HasPrefix(name, timerResend):
		c.onResend(strings.TrimPrefix(name, timerResend))
	case strings.HasPrefix(name, timerPollCall) && len(name) > len(timerPollCall):
		c.pollCall(strings.TrimPrefix(name, timerPollCall))
	}
}
