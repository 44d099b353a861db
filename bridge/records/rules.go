package records

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/vccnow/connector/bridge/servicenow"
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
	// Dispositions are the VCC account's disposition codes (default:
	// DefaultDispositions), which the panel offers at wrap-up and ServiceNow's
	// wrap-up dialog offers as codes: VCC publishes no API that lists them,
	// so they are a setting. A queue rule may narrow them.
	Dispositions []string `json:"dispositions,omitempty"`
	// Numbers maps the numbers callers dial (the service's numbers, E.164
	// or national in Region) to the VCC queue each reaches: how the bridge
	// knows a call's queue from VCC's documented call detail (the number
	// dialled), since VCC's documented events do not name the queue.
	Numbers map[string]string `json:"numbers,omitempty"`
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
	// WorkspaceWrapUp has the agent wrap up in ServiceNow's workspace too:
	// at hang-up the bridge opens an external wrap-up segment (Wrap Up API)
	// offering Dispositions as its codes, and closes it with the panel's
	// wrap-up unless the agent submitted it in the workspace. Two requests
	// more per call (one when the agent submits in the workspace).
	WorkspaceWrapUp bool `json:"workspaceWrapUp,omitempty"`
	// Dispositions are the wrap-up codes the workspace offers (default:
	// DefaultDispositions); they should be the VCC account's disposition
	// codes, which the panel offers.
	Dispositions []string `json:"dispositions,omitempty"`
}

// DefaultDispositions are the disposition codes of the demo VCC account
// (testdata/vcc/accounts.json, "VCC Demo").
var DefaultDispositions = []string{"Resolved", "Follow-up required", "Wrong number", "Escalated"}

// maxDisposition is the longest disposition code the panel's API takes.
const maxDisposition = 64

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
	if err := checkDispositions(r.Dispositions); err != nil {
		return Rules{}, fmt.Errorf("rules: dispositions: %w", err)
	}
	var numbers map[string]string
	for n, q := range r.Numbers {
		if numbers == nil {
			numbers = make(map[string]string, len(r.Numbers))
		}
		e164 := r.Normalize(n)
		switch {
		case e164 == "":
			return Rules{}, fmt.Errorf("rules: numbers: %q is not a phone number", n)
		case q == "":
			return Rules{}, fmt.Errorf("rules: numbers: %s names no queue", n)
		case numbers[e164] != "" && numbers[e164] != q:
			return Rules{}, fmt.Errorf("rules: numbers: %s reaches both %q and %q", n, numbers[e164], q)
		}
		numbers[e164] = q
	}
	r.Numbers = numbers
	return r, nil
}

// QueueFor is the VCC queue a caller reaches by dialling a number (rules:
// numbers), "" when the rules do not say.
func (r Rules) QueueFor(dialled string) string {
	if n := r.Normalize(dialled); n != "" {
		return r.Numbers[n]
	}
	return ""
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
	return checkDispositions(q.Dispositions)
}

// checkDispositions refuses empty, overlong, repeated or multi-line codes.
func checkDispositions(codes []string) error {
	seen := map[string]bool{}
	for _, c := range codes {
		switch {
		case strings.TrimSpace(c) == "":
			return errors.New("dispositions: a code is empty")
		case len(c) > maxDisposition:
			return fmt.Errorf("dispositions: %q is longer than %d characters", c, maxDisposition)
		case strings.ContainsAny(c, "\r\n\t"):
			return fmt.Errorf("dispositions: %q holds a line break or tab", c)
		case seen[c]:
			return fmt.Errorf("dispositions: %q is listed twice", c)
		}
		seen[c] = true
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
		// The demo account's service numbers (testdata/vcc).
		Numbers: map[string]string{"+18005550100": "support", "+18005550101": "servicedesk"},
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
	if len(q.Dispositions) == 0 {
		q.Dispositions = r.AccountDispositions()
	}
	return q
}

// AccountDispositions are the VCC account's disposition codes (rules:
// dispositions, else DefaultDispositions).
func (r Rules) AccountDispositions() []string {
	if len(r.Dispositions) > 0 {
		return r.Dispositions
	}
	return DefaultDispositions
}

// region is the rules' region, US when unset.
func (r Rules) region() string {
	if r.Region == "" {
		return "US"
	}
	return r.Region
}

// Normalize returns a number in E.164 using the default region for national
// numbers, or "" when it is not a valid phone number. A number libphonenumber
// finds possible may still be too short for E.164 ("01" in Germany reads as
// +4901), or read as another number once written in E.164 ("0030000000" in
// Brazil as +55030000000, which reads as +5530000000): neither is a number,
// so that Normalize of its own result gives it back (the rules' numbers are
// kept in E.164 and the number dialled is looked up by its Normalize).
func (r Rules) Normalize(raw string) string {
	n, err := phonenumbers.Parse(strings.TrimSpace(raw), r.region())
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return ""
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if servicenow.CheckE164(e164) != nil {
		return ""
	}
	if again, err := phonenumbers.Parse(e164, r.region()); err != nil || phonenumbers.Format(again, phonenumbers.E164) != e164 {
		return ""
	}
	return e164
}
