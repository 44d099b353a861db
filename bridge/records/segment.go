package records

import (
	"context"
	"errors"

	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// The workspace's wrap-up (rules: workspaceWrapUp) is ServiceNow's wrap-up
// module used as an external wrap-up (api-reference/rest-apis/wrap-up-api.md):
// at hang-up the bridge opens a segment for the interaction and the agent,
// whose external_segment_id is the VCC interaction id and whose codes are the
// rule's dispositions; the workspace shows its wrap-up dialog. When the agent
// submits it there, OpenFrame tells the panel (openframe_wrap_up_submitted),
// which sends it to the bridge as its wrap-up (source "workspace"): the
// segment is ServiceNow's already. Otherwise the bridge closes the segment
// with the panel's wrap-up before it closes the interaction.
//
// A segment ServiceNow refuses to open or close (an error status other than
// a rate limit or outage, or "success": false) is recorded
// (store.Sync.SegmentError) and said in the closing note: the call's close
// does not wait on the workspace's wrap-up.

// segment runs StepFindSegment, StepOpenSegment and StepCloseSegment. It
// returns the client's temporary *Error (or one that is neither refused nor
// temporary), or save's error.
func (s *Syncer) segment(ctx context.Context, c *store.Call, step Step, in Situation, save func() error) error {
	sy, f := &c.Sync, &c.Facts
	switch step {
	case StepFindSegment:
		seg, err := s.SN.WrapUpSegment(ctx, f.VCCID)
		switch {
		case err == nil && seg.SysID != "":
			sy.SegmentSysID = seg.SysID
		case err != nil && !settled(err):
			return err
		}
		sy.InFlight = ""
	case StepOpenSegment:
		codes := make([]servicenow.SegmentCode, 0, len(in.Rule.Dispositions))
		for _, d := range in.Rule.Dispositions {
			codes = append(codes, servicenow.SegmentCode{Code: d})
		}
		open := servicenow.SegmentOpen{AgentSysID: in.AgentSysID, InteractionSysID: sy.InteractionSysID, External: true,
			ExternalSegmentID: f.VCCID, OpenedOn: servicenowTime(firstTime(f.HungUpAt, in.Now)),
			Configuration: &servicenow.SegmentConfiguration{EnableCodes: len(codes) > 0, AllowedCodes: codes}}
		if len(codes) > 0 {
			open.Configuration.DefaultCode = codes[0].Code
		}
		sy.InFlight = inFlightSegment
		if err := save(); err != nil {
			return err
		}
		seg, err := s.SN.OpenWrapUpSegment(ctx, open)
		if err != nil && !settled(err) {
			return err
		}
		sy.InFlight = ""
		sy.SegmentSysID, sy.SegmentError = seg.SysID, refusal(err)
		if err == nil && seg.SysID == "" {
			sy.SegmentError = "ServiceNow opened a wrap-up segment without saying its sys_id"
		}
	case StepCloseSegment:
		body := servicenow.SegmentClose{Notes: f.Notes, ConfirmedOn: servicenowTime(in.Now)}
		for _, d := range in.Rule.Dispositions {
			if d == f.Disposition {
				body.WrapUpCode = d
			}
		}
		if body.WrapUpCode == "" && f.Disposition != "" {
			// Not one of the segment's codes: the default code stands, and
			// the notes keep the agent's.
			body.Notes = joinNonEmpty("\n", "Disposition: "+f.Disposition+".", f.Notes)
		}
		_, err := s.SN.CloseWrapUpSegment(ctx, servicenow.SegmentRef{SegmentSysID: sy.SegmentSysID}, body)
		if err != nil && !settled(err) {
			return err
		}
		sy.SegmentClosed, sy.SegmentError = err == nil, refusal(err)
	}
	return save()
}

// settled reports whether a failed segment request is final: refused, and
// not a rate limit or an outage (those are tried again).
func settled(err error) bool { return servicenow.IsRefused(err) && !servicenow.IsTemporary(err) }

// refusal is what ServiceNow said when it refused, "" for nil.
func refusal(err error) string {
	if err == nil {
		return ""
	}
	var e *servicenow.Error
	if errors.As(err, &e) {
		return joinNonEmpty(" ", e.Message, e.Detail)
	}
	return err.Error()
}
