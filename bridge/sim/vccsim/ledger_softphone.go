//go:build !js

package vccsim

import vccproto "github.com/vccnow/connector/wasm/vcc"

// Ledger rows for the softphone: the signaling WebSocket (softphone.go,
// requests.go, session.go, package wasm/vcc) and its media (negotiation.go,
// media.go, audio.go, dtmf.go). VCC publishes neither ContactPad's WebRTC
// signaling nor its media setup, so every row is assumed and always on: the
// product cannot take a call without them.
func init() {
	const area = "Softphone signaling"
	const media = "Softphone media"
	const adapter = "A real deployment writes one adapter: the VCC signaling adapter behind wasm/cti's vendor-neutral softphone port (today package wasm/vcc) speaks VCC's real signaling, and the loader's resumption after a reload (web/static/loader.js) speaks its hello, offer, answer and candidate, or is left out (the core then resumes, as before it); the core, the panel and the bridge do not change. "
	const src = "none: VCC does not publish ContactPad's signaling (wasm/vcc/protocol.go is the project's own protocol)"
	row := func(item, what, ifWrong string) Row {
		return Row{Area: area, Item: item, What: what, Source: src, Status: Assumed, IfWrong: adapter + ifWrong}
	}
	addLedger(
		row("GET "+vccproto.Path+" (WebSocket)",
			"The signaling connection at the API base: JSON envelopes {v:1,type,id,data} in text frames, at most 64 KiB (larger closes with 1009); pages of Config.PanelOrigins may connect; pings every 20 s; hello within 10 s.",
			"The port's connect and disconnect."),
		row("hello (panel → VCC)",
			"{token, resumeToken?, takeover?, client {id, instance, browser}}: the agent's access token (an agent with agentConfiguration.webrtc), opening a session, resuming one, or taking over the user's live session elsewhere. client.instance is informational.",
			"The port's session open and resume."),
		row("welcome (VCC → panel)",
			"{sessionId, resumeToken, resumed, resumeGraceSeconds, user, presence, presences (the selectable ones), dispositions, enforcedDispositions, queues, agents, calls, iceServers}.",
			"The adapter builds the port's session state from VCC's equivalents (presence definitions from the Agents API)."),
		row("resumption in the loader (panel → VCC, after a reload)",
			"While the connector compiles, the reloaded leading tab's loader resumes the session (hello id \"early-hello\" with the snapshot's tokens) and, on the welcome whose id is that hello's, offers the audio and trickles its candidates; the core then carries both on (one hello and one offer per reload, as the core alone sends).",
			"Turning the loader's resumption off costs the reload about the connector's compile time before the caller is heard again."),
		row("conflict (VCC → panel)",
			"{existing client, since}: the user has a live session on another panel; hello with takeover ends it (ended taken_over there).",
			"The port's take-over question; without it the panel keeps one tab per browser."),
		row("ended (VCC → panel)",
			"{reason: taken_over | signed_out | expired, message}, then the connection closes.",
			"The port's session end."),
		row("offer (panel → VCC)",
			"An SDP offer for the session's one media connection (a new one after a resume or a failure, a renegotiation otherwise); answered by answer, then candidates, then ack.",
			"The port's media offer/answer."),
		row("answer (VCC → panel)",
			"The SDP answer to the panel's offer.",
			"The port's media offer/answer."),
		row("candidate (both ways)",
			"Trickled ICE candidates (RTCIceCandidateInit); an empty candidate ends gathering.",
			"The port's media offer/answer."),
		row("presence (panel → VCC)",
			"{presenceId}: sets the agent's presence as the Agents API's PATCH does (any presence, Ready included, whatever the media).",
			"Nothing: the panel sets presence through the bridge and the documented Agents API."),
		row("presence (VCC → panel)",
			"The agent's new presence after every change, whoever made it (the panel, the Agents API, a supervisor, sign-out).",
			"The port's presence event; the presence webhook carries the same change to the bridge."),
		row("call (VCC → panel)",
			"A call as its agent sees it {id, state, direction, from, to, queue, agent, regarding, disposition, muted, queuedAt, connectedAt, endedAt, reason} whenever it changes; an auto-rejected offer is state ended with ContactPad's reason.",
			"The port's call offered, answered, held, resumed, transferred and ended."),
		row("answer (panel → VCC)",
			"{callId}: answers a call ringing at the agent (VCC routing).",
			"The port's answer."),
		row("reject (panel → VCC)",
			"{callId}: declines a ringing inbound call (offered to someone else) or cancels a ringing outbound one.",
			"The port's reject."),
		row("hangup (panel → VCC)",
			"{callId}: ends the call; the agent goes into wrap-up.",
			"The port's hang-up."),
		row("hold, resume (panel → VCC)",
			"{callId}: holds a connected call (the caller hears hold music) and takes it back.",
			"The port's hold and resume."),
		row("mute (panel → VCC)",
			"{callId, muted}: records the agent's microphone state (the browser mutes the audio itself).",
			"The port's mute; without it only supervisors' views lose the state."),
		row("transfer (panel → VCC)",
			"{callId, target {type: queue | agent, id}}: a blind transfer of a connected or held call to a queue or an agent of the welcome's lists; the agent goes into wrap-up.",
			"The port's transfer; the panel reports it to the bridge either way."),
		row("wrapup (panel → VCC)",
			"{callId, disposition, notes}: ends the agent's wrap-up; a code is needed when the agent's codes are enforced and none was set through the v0 Web API.",
			"The port's wrap-up; the disposition also reaches VCC through the documented v0 Web API."),
		row("dial (panel → VCC)",
			"{number (E.164), regarding}: click-to-dial with connected media.",
			"The port's dial; VCC's documented v0 \"Making a call\" is the other route."),
		row("signout (panel → VCC)",
			"Ends the session: its calls end and the agent is logged out.",
			"The port's sign-out."),
		row("ack, error (VCC → panel)",
			"The answer to every request with an id: ack {call?} or error {code, message} (codes bad_request, unauthorized, not_ready, state, no_call, resume, internal).",
			"The port's request results."),
		row("ping, pong",
			"A keep-alive the panel may send; the server answers pong.",
			"Nothing."),

		Row{Area: media, Item: "one WebRTC connection per session",
			What:    "The server answers the panel's offer with Opus (48 kHz) audio, sendrecv, host ICE candidates (no STUN or TURN on loopback); calls are switched onto it, so answering a call needs no new negotiation.",
			Source:  "none: VCC does not publish its WebRTC setup",
			Status:  Assumed,
			IfWrong: adapter + "The browser's media code (wasm/softphone) is standard WebRTC."},
		Row{Area: media, Item: "DTMF",
			What:    "RFC 4733 telephone-events in the media (48 kHz and 8 kHz), recorded on the call (GET /sim/calls/{id} dtmf).",
			Source:  "RFC 4733; VCC does not say how ContactPad sends DTMF",
			Status:  Assumed,
			IfWrong: adapter + "The keypad sends through the port."},
	)
}
