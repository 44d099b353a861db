package snsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// REST answers use ServiceNow's envelopes: {"result": ...} on success and
//
//	{"error":{"message":"...","detail":"..."},"status":"failure"}
//
// on failure (detail null when there is none).
//
// Reference: "REST API HTTP response codes",
// https://www.servicenow.com/docs/r/api-reference/rest-api-explorer/c_RESTAPI.html

// Errors the REST side returns; apiError carries the status and text.
var (
	// errNotAuthenticated: no credentials, wrong ones, or an expired token.
	errNotAuthenticated = &apiError{http.StatusUnauthorized, "User Not Authenticated", "Required to provide Auth information"}
	// errNoRecordFound: the sys_id is not in the table.
	errNoRecordFound = &apiError{http.StatusNotFound, "No Record found", "Record doesn't exist or ACL restricts the record retrieval"}
)

// apiError is an error the REST side answers with: its HTTP status and the
// envelope's message and detail.
type apiError struct {
	status  int
	message string
	detail  string
}

func (e *apiError) Error() string {
	if e.detail == "" {
		return fmt.Sprintf("%d %s", e.status, e.message)
	}
	return fmt.Sprintf("%d %s: %s", e.status, e.message, e.detail)
}

// badRequest is a 400 whose detail says what to fix.
func badRequest(message, detail string) *apiError {
	return &apiError{http.StatusBadRequest, message, detail}
}

// invalidTable is ServiceNow's answer for a table that does not exist.
func invalidTable(table string) *apiError {
	return &apiError{http.StatusBadRequest, "Invalid table " + table, ""}
}

// writeAPIError answers with err's envelope: an *apiError as it says, a
// missing record as 404, anything else as 500.
func writeAPIError(w http.ResponseWriter, err error) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		writeError(w, ae.status, ae.message, ae.detail)
	case errors.Is(err, ErrNoRecord):
		writeError(w, errNoRecordFound.status, errNoRecordFound.message, errNoRecordFound.detail)
	default:
		writeError(w, http.StatusInternalServerError, "Internal server error", err.Error())
	}
}

// writeError answers with ServiceNow's error envelope; an empty detail is
// sent as null.
func writeError(w http.ResponseWriter, status int, message, detail string) {
	var d any
	if detail != "" {
		d = detail
	}
	writeJSON(w, status, map[string]any{
		"error":  map[string]any{"message": message, "detail": d},
		"status": "failure",
	})
}

// writeResult answers {"result": result}.
func writeResult(w http.ResponseWriter, status int, result any) {
	writeJSON(w, status, map[string]any{"result": result})
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"message":"Internal server error","detail":"the answer could not be encoded as JSON"},"status":"failure"}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
