// Package records keeps a call's ServiceNow records right: it correlates the
// caller (rules.go, correlate.go) and brings the interaction in line with the
// call's facts, one request at a time, recording each write so it is made
// once (sync.go). It is careful with requests: ServiceNow rate-limits the
// integration user per hour, so a typical inbound call costs four to six,
// lookup to close.
package records

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Rules say, per VCC queue, how callers are found and what the bridge does
// with their records. They come from the bridge's configuration; Default
// applies to queues not listed.
type Rules struct {
	Queues  map[string]QueueRule `json:"queues"`
	Default QueueRule            `json:"default"`
	// Region is the default country for numbers without a country code
	// (ISO 3166 code, e.g. "US").
	Region string `json:"region"`
}

// QueueRule is what applies to calls from one queue.
type QueueRule struct {
	// Kind is "csm" (customer contacts and consumers, cases) or "itsm"
	// (sys_user callers, incidents).
	Kind string `json:"kind"`
	// AWAQueue is the awa_queue's external_id (default: the queue's name).
	AWAQueue string `json:"awaQueue,omitempty"`
	// UnknownCaller is the table of the prefilled new record popped when
	// the number matches no one: customer_contact (default for csm),
	// csm_consumer, sn_customerservice_case, or incident (itsm).
	UnknownCaller string `json:"unknownCaller,omitempty"`
	// CreateCase makes a case (contact_type phone) for a known CSM caller
	// with no open case; otherwise a prefilled new case is popped, which
	// the agent saves if it is needed (one ServiceNow request fewer).
	CreateCase bool `json:"createCase,omitempty"`
	// ResolveCase resolves the linked case at wrap-up with the notes;
	// CreateRequest opens a Service Request (sc_request) under it.
	ResolveCase   bool `json:"resolveCase,omitempty"`
	CreateRequest bool `json:"createRequest,omitempty"`
}

// Kinds of queue rules.
const (
	CSM  = "csm"
	ITSM = "itsm"
)

// DefaultRules is the demo and default setup: the "support" queue serves
// customers (CSM), "servicedesk" employees (ITSM), others are ITSM.
func DefaultRules() Rules {
	return Rules{
		Queues: map[string]QueueRule{
			"support":     {Kind: CSM, UnknownCaller: "customer_contact"},
			"servicedesk": {Kind: ITSM, UnknownCaller: "incident"},
		},
		Default: QueueRule{Kind: ITSM, UnknownCaller: "incident"},
		Region:  "US",
	}
}

// Rule returns the rule of a queue, with its defaults filled in.
func (r Rules) Rule(queue string) QueueRule {
	q, ok := r.Queues[queue]
	if !ok {
		q = r.Default
	}
	if q.Kind != CSM {
		q.Kind = ITSM
	}
	if q.AWAQueue == "" {
		q.AWAQueue = queue
	}
	if q.UnknownCaller == "" {
		q.UnknownCaller = map[string]string{CSM: "customer_contact", ITSM: "incident"}[q.Kind]
	}
	return q
}

// Normalize returns a number in E.164 using the default region for national
// numbers, or "" when it is not a valid phone number.
func (r Rules) Normalize(raw string) string {
	region := r.Region
	if region == "" {
		region = "US"
	}
	n, err := phonenumbers.Parse(strings.TrimSpace(raw), region)
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}
