package snsim

import (
	"strconv"
	"strings"
	"time"
)

// Checking an Offer Work API body (api-reference/rest-apis/awa-offer-work-api.md).
// The messages in quotes below are the page's; the others are the
// simulator's own, for what the page requires without giving a message.
//
//	200 success:false  "<v> is not a valid boolean value", "<v> is not a valid
//	                   display option", "Timeout value cannot be negative",
//	                   "Offered time (<t>) must be in the following format: ...",
//	                   "Offered time (<t>) must be before the current time, ...",
//	                   "Timestamp after timeout (<t>) must be after the current time, ...",
//	                   "<id> is not a valid presence state"; a required field
//	                   missing; a consult transfer
//	404 success:false  the document, or a queue named by queue_id,
//	                   source_queue_id or a queue target_id, does not exist
//	409 success:false  "<id> is not a valid agent" (no such user, or no
//	                   awa_agent role), "The user does not have the
//	                   'awa_external_user' role", and the document's own
//	                   conflicts (awa_offer_work.go)

// offerRequest is a checked Offer Work API call.
type offerRequest struct {
	table, docID    string
	queue           Record // assignment: the queue_id queue; transfer: the source queue
	agent           string // the assignment's agent, or a transfer's target agent
	targetQueue     Record // transfer to a queue
	transfer        bool
	terms           offerTerms
	externalSegment string
	// checkAgent checks a transferring agent's roles (Server.checkAgent).
	checkAgent func(id string) error
}

// offeredOnLayout is offered_on's format, yyyy-MM-dd'T'HH:mm:ss.SSS (UTC).
const offeredOnLayout = "2006-01-02T15:04:05.000"

// checkOffer validates the body: the fields, then the queues (404) and the
// agents (409). The document is checked on the engine goroutine.
func (s *Server) checkOffer(table, docID string, b offerWorkBody) (offerRequest, error) {
	req := offerRequest{table: table, docID: docID, externalSegment: string(b.ExternalSegmentID), checkAgent: s.checkAgent}
	if t := b.Transfer; t != nil {
		return req, s.checkTransfer(&req, t)
	}
	a := b.Assignment
	switch {
	case a == nil:
		return req, offerFailed("Send assignment for a new assignment, or transfer for a transfer")
	case strings.TrimSpace(string(a.AgentSysID)) == "":
		return req, offerFailed("assignment.agent_sys_id is required for a new assignment")
	case strings.TrimSpace(string(b.QueueID)) == "":
		return req, offerFailed("queue_id is required for a new assignment")
	}
	terms, err := s.checkTerms(*a)
	if err != nil {
		return req, err
	}
	req.terms, req.agent = terms, strings.TrimSpace(string(a.AgentSysID))
	if req.queue = s.awa.queueByID(string(b.QueueID)); req.queue == nil {
		return req, offerNotFound("%s is not a valid queue", b.QueueID)
	}
	return req, s.checkAgent(req.agent)
}

// checkTerms reads the assignment's offer terms. Defaults: the agent may
// decline, no auto-assign, no time limit; offered_on and
// after_timeout_presence count only with a timeout.
func (s *Server) checkTerms(a offerAssignment) (offerTerms, error) {
	t := offerTerms{}
	var err error
	if t.allowReject, err = parseFlag(a.AllowedToDecline, true); err != nil {
		return t, err
	}
	if t.autoAccept, err = parseFlag(a.EnableAutoAssign, false); err != nil {
		return t, err
	}
	if d := string(a.DisplayOption); d != "" && d != "card_only" && d != "card_and_tab" {
		return t, offerFailed("%s is not a valid display option", d)
	}
	if a.Timeout == "" {
		return t, nil
	}
	n, err := strconv.Atoi(string(a.Timeout))
	switch {
	case err != nil:
		return t, offerFailed("Timeout (%s) must be a whole number of seconds", a.Timeout)
	case n < 0:
		return t, offerFailed("Timeout value cannot be negative")
	}
	t.timeout = n
	now := s.awa.Now()
	if on := string(a.OfferedOn); on != "" {
		at, err := time.ParseInLocation(offeredOnLayout, on, time.UTC)
		switch {
		case err != nil:
			return t, offerFailed("Offered time (%s) must be in the following format: yyyy-MM-dd'T'HH:mm:ss.SSS", on)
		case at.After(now):
			return t, offerFailed("Offered time (%s) must be before the current time, otherwise agent will have more time to accept the work item", on)
		case n > 0 && !at.Add(time.Duration(n)*time.Second).After(now):
			return t, offerFailed("Timestamp after timeout (%s) must be after the current time, otherwise agent has no time to accept the work item", on)
		}
		t.offeredOn = Timestamp(at)
	}
	if p := string(a.AfterTimeoutPresence); p != "" {
		if s.awa.get(tPresenceState, p) == nil {
			return t, offerFailed("%s is not a valid presence state", p)
		}
		t.afterTimeout = p
	}
	return t, nil
}

// checkTransfer reads a blind transfer: every field is required.
func (s *Server) checkTransfer(req *offerRequest, t *offerTransfer) error {
	req.transfer = true
	fields := []struct {
		name  string
		value looseString
	}{{"source_queue_id", t.SourceQueueID}, {"target_id", t.TargetID}, {"target_type", t.TargetType}, {"transfer_type", t.TransferType}}
	for _, f := range fields {
		if strings.TrimSpace(string(f.value)) == "" {
			return offerFailed("transfer.%s is required for a transfer", f.name)
		}
	}
	switch t.TransferType {
	case "blind":
	case "consult":
		return offerFailed("Consult transfers are not supported by this instance: use transfer_type blind")
	default:
		return offerFailed("%s is not a valid transfer type: use blind or consult", t.TransferType)
	}
	if req.queue = s.awa.queueByID(string(t.SourceQueueID)); req.queue == nil {
		return offerNotFound("%s is not a valid queue", t.SourceQueueID)
	}
	req.terms = offerTerms{allowReject: true}
	switch t.TargetType {
	case "queue":
		if req.targetQueue = s.awa.queueByID(string(t.TargetID)); req.targetQueue == nil {
			return offerNotFound("%s is not a valid queue", t.TargetID)
		}
		return nil
	case "agent":
		req.agent = string(t.TargetID)
		return s.checkAgent(req.agent)
	}
	return offerFailed("%s is not a valid target type: use agent or queue", t.TargetType)
}

// checkAgent checks the roles every agent receiving or transferring work
// through this API needs.
func (s *Server) checkAgent(id string) error {
	agent := s.awa.get("sys_user", id)
	switch {
	case agent == nil || !s.hasRole(agent, "awa_agent"):
		return offerConflict("%s is not a valid agent", id)
	case !s.hasRole(agent, "awa_external_user"):
		return offerConflict("The user does not have the 'awa_external_user' role")
	}
	return nil
}

// parseFlag reads a boolean parameter: true/yes/1 or false/no/0; def when
// absent.
func parseFlag(v looseString, def bool) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(string(v))) {
	case "":
		return def, nil
	case "true", "yes", "1":
		return true, nil
	case "false", "no", "0":
		return false, nil
	}
	return false, offerFailed("%s is not a valid boolean value", v)
}
