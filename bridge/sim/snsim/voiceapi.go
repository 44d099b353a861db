package snsim

import (
	"net/http"
	"regexp"
	"strings"
)

// The openframe REST API's voice-interaction resource, exactly as
// api-reference/rest-apis/openframe-api.md documents it (plugin
// com.sn_openframe_store; role sn_openframe_api_user or sn_openframe_user):
//
//	POST  /api/now/openframe[/{api_version}]/voice-interaction
//	PATCH /api/now/openframe[/{api_version}]/voice-interaction/{interactionSysId}
//
// Create: interaction.userPhoneNumber is required, in E.164;
// callbackPhoneNumber (E.164) maps to the interaction's caller_phone_number;
// additionalParams are interaction fields (a name the interaction table does
// not have is dropped, as any write's; a journal field such as work_notes
// becomes a journal entry); each phoneLogs entry creates a phone log with the
// fields given; each relatedRecords entry creates an
// interaction_related_record. Update takes the same body: additionalParams
// update the interaction, and phoneLogs entries create further phone logs
// (never update one). Answers: 200 {"result":{"status":"SUCCESS","sysId",
// "number"}} (update: {"status":"SUCCESS"}); 200 {"result":{"status":
// "FAILURE"}} when the record could not be written; 400 for a malformed
// request; 500 for an unexpected error, in the error envelope.
//
// What the docs leave open, the simulator leaves undone: userPhoneNumber,
// clientSessionId, inboundId and interactionContext are checked and accepted
// but stored nowhere, no field gets a value the request did not give (the
// interaction's state starts New, as every new interaction does:
// dictionary_calc.go), phone logs are not linked to the interaction. What a
// real instance may do beyond that sits behind assumption switches
// (voiceapi_assume.go), off by default.

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// versionSegment matches the optional {api_version} path segment.
var versionSegment = regexp.MustCompile(`^v[0-9]+$`)

func (s *Server) voiceRoutes() {
	s.mux.HandleFunc("/api/now/openframe/", s.serveVoice)
}

// voicePath reads /api/now/openframe/[{api_version}/]voice-interaction[/{id}]:
// whether it names one interaction, and its sys_id; false for any other
// path.
func voicePath(path string) (record bool, sysID string, ok bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/api/now/openframe/"), "/")
	if len(segs) > 0 && versionSegment.MatchString(segs[0]) {
		segs = segs[1:]
	}
	switch {
	case len(segs) == 1 && segs[0] == "voice-interaction":
		return false, "", true
	case len(segs) == 2 && segs[0] == "voice-interaction" && segs[1] != "":
		return true, segs[1], true
	}
	return false, "", false
}

// serveVoice dispatches the collection (POST) or one interaction (PATCH).
func (s *Server) serveVoice(w http.ResponseWriter, r *http.Request) {
	record, id, ok := voicePath(r.URL.Path)
	if !ok {
		writeError(w, http.StatusBadRequest, "Requested URI does not represent any resource", r.URL.Path+" is not an API of this instance")
		return
	}
	want := http.MethodPost
	if record {
		want = http.MethodPatch
	}
	if r.Method != want {
		w.Header().Set("Allow", want)
		writeError(w, http.StatusMethodNotAllowed, "Method not Supported", r.Method+" is not supported here: use "+want)
		return
	}
	u, ok := s.authUser(w, r)
	if !ok {
		return
	}
	if !s.hasRole(u, "sn_openframe_api_user") && !s.hasRole(u, "sn_openframe_user") {
		writeError(w, http.StatusForbidden, "User Not Authorized", "the openframe API needs the sn_openframe_api_user or sn_openframe_user role")
		return
	}
	b, err := readVoiceBody(w, r, !record)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	if record {
		s.voiceUpdate(w, u, id, b)
		return
	}
	s.voiceCreate(w, u, b)
}

func (s *Server) voiceCreate(w http.ResponseWriter, u Record, b *voiceBody) {
	if s.checkACL(u, "interaction", aclCreate) != nil {
		writeResult(w, http.StatusOK, map[string]string{"status": "FAILURE"})
		return
	}
	logs, err := s.createPhoneLogs(b.PhoneLogs, u)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Phone log not created", err.Error())
		return
	}
	ix := b.Interaction.AdditionalParams.Clone()
	if b.Interaction.CallbackPhoneNumber != "" {
		ix["caller_phone_number"] = b.Interaction.CallbackPhoneNumber
	}
	s.assumeOnVoiceCreate(ix, b, logs)
	stored, err := s.insertRecord("interaction", ix, u)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Interaction not created", err.Error())
		return
	}
	s.relateRecords(stored["sys_id"], b.RelatedRecords, u)
	writeResult(w, http.StatusOK, map[string]string{"status": "SUCCESS", "sysId": stored["sys_id"], "number": stored["number"]})
}

func (s *Server) voiceUpdate(w http.ResponseWriter, u Record, id string, b *voiceBody) {
	if _, err := s.DB.Get("interaction", id); err != nil || s.checkACL(u, "interaction", aclUpdate) != nil {
		writeResult(w, http.StatusOK, map[string]string{"status": "FAILURE"})
		return
	}
	if _, err := s.createPhoneLogs(b.PhoneLogs, u); err != nil {
		writeError(w, http.StatusInternalServerError, "Phone log not created", err.Error())
		return
	}
	changes := b.Interaction.AdditionalParams.Clone()
	if b.Interaction.CallbackPhoneNumber != "" {
		changes["caller_phone_number"] = b.Interaction.CallbackPhoneNumber
	}
	if len(changes) > 0 {
		if _, err := s.updateRecord("interaction", "interaction", id, changes, u); err != nil {
			writeError(w, http.StatusInternalServerError, "Interaction not updated", err.Error())
			return
		}
	}
	s.relateRecords(id, b.RelatedRecords, u)
	writeResult(w, http.StatusOK, map[string]string{"status": "SUCCESS"})
}

// createPhoneLogs creates one phone log per entry, with the fields given.
func (s *Server) createPhoneLogs(entries []Record, u Record) ([]Record, error) {
	var logs []Record
	for _, pl := range entries {
		stored, err := s.insertRecord("sn_openframe_phone_log", pl, u)
		if err != nil {
			return logs, err
		}
		logs = append(logs, stored)
	}
	return logs, nil
}

// relateRecords creates one interaction_related_record per entry: the
// interaction and the document (document_table, document_id); a document
// that is a task is also the record's task, with type task
// (ci-agent-chat-reference.md).
func (s *Server) relateRecords(interaction string, docs []voiceRelated, u Record) {
	for _, d := range docs {
		rec := Record{"interaction": interaction, "document_table": d.DocumentTable, "document_id": d.DocumentID}
		if d.DocumentTable == "task" || extendsTable(d.DocumentTable, "task") {
			rec["type"], rec["task"] = "task", d.DocumentID
		}
		_, _ = s.insertRecord("interaction_related_record", rec, u)
	}
}

// isE164 reports whether n is an E.164 number ("+" and 8 to 15 digits).
func isE164(n string) bool { return e164.MatchString(n) }
