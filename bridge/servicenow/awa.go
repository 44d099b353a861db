package servicenow

import (
	"context"
	"net/http"
	"net/url"
)

// AWA Inbox Actions, Agent and Offer Work APIs (role awa_integration_user):
// api-reference/rest-apis/awa-inbox-actions-api.md, agent-api.md,
// awa-offer-work-api.md. Each returns an *Error for an error status (with
// ServiceNow's message: "Work item is not in pending accept state"...) or
// an answer without the documented {"result": ...}.

// Accepted is AWA's answer to an accept: the work item's document.
type Accepted struct {
	DocumentSysID string `json:"documentSysId"`
	DocumentTable string `json:"documentTable"`
}

// AcceptWorkItem accepts an offered work item for the agent, as the inbox's
// Accept does: POST /api/now/awa/inbox/actions/accept. AWA refuses a work
// item offered to another agent (400 "Work item is assigned to a different
// agent") and one no longer pending (400 "Work item is not in pending
// accept state").
func (c *Client) AcceptWorkItem(ctx context.Context, agentSysID, workItemID string) (Accepted, error) {
	var out Accepted
	err := c.Do(ctx, http.MethodPost, "/api/now/awa/inbox/actions/accept", nil,
		map[string]string{"agent_id": agentSysID, "work_item_id": workItemID}, &out)
	return out, err
}

// RejectWorkItem rejects an offered work item with an optional reason:
// POST /api/now/awa/inbox/actions/reject. AWA offers it to the next agent.
func (c *Client) RejectWorkItem(ctx context.Context, agentSysID, workItemID, reasonID string) error {
	body := map[string]string{"agent_id": agentSysID, "work_item_id": workItemID}
	if reasonID != "" {
		body["reject_reason_id"] = reasonID
	}
	return c.Do(ctx, http.MethodPost, "/api/now/awa/inbox/actions/reject", nil, body, nil)
}

// RejectReason is one of a channel's reasons to reject an offer.
type RejectReason struct {
	SysID        string `json:"sys_id"`
	Value        string `json:"value"`
	DisplayValue string `json:"display_value"`
	Order        int    `json:"order"`
}

// RejectReasons lists a service channel's active reject reasons (and those
// of every channel): GET /api/now/awa/inbox/actions/reject_reasons/{channel_id}.
func (c *Client) RejectReasons(ctx context.Context, channelSysID string) ([]RejectReason, error) {
	if err := CheckSysID(channelSysID); err != nil {
		return nil, err
	}
	var out []RejectReason
	err := c.Do(ctx, http.MethodGet, "/api/now/awa/inbox/actions/reject_reasons/"+channelSysID, nil, nil, &out)
	return out, err
}

// AgentPresence is AWA's view of an agent.
type AgentPresence struct {
	Presence struct {
		Name      string `json:"name"`
		SysID     string `json:"sys_id"`
		Available bool   `json:"available"`
	} `json:"presence"`
}

// SetAgentPresence sets an agent's AWA presence state by its sys_id:
// PUT /api/now/awa/agents/{user_sys_id}.
func (c *Client) SetAgentPresence(ctx context.Context, agentSysID, presenceStateSysID string) (AgentPresence, error) {
	var out AgentPresence
	body := map[string]any{"presence": map[string]any{"sys_id": presenceStateSysID}}
	err := c.Do(ctx, http.MethodPut, "/api/now/awa/agents/"+url.PathEscape(agentSysID), nil, body, &out)
	return out, err
}

// OfferResult is the AWA Offer Work API's answer:
// {"result":{"success","message","work_item":{...}}}.
type OfferResult struct {
	Success  bool   `json:"success"`
	Message  string `json:"message"`
	WorkItem struct {
		SysID         string `json:"sys_id"`
		DisplayName   string `json:"display_name"`
		DocumentID    string `json:"document_id"`
		DocumentTable string `json:"document_table"`
		Queue         string `json:"queue"`
	} `json:"work_item"`
}

// TransferToQueue hands a document to another AWA queue (a blind transfer):
// the Offer Work API's transfer variant,
// POST /api/now/awa/documents/{table}/{sys_id}/offer with
// {"transfer":{source_queue_id, target_id, target_type "queue",
// transfer_type "blind"}} (api-reference/rest-apis/awa-offer-work-api.md).
// The transfer is done only when the answer says "success": true; it
// returns an *Error otherwise: ErrNotDone with ServiceNow's message for
// "success": false, status 409 (the document's work item or agent
// conflicts) or 404 with the message, or the client's other errors.
func (c *Client) TransferToQueue(ctx context.Context, table, sysID, fromQueue, toQueue string) (OfferResult, error) {
	body := map[string]any{"transfer": map[string]string{
		"source_queue_id": fromQueue, "target_id": toQueue, "target_type": "queue", "transfer_type": "blind",
	}}
	var out OfferResult
	err := c.doOutcome(ctx, http.MethodPost, "/api/now/awa/documents/"+url.PathEscape(table)+"/"+url.PathEscape(sysID)+"/offer", nil, body, &out)
	return out, err
}
