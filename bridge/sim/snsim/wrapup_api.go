package snsim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// The Wrap Up API (api-reference/rest-apis/wrap-up-api.md), under
// /api/now/wrapup/ and /api/now/v1/wrapup/, for callers with the
// interaction_integration_user role (admin has every role):
//
//	GET  code/{code_id}                                   wrapup_code.go
//	POST code                                             wrapup_code.go
//	POST segment/create                                   wrapup_create.go
//	PUT  segment/update?segment_sys_id|external_segment_id|agent_sys_id&interaction_sys_id
//	                                                      wrapup_update.go
//	GET  segment/{segment_id}                             by sys_id or external segment id
//	GET  segment/agent/{agent_id}/interaction/{interaction_id}
//
// Envelopes are the page's: the code endpoints answer
// {"result":{"success","message","result_map"}}, the segment endpoints
// {"success","message",…,"segment"} without a "result" wrapper, as every
// segment sample on the page has it. A failure answers the same envelope
// with success:false and a message: 400 for a malformed request or a
// missing required field, 200 for a record that does not exist or cannot
// change (the page's status codes are 200, 400, 401, 500). A caller without
// the role gets the platform's 403.

func (s *Server) wrapUpRoutes() {
	for _, base := range []string{"/api/now/wrapup", "/api/now/v1/wrapup"} {
		s.mux.HandleFunc("GET "+base+"/code/{code_id}", s.wrapUpIntegration(func(w http.ResponseWriter, r *http.Request, _ Record) {
			s.serveWrapUpCode(w, r)
		}))
		s.mux.HandleFunc("POST "+base+"/code", s.wrapUpIntegration(s.serveCreateWrapUpCodes))
		s.mux.HandleFunc("POST "+base+"/segment/create", s.wrapUpIntegration(s.serveCreateSegment))
		s.mux.HandleFunc("PUT "+base+"/segment/update", s.wrapUpIntegration(s.serveUpdateSegment))
		s.mux.HandleFunc("GET "+base+"/segment/{segment_id}", s.wrapUpIntegration(s.serveGetSegment))
		s.mux.HandleFunc("GET "+base+"/segment/agent/{agent_id}/interaction/{interaction_id}", s.wrapUpIntegration(s.serveGetAgentSegment))
	}
}

// wrapUpIntegration authenticates the caller (401) and checks the
// interaction_integration_user role (403) before calling h.
func (s *Server) wrapUpIntegration(h func(w http.ResponseWriter, r *http.Request, user Record)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user, ok := s.authUser(w, r)
		if !ok {
			return
		}
		if !s.hasRole(user, "interaction_integration_user") {
			writeError(w, http.StatusForbidden, "User Not Authorized",
				"The Wrap Up API needs the interaction_integration_user role; "+user["user_name"]+" does not have it")
			return
		}
		h(w, r, user)
	}
}

// writeWrapUpResult answers a code endpoint:
// {"result":{"success","message","result_map"}}.
func writeWrapUpResult(w http.ResponseWriter, status int, success bool, message string, resultMap any) {
	out := map[string]any{"success": success, "message": message}
	if resultMap != nil {
		out["result_map"] = resultMap
	}
	writeResult(w, status, out)
}

// writeSegment answers a segment endpoint: {"success","message",…}.
func writeSegment(w http.ResponseWriter, status int, success bool, message string, fields map[string]any) {
	out := map[string]any{"success": success, "message": message}
	for k, v := range fields {
		out[k] = v
	}
	writeJSON(w, status, out)
}

// decodeWrapUpBody reads a JSON body into v. The segment endpoints allow an
// empty body (their required fields are checked after); on failure it
// answers 400 in the code endpoints' envelope (codes) or the segment
// endpoints' one, and returns false.
func decodeWrapUpBody(w http.ResponseWriter, r *http.Request, v any, codes bool) bool {
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v)
	if err == nil || (errors.Is(err, io.EOF) && !codes) {
		return true
	}
	msg := "The body must be a JSON object: " + err.Error()
	if codes {
		writeWrapUpResult(w, http.StatusBadRequest, false, msg, nil)
	} else {
		writeSegment(w, http.StatusBadRequest, false, msg, nil)
	}
	return false
}

// serveGetSegment is GET /api/now/wrapup/segment/{segment_id}.
func (s *Server) serveGetSegment(w http.ResponseWriter, r *http.Request, _ Record) {
	id := r.PathValue("segment_id")
	s.answerSegment(w, s.findSegment(id), "Wrap up segment "+id+" was not found.")
}

// serveGetAgentSegment is GET
// /api/now/wrapup/segment/agent/{agent_id}/interaction/{interaction_id}.
func (s *Server) serveGetAgentSegment(w http.ResponseWriter, r *http.Request, _ Record) {
	agent, ix := r.PathValue("agent_id"), r.PathValue("interaction_id")
	s.answerSegment(w, s.agentSegment(agent, ix), "Agent "+agent+" has no wrap up segment for interaction "+ix+".")
}

func (s *Server) answerSegment(w http.ResponseWriter, seg Record, notFound string) {
	if seg == nil {
		writeSegment(w, http.StatusOK, false, notFound, nil)
		return
	}
	writeSegment(w, http.StatusOK, true, "Wrap up segment retrieved successfully.", map[string]any{
		"segment_id": seg["sys_id"], "segment": s.segmentJSON(seg, viewGet),
	})
}
