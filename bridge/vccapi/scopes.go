package vccapi

import (
	"context"
	"errors"
	"strings"
)

// BridgeScopes are the scopes the bridge's API credentials must grant, one
// token each: users:read for the User Admin API (who an agent is),
// users:write for the Agents API (an agent's presence), interactions:write
// for the v0 call detail and disposition code (assumed: the v0 pages name no
// scope) and the routing hand-off, admin:read and admin:write for the webhook
// subscription.
var BridgeScopes = []string{"users:read", "users:write", "interactions:write", "admin:read", "admin:write"}

// CheckScope asks VCC's token endpoint for a token of scope and returns its
// refusal, if any: an *Error whose Message begins with the OAuth error code
// ("invalid_client" for a wrong client id or secret, answered 400 or 401 as
// RFC 6749 §5.2 allows; "invalid_scope" for a scope the credentials lack).
func (c *Client) CheckScope(ctx context.Context, scope string) error {
	_, err := c.token(ctx, scope)
	return err
}

// OAuthError is the RFC 6749 error code of a token endpoint's refusal
// ("invalid_client", "invalid_scope"...), "" when err is not one.
func OAuthError(err error) string {
	var e *Error
	if !errors.As(err, &e) || e.Err != nil {
		return ""
	}
	code, _, _ := strings.Cut(e.Message, " ")
	switch code {
	case "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope":
		return code
	}
	return ""
}
