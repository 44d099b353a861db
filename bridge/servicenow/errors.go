package servicenow

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// What was wrong with an answer that came back with a success status. An
// *Error carries one of these in Problem; errors.Is finds it.
var (
	// ErrNotJSON: a 2xx answer that is not JSON, such as an HTML maintenance
	// page or a single sign-on page a proxy answered with 200.
	ErrNotJSON = errors.New("servicenow: the answer is not the API's JSON")
	// ErrNoResult: JSON without the envelope the API documents ("result",
	// or the Wrap Up API's "success").
	ErrNoResult = errors.New("servicenow: the answer lacks the documented envelope")
	// ErrUnexpectedResult: a result whose shape is not the documented one.
	ErrUnexpectedResult = errors.New("servicenow: the result is not shaped as documented")
	// ErrNotDone: the API answered that it did not do it: "success": false
	// (AWA Offer Work, Wrap Up) or "status": "FAILURE" (openframe
	// voice-interaction).
	ErrNotDone = errors.New("servicenow: the API reported a failure")
	// ErrNoParameter: a voice-interaction update without an interaction
	// parameter, which the API refuses (openframe-api.md).
	ErrNoParameter = errors.New("servicenow: the voice-interaction API needs at least one interaction parameter")
	// ErrUnsafeQuery: a value that could change an encoded query's meaning
	// (a caret, a line break, a script); the request is not sent.
	ErrUnsafeQuery = errors.New("servicenow: unsafe value in an encoded query")
	// ErrBadFormat: a number, sys_id or user name is not in its format.
	ErrBadFormat = errors.New("servicenow: value not in its format")
)

// Error is a failed ServiceNow request: a transport failure (Err), an error
// status (Status ≥ 300 with ServiceNow's message), or a success status whose
// body is not what the API documents as success (Problem).
type Error struct {
	Method, Path string
	Status       int
	Message      string
	Detail       string
	// RetryAfter is the wait ServiceNow asked for (429/503), 0 if none.
	RetryAfter time.Duration
	// Problem is ErrNotJSON, ErrNoResult, ErrUnexpectedResult or ErrNotDone
	// for an answer with a success status; nil otherwise.
	Problem error
	// Err is the transport error when no answer came.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("servicenow: %s %s: %v", e.Method, e.Path, e.Err)
	}
	s := fmt.Sprintf("servicenow: %s %s: %d %s", e.Method, e.Path, e.Status, e.Message)
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Unwrap returns the transport error and the problem, for errors.Is.
func (e *Error) Unwrap() []error {
	var out []error
	for _, x := range []error{e.Problem, e.Err} {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

// Temporary reports whether trying again later may succeed: rate limits,
// server errors, transport failures, and pages that are not the API's JSON
// (maintenance; a proxy's page).
func (e *Error) Temporary() bool {
	return e.Err != nil || e.Status == http.StatusTooManyRequests || e.Status >= 500 || errors.Is(e.Problem, ErrNotJSON)
}

// NeedsOperator reports whether the answer is one that trying again soon
// will not change, but a person can: a page or a redirect instead of the
// API's JSON (a maintenance window, a single sign-on proxy), 401 after a
// credential rotation, 403 of a missing role, 404 of a record or queue
// that must be configured, another refusal (4xx but 429), or an API's
// documented failure. Such work is retried slowly and reported; transport
// failures, 429 and 5xx are not in this class (Temporary), and neither is
// a value refused before any request (FormatError).
func (e *Error) NeedsOperator() bool {
	switch {
	case e.Err != nil:
		return false
	case e.Status >= 200 && e.Status < 300:
		return e.Problem != nil
	case e.Status == http.StatusTooManyRequests || e.Status >= 500:
		return false
	}
	return e.Status >= 300
}

// Refused reports whether the instance answered that it did not do what was
// asked (a 4xx, a 503, "success": false, status FAILURE): a create so
// refused created nothing. A transport failure, a 500 or an unreadable
// answer may hide a change.
func (e *Error) Refused() bool {
	return e.Err == nil && (e.Status >= 400 && e.Status < 500 || e.Status == http.StatusServiceUnavailable || errors.Is(e.Problem, ErrNotDone))
}

// Status returns the HTTP status of a ServiceNow error, 0 otherwise.
func Status(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsTemporary reports whether err is a ServiceNow error worth retrying.
func IsTemporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Temporary()
}

// IsNeedsOperator reports whether err is a ServiceNow answer a person must
// act on (see Error.NeedsOperator).
func IsNeedsOperator(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.NeedsOperator()
}

// IsRefused reports whether err is a ServiceNow answer that said the request
// was not carried out (see Error.Refused).
func IsRefused(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Refused()
}

// RetryAfter is the wait a temporary error asks for (0 when it says none).
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// FormatError is a value refused before any request: an unsafe query value
// (ErrUnsafeQuery) or a number, sys_id or user name not in its format
// (ErrBadFormat).
type FormatError struct {
	// What names the value ("sys_id", "query value for caller_id.phone").
	What   string
	Value  string
	Reason string
	Kind   error
}

func (e *FormatError) Error() string {
	v := e.Value
	if len(v) > 60 {
		v = v[:60] + "…"
	}
	return fmt.Sprintf("servicenow: %s %q refused: %s", e.What, v, e.Reason)
}

// Unwrap returns ErrUnsafeQuery or ErrBadFormat.
func (e *FormatError) Unwrap() error { return e.Kind }
