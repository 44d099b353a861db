// Package openframe is the connector's side of ServiceNow's OpenFrame: the
// payloads of the events the TopFrame delivers (this file, pure Go) and the
// adapter over window.openFrameAPI (openframe_js.go). Payload shapes follow
// ServiceNow's documentation; where ServiceNow documents none (click-to-dial)
// every shape seen in published adapters is accepted.
package openframe

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Event names the connector subscribes to (openFrameAPI.subscribe).
const (
	EventCommunication     = "openframe_communication"
	EventCommFailure       = "openframe_communication_failure"
	EventShown             = "openframe_shown"
	EventHidden            = "openframe_hidden"
	EventBeforeDestroy     = "openframe_before_destroy"
	EventHeartBeat         = "openframe_heart_beat"
	EventAWAPresence       = "openframe_awa_agent_presence"
	EventWorkItemOffered   = "openframe_awa_workitem_offered"
	EventWorkItemAccepted  = "openframe_awa_workitem_accepted"
	EventWorkItemRejected  = "openframe_awa_workitem_rejected"
	EventWrapUpSubmitted   = "openframe_wrap_up_submitted"
	EventInteractionAction = "interaction_control_action"
)

// Subscribed is every event the connector listens to.
var Subscribed = []string{
	EventCommunication, EventCommFailure, EventShown, EventHidden, EventBeforeDestroy, EventHeartBeat,
	EventAWAPresence, EventWorkItemOffered, EventWorkItemAccepted, EventWorkItemRejected, EventWrapUpSubmitted,
}

// ErrPayload marks a payload the connector cannot use; it is logged and
// dropped.
var ErrPayload = errors.New("openframe: unusable payload")

// Dial is a click-to-dial request.
type Dial struct {
	// Number is as the record had it (it may need normalising).
	Number string
	// Table and SysID are the record the agent clicked on, when the payload
	// says.
	Table, SysID string
}

// ParseCommunication reads a click-to-dial openframe_communication payload.
// ServiceNow documents the event ("application-specific",
// api-reference/c_openFrameAPI.md) but not its payload; the shapes read here
// are those adapters written for real instances receive:
// {type:"OUTGOING_CALL", data:{metaData:{phoneNumber}}, recordId, recordType}
// (Agent Workspace, with the record the phone field is on at the top level)
// and {phone_number} (UI16's show_phone macro), with telephoneNumber / phone /
// number fallbacks. A payload without a record dials without linking one.
func ParseCommunication(raw []byte) (Dial, error) {
	var p struct {
		Type string `json:"type"`
		Data struct {
			MetaData map[string]any `json:"metaData"`
		} `json:"data"`
		PhoneNumber     any `json:"phone_number"`
		TelephoneNumber any `json:"telephoneNumber"`
		Phone           any `json:"phone"`
		Number          any `json:"number"`
		RecordID        any `json:"recordId"`
		RecordType      any `json:"recordType"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return Dial{}, fmt.Errorf("%w: %v", ErrPayload, err)
	}
	if p.Type != "" && !strings.EqualFold(p.Type, "OUTGOING_CALL") {
		return Dial{}, fmt.Errorf("%w: communication type %q is not a call", ErrPayload, p.Type)
	}
	var d Dial
	md := p.Data.MetaData
	for _, v := range []any{md["phoneNumber"], md["phone_number"], p.PhoneNumber, p.TelephoneNumber, p.Phone, p.Number} {
		if s := text(v); s != "" {
			d.Number = s
			break
		}
	}
	if t, id := text(p.RecordType), text(p.RecordID); t != "" && id != "" {
		d.Table, d.SysID = t, id
	}
	if d.Number == "" {
		return Dial{}, fmt.Errorf("%w: no phone number in the communication event", ErrPayload)
	}
	return d, nil
}

func text(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		return strings.TrimSuffix(fmt.Sprintf("%.0f", x), ".")
	}
	return ""
}

// WorkItem is an AWA work item as OpenFrame delivers it.
type WorkItem struct {
	SysID          string `json:"sys_id"`
	ServiceChannel struct {
		Name  string `json:"name"`
		SysID string `json:"sys_id"`
	} `json:"serviceChannel"`
	Document struct {
		SysID string `json:"sys_id"`
		Table string `json:"table"`
	} `json:"document"`
	IsAutoAccepted bool `json:"isAutoAccepted"`
	Rejection      *struct {
		Reason string `json:"reason"`
		SysID  string `json:"sys_id"`
	} `json:"rejection,omitempty"`
}

// IsPhoneInteraction reports whether the work item is a call for the
// connector: an interaction routed on a phone channel.
func (w WorkItem) IsPhoneInteraction() bool {
	return w.Document.Table == "interaction" && (w.ServiceChannel.Name == "" || strings.EqualFold(w.ServiceChannel.Name, "Phone"))
}

// ParseWorkItem reads the work item of openframe_awa_workitem_offered and
// _accepted ({result:{workItem}}) and _rejected ({payload:{workItem}}, as
// ServiceNow's sample has it; result is accepted too).
func ParseWorkItem(raw []byte) (WorkItem, error) {
	var p struct {
		Result *struct {
			WorkItem *WorkItem `json:"workItem"`
		} `json:"result"`
		Payload *struct {
			WorkItem *WorkItem `json:"workItem"`
		} `json:"payload"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return WorkItem{}, fmt.Errorf("%w: %v", ErrPayload, err)
	}
	var w *WorkItem
	switch {
	case p.Result != nil && p.Result.WorkItem != nil:
		w = p.Result.WorkItem
	case p.Payload != nil && p.Payload.WorkItem != nil:
		w = p.Payload.WorkItem
	default:
		return WorkItem{}, fmt.Errorf("%w: no workItem", ErrPayload)
	}
	if w.SysID == "" || w.Document.SysID == "" {
		return WorkItem{}, fmt.Errorf("%w: workItem without sys_id or document", ErrPayload)
	}
	return *w, nil
}

// AWAPresence is the agent's AWA presence from openframe_awa_agent_presence
// (and getAWAAgentPresence).
type AWAPresence struct {
	Name      string `json:"name"`
	SysID     string `json:"sys_id"`
	Available bool   `json:"available"`
	Channels  []struct {
		Name      string `json:"name"`
		Available bool   `json:"available"`
		SysID     string `json:"sys_id"`
	} `json:"channels"`
}

// ParseAWAPresence reads {result:{presence:{...}}} (also {presence:{...}}).
func ParseAWAPresence(raw []byte) (AWAPresence, error) {
	var p struct {
		Result *struct {
			Presence *AWAPresence `json:"presence"`
		} `json:"result"`
		Presence *AWAPresence `json:"presence"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return AWAPresence{}, fmt.Errorf("%w: %v", ErrPayload, err)
	}
	pr := p.Presence
	if p.Result != nil && p.Result.Presence != nil {
		pr = p.Result.Presence
	}
	if pr == nil || pr.Name == "" {
		return AWAPresence{}, fmt.Errorf("%w: no presence name", ErrPayload)
	}
	return *pr, nil
}

// WrapUp is ServiceNow's wrap-up module submission.
type WrapUp struct {
	External          bool   `json:"external"`
	ExternalSegmentID string `json:"externalSegmentId"`
	RecordID          string `json:"recordId"`
	RecordTable       string `json:"recordTable"`
	WrapUpCode        string `json:"wrapUpCode"`
	WrapUpNotes       string `json:"wrapUpNotes"`
	WrapUpSegmentID   string `json:"wrapUpSegmentId"`
}

// ParseWrapUp reads {wrapUp:{...}} of openframe_wrap_up_submitted, which
// ServiceNow fires when an agent submits an external wrap-up segment in the
// workspace (api-reference/c_openFrameAPI.md; the segment is the bridge's,
// opened with the Wrap Up API). A segment that is not external is not the
// connector's and is refused.
func ParseWrapUp(raw []byte) (WrapUp, error) {
	var p struct {
		WrapUp *WrapUp `json:"wrapUp"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return WrapUp{}, fmt.Errorf("%w: %v", ErrPayload, err)
	}
	if p.WrapUp == nil || p.WrapUp.RecordID == "" {
		return WrapUp{}, fmt.Errorf("%w: wrapUp without recordId", ErrPayload)
	}
	if p.WrapUp.RecordTable != "" && p.WrapUp.RecordTable != "interaction" {
		return WrapUp{}, fmt.Errorf("%w: wrap-up for %s, not an interaction", ErrPayload, p.WrapUp.RecordTable)
	}
	if !p.WrapUp.External {
		return WrapUp{}, fmt.Errorf("%w: an internal wrap-up segment is not the connector's", ErrPayload)
	}
	return *p.WrapUp, nil
}
