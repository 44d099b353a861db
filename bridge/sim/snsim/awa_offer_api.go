package snsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// The AWA Offer Work API (api-reference/rest-apis/awa-offer-work-api.md):
// an external router (here the bridge, for VCC) assigns a document to an
// agent, or transfers it, blind, to a queue or an agent.
//
//	POST /api/now/awa/documents/{document_table}/{document_sys_id}/offer
//	{"external_segment_id", "queue_id": "<awa_queue sys_id or external_id>",
//	 "assignment": {"agent_sys_id", "allowed_to_decline", "enable_auto_assign",
//	                "display_option", "timeout", "offered_on", "after_timeout_presence"},
//	 "transfer": {"source_queue_id", "target_id", "target_type": "agent|queue",
//	              "transfer_type": "blind|consult"}}
//
// Every answer is {"result":{"success","message"[,"work_item"]}}. The page
// lists the failure messages; the simulator answers them with success:false
// and the status the page gives: 409 for a conflict with the document's work
// item or the agent, 404 for a document or queue that does not exist, 200
// for the rest (awa_offer_check.go says which is which). 401 (no valid
// credentials) and 400 (a body that is not JSON) are the platform's error
// envelope. Consult transfers are refused: the simulator does blind ones.

// offerSuccess is the message of every successful answer, as the page's
// sample has it.
const offerSuccess = "Manual assignment successfully requested."

// offerFailure is an Offer Work API call refused: its status and message.
type offerFailure struct {
	status  int
	message string
}

func (e *offerFailure) Error() string { return e.message }

// offerFailed is a failure the page lists as a message, answered 200.
func offerFailed(format string, args ...any) error {
	return &offerFailure{status: http.StatusOK, message: fmt.Sprintf(format, args...)}
}

// offerConflict is a conflict with the document's work item or the agent
// (409).
func offerConflict(format string, args ...any) error {
	return &offerFailure{status: http.StatusConflict, message: fmt.Sprintf(format, args...)}
}

// offerNotFound is a document or queue that does not exist (404).
func offerNotFound(format string, args ...any) error {
	return &offerFailure{status: http.StatusNotFound, message: fmt.Sprintf(format, args...)}
}

// writeOfferFailure answers err in the API's own envelope.
func writeOfferFailure(w http.ResponseWriter, err error) {
	var f *offerFailure
	if errors.As(err, &f) {
		writeResult(w, f.status, map[string]any{"success": false, "message": f.message})
		return
	}
	writeAWAError(w, err)
}

// looseString accepts a JSON string, number or boolean: the page's sample
// sends "true" and 30 alike.
type looseString string

func (l *looseString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*l = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = looseString(s)
		return nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v.(type) {
	case float64, bool:
		*l = looseString(strings.TrimSpace(string(b)))
		return nil
	}
	return fmt.Errorf("want a string, number or boolean, got %s", b)
}

// offerAssignment is the body's assignment object.
type offerAssignment struct {
	AgentSysID           looseString `json:"agent_sys_id"`
	AllowedToDecline     looseString `json:"allowed_to_decline"`
	EnableAutoAssign     looseString `json:"enable_auto_assign"`
	DisplayOption        looseString `json:"display_option"`
	Timeout              looseString `json:"timeout"`
	OfferedOn            looseString `json:"offered_on"`
	AfterTimeoutPresence looseString `json:"after_timeout_presence"`
}

// offerTransfer is the body's transfer object.
type offerTransfer struct {
	SourceQueueID looseString `json:"source_queue_id"`
	TargetID      looseString `json:"target_id"`
	TargetType    looseString `json:"target_type"`
	TransferType  looseString `json:"transfer_type"`
}

type offerWorkBody struct {
	ExternalSegmentID looseString      `json:"external_segment_id"`
	QueueID           looseString      `json:"queue_id"`
	Assignment        *offerAssignment `json:"assignment"`
	Transfer          *offerTransfer   `json:"transfer"`
}

// serveOfferWork is the Offer Work API.
func (s *Server) serveOfferWork(w http.ResponseWriter, r *http.Request) {
	user, ok := s.authUser(w, r)
	if !ok {
		return
	}
	if !s.hasRole(user, "awa_integration_user") && !s.hasRole(user, "awa_manager") {
		writeOfferFailure(w, offerFailed("Caller %s does not have the awa_manager or awa_integration_user role", user["sys_id"]))
		return
	}
	var body offerWorkBody
	if !decodeAWABody(w, r, &body) {
		return
	}
	req, err := s.checkOffer(r.PathValue("document_table"), r.PathValue("document_sys_id"), body)
	if err != nil {
		writeOfferFailure(w, err)
		return
	}
	var wi Record
	if err := s.awa.do(func() (err error) { wi, err = s.awa.offerDocument(req); return err }); err != nil {
		writeOfferFailure(w, err)
		return
	}
	writeResult(w, http.StatusOK, map[string]any{
		"work_item": map[string]string{
			"display_name": wi["display_name"], "sys_id": wi["sys_id"], "document_id": wi["document_id"],
			"document_table": wi["document_table"], "queue": wi["queue"],
		},
		"success": true,
		"message": offerSuccess,
	})
}
