package snsim

import "strings"

// Wrap-up segments (interaction_wrap_up_segment) and their configurations
// (interaction_wrap_up_configuration), as the Wrap Up API
// (api-reference/rest-apis/wrap-up-api.md) and the wrap-up dialog
// (customer-service-management/interaction-wrapup-modeless-dialog.md)
// describe them. A segment is one agent's wrap-up of one interaction:
//
//	interaction, agent          the interaction and the agent wrapping it up
//	state                       open, then closed
//	external, external_segment_id  an external (CCaaS) wrap-up and its id there
//	segmented, segment_id, segment_table  the segment record an external system keeps
//	opened_on, submitted_on, confirmed_on, awaiting_confirmation
//	wrap_up_code                the chosen interaction_wrap_up_code (sys_id)
//	wrap_up_notes               the agent's notes
//	wrap_up_configuration       its interaction_wrap_up_configuration
//	ai_wrap_up_code, ai_notes, ai_code_defined_at, ai_notes_defined_at
//
// A configuration holds name, table, active, order, condition,
// enable_codes, allowed_codes (wrap-up code sys_ids), default_code,
// duration, show_timer, enable_ai_code, enable_ai_notes, use_ai_as_default,
// use_third_party_ai. An external segment gets a configuration of its own,
// inactive, made from the configuration its create call sends.

const (
	tWrapUpSegment = "interaction_wrap_up_segment"
	tWrapUpConfig  = "interaction_wrap_up_configuration"
)

// Segment states.
const (
	segOpen   = "open"
	segClosed = "closed"
)

// wrapUpConfigJSON is a segment's configuration as the API shows it.
type wrapUpConfigJSON struct {
	AllowedCodes    []wrapUpCodeJSON `json:"allowed_codes"`
	DefaultCode     *wrapUpCodeJSON  `json:"default_code,omitempty"`
	EnableAICode    bool             `json:"enable_ai_code"`
	EnableAINotes   bool             `json:"enable_ai_notes"`
	EnableCodes     bool             `json:"enable_codes"`
	UseAIAsDefault  bool             `json:"use_ai_as_default"`
	UseThirdPartyAI bool             `json:"use_third_party_ai"`
}

// segmentConfig reads a segment's configuration; nil when it has none.
func segmentConfig(db *DB, seg Record) Record {
	cfg, err := db.Get(tWrapUpConfig, seg["wrap_up_configuration"])
	if err != nil {
		return nil
	}
	return cfg
}

// allowedCodes lists a configuration's allowed codes, in its order.
func allowedCodes(db *DB, cfg Record) []Record {
	var out []Record
	for _, id := range glideList(cfg["allowed_codes"]) {
		if c, err := db.Get(tWrapUpCode, id); err == nil {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) configJSON(cfg Record) wrapUpConfigJSON {
	out := wrapUpConfigJSON{
		AllowedCodes: []wrapUpCodeJSON{}, EnableAICode: flagSet(cfg["enable_ai_code"]), EnableAINotes: flagSet(cfg["enable_ai_notes"]),
		EnableCodes: flagSet(cfg["enable_codes"]), UseAIAsDefault: flagSet(cfg["use_ai_as_default"]), UseThirdPartyAI: flagSet(cfg["use_third_party_ai"]),
	}
	for _, c := range allowedCodes(s.DB, cfg) {
		out.AllowedCodes = append(out.AllowedCodes, codeJSON(c))
	}
	if d, err := s.DB.Get(tWrapUpCode, cfg["default_code"]); err == nil {
		j := codeJSON(d)
		out.DefaultCode = &j
	}
	return out
}

// segmentView says how much of a segment an answer shows: create shows
// the segment as opened, get adds the times and AI fields, update adds
// the code and notes (the fields each endpoint's page lists).
type segmentView int

const (
	viewCreated segmentView = iota
	viewGet
	viewUpdated
)

// segmentJSON renders a segment.
func (s *Server) segmentJSON(seg Record, view segmentView) map[string]any {
	out := map[string]any{
		"agent": seg["agent"], "external": flagSet(seg["external"]), "interaction": seg["interaction"],
		"opened_on": seg["opened_on"], "segmented": flagSet(seg["segmented"]), "segment_id": seg["segment_id"],
		"segment_table": seg["segment_table"], "state": seg["state"], "sys_id": seg["sys_id"],
		"wrap_up_configuration": s.configJSON(firstRecord(segmentConfig(s.DB, seg), Record{})),
	}
	if view == viewCreated {
		return out
	}
	for _, k := range []string{"ai_code_defined_at", "ai_notes", "ai_notes_defined_at", "ai_wrap_up_code", "confirmed_on", "submitted_on"} {
		out[k] = seg[k]
	}
	out["awaiting_confirmation"] = flagSet(seg["awaiting_confirmation"])
	if view == viewUpdated {
		out["notes"] = seg["wrap_up_notes"]
		if c, err := s.DB.Get(tWrapUpCode, seg["wrap_up_code"]); err == nil {
			out["code"] = codeJSON(c)
		}
	}
	return out
}

// findSegment finds a segment by sys_id or, failing that, by its external
// segment id (the open one first, else the latest); nil if none.
func (s *Server) findSegment(id string) Record {
	if id == "" {
		return nil
	}
	if seg, err := s.DB.Get(tWrapUpSegment, id); err == nil {
		return seg
	}
	return s.pickSegment(func(r Record) bool { return r["external_segment_id"] == id })
}

// agentSegment finds an agent's segment of an interaction: the open one
// first, else the latest; nil if none.
func (s *Server) agentSegment(agent, interaction string) Record {
	if agent == "" || interaction == "" {
		return nil
	}
	return s.pickSegment(func(r Record) bool { return r["agent"] == agent && r["interaction"] == interaction })
}

func (s *Server) pickSegment(match func(Record) bool) Record {
	rows, _ := s.DB.Find(tWrapUpSegment, match)
	var out Record
	for _, r := range rows {
		if out == nil || r["state"] == segOpen || out["state"] != segOpen {
			out = r
		}
	}
	return out
}

// codeChoice resolves the code an agent or the external system chose for a
// segment: one of its configuration's allowed codes (any active code when
// it allows none in particular), the default when none is given; "" when
// there is none to give. The error says what to choose instead.
func (s *Server) codeChoice(seg Record, label string) (string, string) {
	cfg := firstRecord(segmentConfig(s.DB, seg), Record{})
	allowed := allowedCodes(s.DB, cfg)
	label = strings.TrimSpace(label)
	switch {
	case label == "" && seg["wrap_up_code"] != "":
		return seg["wrap_up_code"], ""
	case label == "" && cfg["default_code"] != "":
		return cfg["default_code"], ""
	case label == "" && flagSet(cfg["enable_codes"]):
		return "", "a wrap-up code is required"
	case label == "":
		return "", ""
	}
	var names []string
	for _, c := range allowed {
		if c["code"] == label {
			return c["sys_id"], ""
		}
		names = append(names, c["code"])
	}
	if len(allowed) == 0 {
		if c := s.codeNamed(label); c != nil && activeRecord(c) {
			return c["sys_id"], ""
		}
		return "", "unknown wrap-up code " + label
	}
	return "", "wrap-up code " + label + " is not allowed here: choose one of " + strings.Join(names, ", ")
}
