package snsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The AWA Offer Work API
// (https://www.servicenow.com/docs/r/api-reference/rest-apis/awa-offer-work-api.html):
// an external router (here the bridge, for VCC) assigns a document to an
// agent, or transfers it to a queue or an agent.
//
//	POST /api/now/awa/documents/{document_table}/{document_sys_id}/offer
//	{"external_segment_id", "queue_id": "<awa_queue sys_id or external_id>",
//	 "assignment": {"agent_sys_id", "allowed_to_decline", "enable_auto_assign",
//	                "display_option", "timeout", "offered_on", "after_timeout_presence"},
//	 "transfer": {"source_queue_id", "target_id", "target_type": "agent|queue",
//	              "transfer_type": "blind|consult"}}
//
// Only blind transfers are simulated: the source agent's work item stops
// holding capacity at once and a new work item goes to the target.

// looseString accepts a JSON string, number or boolean: the API's samples
// send "true" and 30 alike.
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

type offerWorkBody struct {
	ExternalSegmentID looseString `json:"external_segment_id"`
	QueueID           looseString `json:"queue_id"`
	Assignment        *struct {
		AgentSysID           looseString `json:"agent_sys_id"`
		AllowedToDecline     looseString `json:"allowed_to_decline"`
		EnableAutoAssign     looseString `json:"enable_auto_assign"`
		DisplayOption        looseString `json:"display_option"`
		Timeout              looseString `json:"timeout"`
		OfferedOn            looseString `json:"offered_on"`
		AfterTimeoutPresence looseString `json:"after_timeout_presence"`
	} `json:"assignment"`
	Transfer *struct {
		SourceQueueID looseString `json:"source_queue_id"`
		TargetID      looseString `json:"target_id"`
		TargetType    looseString `json:"target_type"`
		TransferType  looseString `json:"transfer_type"`
	} `json:"transfer"`
}

// offerRequest is a checked Offer Work API call.
type offerRequest struct {
	table, docID    string
	queueID         string // as given: sys_id or external_id; "" for the document's queue
	agent           string // assignment or transfer to an agent
	targetQueue     string // transfer to a queue: sys_id or external_id
	transfer        bool
	terms           offerTerms
	externalSegment string
}

// serveOfferWork is the Offer Work API.
func (s *Server) serveOfferWork(w http.ResponseWriter, r *http.Request) {
	user, ok := s.authUser(w, r)
	if !ok {
		return
	}
	if !s.hasRole(user, "awa_integration_user") && !s.hasRole(user, "awa_manager") {
		writeError(w, http.StatusForbidden, "User Not Authorized", "The Offer Work API needs the awa_manager or awa_integration_user role; "+user["user_name"]+" has neither")
		return
	}
	var body offerWorkBody
	if !decodeAWABody(w, r, &body) {
		return
	}
	req, err := s.checkOffer(r.PathValue("document_table"), r.PathValue("document_sys_id"), body)
	if err != nil {
		writeAWAError(w, err)
		return
	}
	var wi Record
	if err := s.awa.do(func() (err error) { wi, err = s.awa.offerDocument(req); return err }); err != nil {
		writeAWAError(w, err)
		return
	}
	message := "Manual assignment successfully requested."
	if body.Transfer != nil {
		message = "Transfer successfully requested."
	}
	writeResult(w, http.StatusOK, map[string]any{
		"work_item": map[string]string{
			"display_name": wi["display_name"], "sys_id": wi["sys_id"], "document_id": wi["document_id"],
			"document_table": wi["document_table"], "queue": wi["queue"],
		},
		"success": true,
		"message": message,
	})
}

// checkOffer validates the body and the target agent's roles.
func (s *Server) checkOffer(table, docID string, b offerWorkBody) (offerRequest, error) {
	req := offerRequest{table: table, docID: docID, queueID: string(b.QueueID), externalSegment: string(b.ExternalSegmentID)}
	req.terms = offerTerms{allowReject: true, timeout: 30}
	if a := b.Assignment; a != nil {
		req.agent = strings.TrimSpace(string(a.AgentSysID))
		req.terms.allowReject = a.AllowedToDecline != "false"
		req.terms.autoAccept = a.EnableAutoAssign == "true"
		req.terms.afterTimeout = string(a.AfterTimeoutPresence)
		if a.Timeout != "" {
			n, err := strconv.Atoi(string(a.Timeout))
			switch {
			case err != nil:
				return req, awaBadRequest("Timeout must be a whole number of seconds")
			case n < 0:
				return req, awaBadRequest("Timeout value cannot be negative")
			}
			req.terms.timeout = n
		}
		if a.OfferedOn != "" {
			t, ok := parseOfferedOn(string(a.OfferedOn))
			if !ok {
				return req, awaBadRequest("offered_on must be a UTC date and time like 2024-04-03T23:09:31.000")
			}
			req.terms.offeredOn = Timestamp(t)
		}
	}
	if t := b.Transfer; t != nil {
		req.transfer = true
		if t.TransferType != "" && t.TransferType != "blind" {
			return req, awaBadRequest("Only blind transfers are supported by this instance; transfer_type was " + string(t.TransferType))
		}
		switch t.TargetType {
		case "agent":
			req.agent = string(t.TargetID)
		case "queue":
			req.targetQueue = string(t.TargetID)
		default:
			return req, awaBadRequest(`transfer.target_type must be "agent" or "queue"`)
		}
	}
	if req.agent == "" && req.targetQueue == "" {
		return req, awaBadRequest("Missing agent: send assignment.agent_sys_id, or a transfer with a target")
	}
	if req.agent != "" {
		agent := s.awa.get("sys_user", req.agent)
		if agent == nil {
			return req, awaNotFound("There is no record for sys_user : " + req.agent)
		}
		for _, role := range []string{"awa_agent", "awa_external_user"} {
			if !s.hasRole(agent, role) {
				return req, awaBadRequest("The user does not have the '" + role + "' role")
			}
		}
	}
	return req, nil
}

// parseOfferedOn reads offered_on as the API's samples write it.
func parseOfferedOn(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.000", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// offerDocument carries out an Offer Work API call on the engine goroutine:
// the document's waiting work items are cancelled ("Manually assigned"), an
// accepted one (a transfer's source) stops holding capacity, and a new work
// item is offered to the agent or queued on the target queue.
func (a *AWA) offerDocument(req offerRequest) (Record, error) {
	doc := a.get(req.table, req.docID)
	if doc == nil {
		return nil, awaNotFound("There is no record for " + req.table + " : " + req.docID)
	}
	if documentClosed(doc) {
		return nil, awaConflict("Document is not active")
	}
	items := a.activeItems(req.table, req.docID)
	var source Record
	for _, wi := range items {
		if wi["state"] == wiAccepted {
			source = wi
		}
	}
	if source != nil && !req.transfer {
		return nil, awaConflict("Work Item accepted can not be assigned")
	}
	if req.agent != "" && !a.presenceOf(req.agent).Available {
		return nil, awaConflict("Agent is not available")
	}
	if p := req.terms.afterTimeout; p != "" && a.get(tPresenceState, p) == nil {
		return nil, awaNotFound("There is no record for awa_presence_state : " + p)
	}
	queue := a.get(tQueue, doc["queue"])
	if id := firstNonEmpty(req.targetQueue, req.queueID); id != "" {
		if queue = a.queueByID(id); queue == nil {
			return nil, awaNotFound("There is no record for awa_queue : " + id)
		}
	}
	now := a.clock.Now()
	for _, wi := range items {
		a.disarm(wi["sys_id"])
		change := cancelChange(cancelManual, now)
		if wi["state"] == wiAccepted {
			change = Record{"active": "false"}
		}
		_, _ = a.db.Update(tWorkItem, wi["sys_id"], change, awaUser)
	}
	wi := newWorkItem(req.table, doc, queue["sys_id"], firstNonEmpty(queue["service_channel"], a.channelFor(req.table, doc)))
	wi["external_segment_id"] = req.externalSegment
	wi["previous_work_item"] = source["sys_id"]
	if req.targetQueue != "" {
		wi["transferred"] = "true"
	} else if req.transfer {
		wi["transfer_target_type"] = "agent"
	}
	wi, err := a.db.Insert(tWorkItem, wi, awaUser)
	if err != nil {
		return nil, err
	}
	if req.targetQueue != "" {
		// The assignment pass offers it to the target queue's agents.
		_, _ = a.db.Update(req.table, req.docID, Record{"queue": queue["sys_id"]}, awaUser)
		return wi, nil
	}
	a.offer(wi, req.agent, req.terms)
	return a.get(tWorkItem, wi["sys_id"]), nil
}

// queueByID finds an awa_queue by sys_id or by external_id (the CCaaS
// queue id).
func (a *AWA) queueByID(id string) Record {
	if q := a.get(tQueue, id); q != nil {
		return q
	}
	qs := a.find(tQueue, func(r Record) bool { return r["external_id"] == id })
	if len(qs) == 0 {
		return nil
	}
	return qs[0]
}

// channelFor finds the active service channel a document matches, "" if
// none.
func (a *AWA) channelFor(table string, doc Record) string {
	for _, ch := range a.find(tServiceChannel, activeRecord) {
		if ch["table"] == table && conditionMatches(doc, ch["condition"]) {
			return ch["sys_id"]
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
