package snsim

import (
	"errors"
	"net/http"
)

// awaError is an AWA action refused: the HTTP status and the error
// envelope's message and detail the AWA REST APIs answer with. The details
// are ServiceNow's own where its documentation lists them (for example
// "Work item is not in pending accept state").
type awaError struct {
	status  int
	message string
	detail  string
}

func (e *awaError) Error() string { return e.message + ": " + e.detail }

func awaBadRequest(detail string) error {
	return &awaError{status: http.StatusBadRequest, message: "Bad Request", detail: detail}
}

func awaNotFound(detail string) error {
	return &awaError{status: http.StatusNotFound, message: "Record Not Found", detail: detail}
}

func awaConflict(detail string) error {
	return &awaError{status: http.StatusConflict, message: "Conflict", detail: detail}
}

// writeAWAError answers err: an awaError with its own status, anything else
// as a 500 that says what failed.
func writeAWAError(w http.ResponseWriter, err error) {
	var ae *awaError
	if errors.As(err, &ae) {
		writeError(w, ae.status, ae.message, ae.detail)
		return
	}
	if errors.Is(err, errAWAClosed) {
		writeError(w, http.StatusServiceUnavailable, "Service Unavailable", err.Error())
		return
	}
	writeError(w, http.StatusInternalServerError, "AWA action failed", err.Error())
}
