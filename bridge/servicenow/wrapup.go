package servicenow

import (
	"context"
	"net/http"
	"net/url"
)

// The Wrap Up API's segments for an external wrap-up
// (api-reference/rest-apis/wrap-up-api.md; plugin com.glide.interaction.awa,
// role interaction_integration_user): the contact center opens a segment
// when the agent's wrap-up starts, the workspace shows its wrap-up dialog,
// and the segment is closed with the code and notes. The segment endpoints
// answer {"success", "message", "sys_id", "segment"} — at the top in the
// docs' samples, which the client also accepts inside "result"; "success":
// false is an *Error with ErrNotDone and ServiceNow's message.

// SegmentOpen is the body of POST /api/now/wrapup/segment/create.
type SegmentOpen struct {
	// AgentSysID and InteractionSysID are required.
	AgentSysID       string `json:"agent_sys_id"`
	InteractionSysID string `json:"interaction_sys_id"`
	// External marks a segment the contact center owns; it then needs
	// ExternalSegmentID and Configuration.
	External          bool                  `json:"external"`
	ExternalSegmentID string                `json:"external_segment_id,omitempty"`
	OpenedOn          string                `json:"opened_on,omitempty"`
	Configuration     *SegmentConfiguration `json:"configuration,omitempty"`
}

// SegmentConfiguration is an external segment's wrap-up configuration. With
// EnableCodes the agent must choose a code: AllowedCodes and DefaultCode are
// then required.
type SegmentConfiguration struct {
	EnableCodes  bool          `json:"enable_codes"`
	AllowedCodes []SegmentCode `json:"allowed_codes,omitempty"`
	DefaultCode  string        `json:"default_code,omitempty"`
}

// SegmentCode is an allowed wrap-up code, by its label.
type SegmentCode struct {
	Code string `json:"code"`
}

// Segment is a wrap-up segment as the API answers it (the fields the bridge
// reads).
type Segment struct {
	SysID                string `json:"sys_id"`
	State                string `json:"state"`
	Agent                string `json:"agent"`
	Interaction          string `json:"interaction"`
	External             bool   `json:"external"`
	SubmittedOn          string `json:"submitted_on"`
	ConfirmedOn          string `json:"confirmed_on"`
	Notes                string `json:"notes"`
	AwaitingConfirmation bool   `json:"awaiting_confirmation"`
}

// segmentAnswer is a segment endpoint's answer.
type segmentAnswer struct {
	Message string  `json:"message"`
	SysID   string  `json:"sys_id"`
	Segment Segment `json:"segment"`
}

func (a segmentAnswer) segment() Segment {
	s := a.Segment
	if s.SysID == "" {
		s.SysID = a.SysID
	}
	return s
}

// OpenWrapUpSegment opens a wrap-up segment for an interaction:
// POST /api/now/wrapup/segment/create. It returns the open segment, or an
// *Error: ErrNotDone for "success": false, ErrNoResult for an answer
// without "success", an error status, or the client's other errors.
func (c *Client) OpenWrapUpSegment(ctx context.Context, s SegmentOpen) (Segment, error) {
	var out segmentAnswer
	err := c.doOutcome(ctx, http.MethodPost, "/api/now/wrapup/segment/create", nil, s, &out)
	return out.segment(), err
}

// SegmentRef names the segment to close: by its sys_id, else by the
// contact center's external_segment_id, else by agent and interaction.
type SegmentRef struct {
	SegmentSysID      string
	ExternalSegmentID string
	AgentSysID        string
	InteractionSysID  string
}

func (r SegmentRef) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"segment_sys_id": r.SegmentSysID, "external_segment_id": r.ExternalSegmentID,
		"agent_sys_id": r.AgentSysID, "interaction_sys_id": r.InteractionSysID} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// SegmentClose is the body of PUT /api/now/wrapup/segment/update: the code
// the agent chose (its label; the configured default when empty), the
// notes, and when the contact center ended the wrap-up.
type SegmentClose struct {
	WrapUpCode  string `json:"wrap_up_code,omitempty"`
	Notes       string `json:"notes,omitempty"`
	ConfirmedOn string `json:"confirmed_on,omitempty"`
}

// CloseWrapUpSegment updates and closes a wrap-up segment:
// PUT /api/now/wrapup/segment/update?segment_sys_id=…. It returns the
// closed segment, or an *Error as OpenWrapUpSegment does.
func (c *Client) CloseWrapUpSegment(ctx context.Context, ref SegmentRef, body SegmentClose) (Segment, error) {
	var out segmentAnswer
	err := c.doOutcome(ctx, http.MethodPut, "/api/now/wrapup/segment/update", ref.query(), body, &out)
	return out.segment(), err
}

// WrapUpSegment reads a segment by its sys_id or by the contact center's
// external segment id: GET /api/now/wrapup/segment/{segment_id}. It returns
// an *Error as OpenWrapUpSegment does; a segment that does not exist is
// "success": false (ErrNotDone) or a 404 or 400.
func (c *Client) WrapUpSegment(ctx context.Context, id string) (Segment, error) {
	var out segmentAnswer
	err := c.doOutcome(ctx, http.MethodGet, "/api/now/wrapup/segment/"+url.PathEscape(id), nil, nil, &out)
	return out.segment(), err
}
