package snsim

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

// RejectReason is an awa_reject_reason as the AWA Inbox Actions API lists
// it.
type RejectReason struct {
	Order        int    `json:"order"`
	Value        string `json:"value"`
	DisplayValue string `json:"display_value"`
	SysID        string `json:"sys_id"`
}

// rejectReasons lists the active reasons for a channel (those with no
// service_channel apply to every channel) by sys_id, as the page's sample
// lists them: not by order, which the inbox sorts by itself.
func (a *AWA) rejectReasons(channel string) []RejectReason {
	rows := a.find(tRejectReason, func(r Record) bool {
		return activeRecord(r) && (r["service_channel"] == "" || r["service_channel"] == channel)
	})
	sort.Slice(rows, func(i, j int) bool { return rows[i]["sys_id"] < rows[j]["sys_id"] })
	out := make([]RejectReason, 0, len(rows))
	for _, r := range rows {
		out = append(out, RejectReason{Order: numberField(r, "order", 0), Value: r["name"], DisplayValue: r["name"], SysID: r["sys_id"]})
	}
	return out
}

// Accept accepts the work item offered to agent and returns the work item.
// Errors (400): "Wrong work item ID", "Work item is not in pending accept
// state", "Work item is assigned to a different agent".
func (a *AWA) Accept(agent, workItem string) (Record, error) {
	var wi Record
	err := a.do(func() (err error) {
		wi, err = a.accept(agent, workItem)
		return err
	})
	return wi, err
}

// Reject rejects the work item offered to agent for the reason given (an
// awa_reject_reason sys_id). Errors: 404 for an unknown agent, work item or
// reason, 400 when it is not offered to agent or may not be rejected for
// that reason (reject).
func (a *AWA) Reject(agent, workItem, reason string) error {
	return a.do(func() error { return a.reject(agent, workItem, reason) })
}

// inboxRequest is the body of the AWA Inbox Actions accept and reject
// calls.
type inboxRequest struct {
	AgentID        string `json:"agent_id"`
	WorkItemID     string `json:"work_item_id"`
	RejectReasonID string `json:"reject_reason_id"`
}

// readInboxRequest decodes and checks the body; it answers 400 itself.
func readInboxRequest(w http.ResponseWriter, r *http.Request, needReason bool) (inboxRequest, bool) {
	var req inboxRequest
	if !decodeAWABody(w, r, &req) {
		return req, false
	}
	switch {
	case strings.TrimSpace(req.AgentID) == "":
		writeError(w, http.StatusBadRequest, "Bad Request", "Missing agent ID")
	case strings.TrimSpace(req.WorkItemID) == "":
		writeError(w, http.StatusBadRequest, "Bad Request", "Missing work item ID")
	case needReason && strings.TrimSpace(req.RejectReasonID) == "":
		writeError(w, http.StatusBadRequest, "Bad Request", "Missing reject reason item ID")
	default:
		return req, true
	}
	return req, false
}

// The AWA Inbox Actions API (api-reference/rest-apis/awa-inbox-actions-api.md):
// accept or reject a work item for an agent, and list the reject reasons of
// a channel. Errors use the platform's envelope with the page's details:
// 400 "Missing agent ID", "Missing work item ID", "Missing reject reason
// item ID", "Wrong work item ID" (accept), "Work item is not in pending
// accept state", "Work item is assigned to a different agent"; 404 "There
// is no record for sys_user|awa_work_item|awa_reject_reason : <id>"
// (reject) and for an unknown channel.

// serveInboxAccept is POST /api/now/awa/inbox/actions/accept
// {"agent_id","work_item_id"} → {"result":{"documentSysId","documentTable"}}.
func (s *Server) serveInboxAccept(w http.ResponseWriter, r *http.Request) {
	req, ok := readInboxRequest(w, r, false)
	if !ok {
		return
	}
	wi, err := s.awa.Accept(req.AgentID, req.WorkItemID)
	if err != nil {
		writeAWAError(w, err)
		return
	}
	writeResult(w, http.StatusOK, map[string]string{"documentSysId": wi["document_id"], "documentTable": wi["document_table"]})
}

// serveInboxReject is POST /api/now/awa/inbox/actions/reject
// {"agent_id","work_item_id","reject_reason_id"} → the same three ids.
func (s *Server) serveInboxReject(w http.ResponseWriter, r *http.Request) {
	req, ok := readInboxRequest(w, r, true)
	if !ok {
		return
	}
	if err := s.awa.Reject(req.AgentID, req.WorkItemID, req.RejectReasonID); err != nil {
		writeAWAError(w, err)
		return
	}
	writeResult(w, http.StatusOK, map[string]string{"work_item_id": req.WorkItemID, "reject_reason_id": req.RejectReasonID, "agent_id": req.AgentID})
}

// serveRejectReasons is GET /api/now/awa/inbox/actions/reject_reasons/{channel_id}.
func (s *Server) serveRejectReasons(w http.ResponseWriter, r *http.Request) {
	channel := r.PathValue("channel_id")
	if s.awa.get(tServiceChannel, channel) == nil {
		writeError(w, http.StatusNotFound, "Record Not Found", "There is no record for awa_service_channel : "+channel)
		return
	}
	writeResult(w, http.StatusOK, s.awa.rejectReasons(channel))
}

// awaIntegration wraps an AWA Agent or Inbox Actions handler: it
// authenticates the caller and checks the awa_integration_user role both
// APIs require (admin has every role), answering 401 or 403 itself. The
// 403's message is the one the Agent API page gives for a missing role.
func (s *Server) awaIntegration(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user, ok := s.authUser(w, r)
		if !ok {
			return
		}
		if !s.hasRole(user, "awa_integration_user") {
			writeError(w, http.StatusForbidden, "User Not Authenticated", "The AWA Agent and Inbox Actions APIs need the awa_integration_user role; "+user["user_name"]+" does not have it")
			return
		}
		h(w, r)
	}
}

// decodeAWABody reads a JSON request body into v (at most 1 MiB); on a
// malformed body it answers 400 and returns false.
func decodeAWABody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid request body", "The body must be a JSON object: "+err.Error())
		return false
	}
	return true
}
