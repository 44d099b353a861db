package servicenow

import (
	"context"
	"net/http"
	"net/url"
)

// AWA Inbox Actions and Agent APIs (role awa_integration_user).

// AcceptWorkItem accepts an offered work item for the agent, as the inbox's
// Accept does: POST /api/now/awa/inbox/actions/accept.
func (c *Client) AcceptWorkItem(ctx context.Context, agentSysID, workItemID string) error {
	return c.Do(ctx, http.MethodPost, "/api/now/awa/inbox/actions/accept", nil,
		map[string]string{"agent_id": agentSysID, "work_item_id": workItemID}, nil)
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

// TransferToQueue hands a document to another AWA queue (a blind transfer):
// the Offer Work API's transfer variant,
// POST /api/now/awa/documents/{table}/{sys_id}/offer.
func (c *Client) TransferToQueue(ctx context.Context, table, sysID, fromQueue, toQueue string) error {
	body := map[string]any{"transfer": map[string]string{
		"source_queue_id": fromQueue, "target_id": toQueue, "target_type": "queue", "transfer_type": "blind",
	}}
	return c.Do(ctx, http.MethodPost, "/api/now/awa/documents/"+url.PathEscape(table)+"/"+url.PathEscape(sysID)+"/offer", nil, body, nil)
}
