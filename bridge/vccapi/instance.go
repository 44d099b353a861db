package vccapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// ErrInstanceLinked means the VCC account is linked to another ServiceNow
// instance: its ServiceNow integration registers exactly one.
var ErrInstanceLinked = errors.New("vcc: the account is linked to another ServiceNow instance")

// RegisterInstance links the VCC account to the ServiceNow instance
// (https://acme.service-now.com): PUT /integrations/servicenow
// {"instanceUrl"} with scope admin:write. Registering the instance the
// account is already linked to succeeds again.
//
// VCC configures its ServiceNow integration in the admin portal and
// publishes no API for it; this call is the seam where a deployment's
// registration goes (the VCC simulator implements it).
//
// Errors: ErrInstanceLinked (wrapped, with VCC's message naming the linked
// instance) when the account is linked to another instance; *Error for
// any other failure.
func (c *Client) RegisterInstance(ctx context.Context, instanceURL string) error {
	err := c.do(ctx, "admin:write", http.MethodPut, "/integrations/servicenow", map[string]string{"instanceUrl": instanceURL}, nil)
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusConflict {
		return fmt.Errorf("%w: %s", ErrInstanceLinked, e.Message)
	}
	return err
}
