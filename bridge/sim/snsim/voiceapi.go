package snsim

import (
	"encoding/json"
	"net/http"
	"regexp"
)

// The openframe REST API's voice-interaction resource (plugin
// com.sn_openframe_store; api-reference/rest-apis/openframe-api.md): one
// request creates an interaction with its phone logs and related records, and
// one updates them. Role sn_openframe_api_user (or sn_openframe_user).
//
// Where the documentation is silent the simulator chooses, as documented
// here: additionalParams are interaction fields copied as given (state
// defaults to "new" so that AWA routes the interaction); clientSessionId is
// kept in client_session_id; the first phone log becomes the interaction's
// channel metadata; on update a phone log entry with the call_id of an
// existing log of the interaction updates that log.

type voiceBody struct {
	Interaction struct {
		UserPhoneNumber     string            `json:"userPhoneNumber"`
		ClientSessionID     string            `json:"clientSessionId"`
		CallbackPhoneNumber string            `json:"callbackPhoneNumber"`
		InboundID           string            `json:"inboundId"`
		AdditionalParams    map[string]string `json:"additionalParams"`
	} `json:"interaction"`
	InteractionContext map[string]string   `json:"interactionContext"`
	PhoneLogs          []map[string]string `json:"phoneLogs"`
	RelatedRecords     []struct {
		DocumentTable string `json:"documentTable"`
		DocumentID    string `json:"documentId"`
	} `json:"relatedRecords"`
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

func (s *Server) voiceRoutes() {
	s.mux.HandleFunc("POST /api/now/openframe/voice-interaction", s.serveVoiceCreate)
	s.mux.HandleFunc("PATCH /api/now/openframe/voice-interaction/{sys_id}", s.serveVoiceUpdate)
}

func (s *Server) voiceUser(w http.ResponseWriter, r *http.Request) (Record, *voiceBody, bool) {
	u, ok := s.authUser(w, r)
	if !ok {
		return nil, nil, false
	}
	if !s.hasRole(u, "sn_openframe_api_user") && !s.hasRole(u, "sn_openframe_user") {
		writeError(w, http.StatusForbidden, "User Not Authorized", "The openframe API needs the sn_openframe_api_user role")
		return nil, nil, false
	}
	var b voiceBody
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&b); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid request body", err.Error())
		return nil, nil, false
	}
	return u, &b, true
}

func (s *Server) serveVoiceCreate(w http.ResponseWriter, r *http.Request) {
	u, b, ok := s.voiceUser(w, r)
	if !ok {
		return
	}
	if !e164.MatchString(b.Interaction.UserPhoneNumber) {
		writeError(w, http.StatusBadRequest, "Invalid userPhoneNumber", "userPhoneNumber is required, in E.164 format")
		return
	}
	by := u["user_name"]
	var logs []Record
	for _, pl := range b.PhoneLogs {
		rec := Record{"phone_number": b.Interaction.UserPhoneNumber}
		for k, v := range pl {
			rec[k] = v
		}
		stored, err := s.DB.Insert("sn_openframe_phone_log", rec, by)
		if err != nil {
			writeError(w, http.StatusInternalServerError, "Phone log not created", err.Error())
			return
		}
		logs = append(logs, stored)
	}
	ix := Record{"type": "phone", "state": "new", "direction": "inbound"}
	ix["caller_phone_number"] = b.Interaction.UserPhoneNumber
	if b.Interaction.CallbackPhoneNumber != "" {
		ix["caller_phone_number"] = b.Interaction.CallbackPhoneNumber
	}
	if b.Interaction.ClientSessionID != "" {
		ix["client_session_id"] = b.Interaction.ClientSessionID
	}
	if len(logs) > 0 {
		ix["channel_metadata_table"] = "sn_openframe_phone_log"
		ix["channel_metadata_document"] = logs[0]["sys_id"]
	}
	for k, v := range b.Interaction.AdditionalParams {
		ix[k] = v
	}
	if ix["opened_for"] == "" {
		// As ServiceNow Voice does: the caller is the user with that number.
		n := b.Interaction.UserPhoneNumber
		if caller, err := s.DB.FindOne("sys_user", func(r Record) bool { return r["phone"] == n || r["mobile_phone"] == n || r["home_phone"] == n }); err == nil {
			ix["opened_for"] = caller["sys_id"]
		}
	}
	stored, err := s.DB.Insert("interaction", ix, by)
	if err != nil {
		writeResult(w, http.StatusInternalServerError, map[string]string{"status": "FAILURE"})
		return
	}
	for _, rr := range b.RelatedRecords {
		s.relate(stored["sys_id"], rr.DocumentTable, rr.DocumentID, by)
	}
	writeResult(w, http.StatusOK, map[string]string{"status": "SUCCESS", "sysId": stored["sys_id"], "number": stored["number"]})
}

func (s *Server) serveVoiceUpdate(w http.ResponseWriter, r *http.Request) {
	u, b, ok := s.voiceUser(w, r)
	if !ok {
		return
	}
	id := r.PathValue("sys_id")
	ix, err := s.DB.Get("interaction", id)
	if err != nil {
		writeError(w, http.StatusNotFound, "No Record found", "Record doesn't exist or ACL restricts the record retrieval")
		return
	}
	by := u["user_name"]
	for _, pl := range b.PhoneLogs {
		existing, err := s.DB.FindOne("sn_openframe_phone_log", func(r Record) bool {
			return pl["call_id"] != "" && r["call_id"] == pl["call_id"] && (r["sys_id"] == ix["channel_metadata_document"] || ix["channel_metadata_document"] == "")
		})
		if err == nil {
			_, _ = s.DB.Update("sn_openframe_phone_log", existing["sys_id"], Record(pl), by)
			continue
		}
		_, _ = s.DB.Insert("sn_openframe_phone_log", Record(pl), by)
	}
	if len(b.Interaction.AdditionalParams) > 0 {
		if _, err := s.DB.Update("interaction", id, Record(b.Interaction.AdditionalParams), by); err != nil {
			writeResult(w, http.StatusInternalServerError, map[string]string{"status": "FAILURE"})
			return
		}
	}
	for _, rr := range b.RelatedRecords {
		s.relate(id, rr.DocumentTable, rr.DocumentID, by)
	}
	writeResult(w, http.StatusOK, map[string]string{"status": "SUCCESS"})
}

// relate adds an interaction_related_record once.
func (s *Server) relate(interaction, table, docID, by string) {
	if table == "" || docID == "" {
		return
	}
	if _, err := s.DB.FindOne("interaction_related_record", func(r Record) bool {
		return r["interaction"] == interaction && r["document_id"] == docID
	}); err == nil {
		return
	}
	_, _ = s.DB.Insert("interaction_related_record", Record{
		"interaction": interaction, "document_table": table, "document_id": docID, "task": docID, "type": "task",
	}, by)
}
