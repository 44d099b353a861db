package snsim

import (
	"net/http"
	"strings"
)

// The workspace's wrap-up dialog (customer-service-management/interaction-wrapup-modeless-dialog.md):
// it shows each open wrap-up segment of the signed-in agent that they have
// not submitted yet, with the codes its configuration allows, and submits
// it. The simulator never opens a segment by itself: segments come from
// the Wrap Up API (an external system) or an internal configuration.
//
// Submitting an external segment records the code and notes, submitted_on
// and awaiting_confirmation=true, and raises openframe_wrap_up_submitted
// {wrapUp:{external:true, externalSegmentId, recordId, recordTable:
// "interaction", wrapUpCode, wrapUpNotes, wrapUpSegmentId}} in the agent's
// OpenFrame panel: the event is documented only for external wrap-ups
// (api-reference/c_openFrameAPI.md). The external system then closes the
// segment (PUT /api/now/wrapup/segment/update). Submitting an internal
// segment closes it and the interaction (closed_complete), as the dialog's
// page says, and raises nothing.

// WrapUpCard is one wrap-up the dialog offers.
type WrapUpCard struct {
	Segment     string `json:"segment"`
	Interaction string `json:"interaction"`
	// Number and Caller are the interaction's number and caller_phone_number.
	Number      string   `json:"number"`
	Caller      string   `json:"caller"`
	External    bool     `json:"external"`
	EnableCodes bool     `json:"enableCodes"`
	Codes       []string `json:"codes"`
	DefaultCode string   `json:"defaultCode,omitempty"`
}

// waitingForAgent reports a segment the agent still has to submit.
func waitingForAgent(seg Record) bool {
	return seg["state"] == segOpen && seg["submitted_on"] == ""
}

// wrapUpCards lists the user's segments waiting for them, oldest first.
func wrapUpCards(db *DB, user string) []WrapUpCard {
	segs, _ := db.Find(tWrapUpSegment, func(r Record) bool { return r["agent"] == user && waitingForAgent(r) })
	out := []WrapUpCard{}
	for _, seg := range segs {
		ix, _ := db.Get(tInteraction, seg["interaction"])
		cfg := firstRecord(segmentConfig(db, seg), Record{})
		codes := allowedCodes(db, cfg)
		if len(codes) == 0 {
			codes, _ = db.Find(tWrapUpCode, activeRecord)
			sortByOrderField(codes)
		}
		card := WrapUpCard{Segment: seg["sys_id"], Interaction: seg["interaction"], Number: ix["number"], Caller: ix["caller_phone_number"],
			External: flagSet(seg["external"]), EnableCodes: flagSet(cfg["enable_codes"]), Codes: []string{}}
		for _, c := range codes {
			card.Codes = append(card.Codes, c["code"])
		}
		if d, err := db.Get(tWrapUpCode, cfg["default_code"]); err == nil {
			card.DefaultCode = d["code"]
		}
		out = append(out, card)
	}
	return out
}

// publishWrapUps sends the user's waiting wrap-ups to their pages.
func (a *AWA) publishWrapUps(user string) {
	if a.feed.Watching(user) {
		a.feed.Publish(user, FeedEvent{Type: "wrapups", WrapUps: wrapUpCards(a.db, user)})
	}
}

// serveWorkspaceWrapUp is POST /now/workspace/api/wrapup
// {"segment" | "interaction", "code", "notes"}: the dialog's Submit, for the
// segment named, or the signed-in agent's waiting segment of the
// interaction. Errors: 404 no such segment, 403 another agent's, 409
// already submitted or closed, 400 a code that cannot be used.
func (s *Server) serveWorkspaceWrapUp(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Segment     string `json:"segment"`
		Interaction string `json:"interaction"`
		Code        string `json:"code"`
		Notes       string `json:"notes"`
	}
	user, ok := s.sessionRequest(w, r, &body)
	if !ok {
		return
	}
	var seg Record
	err := s.awa.do(func() (err error) {
		seg, err = s.submitWrapUp(user, body.Segment, body.Interaction, body.Code, body.Notes)
		return err
	})
	if err != nil {
		writeAWAError(w, err)
		return
	}
	writeResult(w, http.StatusOK, seg)
}

// submitWrapUp carries out a Submit on the engine goroutine.
func (s *Server) submitWrapUp(user Record, segID, interaction, code, notes string) (Record, error) {
	seg := s.findSegment(segID)
	if segID == "" {
		seg = s.agentSegment(user["sys_id"], interaction)
	}
	switch {
	case seg == nil:
		return nil, awaNotFound("There is no wrap-up waiting for you on " + firstNonEmpty(segID, interaction))
	case seg["agent"] != user["sys_id"]:
		return nil, &awaError{status: http.StatusForbidden, message: "Operation Failed", detail: "This wrap-up is another agent's"}
	case !waitingForAgent(seg):
		return nil, awaConflict("This wrap-up was already submitted")
	}
	codeID, problem := s.codeChoice(seg, code)
	if problem != "" {
		return nil, awaBadRequest(strings.ToUpper(problem[:1]) + problem[1:])
	}
	now := Timestamp(s.awa.Now())
	changes := Record{"wrap_up_code": codeID, "wrap_up_notes": notes, "submitted_on": now}
	external := flagSet(seg["external"])
	if external {
		changes["awaiting_confirmation"] = "true"
	} else {
		changes["state"], changes["awaiting_confirmation"] = segClosed, "false"
	}
	seg, err := s.DB.Update(tWrapUpSegment, seg["sys_id"], changes, user["user_name"])
	if err != nil {
		return nil, err
	}
	if !external {
		if ix, err := s.DB.Get(tInteraction, seg["interaction"]); err == nil && !documentClosed(ix) {
			_, _ = s.DB.Update(tInteraction, ix["sys_id"], Record{"state": "closed_complete"}, user["user_name"])
		}
		return seg, nil
	}
	label := ""
	if c, err := s.DB.Get(tWrapUpCode, codeID); err == nil {
		label = c["code"]
	}
	s.feed.Publish(seg["agent"], FeedEvent{Type: "wrapup_submitted", Panel: &PanelMessage{
		EventName: "openframe_wrap_up_submitted",
		Args: map[string]any{"wrapUp": map[string]any{
			"external": true, "externalSegmentId": seg["external_segment_id"],
			"recordId": seg["interaction"], "recordTable": tInteraction,
			"wrapUpCode": label, "wrapUpNotes": seg["wrap_up_notes"], "wrapUpSegmentId": seg["sys_id"],
		}},
	}})
	return seg, nil
}
