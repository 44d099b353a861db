package servicenow

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// VoiceInteraction is the body of OpenFrame's voice-interaction API, which
// creates (or updates) an interaction with its phone logs and related records
// in one request — one request where the Table API needs three, which keeps a
// call within the instance's rate limits.
type VoiceInteraction struct {
	Interaction struct {
		// UserPhoneNumber is the caller's E.164 number (required on create).
		UserPhoneNumber     string `json:"userPhoneNumber,omitempty"`
		ClientSessionID     string `json:"clientSessionId,omitempty"`
		CallbackPhoneNumber string `json:"callbackPhoneNumber,omitempty"`
		// AdditionalParams are interaction fields (direction, state, queue,
		// opened_for, contact...).
		AdditionalParams map[string]string `json:"additionalParams,omitempty"`
	} `json:"interaction"`
	InteractionContext map[string]string `json:"interactionContext,omitempty"`
	// PhoneLogs are new sn_openframe_phone_log rows (column → value).
	PhoneLogs      []map[string]string `json:"phoneLogs,omitempty"`
	RelatedRecords []RelatedRecord     `json:"relatedRecords,omitempty"`
}

// RelatedRecord links a record to the interaction (interaction_related_record).
type RelatedRecord struct {
	DocumentTable string `json:"documentTable"`
	DocumentID    string `json:"documentId"`
}

// VoiceResult is the API's answer: {"result":{"status","sysId","number"}}.
type VoiceResult struct {
	Status string `json:"status"`
	SysID  string `json:"sysId"`
	Number string `json:"number"`
}

const voicePath = "/api/now/openframe/voice-interaction"

// CreateVoiceInteraction creates an interaction, with its phone logs and
// related records: POST /api/now/openframe/voice-interaction
// (api-reference/rest-apis/openframe-api.md). It returns an *Error for an
// error status, an answer that is not the documented JSON, or "status"
// other than SUCCESS or without a sysId (ErrNotDone: nothing was created).
func (c *Client) CreateVoiceInteraction(ctx context.Context, v VoiceInteraction) (VoiceResult, error) {
	var out VoiceResult
	if err := c.Do(ctx, http.MethodPost, voicePath, nil, v, &out); err != nil {
		return out, err
	}
	if out.Status != "SUCCESS" || out.SysID == "" {
		return out, &Error{Method: http.MethodPost, Path: voicePath, Status: http.StatusOK, Problem: ErrNotDone,
			Message: "the voice interaction was not created", Detail: fmt.Sprintf("status %q, sysId %q", out.Status, out.SysID)}
	}
	return out, nil
}

// UpdateVoiceInteraction changes an interaction's fields (additionalParams)
// and adds related records: PATCH /api/now/openframe/voice-interaction/{sys_id}
// (openframe-api.md). Phone logs sent here are new phone logs: the API
// updates none. It returns an *Error as CreateVoiceInteraction does
// (ErrNotDone for "status" other than SUCCESS).
//
// The API needs at least one interaction parameter (interaction is required
// and "at least one parameter must be passed"): an update without one is
// refused here, before any request, with ErrNoParameter.
func (c *Client) UpdateVoiceInteraction(ctx context.Context, sysID string, v VoiceInteraction) error {
	path := voicePath + "/" + url.PathEscape(sysID)
	in := v.Interaction
	if len(in.AdditionalParams) == 0 && in.UserPhoneNumber == "" && in.ClientSessionID == "" && in.CallbackPhoneNumber == "" {
		return fmt.Errorf("servicenow: PATCH %s: %w", path, ErrNoParameter)
	}
	var out VoiceResult
	if err := c.Do(ctx, http.MethodPatch, path, nil, v, &out); err != nil {
		return err
	}
	if out.Status != "SUCCESS" {
		return &Error{Method: http.MethodPatch, Path: path, Status: http.StatusOK, Problem: ErrNotDone,
			Message: "the voice interaction was not updated", Detail: fmt.Sprintf("status %q", out.Status)}
	}
	return nil
}
