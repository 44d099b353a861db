// Package records keeps a call's ServiceNow records right: it correlates the
// caller (rules.go, correlate.go) and brings the interaction in line with the
// call's facts, one request at a time, recording each write so it is made
// once (sync.go). It is careful with requests: ServiceNow rate-limits the
// integration user per hour, so an inbound call costs five requests, lookup
// to close, for a caller with an open case or incident, and six for a
// caller found by number or not at all (seven on a CSM queue that serves
// both contacts and consumers: QueueRule.Callers).
package records

import (
	"errors"
	"fmt"
	"slices"
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
	// Callers says whom a CSM queue serves, which decides the lookups:
	// "contacts" (business customers: customer_contact), "consumers"
	// (csm_consumer) or "both" (the default: contacts first). A queue that
	// serves one kind saves a lookup for every caller without an open case.
	Callers string `json:"callers,omitempty"`
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

// Whom a CSM queue serves (QueueRule.Callers).
const (
	CallersBoth      = "both"
	CallersContacts  = "contacts"
	CallersConsumers = "consumers"
)

// Checked returns rules a deployment wrote (bridge.ParseRules reads them)
// with the default queue rule's kind and the region filled in where they
// are left out, or an error that names what is wrong.
func (r Rules) Checked() (Rules, error) {
	if r.Default.Kind == "" {
		r.Default.Kind = ITSM // the default rule's other fields stand
	}
	if r.Region == "" {
		r.Region = "US"
	}
	if r.Queues == nil {
		r.Queues = map[string]QueueRule{}
	}
	if err := r.Default.check(); err != nil {
		return Rules{}, fmt.Errorf("rules: default: %w", err)
	}
	for name, q := range r.Queues {
		if err := q.check(); err != nil {
			return Rules{}, fmt.Errorf("rules: queue %q: %w", name, err)
		}
	}
	if _, err := phonenumbers.Parse("2015550123", r.Region); err != nil {
		return Rules{}, fmt.Errorf("rules: region %q is not a country code such as US or GB", r.Region)
	}
	return r, nil
}

func (q QueueRule) check() error {
	unknown := map[string][]string{
		CSM:  {"customer_contact", "csm_consumer", "sn_customerservice_case"},
		ITSM: {"incident"},
	}
	switch {
	case q.Kind != CSM && q.Kind != ITSM:
		return fmt.Errorf("kind %q: use %q or %q", q.Kind, CSM, ITSM)
	case q.UnknownCaller != "" && !slices.Contains(unknown[q.Kind], q.UnknownCaller):
		return fmt.Errorf("unknownCaller %q: a %s queue pops one of %s", q.UnknownCaller, q.Kind, strings.Join(unknown[q.Kind], ", "))
	case q.Callers != "" && (q.Kind != CSM || !slices.Contains([]string{CallersBoth, CallersContacts, CallersConsumers}, q.Callers)):
		return fmt.Errorf("callers %q: a csm queue serves %q, %q or %q; an itsm queue's callers are users", q.Callers, CallersBoth, CallersContacts, CallersConsumers)
	case q.Callers == CallersContacts && q.UnknownCaller == "csm_consumer", q.Callers == CallersConsumers && q.UnknownCaller == "customer_contact":
		return fmt.Errorf("unknownCaller %q on a queue that serves %s", q.UnknownCaller, q.Callers)
	case q.Kind == ITSM && (q.CreateCase || q.ResolveCase || q.CreateRequest):
		return errors.New("createCase, resolveCase and createRequest apply to csm queues")
	}
	return nil
}

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
		if q.Callers == CallersConsumers {
			q.UnknownCaller = "csm_consumer"
		}
	}
	if q.Kind == CSM && q.Callers == "" {
		q.Callers = CallersBoth
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
