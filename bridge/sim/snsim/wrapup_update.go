package snsim

import (
	"net/http"
	"strings"
)

// PUT /api/now/wrapup/segment/update (api-reference/rest-apis/wrap-up-api.md)
// updates and closes a segment. The segment is named by query parameters,
// as the page lists them and its sample sends them: segment_sys_id, else
// external_segment_id, else agent_sys_id with interaction_sys_id (400
// without any). The body is {wrap_up_code, notes, confirmed_on}: the code a
// label among the configuration's allowed codes (the code the agent
// submitted, else the default, when none is given), the agent's notes, and
// when the external system finished. The segment becomes closed and no
// longer awaits confirmation; the answer is {"success","message","sys_id",
// "segment"} with the code and notes. An unknown segment, a closed one, or
// a code that cannot be used answers success:false (200).

type segmentUpdate struct {
	WrapUpCode  string `json:"wrap_up_code"`
	Notes       string `json:"notes"`
	ConfirmedOn string `json:"confirmed_on"`
}

// serveUpdateSegment is PUT /api/now/wrapup/segment/update.
func (s *Server) serveUpdateSegment(w http.ResponseWriter, r *http.Request, user Record) {
	q := r.URL.Query()
	segID, extID := q.Get("segment_sys_id"), q.Get("external_segment_id")
	agent, ix := q.Get("agent_sys_id"), q.Get("interaction_sys_id")
	if segID == "" && extID == "" && (agent == "" || ix == "") {
		writeSegment(w, http.StatusBadRequest, false,
			"Name the segment with the query parameter segment_sys_id, external_segment_id, or agent_sys_id and interaction_sys_id", nil)
		return
	}
	var b segmentUpdate
	if !decodeWrapUpBody(w, r, &b, false) {
		return
	}
	var seg Record
	switch {
	case segID != "":
		if got, err := s.DB.Get(tWrapUpSegment, segID); err == nil {
			seg = got
		}
	case extID != "":
		seg = s.pickSegment(func(r Record) bool { return r["external_segment_id"] == extID })
	default:
		seg = s.agentSegment(agent, ix)
	}
	if seg == nil {
		writeSegment(w, http.StatusOK, false, "Wrap up segment not found.", nil)
		return
	}
	if seg["state"] != segOpen {
		writeSegment(w, http.StatusOK, false, "Wrap up segment "+seg["sys_id"]+" is already closed.", nil)
		return
	}
	code, problem := s.codeChoice(seg, b.WrapUpCode)
	if problem != "" {
		writeSegment(w, http.StatusOK, false, "Cannot close wrap up segment "+seg["sys_id"]+": "+problem, nil)
		return
	}
	changes := Record{"state": segClosed, "awaiting_confirmation": "false", "wrap_up_code": code}
	if b.Notes != "" {
		changes["wrap_up_notes"] = b.Notes
	}
	if c := strings.TrimSpace(b.ConfirmedOn); c != "" {
		changes["confirmed_on"] = c
	}
	if seg["submitted_on"] == "" {
		changes["submitted_on"] = Timestamp(s.awa.Now())
	}
	updated, err := s.DB.Update(tWrapUpSegment, seg["sys_id"], changes, user["user_name"])
	if err != nil {
		writeSegment(w, http.StatusInternalServerError, false, err.Error(), nil)
		return
	}
	writeSegment(w, http.StatusOK, true, "Wrap-up segment updated successfully.", map[string]any{
		"sys_id": updated["sys_id"], "segment": s.segmentJSON(updated, viewUpdated),
	})
}
