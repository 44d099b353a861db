//go:build !js

package vccsim

// The channel.* webhook events of a call's life cycle ("Channel event types
// (Webhooks API)"; payload shapes in events.go, the undocumented fields in
// extensions.go). A channel is one party of an interaction: the customer's
// channel lives as long as the call, each agent leg is a channel of its own.
// Where VCC is silent the simulator chooses (ledger_events.go):
//
//   - channel.held and channel.retrieved are published for the customer's
//     channel (the party put on hold);
//   - channel.interrupted and channel.resumed are never published: VCC
//     sends them when a more important interaction takes the agent's focus,
//     which never happens here (an agent's dropped media parks the call
//     without an event, as VCC documents none for it);
//   - an agent channel that was offered but never connected ends with
//     channel.ended (reason "rejected", "noanswer" or "abandoned" with the
//     extensions); one that could not be offered at all (auto-reject) gets
//     channel.connectionfailed first;
//   - a dialled number that is busy or never answers gets
//     channel.connectionfailed and channel.ended (reason "failed" with the
//     extensions);
//   - with the extensions, channel.queue is set on every event of a call
//     that came through a queue: the queue it waits in, or was last routed
//     from.
const (
	evAlerted          = "channel.alerted.v1"
	evConnected        = "channel.connected.v1"
	evConnectionFailed = "channel.connectionfailed.v1"
	evHeld             = "channel.held.v1"
	evRetrieved        = "channel.retrieved.v1"
	evDisconnected     = "channel.disconnected.v1"
	evWrapStarted      = "channel.wrapstarted.v1"
	evEnded            = "channel.ended.v1"
)

// Agent channel end reasons the simulator adds to VCC's (extensions).
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
	info := l.call.channelInfo(l.channelID, agentParty(l.user))
	data := ChannelData{Reason: reason}
	if typ == evWrapStarted || typ == evEnded {
		data.Disposition = l.disposition
	}
	a.emitChannel(l.call, info, typ, data)
}

// emitChannel publishes a channel event with exactly the documented fields,
// or with the extensions when they are switched on.
func (a *acd) emitChannel(c *call, info ChannelInfo, typ string, data ChannelData) {
	data.Timestamp = eventTime(a.s.now())
	data.Channel = info
	switch {
	case !a.s.assumes(switchWebhookExtensions):
		data = documentedOnly(typ, data)
	case hasReason(typ) && data.Reason == "":
		data.Reason = ReasonReleased
	}
	a.emit(c.account.ID, typ, info.ChannelID, data)
}

// agentParty is an agent's party in a channel event.
func agentParty(u *User) Party { return Party{Role: "agent", AgentID: u.AgentID, UserID: u.ID} }

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
