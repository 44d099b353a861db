//go:build !js

package vccsim

import (
	"net/http"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// controlAgentsRoutes serves the loopback control API for agents, tokens
// and webhooks:
//
//	GET  /sim/agents/{user_name}           presence, state and softphone sessions
//	POST /sim/agents/{user_name}/presence  {"presence":"Break"}, as a supervisor
//	POST /sim/tokens                       {"user_name"[, "scope"]} mints an agent token (tests)
//	POST /sim/tokens/revoke                {"user_name"} revokes the user's tokens
//	GET  /sim/webhooks/chaos               the current Chaos
//	POST /sim/webhooks/chaos               {"duplicate":0.5,"reorder":true,"delay_ms":50}
//	GET  /sim/webhooks/deliveries          recent delivery attempts
func (s *Server) controlAgentsRoutes() {
	s.mux.HandleFunc("GET /sim/agents/{user_name}", s.control(s.serveSimAgent))
	s.mux.HandleFunc("POST /sim/agents/{user_name}/presence", s.control(s.serveSimAgentPresence))
	s.mux.HandleFunc("POST /sim/tokens", s.control(s.serveSimMintToken))
	s.mux.HandleFunc("POST /sim/tokens/revoke", s.control(s.serveSimRevoke))
	s.mux.HandleFunc("GET /sim/webhooks/chaos", s.control(s.serveSimGetChaos))
	s.mux.HandleFunc("POST /sim/webhooks/chaos", s.control(s.serveSimSetChaos))
	s.mux.HandleFunc("GET /sim/webhooks/deliveries", s.control(s.serveSimDeliveries))
}

// agentView is GET /sim/agents/{user_name}.
type agentView struct {
	UserName  string            `json:"userName"`
	UserID    string            `json:"userId"`
	AgentID   string            `json:"agentId"`
	AccountID string            `json:"accountId"`
	Role      string            `json:"role"`
	WebRTC    bool              `json:"webrtc"`
	Presence  vccproto.Presence `json:"presence"`
	Updated   string            `json:"presenceUpdated"`
	// State is the agent's state: Busy or WrapUp while calls need the
	// agent, "Connection Unavailable" after an auto-reject (autoreject.go),
	// otherwise the presence's category (Ready, Away, ExtendedAway,
	// LoggedOut).
	State    string        `json:"state"`
	Sessions []SessionInfo `json:"sessions"`
}

func (s *Server) agentView(u *User) agentView {
	p, updated := s.presenceRecord(u.ID)
	state := s.agentActivity(u.ID)
	if state == "" {
		state = p.Category.CategoryType
	}
	return agentView{
		UserName: u.UserName, UserID: u.ID, AgentID: u.AgentID, AccountID: u.AccountID, Role: u.Role,
		WebRTC: u.WebRTC, Presence: p, Updated: eventTime(updated), State: state,
		Sessions: s.agentSessions(u.ID),
	}
}

func (s *Server) simUser(w http.ResponseWriter, name string) (*User, bool) {
	u, ok := s.userByName(name)
	if !ok {
		writeMessage(w, http.StatusNotFound, "No VCC user "+name+"; the seed's users are in testdata/vcc/users.json.")
	}
	return u, ok
}

func (s *Server) serveSimAgent(w http.ResponseWriter, r *http.Request) {
	if u, ok := s.simUser(w, r.PathValue("user_name")); ok {
		writeJSON(w, http.StatusOK, s.agentView(u))
	}
}

// serveSimAgentPresence sets an agent's presence by description ("Break")
// or presence id, as a supervisor would (origin "supervisor").
func (s *Server) serveSimAgentPresence(w http.ResponseWriter, r *http.Request) {
	u, ok := s.simUser(w, r.PathValue("user_name"))
	if !ok {
		return
	}
	var body struct {
		Presence string `json:"presence"`
	}
	if err := readJSON(r, &body); err != nil || body.Presence == "" {
		writeMessage(w, http.StatusBadRequest, `Send {"presence":"<description or presenceId>"}, e.g. {"presence":"Break"}.`)
		return
	}
	def, ok := s.findPresence(u.AccountID, body.Presence)
	if !ok {
		writeMessage(w, http.StatusBadRequest, "No presence "+body.Presence+" in "+u.UserName+"'s account.")
		return
	}
	if _, err := s.setPresence(u.ID, def.PresenceID, OriginSupervisor); err != nil {
		writeSetPresenceError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.agentView(u))
}

// serveSimMintToken mints an access token for a user as if they had signed
// in to the connector's client, skipping the sign-in page: a shortcut for
// tests of other components. Real VCC has nothing like it.
func (s *Server) serveSimMintToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		UserName string `json:"user_name"`
		Scope    string `json:"scope"`
	}
	if err := readJSON(r, &body); err != nil || body.UserName == "" {
		writeMessage(w, http.StatusBadRequest, `Send {"user_name":"beth.anglin"} (and optionally "scope").`)
		return
	}
	u, ok := s.simUser(w, body.UserName)
	if !ok {
		return
	}
	c := s.seed.clients[connectorClientID]
	if c == nil {
		writeMessage(w, http.StatusInternalServerError, "The seed has no "+connectorClientID+" client.")
		return
	}
	scope, oerr := c.checkScopes(body.Scope)
	if oerr != nil {
		writeJSON(w, oerr.Status, oerr)
		return
	}
	resp, oerr := s.issueTokens(u, c, scope, "")
	if oerr != nil {
		writeJSON(w, oerr.Status, oerr)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// serveSimRevoke revokes every access and refresh token of a user, so the
// simulator's APIs and signaling refuse them from now on (a token that
// "expired early"). Verifiers elsewhere that check only the signature and
// exp still accept it: shorten Config.AccessTokenTTL to test real expiry.
func (s *Server) serveSimRevoke(w http.ResponseWriter, r *http.Request) {
	var body struct {
		UserName string `json:"user_name"`
	}
	if err := readJSON(r, &body); err != nil || body.UserName == "" {
		writeMessage(w, http.StatusBadRequest, `Send {"user_name":"<user>"}.`)
		return
	}
	u, ok := s.simUser(w, body.UserName)
	if !ok {
		return
	}
	n := s.grants.revokeUser(u.ID, s.now())
	s.log.Printf("tokens: revoked %d tokens of %s", n, u.UserName)
	writeJSON(w, http.StatusOK, map[string]int{"revoked": n})
}

func (s *Server) serveSimGetChaos(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.hooks.currentChaos())
}

func (s *Server) serveSimSetChaos(w http.ResponseWriter, r *http.Request) {
	var c Chaos
	if err := readJSON(r, &c); err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := c.validate(); err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	s.hooks.setChaos(c)
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) serveSimDeliveries(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	out := []deliveryRecord{}
	for _, d := range s.hooks.deliveries() {
		if (q.Get("type") == "" || q.Get("type") == d.Type) &&
			(q.Get("subscription") == "" || q.Get("subscription") == d.SubscriptionID) {
			out = append(out, d)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": out})
}
