package vccapi

import (
	"context"
	"net/http"
	"net/url"
)

// The v0 Web API's call resources (docs-vcc.atlassian.net, space VCCA:
// "Retrieving the call detail", "Setting disposition code for the call"),
// addressed by the account's API key and the call's GUID. That a call's GUID
// is the interactionId of VCC's channel events is ASSUMED (no page says so;
// both are the interaction's GUID); callsScope, which scope grants them, is
// too (the v0 pages predate scopes).
const (
	// AcceptCallDetail is the call detail's media type.
	AcceptCallDetail = "application/json;version=3"
	callsScope       = "interactions:write"
)

// Party is one end of a call in the call detail: a telephone number or an
// agent (by display id).
type Party struct {
	TelephoneNumber string `json:"telephoneNumber"`
	AgentID         string `json:"agentId"`
}

// CallDetail is GET /v0/{accountKey}/calls/{callGuid}: usable while the
// call lasts and for 24 hours after.
type CallDetail struct {
	ID              string `json:"id"`
	From            Party  `json:"from"`
	To              Party  `json:"to"`
	DispositionCode string `json:"dispositionCode"`
}

// Direction is "outbound" when an agent placed the call, "inbound"
// otherwise.
func (d CallDetail) Direction() string {
	if d.From.AgentID != "" {
		return "outbound"
	}
	return "inbound"
}

// Customer is the customer's number: the caller of an inbound call, the
// number an outbound call dialled.
func (d CallDetail) Customer() string {
	if d.Direction() == "outbound" {
		return d.To.TelephoneNumber
	}
	return d.From.TelephoneNumber
}

// Dialled is the number an inbound caller dialled (the service's number),
// "" for an outbound call.
func (d CallDetail) Dialled() string {
	if d.Direction() == "outbound" {
		return ""
	}
	return d.To.TelephoneNumber
}

// CallDetail reads a call's detail. A call VCC does not know answers 404
// (*Error).
func (c *Client) CallDetail(ctx context.Context, callGUID string) (CallDetail, error) {
	var out CallDetail
	err := c.doAccept(ctx, callsScope, AcceptCallDetail, http.MethodGet, c.callPath(callGUID), nil, &out)
	return out, err
}

// SetDisposition sets a call's disposition code, POST
// /v0/{accountKey}/calls/{callGuid}/dispositionCode {"dispositionCode",
// "agentId"} (3 to 64 characters; agentId is the agent's display id).
func (c *Client) SetDisposition(ctx context.Context, callGUID, code, agentDisplayID string) error {
	body := map[string]string{"dispositionCode": code}
	if agentDisplayID != "" {
		body["agentId"] = agentDisplayID
	}
	return c.doAccept(ctx, callsScope, "application/json", http.MethodPost, c.callPath(callGUID)+"/dispositionCode", body, nil)
}

func (c *Client) callPath(callGUID string) string {
	return "/v0/" + url.PathEscape(c.AccountKey) + "/calls/" + url.PathEscape(callGUID)
}
