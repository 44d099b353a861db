//go:build !js

package vccsim

import (
	"mime"
	"net/http"
	"strings"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// Agents API scopes (VCC: "users:read" reads presences, "users:write"
// reads and sets them).
const (
	scopeUsersRead  = "users:read"
	scopeUsersWrite = "users:write"
	scopeAvailRead  = "agents-availability:read"
)

// maxUsersPerQuery bounds GET /agents/presences/users.
const maxUsersPerQuery = 50

// agentsRoutes serves VCC's Agents API (Accept
// application/vnd.newvoicemedia.v1+json, user-level tokens) at the API base:
// https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3566927907/Agents+API
//
// Permissions follow VCC's: agents get and set only their own presence;
// supervisors and admins those of every user in their account (the
// simulator has no groups). Users of another account are not found (404).
func (s *Server) agentsRoutes() {
	s.mux.HandleFunc("GET /agents/presence-definitions", s.servePresenceDefinitions)
	s.mux.HandleFunc("GET /agents/presences/users", s.servePresencesOfUsers)
	s.mux.HandleFunc("GET /agents/{userId}/presence", s.serveGetPresence)
	s.mux.HandleFunc("PATCH /agents/{userId}/presence", s.servePatchPresence)
	s.mux.HandleFunc("OPTIONS /agents/", s.servePreflight("GET, PATCH"))
	s.mux.HandleFunc("GET /agents-availability", s.serveAvailability)
}

// userPresence is the Agents API's presence of one user.
type userPresence struct {
	UserID   string            `json:"userId"`
	Updated  string            `json:"updated"`
	Presence vccproto.Presence `json:"presence"`
}

func (s *Server) userPresence(u *User) userPresence {
	p, updated := s.presenceRecord(u.ID)
	return userPresence{UserID: u.ID, Updated: updated.UTC().Format("2006-01-02T15:04:05.000Z"), Presence: p}
}

func (s *Server) servePresenceDefinitions(w http.ResponseWriter, r *http.Request) {
	s.allowPanelOrigin(w, r)
	_, caller, ok := s.gateway(w, r, scopeUsersRead, scopeUsersWrite)
	if !ok {
		return
	}
	acc, _ := s.accountByID(caller.AccountID)
	writeJSON(w, http.StatusOK, map[string]any{"presenceDefinitions": acc.Presences})
}

func (s *Server) serveGetPresence(w http.ResponseWriter, r *http.Request) {
	s.allowPanelOrigin(w, r)
	_, caller, ok := s.gateway(w, r, scopeUsersRead, scopeUsersWrite)
	if !ok {
		return
	}
	if u, ok := s.targetUser(w, caller, r.PathValue("userId")); ok {
		writeJSON(w, http.StatusOK, s.userPresence(u))
	}
}

func (s *Server) servePresencesOfUsers(w http.ResponseWriter, r *http.Request) {
	s.allowPanelOrigin(w, r)
	_, caller, ok := s.gateway(w, r, scopeUsersRead, scopeUsersWrite)
	if !ok {
		return
	}
	var ids []string
	for _, id := range strings.Split(r.URL.Query().Get("userId"), ",") {
		if id = strings.TrimSpace(id); id != "" && !containsFold(ids, id) {
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0:
		validationError(w, "userId", "The userId query parameter is required: one or more user ids, separated by commas.")
		return
	case len(ids) > maxUsersPerQuery:
		writeJSON(w, http.StatusBadRequest, map[string]any{"status": http.StatusBadRequest, "title": "Query limit",
			"detail": "Request exceeded maximum number for users of 50 in one query."})
		return
	}
	out := []userPresence{}
	for _, id := range ids {
		if !isGUID(id) {
			writeMessage(w, http.StatusBadRequest, invalidRequestMessage)
			return
		}
		u, ok := s.userByID(id)
		if !ok || u.AccountID != caller.AccountID {
			continue // unknown users are left out of the array
		}
		if !mayManage(caller, u) {
			writeMessage(w, http.StatusForbidden, "Agents may read only their own presence; ask for your own user id.")
			return
		}
		out = append(out, s.userPresence(u))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) servePatchPresence(w http.ResponseWriter, r *http.Request) {
	s.allowPanelOrigin(w, r)
	_, caller, ok := s.gateway(w, r, scopeUsersWrite)
	if !ok {
		return
	}
	u, ok := s.targetUser(w, caller, r.PathValue("userId"))
	if !ok {
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeMessage(w, http.StatusUnsupportedMediaType, "Send the body as application/json: {\"presenceId\":\"<GUID>\"}.")
		return
	}
	var body struct {
		PresenceID string `json:"presenceId"`
	}
	if err := readJSON(r, &body); err != nil {
		validationError(w, "", err.Error())
		return
	}
	if body.PresenceID == "" {
		validationError(w, "presenceId", "The PresenceId field is required.")
		return
	}
	if !isGUID(body.PresenceID) {
		writeMessage(w, http.StatusBadRequest, invalidRequestMessage)
		return
	}
	def, found := s.findPresence(u.AccountID, body.PresenceID)
	if !found {
		validationError(w, "presenceId", "No presence definition "+body.PresenceID+" in this account; list them with GET /agents/presence-definitions.")
		return
	}
	if !def.Selectable && caller.Role == RoleAgent {
		validationError(w, "presenceId", "Presence '"+def.Description+"' is not selectable by agents; a supervisor or admin may set it.")
		return
	}
	if _, err := s.setPresence(u.ID, def.PresenceID, OriginAPI); err != nil {
		writeSetPresenceError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.userPresence(u))
}

// writeSetPresenceError answers a failed setPresence with 400.
func writeSetPresenceError(w http.ResponseWriter, err error) {
	writeMessage(w, http.StatusBadRequest, err.Error())
}

// serveAvailability is the Agent Availability API's summary of the
// caller's account, {"Ready":n,"Away":n,"Extended Away":n,"Logged Out":n}.
// The simulator has no skills, so skillNames is accepted and ignored.
func (s *Server) serveAvailability(w http.ResponseWriter, r *http.Request) {
	_, caller, ok := s.gateway(w, r, scopeAvailRead)
	if !ok {
		return
	}
	counts := map[string]int{"Ready": 0, "Away": 0, "Extended Away": 0, "Logged Out": 0}
	names := map[string]string{vccproto.CategoryReady: "Ready", vccproto.CategoryAway: "Away",
		vccproto.CategoryExtendedAway: "Extended Away", vccproto.CategoryLoggedOut: "Logged Out"}
	for _, u := range s.seed.users {
		if u.AccountID == caller.AccountID && u.AgentID != "" {
			counts[names[s.presenceOf(u.ID).Category.CategoryType]]++
		}
	}
	writeJSON(w, http.StatusOK, counts)
}

// targetUser resolves the {userId} of a path and checks the caller may act
// on that user, answering the request itself when not.
func (s *Server) targetUser(w http.ResponseWriter, caller *User, id string) (*User, bool) {
	if !isGUID(id) {
		writeMessage(w, http.StatusBadRequest, invalidRequestMessage)
		return nil, false
	}
	u, ok := s.userByID(id)
	if !ok || u.AccountID != caller.AccountID {
		writeMessage(w, http.StatusNotFound, "No user "+id+" in this account.")
		return nil, false
	}
	if !mayManage(caller, u) {
		writeMessage(w, http.StatusForbidden, "Agents may get and set only their own presence; use your own user id.")
		return nil, false
	}
	return u, true
}

// mayManage reports whether caller may read and set target's presence.
func mayManage(caller, target *User) bool {
	if caller.AccountID != target.AccountID {
		return false
	}
	return caller.ID == target.ID || caller.Role == RoleAdmin || caller.Role == RoleSupervisor
}

func containsFold(xs []string, x string) bool {
	for _, v := range xs {
		if strings.EqualFold(v, x) {
			return true
		}
	}
	return false
}
