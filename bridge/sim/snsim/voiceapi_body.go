package snsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// The voice-interaction request body (api-reference/rest-apis/
// openframe-api.md) and its checks. Field values may be JSON strings,
// numbers, booleans or null, stored as text (as the Table API stores them).
// The simulator reads JSON only (the page also lists application/xml).

type voiceBody struct {
	Interaction struct {
		UserPhoneNumber, ClientSessionID, CallbackPhoneNumber, InboundID string
		// AdditionalParams are interaction fields, as text.
		AdditionalParams Record
	}
	InteractionContext map[string]any
	// PhoneLogs are phone log fields, as text.
	PhoneLogs      []Record
	RelatedRecords []voiceRelated
}

type voiceRelated struct {
	DocumentID    string `json:"documentId"`
	DocumentTable string `json:"documentTable"`
}

// voiceWire is the body as JSON has it, before values become text.
type voiceWire struct {
	Interaction *struct {
		UserPhoneNumber     string         `json:"userPhoneNumber"`
		ClientSessionID     string         `json:"clientSessionId"`
		CallbackPhoneNumber string         `json:"callbackPhoneNumber"`
		InboundID           string         `json:"inboundId"`
		AdditionalParams    map[string]any `json:"additionalParams"`
	} `json:"interaction"`
	InteractionContext map[string]any   `json:"interactionContext"`
	PhoneLogs          []map[string]any `json:"phoneLogs"`
	RelatedRecords     []voiceRelated   `json:"relatedRecords"`
}

// maxVoiceBody bounds a voice-interaction request.
const maxVoiceBody = 1 << 20

// readVoiceBody reads and checks a request body; create says whether it is
// a create (userPhoneNumber required). Errors are 400 or 415 apiErrors.
func readVoiceBody(w http.ResponseWriter, r *http.Request, create bool) (*voiceBody, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return nil, &apiError{http.StatusUnsupportedMediaType, "Unsupported Media Type", "send the body as JSON with Content-Type: application/json (got " + ct + ")"}
		}
	}
	if !acceptsJSON(r.Header.Get("Accept")) {
		return nil, &apiError{http.StatusNotAcceptable, "Requested response format is not supported", "this instance answers application/json only: send Accept: application/json"}
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxVoiceBody))
	if err != nil {
		return nil, badRequest("Invalid request body", err.Error())
	}
	var wire voiceWire
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&wire); err != nil {
		return nil, badRequest("Invalid request body", "the body is not a voice-interaction object: "+err.Error())
	}
	b, err := wire.checked(create)
	if err != nil {
		return nil, badRequest("Invalid request body", err.Error())
	}
	return b, nil
}

// checked turns the wire body into a voiceBody, or says what is wrong.
func (wire voiceWire) checked(create bool) (*voiceBody, error) {
	ix := wire.Interaction
	if ix == nil {
		return nil, errors.New("interaction is required")
	}
	if !create && ix.UserPhoneNumber == "" && ix.ClientSessionID == "" && ix.CallbackPhoneNumber == "" &&
		ix.InboundID == "" && len(ix.AdditionalParams) == 0 {
		return nil, errors.New("interaction needs at least one parameter")
	}
	if create && ix.UserPhoneNumber == "" {
		return nil, errors.New("interaction.userPhoneNumber is required")
	}
	for name, n := range map[string]string{"userPhoneNumber": ix.UserPhoneNumber, "callbackPhoneNumber": ix.CallbackPhoneNumber} {
		if n != "" && !isE164(n) {
			return nil, fmt.Errorf("interaction.%s must be in E.164 format (+ and the country code, digits only), got %q", name, n)
		}
	}
	b := &voiceBody{InteractionContext: wire.InteractionContext, RelatedRecords: wire.RelatedRecords}
	b.Interaction.UserPhoneNumber, b.Interaction.ClientSessionID = ix.UserPhoneNumber, ix.ClientSessionID
	b.Interaction.CallbackPhoneNumber, b.Interaction.InboundID = ix.CallbackPhoneNumber, ix.InboundID
	params, err := textRecord(ix.AdditionalParams)
	if err != nil {
		return nil, fmt.Errorf("interaction.additionalParams: %w", err)
	}
	b.Interaction.AdditionalParams = params
	for i, pl := range wire.PhoneLogs {
		rec, err := textRecord(pl)
		if err != nil {
			return nil, fmt.Errorf("phoneLogs[%d]: %w", i, err)
		}
		b.PhoneLogs = append(b.PhoneLogs, rec)
	}
	for i, rr := range wire.RelatedRecords {
		if rr.DocumentID == "" || rr.DocumentTable == "" {
			return nil, fmt.Errorf("relatedRecords[%d] needs documentTable and documentId", i)
		}
	}
	return b, nil
}

// textRecord turns name-value pairs into a record of text values.
func textRecord(m map[string]any) (Record, error) {
	rec := make(Record, len(m))
	for k, v := range m {
		s, err := fieldText(v)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", k, err)
		}
		rec[k] = s
	}
	return rec, nil
}
