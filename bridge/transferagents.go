package bridge

import (
	"net/http"
	"strings"

	"github.com/vccnow/connector/wasm/api"
)

// serveTransferAgents answers the agents a call can be transferred to now:
// agents of the account whose panel is open on this bridge (their lease is
// current) and whose VCC presence is in the Ready category, as VCC's Agents
// API says (GET /agents/presences/users, the documented presence, asked
// with the bridge's credentials). The asking agent is left out. An agent
// who is signed out or away is not offered: VCC would send the caller back
// to the queue.
func (s *Server) serveTransferAgents(w http.ResponseWriter, r *http.Request, c caller) {
	open, err := s.store.AgentsWithPanel(r.Context(), s.now())
	if err != nil {
		writeErr(w, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return
	}
	byID := map[string]string{}
	var ids []string
	for _, a := range open {
		if a.VCCUserID == "" || a.UserName == c.agent.UserName {
			continue
		}
		byID[strings.ToLower(a.VCCUserID)] = a.UserName
		ids = append(ids, a.VCCUserID)
	}
	out := api.TransferAgents{Agents: []string{}}
	if len(ids) == 0 {
		writeJSON(w, http.StatusOK, out)
		return
	}
	ps, err := s.vcc.Presences(r.Context(), ids)
	if err != nil {
		s.log.Warn("transfer agents: VCC's Agents API", "err", err)
		writeErr(w, api.CodeUnavailable, "Vonage Contact Center could not be asked who is available; try again.")
		return
	}
	for _, p := range ps {
		name, ok := byID[strings.ToLower(p.UserID)]
		if ok && strings.EqualFold(p.Presence.Category.CategoryType, "Ready") {
			out.Agents = append(out.Agents, name)
		}
	}
	writeJSON(w, http.StatusOK, out)
}
