package snsim

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// The control API tests and the benchmark drive the instance with (JSON
// over HTTP, loopback clients only; others get 403):
//
//	POST   /sim/faults     {"status","count","retry_after","latency_ms","drop","path_prefix","method"} -> 201 the fault
//	GET    /sim/faults     -> the active faults
//	DELETE /sim/faults     -> 204, every fault cleared
//	GET    /sim/stats      -> REST request counts (stats.go)
//	POST   /sim/stats/reset -> 204
//	POST   /sim/reset      -> the seed restored; faults, stats and rate-limit counts cleared
//	GET    /sim/ratelimit  -> the rate-limit rules and this hour's counts
//	POST   /sim/ratelimit  {"user"|"role","limit","rest_api","table"} -> 201 a new rule, 200 an updated one
//	DELETE /sim/ratelimit  -> 204, every rule removed
//	DELETE /sim/tokens     -> 204, every OAuth token, UI session token and session cookie revoked
//	GET    /sim/awa        -> {"assign_delay_ms"}: AWA's settings
//	POST   /sim/awa        {"assign_delay_ms"} -> 200 the settings: how long an assignment pass
//	                          waits before offering queued work items (0: at once; awa_delay.go)
//
// /sim/reset keeps tokens: the seeded users keep their sys_ids, so a bridge
// or a workspace page signed in before a reset stays signed in. DB
// subscriptions survive it too (they get a "reset" Change), and so does
// AWA's assignment delay.

func (s *Server) controlRoutes() {
	s.mux.HandleFunc("POST /sim/faults", loopbackOnly(s.addFault))
	s.mux.HandleFunc("GET /sim/faults", loopbackOnly(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.faults.list())
	}))
	s.mux.HandleFunc("DELETE /sim/faults", loopbackOnly(func(w http.ResponseWriter, r *http.Request) {
		s.faults.clear()
		w.WriteHeader(http.StatusNoContent)
	}))
	s.mux.HandleFunc("GET /sim/stats", loopbackOnly(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.stats.snapshot())
	}))
	s.mux.HandleFunc("POST /sim/stats/reset", loopbackOnly(func(w http.ResponseWriter, r *http.Request) {
		s.stats.reset()
		w.WriteHeader(http.StatusNoContent)
	}))
	s.mux.HandleFunc("POST /sim/reset", loopbackOnly(s.serveReset))
	s.mux.HandleFunc("GET /sim/ratelimit", loopbackOnly(s.listRateRules))
	s.mux.HandleFunc("POST /sim/ratelimit", loopbackOnly(s.setRateRule))
	s.mux.HandleFunc("DELETE /sim/ratelimit", loopbackOnly(s.clearRateRules))
	s.mux.HandleFunc("DELETE /sim/tokens", loopbackOnly(func(w http.ResponseWriter, r *http.Request) {
		s.tokens.clear()
		w.WriteHeader(http.StatusNoContent)
	}))
	s.mux.HandleFunc("GET /sim/awa", loopbackOnly(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.awaSettings())
	}))
	s.mux.HandleFunc("POST /sim/awa", loopbackOnly(s.setAWASettings))
}

// awaSettings is the body of GET and POST /sim/awa.
type awaSettings struct {
	// AssignDelayMS is the assignment delay in milliseconds.
	AssignDelayMS *int64 `json:"assign_delay_ms"`
}

func (s *Server) awaSettings() awaSettings {
	ms := s.awa.AssignDelay().Milliseconds()
	return awaSettings{AssignDelayMS: &ms}
}

func (s *Server) setAWASettings(w http.ResponseWriter, r *http.Request) {
	var spec awaSettings
	if !decodeControl(w, r, &spec) {
		return
	}
	if spec.AssignDelayMS == nil || *spec.AssignDelayMS < 0 {
		writeError(w, http.StatusBadRequest, "Invalid AWA settings", "assign_delay_ms is required: the assignment delay in milliseconds (0 or more)")
		return
	}
	s.awa.SetAssignDelay(time.Duration(*spec.AssignDelayMS) * time.Millisecond)
	writeJSON(w, http.StatusOK, s.awaSettings())
}

// loopbackOnly refuses clients that are not on the loopback interface.
func loopbackOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			writeError(w, http.StatusForbidden, "Forbidden", "the simulator's control API answers loopback clients only")
			return
		}
		h(w, r)
	}
}

// decodeControl reads a control request's JSON body into v, refusing
// unknown fields; on failure it answers 400 and returns false.
func decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid JSON", "the body must be a JSON object with the documented fields: "+err.Error())
		return false
	}
	return true
}

func (s *Server) addFault(w http.ResponseWriter, r *http.Request) {
	var spec faultSpec
	if !decodeControl(w, r, &spec) {
		return
	}
	if err := spec.validate(); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid fault", err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, s.faults.add(spec))
}

// Reset restores the seed data and clears the faults, the request counts
// and the rate-limit counts.
func (s *Server) Reset() error {
	s.faults.clear()
	s.stats.reset()
	s.limits.reset()
	return s.DB.Reset(s.seed)
}

func (s *Server) serveReset(w http.ResponseWriter, r *http.Request) {
	if err := s.Reset(); err != nil {
		writeError(w, http.StatusInternalServerError, "Reset failed", err.Error())
		return
	}
	records := 0
	for _, rows := range s.seed {
		records += len(rows)
	}
	writeJSON(w, http.StatusOK, map[string]int{"tables": len(s.seed), "records": records})
}

// rateRuleSpec is POST /sim/ratelimit's body.
type rateRuleSpec struct {
	// User (a user_name) makes a single-user rule, Role (a role name) a
	// users-with-role rule; neither, an all-users rule.
	User string `json:"user"`
	Role string `json:"role"`
	// Limit is the number of requests allowed per hour.
	Limit *int `json:"limit"`
	// RESTAPI limits the rule to one API ("Table API", "AWA API", ...).
	RESTAPI string `json:"rest_api"`
	// Table limits a Table API rule to one table.
	Table string `json:"table"`
}

func (s *Server) setRateRule(w http.ResponseWriter, r *http.Request) {
	var spec rateRuleSpec
	if !decodeControl(w, r, &spec) {
		return
	}
	rule, err := s.rateRuleRecord(spec)
	if err != nil {
		writeError(w, http.StatusBadRequest, "Invalid rate limit rule", err.Error())
		return
	}
	same := func(x Record) bool {
		return ruleKind(x) == rule["apply_to"] && x["user"] == rule["user"] && x["role"] == rule["role"] &&
			x["rest_api"] == rule["rest_api"] && x["table"] == rule["table"]
	}
	if old, err := s.DB.FindOne("sys_rate_limit_rules", same); err == nil {
		updated, err := s.DB.Update("sys_rate_limit_rules", old["sys_id"], Record{"rate_limit": rule["rate_limit"], "active": "true"}, "system")
		if err != nil {
			writeAPIError(w, err)
			return
		}
		s.limits.resetRule(old["sys_id"])
		writeJSON(w, http.StatusOK, updated)
		return
	}
	created, err := s.DB.Insert("sys_rate_limit_rules", rule, "system")
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, created)
}

// rateRuleRecord turns a spec into a sys_rate_limit_rules row.
func (s *Server) rateRuleRecord(spec rateRuleSpec) (Record, error) {
	if spec.Limit == nil || *spec.Limit < 0 {
		return nil, fmt.Errorf("limit is required: the number of requests allowed per hour (0 or more)")
	}
	if spec.User != "" && spec.Role != "" {
		return nil, fmt.Errorf("set user or role, not both")
	}
	limit := strconv.Itoa(*spec.Limit)
	rule := Record{"active": "true", "rate_limit": limit, "rest_api": spec.RESTAPI, "table": spec.Table, "apply_to": "all_users", "user": "", "role": ""}
	who := "all users"
	switch {
	case spec.User != "":
		u, ok := s.user(spec.User)
		if !ok {
			return nil, fmt.Errorf("no sys_user has user_name %q", spec.User)
		}
		rule["apply_to"], rule["user"], who = "single_user", u["sys_id"], spec.User
	case spec.Role != "":
		role, err := s.DB.FindOne("sys_user_role", func(x Record) bool { return x["name"] == spec.Role })
		if err != nil {
			return nil, fmt.Errorf("no sys_user_role is named %q", spec.Role)
		}
		rule["apply_to"], rule["role"], who = "role", role["sys_id"], "role "+spec.Role
	}
	api := spec.RESTAPI
	if api == "" {
		api = "every API"
	}
	rule["name"] = fmt.Sprintf("Limit %s to %s requests per hour (%s)", who, limit, api)
	return rule, nil
}

func (s *Server) listRateRules(w http.ResponseWriter, r *http.Request) {
	rules, _ := s.DB.All("sys_rate_limit_rules")
	now := s.now()
	out := make([]map[string]any, 0, len(rules))
	for _, rule := range rules {
		row := map[string]any{"count": s.limits.count(rule["sys_id"], now)}
		for k, v := range rule {
			row[k] = v
		}
		out = append(out, row)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) clearRateRules(w http.ResponseWriter, r *http.Request) {
	rules, _ := s.DB.All("sys_rate_limit_rules")
	for _, rule := range rules {
		_ = s.DB.Delete("sys_rate_limit_rules", rule["sys_id"], "system")
	}
	s.limits.reset()
	w.WriteHeader(http.StatusNoContent)
}
