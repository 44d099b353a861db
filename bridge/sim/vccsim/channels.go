//go:build !js

package vccsim

// The channel.* webhook events of a call's life cycle (payload shapes and the
// simulator's extensions: ChannelData in events.go). A channel is one party of
// an interaction: the customer's channel lives as long as the call, each
// agent leg is a channel of its own. Where VCC is silent the simulator
// chooses:
//
//   - channel.held and channel.retrieved are published for the customer's
//     channel (the party put on hold);
//   - channel.interrupted and channel.resumed are published for the agent's
//     channel when the agent's media drops (the call is parked) and when it
//     is back;
//   - an agent channel that was offered but never connected ends with
//     channel.ended reason "rejected" (the agent declined), "noanswer" (the
//     ring timed out) or "abandoned" (the caller hung up first);
//   - a dialled number that is busy or never answers gets
//     channel.connectionfailed and channel.ended reason "failed";
//   - channel.queue is set on every event of a call that came through a
//     queue: the queue it waits in, or was last routed from.
const (
	evAlerted          = "channel.alerted.v1"
	evConnected        = "channel.connected.v1"
	evConnectionFailed = "channel.connectionfailed.v1"
	evHeld             = "channel.held.v1"
	evRetrieved        = "channel.retrieved.v1"
	evInterrupted      = "channel.interrupted.v1"
	evResumed          = "channel.resumed.v1"
	evDisconnected     = "channel.disconnected.v1"
	evWrapStarted      = "channel.wrapstarted.v1"
	evEnded            = "channel.ended.v1"
)

// Agent channel end reasons the simulator adds to VCC's.
const (
	reasonRejected = "rejected"
	reasonNoAnswer = "noanswer"
)

// customerEvent publishes an event of the call's customer channel.
func (a *acd) customerEvent(c *call, typ, reason string) {
	address := c.from
	if c.direction == dirOutbound {
		address = c.to
	}
	info := c.channelInfo(c.customerChannel, Party{Role: "customer", Address: address})
	if typ == evAlerted && c.transferredFrom != nil {
		info.TransferredFrom = &AgentRef{AgentID: c.transferredFrom.AgentID, UserID: c.transferredFrom.ID}
	}
	if typ == evAlerted && c.targetUser != nil {
		info.TargetAgent = &AgentRef{AgentID: c.targetUser.AgentID, UserID: c.targetUser.ID}
	}
	a.emitChannel(c, info, typ, ChannelData{Reason: reason})
}

// agentEvent publishes an event of an agent leg's channel; wrap-up and end
// events carry the leg's disposition once the agent gave one.
func (a *acd) agentEvent(l *leg, typ, reason string) {
	info := l.call.channelInfo(l.channelID, Party{Role: "agent", AgentID: l.user.AgentID, UserID: l.user.ID})
	data := ChannelData{Reason: reason}
	if typ == evWrapStarted || typ == evEnded {
		data.Disposition = l.disposition
	}
	a.emitChannel(l.call, info, typ, data)
}

func (a *acd) emitChannel(c *call, info ChannelInfo, typ string, data ChannelData) {
	data.Timestamp = eventTime(a.s.now())
	data.Channel = info
	a.emit(c.account.ID, typ, info.ChannelID, data)
}

func (c *call) channelInfo(channelID string, p Party) ChannelInfo {
	info := ChannelInfo{
		ConversationID: c.conversationID, InteractionID: c.id, ChannelID: channelID,
		Party: p, Direction: c.direction,
	}
	if c.queue != nil {
		info.Queue = &QueueRef{QueueID: c.queue.ID, Name: c.queue.Name}
	}
	return info
}
