package snsim

import (
	"net/http"
	"strconv"
	"strings"
)

// POST /api/now/wrapup/segment/create (api-reference/rest-apis/wrap-up-api.md)
// opens a wrap-up segment: {agent_sys_id, interaction_sys_id, external,
// external_segment_id, configuration:{allowed_codes:[{code,translation}],
// default_code, duration, enable_codes, enable_ai_code, enable_ai_notes,
// show_timer, use_ai_as_default, use_third_party_ai}, opened_on, segmented,
// segment_id, segment_table, wrap_up_configuration_sys_id, ai_wrap_up_code,
// ai_notes} → {"success","message","sys_id","segment"}.
//
// Required, as the page says (400 otherwise): agent_sys_id and
// interaction_sys_id; for an external segment external_segment_id and
// configuration, with allowed_codes and default_code when enable_codes,
// show_timer and opened_on with a duration, segment_id and segment_table when
// segmented; for an internal one wrap_up_configuration_sys_id. Refused with
// success:false (200): an unknown agent, interaction, configuration or code,
// a default code that is not allowed, and a second open segment for the
// same agent and interaction. Now Assist's AI fill-in is not simulated; AI
// fields sent are stored.

type segmentCreate struct {
	AgentSysID        string      `json:"agent_sys_id"`
	InteractionSysID  string      `json:"interaction_sys_id"`
	External          looseString `json:"external"`
	ExternalSegmentID string      `json:"external_segment_id"`
	Configuration     *struct {
		AllowedCodes []struct {
			Code        string `json:"code"`
			Translation *struct {
				Code     string `json:"code"`
				Language string `json:"language"`
			} `json:"translation"`
		} `json:"allowed_codes"`
		DefaultCode     string      `json:"default_code"`
		Duration        looseString `json:"duration"`
		EnableCodes     looseString `json:"enable_codes"`
		EnableAICode    looseString `json:"enable_ai_code"`
		EnableAINotes   looseString `json:"enable_ai_notes"`
		ShowTimer       looseString `json:"show_timer"`
		UseAIAsDefault  looseString `json:"use_ai_as_default"`
		UseThirdPartyAI looseString `json:"use_third_party_ai"`
	} `json:"configuration"`
	OpenedOn            string      `json:"opened_on"`
	Segmented           looseString `json:"segmented"`
	SegmentID           string      `json:"segment_id"`
	SegmentTable        string      `json:"segment_table"`
	WrapUpConfiguration string      `json:"wrap_up_configuration_sys_id"`
	AIWrapUpCode        string      `json:"ai_wrap_up_code"`
	AINotes             string      `json:"ai_notes"`
}

// wrapUpFlag reads a Boolean field ("" is false).
func wrapUpFlag(v looseString) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(string(v))) {
	case "", "false":
		return false, true
	case "true":
		return true, true
	}
	return false, false
}

// missing says which required field the body lacks, "" if none.
func (b segmentCreate) missing(external, segmented bool) string {
	need := func(ok bool, name string) string {
		if ok {
			return ""
		}
		return name + " is required"
	}
	cfg := b.Configuration
	checks := []string{
		need(strings.TrimSpace(b.AgentSysID) != "", "agent_sys_id"),
		need(strings.TrimSpace(b.InteractionSysID) != "", "interaction_sys_id"),
		need(!external || b.ExternalSegmentID != "", "external_segment_id (external)"),
		need(!external || cfg != nil, "configuration (external)"),
		need(external || b.WrapUpConfiguration != "", "wrap_up_configuration_sys_id (internal)"),
		need(!external || !segmented || (b.SegmentID != "" && b.SegmentTable != ""), "segment_id and segment_table (segmented)"),
		need(len(b.AINotes) <= 4000, "ai_notes of at most 4000 characters"),
	}
	if external && cfg != nil {
		codes, _ := wrapUpFlag(cfg.EnableCodes)
		timer, _ := wrapUpFlag(cfg.ShowTimer)
		checks = append(checks,
			need(!codes || len(cfg.AllowedCodes) > 0, "configuration.allowed_codes (enable_codes)"),
			need(!codes || cfg.DefaultCode != "", "configuration.default_code (enable_codes)"),
			need(cfg.Duration == "" || timer, "configuration.show_timer (duration)"),
			need(cfg.Duration == "" || b.OpenedOn != "", "opened_on (duration)"))
		for _, c := range cfg.AllowedCodes {
			checks = append(checks, need(strings.TrimSpace(c.Code) != "", "configuration.allowed_codes.code"))
		}
	}
	for _, c := range checks {
		if c != "" {
			return c
		}
	}
	return ""
}

// serveCreateSegment is POST /api/now/wrapup/segment/create.
func (s *Server) serveCreateSegment(w http.ResponseWriter, r *http.Request, user Record) {
	var b segmentCreate
	if !decodeWrapUpBody(w, r, &b, false) {
		return
	}
	external, ok1 := wrapUpFlag(b.External)
	segmented, ok2 := wrapUpFlag(b.Segmented)
	if !ok1 || !ok2 {
		writeSegment(w, http.StatusBadRequest, false, "external and segmented are true or false", nil)
		return
	}
	if m := b.missing(external, segmented); m != "" {
		writeSegment(w, http.StatusBadRequest, false, m, nil)
		return
	}
	seg, problem := s.openSegment(b, external, segmented, user["user_name"])
	if problem != "" {
		writeSegment(w, http.StatusOK, false, problem, nil)
		return
	}
	writeSegment(w, http.StatusOK, true, "Wrap-up segment created successfully.", map[string]any{
		"sys_id": seg["sys_id"], "segment": s.segmentJSON(seg, viewCreated),
	})
}

// openSegment checks the records the body names and writes the segment
// (and an external segment's configuration); problem says why not.
func (s *Server) openSegment(b segmentCreate, external, segmented bool, by string) (Record, string) {
	if _, err := s.DB.Get("sys_user", b.AgentSysID); err != nil {
		return nil, "There is no user " + b.AgentSysID
	}
	if _, err := s.DB.Get(tInteraction, b.InteractionSysID); err != nil {
		return nil, "There is no interaction " + b.InteractionSysID
	}
	if old := s.agentSegment(b.AgentSysID, b.InteractionSysID); old != nil && old["state"] == segOpen {
		return nil, "Agent " + b.AgentSysID + " already has an open wrap up segment for this interaction: " + old["sys_id"]
	}
	cfgID := b.WrapUpConfiguration
	if external {
		cfg, problem := s.externalConfig(b, by)
		if problem != "" {
			return nil, problem
		}
		cfgID = cfg["sys_id"]
	} else if _, err := s.DB.Get(tWrapUpConfig, cfgID); err != nil {
		return nil, "There is no wrap up configuration " + cfgID
	}
	seg, err := s.DB.Insert(tWrapUpSegment, Record{
		"interaction": b.InteractionSysID, "agent": b.AgentSysID, "state": segOpen,
		"external": flagString(external), "external_segment_id": b.ExternalSegmentID,
		"segmented": flagString(segmented), "segment_id": b.SegmentID, "segment_table": b.SegmentTable,
		"opened_on": b.OpenedOn, "wrap_up_configuration": cfgID, "awaiting_confirmation": "false",
		"ai_wrap_up_code": b.AIWrapUpCode, "ai_notes": b.AINotes,
	}, by)
	if err != nil {
		return nil, err.Error()
	}
	return seg, ""
}

// externalConfig writes the configuration an external segment's create
// call sends: inactive, so it applies to that segment only.
func (s *Server) externalConfig(b segmentCreate, by string) (Record, string) {
	c := b.Configuration
	cfg := Record{"name": "External wrap up " + b.ExternalSegmentID, "table": tInteraction, "active": "false"}
	var allowed []string
	for _, a := range c.AllowedCodes {
		code := s.codeNamed(strings.TrimSpace(a.Code))
		if code == nil || !activeRecord(code) {
			return nil, "Wrap up code " + a.Code + " does not exist: create it with POST /api/now/wrapup/code"
		}
		allowed = append(allowed, code["sys_id"])
		if c.DefaultCode == code["code"] {
			cfg["default_code"] = code["sys_id"]
		}
	}
	if c.DefaultCode != "" && cfg["default_code"] == "" {
		return nil, "The default code " + c.DefaultCode + " is not one of the allowed codes"
	}
	if d := string(c.Duration); d != "" {
		if n, err := strconv.Atoi(d); err != nil || n <= 0 {
			return nil, "The duration is a number of seconds greater than 0, not " + d
		}
	}
	cfg["allowed_codes"], cfg["duration"] = strings.Join(allowed, ","), string(c.Duration)
	flags := []struct {
		name  string
		value looseString
	}{{"enable_codes", c.EnableCodes}, {"enable_ai_code", c.EnableAICode}, {"enable_ai_notes", c.EnableAINotes},
		{"show_timer", c.ShowTimer}, {"use_ai_as_default", c.UseAIAsDefault}, {"use_third_party_ai", c.UseThirdPartyAI}}
	for _, f := range flags {
		on, ok := wrapUpFlag(f.value)
		if !ok {
			return nil, "configuration." + f.name + " is true or false, not " + string(f.value)
		}
		cfg[f.name] = flagString(on)
	}
	rec, err := s.DB.Insert(tWrapUpConfig, cfg, by)
	if err != nil {
		return nil, err.Error()
	}
	return rec, ""
}
