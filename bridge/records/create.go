package records

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"
	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// createInteraction creates the call's interaction with one openframe
// voice-interaction POST (api-reference/rest-apis/openframe-api.md):
// additionalParams type, state, direction, queue, channel,
// short_description and the caller's fields; one phone log with documented
// columns; the record the call is about as a related record. The
// short_description ends with the call's tag ("[VCC <id>]"), by which a
// create whose answer was lost is found (findInteraction). It returns the
// client's *Error, ErrNoQueue, or save's error.
func (s *Syncer) createInteraction(ctx context.Context, c *store.Call, save func() error) error {
	v, err := s.voiceCreate(ctx, c)
	if err != nil {
		return err
	}
	c.Sync.Creating, c.Sync.CreatingSince = true, s.now()
	if err := save(); err != nil {
		return err
	}
	var res servicenow.VoiceResult
	if servicenow.CheckE164(v.Interaction.UserPhoneNumber) == nil {
		res, err = s.SN.CreateVoiceInteraction(ctx, v)
	} else {
		res, err = s.insertInteraction(ctx, v.Interaction.AdditionalParams)
	}
	if err != nil {
		if servicenow.IsRefused(err) {
			// Nothing was created (a 4xx, 429, 503, status FAILURE): the next
			// attempt need not look for it. A 500, a page or a lost answer
			// may hide a create.
			c.Sync.Creating, c.Sync.CreatingSince = false, time.Time{}
			_ = save()
		} else if answeredAfterWork(err) {
			// The instance answered (a 500, a page): it is done with the
			// request, so the look need not wait for it to land.
			c.Sync.CreatingSince = time.Time{}
			_ = save()
		}
		return err
	}
	c.Sync.InteractionSysID, c.Sync.Number, c.Sync.Creating, c.Sync.CreatingSince = res.SysID, res.Number, false, time.Time{}
	c.Sync.State = v.Interaction.AdditionalParams["state"]
	for _, r := range v.RelatedRecords {
		addLink(&c.Sync, r.DocumentTable, r.DocumentID)
	}
	return save()
}

// insertInteraction creates the interaction of a call without a caller's
// number (withheld, or not a number) with the Table API: the
// voice-interaction API requires userPhoneNumber in E.164
// (openframe-api.md), which such a call has none of. The same fields, no
// phone log; its answer reads as the voice API's.
func (s *Syncer) insertInteraction(ctx context.Context, params map[string]string) (servicenow.VoiceResult, error) {
	rec, err := s.SN.Insert(ctx, "interaction", servicenow.Record(params))
	if err != nil {
		return servicenow.VoiceResult{}, err
	}
	return servicenow.VoiceResult{Status: "SUCCESS", SysID: rec["sys_id"], Number: rec["number"]}, nil
}

// voiceCreate is the body of the call's create.
func (s *Syncer) voiceCreate(ctx context.Context, c *store.Call) (servicenow.VoiceInteraction, error) {
	f, m := &c.Facts, c.Sync.Match
	rule := s.Rules.Rule(f.Queue)
	state := f.Desired().State
	if state == calls.StateWrapUp || state == calls.StateClosedComplete {
		state = calls.StateWorkInProgress // the later steps follow
	}
	params := map[string]string{"type": "phone", "state": state, "direction": firstNonEmpty(f.Direction, "inbound"),
		"short_description": s.shortDescription(f)}
	if f.Queue != "" {
		q, err := s.queueSysID(ctx, rule.AWAQueue)
		if err != nil {
			return servicenow.VoiceInteraction{}, err
		}
		params["queue"] = q
	}
	ch, err := s.phoneChannel(ctx)
	if err != nil {
		return servicenow.VoiceInteraction{}, err
	}
	setIf(params, "channel", ch)
	agent := s.agent(ctx, f.Agent)
	if state == calls.StateWorkInProgress {
		setIf(params, "assigned_to", agent)
	}
	log := map[string]string{"call_id": f.VCCID}
	if m != nil {
		setIf(params, "opened_for", m.OpenedFor)
		setIf(params, "contact", m.Contact)
		setIf(params, "account", m.Account)
		setIf(params, "consumer", m.Consumer)
		// The phone log's contact is a sys_user: a user or a customer
		// contact (which extends sys_user), never a consumer.
		setIf(log, "contact", firstNonEmpty(m.OpenedFor, m.Contact))
	}
	var v servicenow.VoiceInteraction
	if n := s.Rules.Normalize(f.From); servicenow.CheckE164(n) == nil {
		v.Interaction.UserPhoneNumber, v.Interaction.CallbackPhoneNumber = n, n
		log["phone_number"] = n
	}
	v.Interaction.ClientSessionID = f.VCCID
	v.Interaction.AdditionalParams = params
	v.InteractionContext = map[string]string{"devicetype": "vonage"}
	setIf(log, "agent", agent)
	if start := firstTime(f.QueuedAt, f.ConnectedAt); !start.IsZero() {
		log["start_time"] = servicenowTime(start)
	}
	v.PhoneLogs = []map[string]string{log}
	if m != nil && m.Record != nil && m.Record.SysID != "-1" {
		v.RelatedRecords = []servicenow.RelatedRecord{{DocumentTable: m.Record.Table, DocumentID: m.Record.SysID}}
	}
	return v, nil
}

// answeredAfterWork reports whether err is an answer the instance gave once
// done with the request: any status but none (no answer: a timeout, the
// connection lost) and a gateway's 502 or 504, which a proxy gives while
// the instance may still be working.
func answeredAfterWork(err error) bool {
	st := servicenow.Status(err)
	return st != 0 && st != http.StatusBadGateway && st != http.StatusGatewayTimeout
}

// CreateMayLand is how long after it was sent a create whose answer was
// lost may still make its interaction: ServiceNow goes on with a request
// whose client has gone (the bridge killed, a timeout), until at most the
// bridge's HTTP client timeout (15 s) and a margin.
const CreateMayLand = 20 * time.Second

// findInteraction looks for the interaction a create whose answer was lost
// may have made, by the tag its short_description ends with; found, it is
// the call's (with the link that create made). Not found while that create
// may still land (CreateMayLand), it looks again then; after, the next step
// creates.
func (s *Syncer) findInteraction(ctx context.Context, c *store.Call, save func() error) error {
	row, err := s.findTagged(ctx, "interaction", c, servicenow.Where("type", "=", "phone"), "state")
	if err != nil {
		return err
	}
	if until := c.Sync.CreatingSince.Add(CreateMayLand); row == nil && s.now().Before(until) {
		return &WaitError{Until: until, Reason: "an unanswered create may still make the interaction"}
	}
	if row != nil {
		Adopt(c, row)
	}
	c.Sync.Creating, c.Sync.CreatingSince = false, time.Time{}
	return save()
}

// Adopt makes the interaction row (sys_id, number, state) the one a lost
// create of the call made, with the link that create made.
func Adopt(c *store.Call, row servicenow.Record) {
	c.Sync.InteractionSysID, c.Sync.Number, c.Sync.State = row["sys_id"], row["number"], row["state"]
	c.Sync.Creating, c.Sync.CreatingSince = false, time.Time{}
	if m := c.Sync.Match; m != nil && m.Record != nil && m.Record.SysID != "-1" {
		addLink(&c.Sync, m.Record.Table, m.Record.SysID)
	}
}

// TaggedInteraction reads the phone interaction sysID and the VCC call its
// short_description's tag names ("" when none, or no such interaction): an
// interaction AWA offers before the bridge knows it made it (a create whose
// answer was lost) is found by it. One Table API GET.
func (s *Syncer) TaggedInteraction(ctx context.Context, sysID string) (string, servicenow.Record, error) {
	if err := servicenow.CheckSysID(sysID); err != nil {
		return "", nil, err
	}
	row, err := s.SN.Get(ctx, "interaction", sysID, []string{"sys_id", "number", "state", "type", "short_description"})
	if servicenow.Status(err) == http.StatusNotFound {
		return "", nil, nil
	}
	if err != nil || row["type"] != "phone" {
		return "", nil, err
	}
	return CallOf(row["short_description"]), row, nil
}

// Tag is what ends the short_description of every record the bridge creates
// for a call: "[VCC <VCC interaction id>]". The bridge finds its interaction
// by it after a lost create answer (a documented field it sets itself,
// queried with the documented LIKE), and so can anyone reading the instance:
// TaggedQuery is that query.
func Tag(vccID string) string { return "[VCC " + vccID + "]" }

// TaggedQuery is the encoded query for the interactions of a VCC call.
func TaggedQuery(vccID string) string { return "type=phone^short_descriptionLIKE" + Tag(vccID) }

// CallOf returns the VCC interaction id a short_description's tag names,
// "" when it has none.
func CallOf(shortDescription string) string {
	s := strings.TrimSpace(shortDescription)
	i := strings.LastIndex(s, "[VCC ")
	if i < 0 || !strings.HasSuffix(s, "]") {
		return ""
	}
	return s[i+len("[VCC ") : len(s)-1]
}

// findTagged returns the newest row of table, matching base (nil for
// none), whose short_description ends with the call's tag: one Table API
// GET with short_descriptionLIKE<id> and sys_created_on at or after a day
// before the call (a day covers the instance's time zone and clock skew).
// It returns nil, nil when there is none.
func (s *Syncer) findTagged(ctx context.Context, table string, c *store.Call, base *servicenow.Query, fields ...string) (servicenow.Record, error) {
	id := c.Facts.VCCID
	if err := servicenow.CheckCallID(id); err != nil {
		return nil, err
	}
	since := firstTime(c.Facts.QueuedAt, c.Facts.ConnectedAt, s.now()).Add(-24 * time.Hour)
	q := base
	if q == nil {
		q = servicenow.Where("short_description", "LIKE", id)
	} else {
		q.And("short_description", "LIKE", id)
	}
	q.And("sys_created_on", ">=", servicenowTime(since)).OrderByDesc("sys_created_on")
	rows, err := s.SN.List(ctx, table, q, append([]string{"sys_id", "number", "short_description"}, fields...), 5)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if strings.HasSuffix(strings.TrimSpace(r["short_description"]), Tag(id)) {
			return r, nil
		}
	}
	return nil, nil
}

// shortDescription is the interaction's one-line summary, ending with the
// call's tag: "Call from (415) 555-0201 in support [VCC …]".
func (s *Syncer) shortDescription(f *calls.Facts) string {
	who := firstNonEmpty(s.display(f.From), "an unknown number")
	line := "Call from " + who
	if f.Direction == "outbound" {
		line = "Call to " + who
	}
	if f.Queue != "" {
		line += " in " + f.Queue
	}
	return line + " " + Tag(f.VCCID)
}

// display writes a number as people read it: nationally for the rules'
// region, internationally otherwise; as given when it does not parse.
func (s *Syncer) display(raw string) string {
	n, err := phonenumbers.Parse(strings.TrimSpace(raw), s.Rules.region())
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return raw
	}
	if int(n.GetCountryCode()) == phonenumbers.GetCountryCodeForRegion(s.Rules.region()) {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
