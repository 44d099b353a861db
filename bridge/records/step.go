package records

import "strconv"

// Step is the next thing the sync does for a call: most steps are one
// ServiceNow request; StepCorrelate is the caller lookup (one to three);
// StepSkipTransfer and StepNone make none, StepWait none until later.
type Step int

// Steps, in the order a call meets them.
const (
	// StepNone: ServiceNow is in line with the call.
	StepNone Step = iota
	// StepCorrelate looks the caller up (correlate.go).
	StepCorrelate
	// StepFindCase looks for the case an unanswered insert may have made
	// (Table API GET sn_customerservice_case by its short_description).
	StepFindCase
	// StepCreateCase inserts a case for a known CSM caller without one
	// (rules: createCase; Table API POST).
	StepCreateCase
	// StepFindInteraction looks for the interaction an unanswered create
	// may have made (Table API GET interaction by its short_description).
	StepFindInteraction
	// StepCreateInteraction creates the interaction with its phone log and
	// link (openframe voice-interaction POST).
	StepCreateInteraction
	// StepSkipTransfer counts a transfer that needs no request (to an
	// agent, or made after the call ended).
	StepSkipTransfer
	// StepTransfer hands the interaction to the next queue (AWA Offer Work
	// API, transfer variant).
	StepTransfer
	// StepLink relates the record a call was placed from (voice PATCH with
	// relatedRecords).
	StepLink
	// StepWorkInProgress writes work_in_progress when AWA's accept did not
	// (Table API PATCH interaction).
	StepWorkInProgress
	// StepFindSegment looks for the wrap-up segment an unanswered open may
	// have made (Wrap Up API GET by external segment id).
	StepFindSegment
	// StepOpenSegment opens the external wrap-up segment at hang-up (rules:
	// workspaceWrapUp; Wrap Up API create).
	StepOpenSegment
	// StepAbandon closes the interaction of a caller who left the queue
	// (Table API PATCH interaction).
	StepAbandon
	// StepWait: the close waits for the other account of the wrap-up, or an
	// abandonment for a late connect.
	StepWait
	// StepCloseSegment closes the wrap-up segment with the panel's wrap-up
	// (Wrap Up API update).
	StepCloseSegment
	// StepClose closes the interaction with its note (voice PATCH).
	StepClose
	// StepNoteRecord writes the closing note into the linked record's work
	// notes, resolving a case when the rule says so (Table API PATCH).
	StepNoteRecord
	// StepFindRequest looks for the Service Request an unanswered insert may
	// have made (Table API GET sc_request).
	StepFindRequest
	// StepCreateRequest opens a Service Request under the linked case
	// (rules: createRequest; Table API POST sc_request).
	StepCreateRequest
	// StepLateNoteInteraction writes a wrap-up that came after the close
	// into the interaction's work notes (voice PATCH).
	StepLateNoteInteraction
	// StepLateNoteRecord writes it into the linked record's work notes
	// (Table API PATCH).
	StepLateNoteRecord
)

var stepNames = [...]string{
	StepNone: "none", StepCorrelate: "correlate", StepFindCase: "find case", StepCreateCase: "create case",
	StepFindInteraction: "find interaction", StepCreateInteraction: "create interaction",
	StepSkipTransfer: "skip transfer", StepTransfer: "transfer", StepLink: "link", StepWorkInProgress: "work in progress",
	StepFindSegment: "find segment", StepOpenSegment: "open segment", StepAbandon: "abandon", StepWait: "wait",
	StepCloseSegment: "close segment", StepClose: "close", StepNoteRecord: "note record",
	StepFindRequest: "find request", StepCreateRequest: "create request",
	StepLateNoteInteraction: "late note on interaction", StepLateNoteRecord: "late note on record",
}

func (s Step) String() string {
	if s >= 0 && int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "Step(" + strconv.Itoa(int(s)) + ")"
}

// ParseStep returns the step with that name.
func ParseStep(name string) (Step, bool) {
	for i, n := range stepNames {
		if n == name {
			return Step(i), true
		}
	}
	return StepNone, false
}
