package cti

import "github.com/vccnow/connector/wasm/ui"

// What the panel says of the agent's situation: the problems that last
// (problems.go), and the status line, which tells whether a call can reach
// the agent now and, if not, why.

// problemsView is one message per problem, newest last, each closed on its
// own. The text wraps in a narrow panel; the × keeps its place beside it.
func problemsView(s State) []*ui.Node {
	var out []*ui.Node
	for _, p := range s.Problems {
		out = append(out, ui.El("div", ui.TestID("error"), ui.Class("error"), ui.A("role", "alert"), ui.A("data-cause", p.Cause),
			ui.El("span", ui.Class("message"), p.Text),
			ui.El("button", ui.Class("close"), ui.Action(ActDismiss), ui.A("data-value", p.Cause), ui.A("type", "button"), ui.A("aria-label", "Dismiss"), "×")).WithKey(p.Cause))
	}
	if len(out) == 0 && s.Error != "" {
		// A state from an older panel (a snapshot, another tab) names no
		// cause.
		out = append(out, ui.El("div", ui.TestID("error"), ui.Class("error"), ui.A("role", "alert"),
			ui.El("span", ui.Class("message"), s.Error),
			ui.El("button", ui.Class("close"), ui.Action(ActDismiss), ui.A("type", "button"), ui.A("aria-label", "Dismiss"), "×")))
	}
	return out
}

// shownPresence is the presence the Status list shows: the one the panel
// is setting at the agent's request, else the one the agent has.
func shownPresence(s State) string { return firstNonEmpty(s.PresenceAsked, s.PresenceID) }

// statusView is the status line: the audio, and whether calls can reach
// the agent; under it, why the status changed when the agent did not
// change it.
func statusView(s State, inCall bool) *ui.Node {
	var audio string
	switch {
	case s.Mic == MicDenied:
		audio = "Microphone blocked"
	case s.Media == MediaReady:
		audio = "Audio ready"
	case s.Media == MediaFailed:
		audio = "Audio connection lost, retrying…"
	default:
		audio = "Setting up audio…"
	}
	line := []*ui.Node{ui.El("span", ui.TestID("audio-status"), ui.Class("audio", s.Media), audio)}
	if !inCall {
		text, can := callsLine(s)
		line = append(line, ui.El("span", ui.TestID("calls-status"), ui.Class(map[bool]string{true: "muted", false: "blocked"}[can]), " · "+text))
	}
	var note *ui.Node
	if s.PresenceNote != "" {
		note = ui.El("p", ui.TestID("presence-note"), ui.Class("note"), s.PresenceNote)
	}
	return ui.El("div", ui.Class("status-area"), ui.El("p", ui.Class("status"), line), note)
}

// callsLine says whether calls can reach the agent now (Ready, the audio
// up, the contact centre and ServiceNow reachable) and, if not, the first
// reason why and what to do.
func callsLine(s State) (text string, can bool) {
	switch {
	case s.BridgeDown:
		return "Calls can't reach you: the panel can't reach ServiceNow. It keeps trying.", false
	case s.Connection != Online:
		return "Calls can't reach you while the connection to Vonage is down. It reconnects by itself.", false
	case s.Mic == MicDenied:
		return "Calls can't reach you: the microphone is blocked.", false
	case s.TabRole == RoleLeader && s.Mic != MicGranted:
		return "Calls can't reach you until the microphone is allowed.", false
	case s.Media != MediaReady:
		return "Calls can't reach you until the audio connects.", false
	}
	ready := false
	for _, p := range s.Presences {
		if p.ID == s.PresenceID {
			ready = p.Category == PresenceCategoryReady.String()
		}
	}
	if !ready {
		return firstNonEmpty(s.Presence, "Not Ready") + ": calls don't reach you. Choose Ready to take calls.", false
	}
	return "Waiting for calls", true
}
