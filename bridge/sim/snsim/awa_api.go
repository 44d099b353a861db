package snsim

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// The AWA Agent API (api-reference/rest-apis/agent-api.md): an agent's
// presence, the presence states they can choose, and their capacities.
// Every call needs the awa_integration_user role. Errors use the platform's
// envelope: 400 a malformed body, 403 the role, 404 "Record Not Found" for
// an unknown user, presence state or channel.
//
// PUT /api/now/awa/agents/{id} is how presence changes from outside the
// workspace; within it, only the workspace's presence menu and AWA's own
// timeout presence change it (OpenFrame's setPresenceIndicator only paints,
// topframe.js).

// awaRoutes registers the AWA REST APIs (unversioned and /v1) and
// OpenFrameAjaxUtility.
func (s *Server) awaRoutes() {
	for _, base := range []string{"/api/now/awa", "/api/now/v1/awa"} {
		s.mux.HandleFunc("GET "+base+"/agents/{user_sys_id}", s.forAgent(s.serveAgent))
		s.mux.HandleFunc("PUT "+base+"/agents/{user_sys_id}", s.forAgent(s.serveSetAgent))
		s.mux.HandleFunc("GET "+base+"/agents/{user_sys_id}/presence_states", s.forAgent(s.servePresenceStates))
		s.mux.HandleFunc("GET "+base+"/agents/{user_sys_id}/capacities", s.forAgent(s.serveCapacities))
		s.mux.HandleFunc("PUT "+base+"/agents/{user_sys_id}/capacities", s.forAgent(s.serveSetCapacities))
		s.mux.HandleFunc("POST "+base+"/inbox/actions/accept", s.awaIntegration(s.serveInboxAccept))
		s.mux.HandleFunc("POST "+base+"/inbox/actions/reject", s.awaIntegration(s.serveInboxReject))
		s.mux.HandleFunc("GET "+base+"/inbox/actions/reject_reasons/{channel_id}", s.awaIntegration(s.serveRejectReasons))
		s.mux.HandleFunc("POST "+base+"/documents/{document_table}/{document_sys_id}/offer", s.serveOfferWork)
	}
	s.mux.HandleFunc("POST /sn_openframe_openFrameAjaxProcessor.do", s.serveOpenFrameAjax)
}

// forAgent wraps an Agent API handler: it checks the caller (401, 403) and
// finds the sys_user named by {user_sys_id} (404) before calling h.
func (s *Server) forAgent(h func(w http.ResponseWriter, r *http.Request, agent string)) http.HandlerFunc {
	return s.awaIntegration(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("user_sys_id")
		if s.awa.get("sys_user", id) == nil {
			writeError(w, http.StatusNotFound, "Record Not Found", "There is no record for sys_user : "+id)
			return
		}
		h(w, r, id)
	})
}

// agentResult is the body of GET and PUT /api/now/awa/agents/{id}.
type agentResult struct {
	Presence Presence `json:"presence"`
	SysID    string   `json:"sys_id"`
}

// serveAgent is GET /api/now/awa/agents/{user_sys_id}.
func (s *Server) serveAgent(w http.ResponseWriter, r *http.Request, agent string) {
	writeResult(w, http.StatusOK, agentResult{Presence: s.awa.PresenceOf(agent), SysID: agent})
}

// serveSetAgent is PUT /api/now/awa/agents/{user_sys_id}
// {"presence":{"sys_id":"<awa_presence_state>","channels":[{"sys_id","available"}]}}:
// it sets the presence state and, for the channels given, their
// availability (false unless said). presence.sys_id is required: the page
// describes the call as setting the state, channels only with it.
func (s *Server) serveSetAgent(w http.ResponseWriter, r *http.Request, agent string) {
	var body struct {
		Presence *struct {
			SysID    string           `json:"sys_id"`
			Channels []ChannelSetting `json:"channels"`
		} `json:"presence"`
	}
	if !decodeAWABody(w, r, &body) {
		return
	}
	if body.Presence == nil || strings.TrimSpace(body.Presence.SysID) == "" {
		writeError(w, http.StatusBadRequest, "Bad Request", `Missing presence: send {"presence":{"sys_id":"<awa_presence_state sys_id>","channels":[...]}}`)
		return
	}
	p, err := s.awa.SetPresence(agent, body.Presence.SysID, body.Presence.Channels)
	if err != nil {
		writeAWAError(w, err)
		return
	}
	writeResult(w, http.StatusOK, agentResult{Presence: p, SysID: agent})
}

// presenceStateResult is one entry of GET .../presence_states.
type presenceStateResult struct {
	Name                   string            `json:"name"`
	Order                  int               `json:"order"`
	ShowChannels           bool              `json:"show_channels"`
	SysID                  string            `json:"sys_id"`
	Available              bool              `json:"available"`
	Channels               []PresenceChannel `json:"channels"`
	DisableInactivityCheck bool              `json:"disable_inactivity_check"`
}

// servePresenceStates is GET /api/now/awa/agents/{user_sys_id}/presence_states.
func (s *Server) servePresenceStates(w http.ResponseWriter, r *http.Request, agent string) {
	out := []presenceStateResult{}
	for _, st := range s.awa.presenceStates() {
		p := s.awa.presenceIn(agent, st)
		out = append(out, presenceStateResult{
			Name: p.Name, Order: numberField(st, "order", 0), ShowChannels: flagSet(st["show_channels"]), SysID: p.SysID,
			Available: p.Available, Channels: p.Channels, DisableInactivityCheck: flagSet(st["disable_inactivity_check"]),
		})
	}
	writeResult(w, http.StatusOK, out)
}

// capacityResult is the body of GET .../capacities. The universal fields
// are there only when the agent has a universal capacity record.
type capacityResult struct {
	UniversalWorkload *int              `json:"universal_workload,omitempty"`
	Channels          []channelCapacity `json:"channels"`
	UniversalCapacity *int              `json:"universal_capacity,omitempty"`
}

type channelCapacity struct {
	ChannelSysID    string `json:"channel_sys_id"`
	CurrentWorkload int    `json:"current_workload"`
	MaxCapacity     int    `json:"max_capacity"`
}

// capacities reads an agent's capacity on each active channel and their
// work in progress.
func (a *AWA) capacities(agent string) capacityResult {
	v := a.view()
	out := capacityResult{Channels: []channelCapacity{}}
	if u, ok := v.universal[agent]; ok {
		load := v.total[agent]
		out.UniversalCapacity, out.UniversalWorkload = &u, &load
	}
	channels := a.find(tServiceChannel, activeRecord)
	sortByOrderField(channels)
	for _, ch := range channels {
		id := ch["sys_id"]
		out.Channels = append(out.Channels, channelCapacity{ChannelSysID: id, CurrentWorkload: v.load[agentChannel{agent, id}], MaxCapacity: v.maxCapacity(agent, id)})
	}
	return out
}

// serveCapacities is GET /api/now/awa/agents/{user_sys_id}/capacities.
func (s *Server) serveCapacities(w http.ResponseWriter, r *http.Request, agent string) {
	writeResult(w, http.StatusOK, s.awa.capacities(agent))
}

// setCapacityResult is the body of PUT .../capacities: the channels updated
// and the universal capacity when there is one, as the page's sample.
type setCapacityResult struct {
	Channels          []channelMax `json:"channels"`
	UniversalCapacity *int         `json:"universal_capacity,omitempty"`
}

// channelMax is one channel's new maximum capacity.
type channelMax struct {
	ChannelSysID string `json:"channel_sys_id"`
	MaxCapacity  int    `json:"max_capacity"`
}

// serveSetCapacities is PUT /api/now/awa/agents/{user_sys_id}/capacities
// {"channels":{"<channel sys_id>":<max>},"universal_capacity":<n>}: it
// records awa_agent_capacity overrides (a row without a channel holds the
// universal capacity). One of the two is required; 404 for an unknown
// channel, 400 for a negative capacity.
func (s *Server) serveSetCapacities(w http.ResponseWriter, r *http.Request, agent string) {
	var body struct {
		Channels          map[string]int `json:"channels"`
		UniversalCapacity *int           `json:"universal_capacity"`
	}
	if !decodeAWABody(w, r, &body) {
		return
	}
	if len(body.Channels) == 0 && body.UniversalCapacity == nil {
		writeError(w, http.StatusBadRequest, "Bad Request", `Nothing to update: send {"channels":{"<channel sys_id>":<max>}} and/or {"universal_capacity":<n>}`)
		return
	}
	ids := make([]string, 0, len(body.Channels))
	for id, n := range body.Channels {
		if s.awa.get(tServiceChannel, id) == nil {
			writeError(w, http.StatusNotFound, "Record Not Found", "There is no record for awa_service_channel : "+id)
			return
		}
		if n < 0 {
			writeError(w, http.StatusBadRequest, "Bad Request", "Capacity cannot be negative")
			return
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if body.UniversalCapacity != nil && *body.UniversalCapacity < 0 {
		writeError(w, http.StatusBadRequest, "Bad Request", "Capacity cannot be negative")
		return
	}
	out := setCapacityResult{Channels: []channelMax{}}
	err := s.awa.do(func() error {
		for _, id := range ids {
			s.awa.setCapacity(agent, id, body.Channels[id])
		}
		if body.UniversalCapacity != nil {
			s.awa.setCapacity(agent, "", *body.UniversalCapacity)
		}
		out.UniversalCapacity = s.awa.capacities(agent).UniversalCapacity
		return nil
	})
	if err != nil {
		writeAWAError(w, err)
		return
	}
	for _, id := range ids {
		out.Channels = append(out.Channels, channelMax{ChannelSysID: id, MaxCapacity: body.Channels[id]})
	}
	writeResult(w, http.StatusOK, out)
}

// setCapacity records an agent's capacity on a channel ("" for universal);
// it runs on the engine goroutine.
func (a *AWA) setCapacity(agent, channel string, n int) {
	rows := a.find(tAgentCapacity, func(r Record) bool { return r["user"] == agent && r["service_channel"] == channel })
	if len(rows) == 0 {
		_, _ = a.db.Insert(tAgentCapacity, Record{"user": agent, "service_channel": channel, "max_capacity": strconv.Itoa(n)}, awaUser)
		return
	}
	_, _ = a.db.Update(tAgentCapacity, rows[0]["sys_id"], Record{"max_capacity": strconv.Itoa(n)}, awaUser)
}
