package cti

import "strings"

// Problem is a message the agent reads about something that went wrong.
// Each belongs to a cause and lasts as long as it does: a failed answer's
// message goes when the call is answered or gone, "the connection to
// ServiceNow is down" when the bridge answers again. The agent may dismiss
// one sooner. The texts say what happened and what to do in an agent's words
// (failures.go); what support needs (codes, addresses, vendors' own text)
// goes to the support log only.
type Problem struct {
	// Cause names what the problem is about (the cause* kinds below).
	Cause string `json:"cause"`
	Text  string `json:"text"`
}

// Kinds of cause, and how long each lasts (see live).
const (
	// causeBridge: the panel gets no answer from the bridge; it lasts until
	// the bridge answers again.
	causeBridge = "bridge"
	// causeLink: the connection to Vonage is down; until it is back.
	causeLink = "link"
	// causeMic: the microphone is blocked or missing; until it is granted.
	causeMic = "mic"
	// causeAudio: the audio connection is not up; until it is.
	causeAudio = "audio"
	// causeReady: Ready was refused for a reason the panel can see end (the
	// audio, the connection); until Ready is possible or the agent has
	// another status.
	causeReady = "ready"
	// causeSignIn: signing in failed; until the agent signs in (or clicks
	// Sign in again).
	causeSignIn = "signin"
	// causeBusy: the agent is on a call; until no call rings or is on.
	causeBusy = "busy"
	// causeNote: something the panel cannot see end (ServiceNow missed a
	// wrap-up, a number that cannot be dialled): until dismissed.
	causeNote = "note"
)

// causeCall is a problem with the call key as it is now (its state): it
// lasts while the call is in that state with nothing under way. A failed
// answer's message goes when the call is answered, gone, or answered again.
func causeCall(key string, state CallPhase) string { return "call:" + key + ":" + string(state) }

// causePresence is a refused change of status while the agent has the
// presence id: it lasts until their status changes.
func causePresence(id string) string { return "presence:" + id }

// causeDisposition asks for a disposition code for the wrap-up of key: it
// lasts until one is chosen or the wrap-up is over.
func causeDisposition(key string) string { return "disposition:" + key }

// problem shows the agent a problem of cause (replacing that cause's
// earlier one) and logs it.
func (c *Connector) problem(cause, text string) {
	c.dropProblem(cause)
	c.state.Problems = append(c.state.Problems, Problem{Cause: cause, Text: text})
	c.state.Error = text
	c.logf("error", "%s", text)
}

// fail shows a problem whose end the panel cannot see (causeNote). Prefer
// problem with a cause that ends by itself.
func (c *Connector) fail(msg string) { c.problem(causeNote, msg) }

// dropProblem forgets the problem of cause ("" forgets them all).
func (c *Connector) dropProblem(cause string) {
	kept := c.state.Problems[:0]
	for _, p := range c.state.Problems {
		if cause != "" && p.Cause != cause {
			kept = append(kept, p)
		}
	}
	c.state.Problems = kept
	c.state.Error = lastProblem(c.state.Problems)
}

// tidyProblems drops, after every input, the problems whose cause has gone,
// so neither this panel nor a tab mirroring it shows a stale one.
func (c *Connector) tidyProblems() {
	kept := c.state.Problems[:0]
	for _, p := range c.state.Problems {
		if c.live(p.Cause) {
			kept = append(kept, p)
		} else {
			c.logf("info", "problem over (%s): %s", p.Cause, p.Text)
		}
	}
	if len(kept) == 0 {
		kept = nil
	}
	c.state.Problems = kept
	c.state.Error = lastProblem(kept)
}

// live reports whether a problem's cause lasts.
func (c *Connector) live(cause string) bool {
	kind, rest, _ := strings.Cut(cause, ":")
	s := &c.state
	switch kind {
	case causeBridge:
		return s.BridgeDown
	case causeLink:
		return s.SignedIn && s.Connection != Online
	case causeMic:
		return s.Mic == MicDenied
	case causeAudio:
		return s.SignedIn && s.Media != MediaReady
	case causeReady:
		return s.SignedIn && c.readyBlocker() != "" && c.defByID(s.PresenceID).Category != PresenceCategoryReady
	case causeSignIn:
		return !s.SignedIn
	case causeBusy:
		for _, call := range s.Calls {
			if call.State != CallWrapUp {
				return true
			}
		}
		return false
	case "presence":
		return s.SignedIn && s.PresenceID == rest
	case "disposition":
		call := s.wrapUpCall(rest)
		return call != nil && call.State == CallWrapUp && call.Disposition == ""
	case "call":
		i := strings.LastIndex(rest, ":")
		if i < 0 {
			return false
		}
		state := CallPhase(rest[i+1:])
		call := s.wrapUpCall(rest[:i])
		if state != CallWrapUp {
			call = s.call(rest[:i])
		}
		return call != nil && call.State == state && call.Pending == ""
	}
	return true // causeNote and any other: until dismissed
}

// dismiss forgets the problem the agent closed (all of them, and the
// notice, for "").
func (c *Connector) dismiss(cause string) {
	if cause == "" {
		c.state.Notice = ""
	}
	c.dropProblem(cause)
}

func lastProblem(ps []Problem) string {
	if len(ps) == 0 {
		return ""
	}
	return ps[len(ps)-1].Text
}
