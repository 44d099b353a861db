package vccapi

import (
	"context"
	"net/http"
	"net/url"
)

// AcceptUserAdmin is the User Admin API's media type (v4).
const AcceptUserAdmin = "application/vnd.newvoicemedia.v4+json"

// User is a VCC user as the User Admin API describes one.
type User struct {
	UserID   string `json:"userId"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Active   bool   `json:"active"`
	// AgentDisplayID is the agent's short numeric id, which the v0 Web API
	// takes (userAccountConfiguration.agentConfiguration.agentDisplayId).
	AgentDisplayID string `json:"-"`
}

// User reads a user of the account the bridge's credentials belong to:
// GET /useradmin/users/{userId} (scope users:read; User Admin API). A user
// of another account is not found: *Error with Status 404.
func (c *Client) User(ctx context.Context, userID string) (User, error) {
	var out struct {
		User
		Config struct {
			Agent struct {
				DisplayID string `json:"agentDisplayId"`
			} `json:"agentConfiguration"`
		} `json:"userAccountConfiguration"`
	}
	err := c.doAccept(ctx, "users:read", AcceptUserAdmin, http.MethodGet, "/useradmin/users/"+url.PathEscape(userID), nil, &out)
	u := out.User
	u.AgentDisplayID = out.Config.Agent.DisplayID
	return u, err
}
