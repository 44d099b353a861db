package cti

// RefusalReason says why the softphone service refused a request, or the
// session (RequestRefused).
type RefusalReason int

// Refusal reasons.
const (
	// RefusalUnknown: a refusal the adapter could not name; the panel shows
	// its message.
	RefusalUnknown RefusalReason = iota
	// RefusalUnauthorized: the access token is missing, forged or expired.
	RefusalUnauthorized
	// RefusalResumeFailed: the resume token is unknown or expired.
	RefusalResumeFailed
	// RefusalAccountMismatch: the agent's account is not the one this
	// deployment serves.
	RefusalAccountMismatch
	// RefusalBadRequest: the request was malformed.
	RefusalBadRequest
	// RefusalNoCall: no such call (it ended meanwhile).
	RefusalNoCall
	// RefusalInvalidState: not now (hold while ringing...).
	RefusalInvalidState
	// RefusalNotReady: the agent's softphone cannot take calls.
	RefusalNotReady
	// RefusalInternal: the service failed.
	RefusalInternal
)

var refusalNames = [...]string{
	RefusalUnknown:         "unknown",
	RefusalUnauthorized:    "unauthorized",
	RefusalResumeFailed:    "resume failed",
	RefusalAccountMismatch: "account mismatch",
	RefusalBadRequest:      "bad request",
	RefusalNoCall:          "no such call",
	RefusalInvalidState:    "invalid state",
	RefusalNotReady:        "not ready",
	RefusalInternal:        "internal error",
}

// String names the reason for logs.
func (r RefusalReason) String() string {
	if r < 0 || int(r) >= len(refusalNames) {
		return refusalNames[RefusalUnknown]
	}
	return refusalNames[r]
}

// ParseRefusalReason is the reason String names, RefusalUnknown for any
// other text.
func ParseRefusalReason(raw string) RefusalReason {
	for r, name := range refusalNames {
		if name == raw {
			return RefusalReason(r)
		}
	}
	return RefusalUnknown
}
