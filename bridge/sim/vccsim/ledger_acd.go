//go:build !js

package vccsim

// Ledger rows for the ACD (acd.go, calls.go, routing.go, callcontrol.go,
// outbound.go, autoreject.go), the AWA hand-off and the control API.
func init() {
	const area = "ACD"
	const handoff = "AWA hand-off"
	const control = "Simulator control"
	addLedger(
		Row{Area: area, Item: "queues and their numbers",
			What:   "Each seeded queue has a GUID, a name and its own dialled number (DDI, E.164): testdata/vcc/accounts.json. An inbound call joins the queue whose number the caller dialled.",
			Source: srcCallDetail + " (to.telephoneNumber, the number dialled)", Status: Documented},
		Row{Area: area, Item: "routing: ServiceNow (default)",
			What:    "A queued call waits until the bridge hands it to the agent AWA chose (the AWA hand-off below); it then connects at once, as the agent accepted in ServiceNow.",
			Source:  srcGuide + " (voice routed through ServiceNow AWA; how is not described)",
			Status:  Assumed,
			IfWrong: "The hand-off is one adapter (below); VCC's own routing is the simulator's other mode."},
		Row{Area: area, Item: "routing: VCC",
			What:    "The ACD offers queued calls, oldest first, to the Ready WebRTC agent of the call's account who has been free the longest; an offer rings 20 s (Config.ACD.RingTimeout), then goes to the next agent; an agent who declined a call is not offered it again in that round.",
			Source:  "none: VCC's routing (interaction plans, skills) is configured per account and not described",
			Status:  Assumed,
			IfWrong: "Nothing: the product does not rely on how VCC picks agents."},
		Row{Area: area, Item: "one call at a time",
			What:    "An agent has at most one ringing, connected, held or parked call; in VCC routing an agent is offered a call only once their wrap-up has ended.",
			Source:  srcUserObject + " (handleMultipleInteractions is a per-agent setting)",
			Status:  Assumed,
			IfWrong: "The panel shows every call VCC sends; AWA's capacity decides offers in ServiceNow routing."},
		Row{Area: area, Item: "agent states",
			What:   "Busy while a call rings, is connected, held or parked at the agent; WrapUp during wrap-up; Connection Unavailable after an auto-reject; otherwise the presence's category. States are not presences: they fire no agent.presencechanged.",
			Source: srcStates + "; " + srcAutoReject, Status: Documented},
		Row{Area: area, Item: "auto-reject",
			What:   "A call offered to an agent whose softphone is not connected (no session, or no connected media) is rejected at once: the agent's channel is alerted, fails (channel.connectionfailed) and ends; the agent's state is Connection Unavailable until their media connects or their presence changes; the call stays in its queue (VCC routing offers it to the next agent). The refusal is in the call's history with ContactPad's text \"Connection rejected due to no WebRTC connection\".",
			Source: srcAutoReject + "; " + srcConnFailed, Status: Documented},
		Row{Area: area, Item: "auto-reject enabled, microphone not checked",
			What:    "The simulated account has auto-reject enabled; a softphone without microphone permission is not detected (the server cannot see it).",
			Source:  srcAutoReject + " (auto-reject is an account setting; it also rejects without microphone permission)",
			Status:  Assumed,
			IfWrong: "The panel refuses Ready until its audio is up and shows an auto-rejected call, so an account without auto-reject only rings longer."},
		Row{Area: area, Item: "dropped media, resume within 20 s",
			What:   "When the agent's softphone connection or media drops, the call parks (the caller stays, hearing a comfort tone) and the session waits 20 s (Config.ACD.ResumeGrace) for the panel to come back; after that its calls end (reason failed with the extensions) and the agent is logged out.",
			Source: srcInboundWebRTC, Status: Documented},
		Row{Area: area, Item: "enforced disposition codes",
			What:   "An agent with enforcedDispositionCodes cannot leave wrap-up without a code (given at wrap-up or through the v0 Web API); the codes are the account's (dispositionCodes in the seed).",
			Source: srcDispCodes + "; " + srcUserObject, Status: Documented},
		Row{Area: area, Item: "outbound calls",
			What:   "The agent's channel is alerted and connected at once, the customer's rings; every number answers after 300 ms, except those ending in 0000 (busy) or 9999 (never answers; fails after 60 s). The caller sees +441632960000.",
			Source: "the simulator's own numbers; " + srcCallDetail + " (from.agentId of an outbound call)",
			Status: StandIn},
		Row{Area: area, Item: "the caller",
			What:   "The simulated caller plays testdata/vcc/caller.opus to the agent and counts the agent's RTP packets and DTMF.",
			Source: srcDesign, Status: StandIn},

		Row{Area: handoff, Item: "POST /routing/v1/calls/{interactionId}/assign",
			What:    "{\"userId\":\"<GUID>\"} with the API gateway's checks (Accept v1, scope interactions:write): 202 {interactionId,userId,state} when the call connects to the agent; 404 unknown call or user; 409 {\"message\"} when the call is not queued, is kept for another agent by a transfer, the agent is on another call, or the offer was auto-rejected (the agent's softphone is not connected).",
			Source:  "none: VCC publishes no API that hands a queued call to the agent ServiceNow chose",
			Status:  Assumed,
			IfWrong: "A real deployment writes one adapter: the bridge's hand-off interface (bridge/vccapi) calls whatever VCC offers for it (for example an interaction plan routing to the agent's personal queue with the Interactions API); the rest of the product does not change."},

		Row{Area: control, Item: "/sim/* (calls, agents, tokens, webhook chaos and deliveries, config, console, outages)",
			What:   "Loopback-only JSON control API for tests and the dev stack: POST /sim/calls {from, queue | to (a DDI)}, GET /sim/calls[/{id}] (with the call's ddi), POST /sim/calls/{id}/hangup, GET /sim/agents/{user_name}, POST /sim/agents/{user_name}/presence (as a supervisor), POST /sim/tokens, POST /sim/tokens/revoke, GET/POST /sim/webhooks/chaos, GET /sim/webhooks/deliveries, GET/POST /sim/config {routing}, GET /sim/console, POST /sim/signaling/outage {ms} (closes every softphone signaling connection and refuses new ones for ms), POST /sim/agents/{user_name}/media-delay {ms} (the answer to that agent's media offers waits ms).",
			Source: srcDesign, Status: StandIn},
	)
}
