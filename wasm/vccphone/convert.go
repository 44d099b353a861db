package vccphone

import (
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/vcc"
)

// welcomed is VCC's welcome in the core's terms; the queues and agents to
// transfer to become one list of targets, queues first.
func welcomed(w vcc.Welcome) cti.SessionWelcomed {
	out := cti.SessionWelcomed{
		User:                 cti.SessionUser{ID: w.User.UserID, UserName: w.User.UserName, Name: w.User.Name},
		Resumed:              w.Resumed,
		ResumeToken:          w.ResumeToken,
		Presence:             presence(w.Presence),
		Dispositions:         w.Dispositions,
		EnforcedDispositions: w.EnforcedDispositions,
	}
	for _, p := range w.Presences {
		out.Presences = append(out.Presences, presence(p))
	}
	for _, t := range append(append([]vcc.Target{}, w.Queues...), w.Agents...) {
		out.Targets = append(out.Targets, cti.Target{Type: t.Type, ID: t.ID, Name: t.Name})
	}
	for _, c := range w.Calls {
		out.Calls = append(out.Calls, phoneCall(c))
	}
	for _, s := range w.ICEServers {
		out.ICEServers = append(out.ICEServers, cti.ICEServer(s))
	}
	return out
}

// presence is a VCC presence definition (the Agents API's shape).
func presence(p vcc.Presence) cti.Presence {
	return cti.Presence{ID: p.PresenceID, Description: p.Description, Category: category(p.Category.CategoryType), Selectable: p.Selectable}
}

// category is a VCC presence category (categoryType).
func category(t string) cti.PresenceCategory {
	switch t {
	case vcc.CategoryReady:
		return cti.PresenceCategoryReady
	case vcc.CategoryAway:
		return cti.PresenceCategoryAway
	case vcc.CategoryExtendedAway:
		return cti.PresenceCategoryExtendedAway
	case vcc.CategoryLoggedOut:
		return cti.PresenceCategoryLoggedOut
	}
	return cti.PresenceCategoryUnknown
}

// phoneCall is VCC's view of a call.
func phoneCall(c vcc.Call) cti.PhoneCall {
	return cti.PhoneCall{
		ID: c.ID, State: callState(c.State), Direction: c.Direction, From: c.From, To: c.To, Queue: c.Queue,
		QueuedAt: c.QueuedAt, ConnectedAt: c.ConnectedAt, Reason: c.Reason,
	}
}

func callState(s string) cti.CallState {
	switch s {
	case vcc.CallQueued:
		return cti.CallStateQueued
	case vcc.CallRinging:
		return cti.CallStateRinging
	case vcc.CallConnected:
		return cti.CallStateConnected
	case vcc.CallHeld:
		return cti.CallStateHeld
	case vcc.CallParked:
		return cti.CallStateParked
	case vcc.CallWrapUp:
		return cti.CallStateWrapUp
	case vcc.CallEnded:
		return cti.CallStateEnded
	case vcc.CallAbandoned:
		return cti.CallStateAbandoned
	}
	return cti.CallStateUnknown
}

func endReason(r string) cti.EndReason {
	switch r {
	case vcc.EndTakenOver:
		return cti.EndReasonTakenOver
	case vcc.EndSignedOut:
		return cti.EndReasonSignedOut
	case vcc.EndExpired:
		return cti.EndReasonExpired
	}
	return cti.EndReasonUnknown
}

func refusal(code string) cti.RefusalReason {
	switch code {
	case vcc.ErrCodeUnauthorized:
		return cti.RefusalUnauthorized
	case vcc.ErrCodeResume:
		return cti.RefusalResumeFailed
	case vcc.ErrCodeAccount:
		return cti.RefusalAccountMismatch
	case vcc.ErrCodeBadRequest:
		return cti.RefusalBadRequest
	case vcc.ErrCodeNoCall:
		return cti.RefusalNoCall
	case vcc.ErrCodeState:
		return cti.RefusalInvalidState
	case vcc.ErrCodeNotReady:
		return cti.RefusalNotReady
	case vcc.ErrCodeInternal:
		return cti.RefusalInternal
	}
	return cti.RefusalUnknown
}
