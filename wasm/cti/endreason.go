package cti

// EndReason says why the softphone service ended the agent's session
// (SessionEnded).
type EndReason int

// End reasons.
const (
	// EndReasonUnknown: ended for a reason the adapter could not name.
	EndReasonUnknown EndReason = iota
	// EndReasonTakenOver: the agent opened the session somewhere else.
	EndReasonTakenOver
	// EndReasonSignedOut: the agent signed out (here or elsewhere).
	EndReasonSignedOut
	// EndReasonExpired: the session or its token expired.
	EndReasonExpired
)

var endReasonNames = [...]string{
	EndReasonUnknown:   "unknown",
	EndReasonTakenOver: "taken over",
	EndReasonSignedOut: "signed out",
	EndReasonExpired:   "expired",
}

// String names the reason for logs.
func (r EndReason) String() string {
	if r < 0 || int(r) >= len(endReasonNames) {
		return endReasonNames[EndReasonUnknown]
	}
	return endReasonNames[r]
}

// ParseEndReason is the reason String names, EndReasonUnknown for any other
// text.
func ParseEndReason(raw string) EndReason {
	for r, name := range endReasonNames {
		if name == raw {
			return EndReason(r)
		}
	}
	return EndReasonUnknown
}

// notice is what the agent reads when the session ends so.
func (r EndReason) notice() string {
	switch r {
	case EndReasonTakenOver:
		// The status the agent has there is not named: it changes there,
		// and this panel would go on saying the old one.
		return "You are signed in on another computer or browser now: calls ring there. Sign in here to move back."
	case EndReasonExpired:
		return "Your session expired. Sign in again to take calls."
	case EndReasonSignedOut:
		return "You are signed out."
	}
	return "Your Vonage Contact Center session ended."
}
