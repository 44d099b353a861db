package bridge

import "context"

// Handoff connects a call ServiceNow's AWA routed to the agent who accepted
// it. VCC publishes no API for this (its own ServiceNow integration does it
// internally), so this is an ASSUMED seam, the one place a real
// deployment's hand-off goes; vccapi.Client.AssignCall implements it against
// the VCC simulator's routing endpoint (bridge/sim/vccsim's ledger marks it
// assumed).
type Handoff interface {
	// AssignCall asks VCC to connect the call (its interaction id) to the
	// agent (their VCC user id). It returns an error VCC's status can be
	// read from (vccapi.StatusOf): 404 for a call VCC no longer has, 409
	// for one another agent took.
	AssignCall(ctx context.Context, interactionID, userID string) error
}
