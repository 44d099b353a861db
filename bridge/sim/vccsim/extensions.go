//go:build !js

package vccsim

import "os"

// The webhook extensions: fields of the channel.* events that VCC does not
// document, which the simulator adds only with switchWebhookExtensions
// (Config.WebhookExtensions, or "webhook-extensions" in Config.Assume):
//
//   - party.address, the customer's number (E.164), on the customer's
//     channel;
//   - channel.queue {queueId, name}, the queue the call waits or waited in;
//   - channel.direction, "inbound" or "outbound";
//   - channel.transferredFrom {agentId, userId} on the customer's new
//     channel.alerted after a blind transfer, and channel.targetAgent
//     {agentId, userId} on it when the transfer was to an agent;
//   - data.disposition on the agent channel's channel.wrapstarted and
//     channel.ended, once the agent gave one;
//   - reasons other than "released": "abandoned", "transferred",
//     "rejected", "noanswer", "failed" (and "transferred" on the
//     transferring agent's channel.wrapstarted).
//
// Without the switch every event carries exactly the documented fields:
// data.timestamp, data.channel {conversationId, interactionId, channelId,
// party {role, agentId, userId}} and, on channel.ended and
// channel.connectionfailed, data.reason "released", the one value VCC's
// pages show. The customer's party is {"role":"customer"}: the pages show
// only agent parties, so the value is assumed, and it has no agentId or
// userId.

// switchWebhookExtensions adds the extensions above to channel events.
const switchWebhookExtensions = "webhook-extensions"

// EnvWebhookExtensions is the environment variable the dev stack reads to
// turn the extensions on ("1"): see WebhookExtensionsFromEnv.
const EnvWebhookExtensions = "VCCNOW_VCC_WEBHOOK_EXTENSIONS"

func init() {
	addAssumption(switchWebhookExtensions, "channel events carry the undocumented fields party.address, channel.queue, channel.direction, channel.transferredFrom, channel.targetAgent, data.disposition and reasons other than released")
}

// WebhookExtensionsFromEnv reports whether EnvWebhookExtensions is "1", for
// the dev stack's Config.WebhookExtensions.
func WebhookExtensionsFromEnv() bool { return os.Getenv(EnvWebhookExtensions) == "1" }

// documentedOnly strips a channel event's data down to the documented
// fields: data.reason stays only on channel.ended and
// channel.connectionfailed, as "released".
func documentedOnly(typ string, d ChannelData) ChannelData {
	d.Channel.Queue, d.Channel.TransferredFrom, d.Channel.TargetAgent = nil, nil, nil
	d.Channel.Direction, d.Channel.Party.Address, d.Disposition = "", "", ""
	d.Reason = ""
	if hasReason(typ) {
		d.Reason = ReasonReleased
	}
	return d
}

// hasReason reports whether VCC's events of this type carry data.reason.
func hasReason(typ string) bool { return typ == evEnded || typ == evConnectionFailed }
