//go:build !js

package vccsim

import vccproto "github.com/vccnow/connector/wasm/vcc"

// Auto-reject, as VCC's own ("Auto reject in ContactPad using WebRTC",
// https://newvoicemedia.atlassian.net/wiki/spaces/DP/pages/3849453624): a
// call offered to an agent whose ContactPad is not connected to WebRTC is
// rejected at once, the agent's state becomes "Connection Unavailable" and
// ContactPad shows "Connection rejected due to no WebRTC connection".
//
// In the simulator, in RoutingVCC mode, the ACD auto-rejects a Ready agent
// whose softphone has no live session or no connected media (the signaling
// connection dropped, or the media never connected or failed) and offers
// the call to the next agent. The refusal is a history entry of the call
// (GET /sim/calls/{id}: agent and reason), and a "call" update with state
// ended and that reason on the agent's softphone when it is connected for
// signaling. The agent stays Ready (VCC keeps the intended presence) but is
// offered no call until their media connects again or their presence
// changes. No webhook is sent: VCC documents none for it.
//
// In RoutingServiceNow mode the assign API refuses such an agent (409
// not_ready); the refusal is recorded in the call's history the same way.

// reasonNoWebRTC is ContactPad's text for an auto-rejected call.
const reasonNoWebRTC = "Connection rejected due to no WebRTC connection"

// ActivityConnectionUnavailable is the agent state after an auto-reject.
const ActivityConnectionUnavailable = "Connection Unavailable"

// autoReject refuses an offer of the queued call c to u, whose softphone
// cannot take it.
func (a *acd) autoReject(c *call, u *User) {
	c.declined[u.ID] = true
	a.unavailable[u.ID] = true
	a.recordRefusal(c, u)
	a.s.log.Printf("acd: call %s auto-rejected by %s: %s", c.id, u.UserName, reasonNoWebRTC)
	if sess := a.byUser[u.ID]; sess != nil && sess.conn != nil {
		v := vccproto.Call{
			ID: c.id, State: vccproto.CallEnded, Direction: c.direction, From: c.from, To: c.to,
			Agent: u.UserName, QueuedAt: rfc3339(c.queuedAt), Reason: reasonNoWebRTC,
		}
		if c.queue != nil {
			v.Queue = c.queue.Name
		}
		sess.conn.send(vccproto.TypeCall, "", v)
	}
}

// recordRefusal adds to the call's history that u could not take it; the
// call's state does not change.
func (a *acd) recordRefusal(c *call, u *User) {
	c.history = append(c.history, historyEntry{State: c.state, At: a.s.now(), Agent: u.UserName, Reason: reasonNoWebRTC})
}

// connectionBack ends the agent's "Connection Unavailable" state: their
// media connected, or their presence changed.
func (a *acd) connectionBack(userID string) {
	delete(a.unavailable, userID)
}
