// Package api is the bridge's REST API for the connector: the paths and JSON
// bodies both ends share. Every request carries the agent's VCC access token
// (Authorization: Bearer); the bridge verifies it against VCC's keys and lets
// an agent read and change only their own calls and records. Errors come as
// {"error":{"code","message"}} with the HTTP status of the code (Status).
// The routes are in routes.go.
package api

// Session registers a signed-in panel. The bridge serves one VCC account (its
// setting) and refuses users of any other.
type Session struct {
	Client string `json:"client"`
}

// SessionInfo answers Session.
type SessionInfo struct {
	UserName string `json:"userName"`
	// UserSysID is the agent's sys_user record in ServiceNow.
	UserSysID string `json:"userSysId"`
	Name      string `json:"name"`
}

// Interaction is the bridge's view of a call's ServiceNow records.
type Interaction struct {
	SysID     string `json:"sysId"`
	Number    string `json:"number"`
	VCCID     string `json:"vccId"`
	State     string `json:"state"` // ServiceNow interaction.state
	Direction string `json:"direction"`
	From      string `json:"from"`
	// FromDisplay is From as people in the deployment's region write it
	// ("(415) 555-0201"; a number of another country in its international
	// form), "" when the bridge could not read it.
	FromDisplay string `json:"fromDisplay,omitempty"`
	Queue       string `json:"queue"`
	// QueuedAt is when the call joined the queue it waits in now: for a
	// transferred call, the transfer's time, not the first queue's.
	QueuedAt string `json:"queuedAt"`
	// TransferredBy names the agent whose blind transfer brought the call
	// to its queue or agent (their display name), TransferredFrom the
	// queue it was in then; both "" for a call never transferred.
	TransferredBy   string `json:"transferredBy,omitempty"`
	TransferredFrom string `json:"transferredFrom,omitempty"`
	// AssignedTo is the user_name of the agent working it.
	AssignedTo string `json:"assignedTo"`
	// CallerName is the matched caller's name, "" when unknown or ambiguous.
	CallerName string `json:"callerName"`
	// Record is the screen-pop target: the record the call concerns, or a
	// prefilled new record.
	Record *Record `json:"record,omitempty"`
	// Matches lists the candidate callers when the number matched several.
	Matches []Record `json:"matches,omitempty"`
	// Open is false once the interaction is closed (abandoned, complete).
	Open bool `json:"open"`
	// Limited is set on the view of a call that waits for an agent: it
	// says the call waits, where and since when, not who calls or about
	// what; those come to the agent AWA gives the call to, with the accept.
	Limited bool `json:"limited,omitempty"`
}

// Record references a ServiceNow record.
type Record struct {
	Table  string `json:"table"`
	SysID  string `json:"sysId"`
	Query  string `json:"query"`
	Number string `json:"number,omitempty"`
	Label  string `json:"label,omitempty"`
}

// Accept is the agent taking an offered call. InWorkspace says the agent
// accepted in the workspace inbox (AWA already knows).
type Accept struct {
	WorkItemID  string `json:"workItemId"`
	InWorkspace bool   `json:"inWorkspace"`
}

// Reject is the agent refusing an offered call.
type Reject struct {
	WorkItemID string `json:"workItemId"`
	ReasonID   string `json:"reasonId,omitempty"`
}

// Match is the agent choosing the caller among several matches.
type Match struct {
	Table string `json:"table"`
	SysID string `json:"sysId"`
}

// Context links an outbound call to the record it was dialled from
// ("table:sys_id").
type Context struct {
	Regarding string `json:"regarding"`
}

// WrapUp closes the call's interaction.
type WrapUp struct {
	Disposition string `json:"disposition"`
	Notes       string `json:"notes"`
	// Transferred says the agent handed the call on: the wrap-up is for
	// their part only (VCC's events saying so may reach the bridge later).
	Transferred bool `json:"transferred,omitempty"`
	// Source is WrapUpSourceWorkspace when the agent submitted ServiceNow's
	// wrap-up dialog (openframe_wrap_up_submitted of an external segment)
	// and the panel forwards it: ServiceNow has the segment's code and notes
	// already, so the bridge does not close the segment again. Empty for the
	// panel's own wrap-up.
	Source string `json:"source,omitempty"`
}

// WrapUpSourceWorkspace is WrapUp.Source for a wrap-up made in ServiceNow's
// workspace.
const WrapUpSourceWorkspace = "workspace"

// Transfer tells the bridge that the agent's blind transfer was taken by
// VCC: to a queue (To is the VCC queue's name) or an agent (To is their
// user name). The bridge hands the interaction on in AWA.
type Transfer struct {
	ToType string `json:"toType"` // "queue" or "agent"
	To     string `json:"to"`
}

// TransferAgents are the agents a call can be transferred to now, by user
// name: those whose panel is open on this bridge and whose VCC presence
// (VCC's Agents API) is in the Ready category. An agent who is signed out,
// away or without a panel would only send the caller back to the queue.
type TransferAgents struct {
	Agents []string `json:"agents"`
}

// SetPresence is the agent choosing a VCC presence (a presence
// definition's id). The bridge sets it with VCC's Agents API (PATCH
// /agents/{userId}/presence), the documented way, and answers the presence
// VCC now holds.
type SetPresence struct {
	PresenceID string `json:"presenceId"`
}

// Presence is a VCC presence as the bridge reports it: the Agents API's
// presence object (presenceId, description, category type).
type Presence struct {
	PresenceID  string `json:"presenceId"`
	Description string `json:"description"`
	// Category is Ready, Away, ExtendedAway or LoggedOut.
	Category   string `json:"category"`
	Selectable bool   `json:"selectable"`
}

// Error is the error body.
type Error struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Error codes. Each has one HTTP status (Status), so the bridge and the panel
// cannot disagree on it.
const (
	CodeUnauthorized    = "unauthorized"     // 401: no, forged or expired token
	CodeAccountMismatch = "account_mismatch" // 403: the user is not one of the VCC account this instance serves
	CodeForbidden       = "forbidden"        // 403: e.g. no ServiceNow user for the agent
	CodeNotYourCall     = "not_your_call"    // 403: the call is another agent's, or was not offered to this one
	CodeNotFound        = "not_found"        // 404: no such call (yet)
	CodeConflict        = "conflict"         // 409: e.g. the offer is no longer pending
	CodeBadRequest      = "bad_request"      // 400
	CodeTooLarge        = "too_large"        // 413: the body is over the limit
	CodeRateLimited     = "rate_limited"     // 429: too many requests; Retry-After says when to try again
	CodeUnavailable     = "unavailable"      // 503: ServiceNow, VCC or the bridge's store unreachable; retry later
)

// statuses are the codes' HTTP statuses.
var statuses = map[string]int{
	CodeUnauthorized: 401, CodeAccountMismatch: 403, CodeForbidden: 403, CodeNotYourCall: 403, CodeNotFound: 404,
	CodeConflict: 409, CodeBadRequest: 400, CodeTooLarge: 413, CodeRateLimited: 429, CodeUnavailable: 503,
}

// Status is the HTTP status of an error code (500 for a code not listed).
func Status(code string) int {
	if st, ok := statuses[code]; ok {
		return st
	}
	return 500
}

// Retryable reports whether a request refused with code may succeed later
// unchanged.
func Retryable(code string) bool {
	return code == CodeUnavailable || code == CodeRateLimited
}
