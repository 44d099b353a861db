package snsim

import "net/http"

// The workspace page's own API, under /now/workspace/api/, for the signed-in
// user (X-UserToken): what ServiceNow's workspace does through its internal
// endpoints. Each action goes through the same AWA functions as the REST
// APIs.
//
//	GET  feed                       the event feed (amb.go)
//	POST presence                   {"sys_id": "<awa_presence_state>"} → the presence
//	POST inbox/accept               {"work_item_id"} → the work item
//	POST inbox/reject               {"work_item_id", "reject_reason_id"}
//	GET  record/{table}/{sys_id}    a record for a tab (workspace_record.go)
//	POST wrapup                     {"segment" | "interaction", "code", "notes"} → the segment
//	                                (workspace_wrapup.go)

func (s *Server) workspaceRoutes() {
	s.mux.HandleFunc("GET /now/workspace/api/feed", s.serveFeed)
	s.mux.HandleFunc("POST /now/workspace/api/presence", s.serveWorkspacePresence)
	s.mux.HandleFunc("POST /now/workspace/api/inbox/{action}", s.serveWorkspaceInbox)
	s.mux.HandleFunc("GET /now/workspace/api/record/{table}/{sys_id}", s.serveWorkspaceRecord)
	s.mux.HandleFunc("POST /now/workspace/api/wrapup", s.serveWorkspaceWrapUp)
	for _, script := range []string{"workspace.js", "workspace_tabs.js", "workspace_wrapup.js"} {
		s.mux.HandleFunc("GET /scripts/sim/"+script, func(w http.ResponseWriter, r *http.Request) {
			serveAsset(w, script)
		})
	}
}

// sessionRequest authenticates a workspace call and decodes its JSON body
// into body; it answers 401 or 400 itself.
func (s *Server) sessionRequest(w http.ResponseWriter, r *http.Request, body any) (Record, bool) {
	user, ok := s.authUser(w, r)
	if !ok || !decodeAWABody(w, r, body) {
		return nil, false
	}
	return user, true
}

// serveWorkspacePresence is the presence menu.
func (s *Server) serveWorkspacePresence(w http.ResponseWriter, r *http.Request) {
	var body struct {
		SysID string `json:"sys_id"`
	}
	user, ok := s.sessionRequest(w, r, &body)
	if !ok {
		return
	}
	if body.SysID == "" {
		writeError(w, http.StatusBadRequest, "Bad Request", `Missing presence: send {"sys_id":"<awa_presence_state sys_id>"}`)
		return
	}
	p, err := s.awa.SetPresence(user["sys_id"], body.SysID, nil)
	if err != nil {
		writeAWAError(w, err)
		return
	}
	writeResult(w, http.StatusOK, p)
}

// serveWorkspaceInbox is an inbox card's Accept or Reject button.
func (s *Server) serveWorkspaceInbox(w http.ResponseWriter, r *http.Request) {
	var body inboxRequest
	user, ok := s.sessionRequest(w, r, &body)
	if !ok {
		return
	}
	if body.WorkItemID == "" {
		writeError(w, http.StatusBadRequest, "Bad Request", "Missing work item ID")
		return
	}
	switch r.PathValue("action") {
	case "accept":
		wi, err := s.awa.Accept(user["sys_id"], body.WorkItemID)
		if err != nil {
			writeAWAError(w, err)
			return
		}
		writeResult(w, http.StatusOK, wi)
	case "reject":
		if body.RejectReasonID == "" {
			writeError(w, http.StatusBadRequest, "Bad Request", "Missing reject reason ID: choose a reason")
			return
		}
		if err := s.awa.Reject(user["sys_id"], body.WorkItemID, body.RejectReasonID); err != nil {
			writeAWAError(w, err)
			return
		}
		writeResult(w, http.StatusOK, map[string]string{"work_item_id": body.WorkItemID, "reject_reason_id": body.RejectReasonID})
	default:
		writeError(w, http.StatusNotFound, "Not Found", "The inbox actions are accept and reject")
	}
}
