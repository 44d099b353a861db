package records

import (
	"context"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// The close writes the call's note where the agent and the customer's
// records show it, by documented means only: the interaction's work_notes
// with its state, in one openframe voice-interaction PATCH (additionalParams
// are "name-value pairs of the associated interaction record fields",
// api-reference/rest-apis/openframe-api.md; work_notes is an interaction
// field, servicenow-platform/interaction-management/interaction-form.md),
// then the linked case's, incident's or requested item's work_notes (a task
// journal field) with one Table API PATCH. No phone log is sent with the
// PATCH (the API would add one, never update one), and nothing relies on a
// business rule to copy the note. A wrap-up that comes after the close is
// written the same way.

// close runs StepClose, StepNoteRecord, StepLateNoteInteraction and
// StepLateNoteRecord and records the outcome (the caller saves). It returns
// the client's *Error.
func (s *Syncer) close(ctx context.Context, c *store.Call, step Step, in Situation) error {
	f, sy := &c.Facts, &c.Sync
	table, id := linkedRecord(sy)
	switch step {
	case StepClose:
		var v servicenow.VoiceInteraction
		v.Interaction.AdditionalParams = map[string]string{"state": calls.StateClosedComplete, "work_notes": s.closingNote(ctx, c)}
		if err := s.SN.UpdateVoiceInteraction(ctx, sy.InteractionSysID, v); err != nil {
			return err
		}
		sy.State = calls.StateClosedComplete
		sy.WrapUpWritten = !f.PanelWrapUpAt.IsZero()
	case StepNoteRecord:
		note := s.closingNote(ctx, c)
		fields := servicenow.Record{"work_notes": note}
		// A case the agent named (the record an outbound call was dialled
		// from) gets the note; only a case the caller lookup found is
		// resolved, so an agent cannot have any case resolved.
		if in.Rule.ResolveCase && table == "sn_customerservice_case" && table+":"+id != f.Regarding {
			fields["state"], fields["resolution_code"], fields["close_notes"] = "6", "Solved (Permanently)", firstNonEmpty(f.Notes, note)
		}
		if _, err := s.SN.Update(ctx, table, id, fields); err != nil {
			return err
		}
		sy.RecordNoted = true
	case StepLateNoteInteraction:
		var v servicenow.VoiceInteraction
		v.Interaction.AdditionalParams = map[string]string{"work_notes": lateNote(f)}
		if err := s.SN.UpdateVoiceInteraction(ctx, sy.InteractionSysID, v); err != nil {
			return err
		}
		sy.LateNoted = true
		sy.WrapUpWritten = table == ""
	case StepLateNoteRecord:
		if _, err := s.SN.Update(ctx, table, id, servicenow.Record{"work_notes": lateNote(f)}); err != nil {
			return err
		}
		sy.WrapUpWritten = true
	}
	return nil
}
