package vccapi

import "context"

// BridgeScopes are the scopes the bridge's API credentials must grant:
// interactions:write for the routing hand-off (AssignCall), admin:read and
// admin:write for the webhook subscription and the instance link.
var BridgeScopes = []string{"interactions:write", "admin:read", "admin:write"}

// CheckScope asks VCC's token endpoint for a token of scope and returns its
// refusal, if any (an *Error: 401 for wrong credentials, 400 invalid_scope
// for a scope the credentials lack).
func (c *Client) CheckScope(ctx context.Context, scope string) error {
	_, err := c.token(ctx, scope)
	return err
}
