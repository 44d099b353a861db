//go:build !js

package vccsim

import vccproto "github.com/vccnow/connector/wasm/vcc"

// Auto-reject, as VCC documents it ("Auto reject in ContactPad using
// WebRTC", https://newvoicemedia.atlassian.net/wiki/spaces/DP/pages/3849453624):
// an inbound call offered to an agent whose ContactPad is not connected to
// WebRTC is rejected at once, the agent's state becomes "Connection
// Unavailable" and ContactPad shows "Connection rejected due to no WebRTC
// connection". The simulated account has auto-reject enabled.
//
// An agent may be Ready without a connected softphone (presence.go); the
// product's panel prevents it, but the simulator lets it happen. A call is
// offered to such an agent either by the ACD (RoutingVCC: the Ready agent
// free the longest) or by the bridge's hand-off (RoutingServiceNow: POST
// /routing/v1/calls/{id}/assign). Either way the offer is auto-rejected:
//
//   - the agent's channel is alerted, fails to connect and ends:
//     channel.alerted, channel.connectionfailed and channel.ended, the
//     events "channel.connectionfailed.v0" describes for a party rejecting
//     the connection (reason "released", or "rejected" with the
//     extensions);
//   - the call stays in its queue (no new customer event: it never left);
//     in RoutingVCC it is offered to the next agent, in RoutingServiceNow
//     the hand-off is answered 409 not_ready;
//   - the refusal is a history entry of the call (GET /sim/calls/{id}:
//     agent and reason), and the agent's softphone, when connected for
//     signaling, gets a "call" update with state ended and that reason;
//   - the agent's state (GET /sim/agents/{user_name}) is "Connection
//     Unavailable" and the ACD offers them nothing until their media
//     connects or their presence changes. Their presence stays as it was
//     (the agent state is not a presence, so no agent.presencechanged).
//
// A softphone without microphone permission is not simulated (the browser
// knows, the server does not).

// reasonNoWebRTC is ContactPad's text for an auto-rejected call.
const reasonNoWebRTC = "Connection rejected due to no WebRTC connection"

// ActivityConnectionUnavailable is the agent state after an auto-reject.
const ActivityConnectionUnavailable = "Connection Unavailable"

// autoReject refuses an offer of the queued call c to u, whose softphone
// cannot take it. acd.mu is held.
func (a *acd) autoReject(c *call, u *User) {
	c.declined[u.ID] = true
	a.unavailable[u.ID] = true
	a.recordRefusal(c, u)
	a.s.log.Printf("acd: call %s auto-rejected by %s: %s", c.id, u.UserName, reasonNoWebRTC)
	info := c.channelInfo(newGUID(), agentParty(u))
	a.emitChannel(c, info, evAlerted, ChannelData{})
	a.emitChannel(c, info, evConnectionFailed, ChannelData{Reason: reasonRejected})
	a.emitChannel(c, info, evEnded, ChannelData{Reason: reasonRejected})
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
