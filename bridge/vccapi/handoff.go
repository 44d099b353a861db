package vccapi

import (
	"context"
	"net/http"
	"net/url"
)

// AssignCall hands a call ServiceNow's AWA routed to VCC: the agent who
// accepted it takes it, POST /routing/v1/calls/{interactionId}/assign
// {"userId"} (scope interactions:write).
//
// ASSUMED: VCC publishes no API for this hand-off (its ServiceNow
// integration does it internally; the Interactions API routes non-live work
// only). This is the one place where a real deployment's hand-off goes; the
// bridge calls it through its Handoff interface (bridge/handoff.go). The VCC
// simulator's ledger marks it assumed.
func (c *Client) AssignCall(ctx context.Context, interactionID, userID string) error {
	return c.do(ctx, "interactions:write", http.MethodPost, "/routing/v1/calls/"+url.PathEscape(interactionID)+"/assign",
		map[string]string{"userId": userID}, nil)
}
