package cti

// CallState is a call's state as the softphone service reports it
// (PhoneCall.State). The panel shows a subset of these in Call.State, as
// the CallPhase named by the string String returns (CallRinging,
// CallConnected...).
type CallState int

// Call states.
const (
	// CallStateUnknown is a state the adapter could not name; an update in
	// it changes nothing but the call's details.
	CallStateUnknown CallState = iota
	// CallStateQueued: the caller waits in a queue (not the agent's yet).
	CallStateQueued
	// CallStateRinging: offered to the agent, or an outbound call ringing.
	CallStateRinging
	CallStateConnected
	CallStateHeld
	// CallStateParked: the agent's audio dropped and the caller waits for it
	// (after a reload or a network change).
	CallStateParked
	CallStateWrapUp
	CallStateEnded
	// CallStateAbandoned: the caller hung up before an agent took the call.
	CallStateAbandoned
)

var callStateNames = [...]string{
	CallStateUnknown:   "unknown",
	CallStateQueued:    "queued",
	CallStateRinging:   string(CallRinging),
	CallStateConnected: string(CallConnected),
	CallStateHeld:      string(CallHeld),
	CallStateParked:    string(CallParked),
	CallStateWrapUp:    string(CallWrapUp),
	CallStateEnded:     string(CallEnded),
	CallStateAbandoned: "abandoned",
}

// String is the state's name: for the states the panel shows, the
// CallPhase's string (CallRinging, CallConnected...).
func (s CallState) String() string {
	if s < 0 || int(s) >= len(callStateNames) {
		return callStateNames[CallStateUnknown]
	}
	return callStateNames[s]
}

// ParseCallState is the state String names, CallStateUnknown for any other
// text.
func ParseCallState(raw string) CallState {
	for s, name := range callStateNames {
		if name == raw {
			return CallState(s)
		}
	}
	return CallStateUnknown
}

// live reports whether the agent is on the call: ringing, connected, held
// or parked.
func (s CallState) live() bool {
	return s == CallStateRinging || s == CallStateConnected || s == CallStateHeld || s == CallStateParked
}
