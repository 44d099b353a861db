package cti

// Call directions.
const (
	DirectionInbound  = "inbound"
	DirectionOutbound = "outbound"
)

// PhoneCall is a call as the softphone service reports it (CallUpdated, a
// RequestAcked that changed a call, the calls of SessionWelcomed). The core
// merges it into the panel's Call with what the bridge knows.
type PhoneCall struct {
	// ID is the contact centre's id of the call (VCC's interaction id); the
	// bridge knows the call by it.
	ID    string
	State CallState
	// Direction is DirectionInbound or DirectionOutbound.
	Direction string
	// From is the caller, To the dialled number (outbound), E.164.
	From, To string
	Queue    string
	// QueuedAt and ConnectedAt are RFC 3339, "" until reached.
	QueuedAt, ConnectedAt string
	// Reason says why the call ended or was refused, when the service says
	// (VCC's auto-reject: "Connection rejected due to no WebRTC connection").
	Reason string
}

// party is the other end of the call: the caller, or the number dialled.
func (v PhoneCall) party() string {
	if v.Direction == DirectionOutbound {
		return firstNonEmpty(v.To, v.From)
	}
	return v.From
}
