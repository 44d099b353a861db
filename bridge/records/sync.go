package records

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// Cache keeps lookups that rarely change (queue and channel sys_ids) out of
// the per-call request count.
type Cache interface {
	Get(ctx context.Context, key string) (string, bool, error)
	Put(ctx context.Context, key, value string, exp time.Time) error
}

// Syncer writes a call's records to ServiceNow.
type Syncer struct {
	SN    *servicenow.Client
	Rules Rules
	Cache Cache
	Now   func() time.Time
	// AgentSysID maps a VCC user id to the agent's sys_user sys_id ("" when
	// unknown).
	AgentSysID func(ctx context.Context, vccUserID string) string
	// AgentName maps a VCC user id to a display name for notes.
	AgentName func(ctx context.Context, vccUserID string) string
	// WrapUpGrace is how long a close waits for the panel's wrap-up after
	// VCC's (default DefaultWrapUpGrace).
	WrapUpGrace time.Duration
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Sync brings ServiceNow in line with the call's facts. It calls save after
// every change ServiceNow accepted (and before a create), so a crash between
// two steps repeats no write. It returns nil when ServiceNow is in line, or
// the error that stopped it (retry later when temporary).
func (s *Syncer) Sync(ctx context.Context, c *store.Call, save func() error) error {
	d := c.Facts.Desired()
	if !d.Exists {
		return nil
	}
	if c.Sync.InteractionSysID == "" {
		if err := s.create(ctx, c, d, save); err != nil {
			return err
		}
	}
	if calls.Closed(c.Sync.State) {
		return s.lateWrapUp(ctx, c, save)
	}
	for c.Sync.TransfersDone < len(c.Facts.Transfers) {
		t := c.Facts.Transfers[c.Sync.TransfersDone]
		if t.Queue != "" && !calls.Closed(d.State) {
			from, err := s.queueSysID(ctx, s.Rules.Rule(c.Facts.Queue).AWAQueue)
			if err != nil {
				return err
			}
			to, err := s.queueSysID(ctx, s.Rules.Rule(t.Queue).AWAQueue)
			if err != nil {
				return err
			}
			if _, err := s.SN.TransferToQueue(ctx, "interaction", c.Sync.InteractionSysID, from, to); err != nil {
				return err
			}
			c.Sync.State = calls.StateNew // AWA offers it again
		}
		c.Sync.TransfersDone++
		if err := save(); err != nil {
			return err
		}
	}
	if c.Facts.Regarding != "" && !contains(c.Sync.Linked, c.Facts.Regarding) {
		table, id, _ := strings.Cut(c.Facts.Regarding, ":")
		var v servicenow.VoiceInteraction
		v.RelatedRecords = []servicenow.RelatedRecord{{DocumentTable: table, DocumentID: id}}
		if err := s.SN.UpdateVoiceInteraction(ctx, c.Sync.InteractionSysID, v); err != nil {
			return err
		}
		c.Sync.Linked = append(c.Sync.Linked, c.Facts.Regarding)
		if err := save(); err != nil {
			return err
		}
	}
	if !calls.Forward(c.Sync.State, d.State) {
		return nil
	}
	if err := s.closeWait(&c.Facts, d.State); err != nil {
		return err
	}
	var err error
	switch d.State {
	case calls.StateWorkInProgress:
		// AWA moves the interaction to work in progress when the agent
		// accepts; the bridge writes it only when no AWA accept happened.
		fields := servicenow.Record{"state": calls.StateWorkInProgress}
		if id := s.agent(ctx, c.Facts.Agent); id != "" {
			fields["assigned_to"] = id
		}
		_, err = s.SN.Update(ctx, "interaction", c.Sync.InteractionSysID, fields)
	case calls.StateWrapUp:
		_, err = s.SN.Update(ctx, "interaction", c.Sync.InteractionSysID, servicenow.Record{"state": calls.StateWrapUp})
	case calls.StateClosedAbandoned:
		_, err = s.SN.Update(ctx, "interaction", c.Sync.InteractionSysID, servicenow.Record{"state": calls.StateClosedAbandoned, "state_reason": "Caller hung up in the queue"})
	case calls.StateClosedComplete:
		err = s.close(ctx, c)
	}
	if err != nil {
		return err
	}
	c.Sync.State = d.State
	return save()
}

// create makes the interaction, with its phone log and its link to the
// record the call concerns, in one request (after the caller lookup).
func (s *Syncer) create(ctx context.Context, c *store.Call, d calls.Desired, save func() error) error {
	f := &c.Facts
	if !c.Sync.Correlated {
		m, err := s.correlate(ctx, *f)
		if err != nil {
			return err
		}
		c.Sync.Match, c.Sync.Correlated = m, true
		if err := save(); err != nil {
			return err
		}
	}
	if c.Sync.Creating {
		// The last attempt may have created it without our hearing back.
		found, err := s.findExisting(ctx, f.VCCID)
		if err != nil {
			return err
		}
		if found != nil {
			c.Sync.InteractionSysID, c.Sync.Number, c.Sync.State = found["sys_id"], found["number"], found["state"]
			c.Sync.Creating = false
			// That create linked the record the call is about, as every
			// create does: the close writes its note there.
			recordLinks(c, relatedRecords(c.Sync.Match))
			return save()
		}
	}
	rule := s.Rules.Rule(f.Queue)
	state := d.State
	if state == calls.StateWrapUp || state == calls.StateClosedComplete {
		state = calls.StateWorkInProgress // the later steps follow
	}
	params := map[string]string{
		"type": "phone", "state": state, "direction": firstNonEmpty(f.Direction, "inbound"),
		"short_description": summaryLine(f),
	}
	if f.Queue != "" {
		q, err := s.queueSysID(ctx, rule.AWAQueue)
		if err != nil {
			return err
		}
		params["queue"] = q
	}
	if ch, err := s.phoneChannel(ctx); err != nil {
		return err
	} else if ch != "" {
		params["channel"] = ch
	}
	if state == calls.StateWorkInProgress {
		if id := s.agent(ctx, f.Agent); id != "" {
			params["assigned_to"] = id
		}
	}
	m := c.Sync.Match
	related := relatedRecords(m)
	if m != nil {
		setIf(params, "opened_for", m.OpenedFor)
		setIf(params, "contact", m.Contact)
		setIf(params, "account", m.Account)
		setIf(params, "consumer", m.Consumer)
	}
	var v servicenow.VoiceInteraction
	v.Interaction.UserPhoneNumber = firstNonEmpty(s.Rules.Normalize(f.From), f.From)
	v.Interaction.CallbackPhoneNumber = v.Interaction.UserPhoneNumber
	v.Interaction.ClientSessionID = f.VCCID
	v.Interaction.AdditionalParams = params
	v.InteractionContext = map[string]string{"devicetype": "vonage"}
	start := f.QueuedAt
	if start.IsZero() {
		start = f.ConnectedAt
	}
	log := map[string]string{"call_id": f.VCCID, "call_type": params["direction"], "phone_number": v.Interaction.UserPhoneNumber}
	if !start.IsZero() {
		log["start_time"] = servicenowTime(start)
	}
	v.PhoneLogs = []map[string]string{log}
	v.RelatedRecords = related

	c.Sync.Creating = true
	if err := save(); err != nil {
		return err
	}
	res, err := s.SN.CreateVoiceInteraction(ctx, v)
	if err != nil {
		if st := servicenow.Status(err); st >= 400 && st < 500 || st == http.StatusServiceUnavailable {
			// Refused (a 429 and a 503 included): nothing was created, so
			// the next attempt need not look for it first. A 500 or a lost
			// answer may hide a create.
			c.Sync.Creating = false
			_ = save()
		}
		return err
	}
	c.Sync.InteractionSysID, c.Sync.Number, c.Sync.State, c.Sync.Creating = res.SysID, res.Number, state, false
	recordLinks(c, related)
	return save()
}

// relatedRecords are the records a create links to the interaction: the
// one the call is about, unless it is a new record to fill in.
func relatedRecords(m *store.Match) []servicenow.RelatedRecord {
	if m == nil || m.Record == nil || m.Record.SysID == "-1" {
		return nil
	}
	return []servicenow.RelatedRecord{{DocumentTable: m.Record.Table, DocumentID: m.Record.SysID}}
}

// recordLinks notes records ServiceNow has linked to the interaction.
func recordLinks(c *store.Call, related []servicenow.RelatedRecord) {
	for _, r := range related {
		if l := r.DocumentTable + ":" + r.DocumentID; !contains(c.Sync.Linked, l) {
			c.Sync.Linked = append(c.Sync.Linked, l)
		}
	}
}

// findExisting looks for an interaction created for this call by an attempt
// whose answer was lost: its phone log carries the call id.
func (s *Syncer) findExisting(ctx context.Context, vccID string) (servicenow.Record, error) {
	logs, err := s.SN.List(ctx, "sn_openframe_phone_log", servicenow.Where("call_id", "=", vccID), []string{"sys_id"}, 1)
	if err != nil || len(logs) == 0 {
		return nil, err
	}
	ixs, err := s.SN.List(ctx, "interaction", servicenow.Where("channel_metadata_document", "=", logs[0]["sys_id"]), []string{"sys_id", "number", "state"}, 1)
	if err != nil || len(ixs) == 0 {
		return nil, err
	}
	return ixs[0], nil
}

// close completes the interaction with the wrap-up, and writes the call's
// note to the linked case or incident through its phone log (ServiceNow's
// "Update Task Work Notes" rule), all in one request.
func (s *Syncer) close(ctx context.Context, c *store.Call) error {
	f := &c.Facts
	note := s.summary(ctx, f)
	var v servicenow.VoiceInteraction
	v.Interaction.AdditionalParams = map[string]string{"state": calls.StateClosedComplete, "work_notes": note}
	log := map[string]string{"call_id": f.VCCID, "duration": strconv.Itoa(int(f.Duration(s.now()).Seconds())), "description": note}
	task := s.linkedTask(c)
	if task != "" {
		log["task"] = task
	}
	v.PhoneLogs = []map[string]string{log}
	if err := s.SN.UpdateVoiceInteraction(ctx, c.Sync.InteractionSysID, v); err != nil {
		return err
	}
	c.Sync.WrapUpWritten = !f.PanelWrapUpAt.IsZero()
	rule := s.Rules.Rule(f.Queue)
	if c.Sync.Match != nil && c.Sync.Match.Record != nil && c.Sync.Match.Record.Table == "sn_customerservice_case" && task != "" {
		if rule.ResolveCase {
			if _, err := s.SN.Update(ctx, "sn_customerservice_case", task, servicenow.Record{
				"state": "6", "resolution_code": "Solved (Permanently)", "close_notes": firstNonEmpty(f.Notes, note)}); err != nil {
				return err
			}
		}
		if rule.CreateRequest {
			if _, err := s.SN.Insert(ctx, "sc_request", servicenow.Record{"parent": task, "requested_for": c.Sync.Match.Contact,
				"short_description": "Follow-up from call " + c.Sync.Number, "description": firstNonEmpty(f.Notes, note)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// lateWrapUp writes the agent's wrap-up when the panel's copy arrived after
// the interaction closed without it (the panel was offline for longer than
// the wrap-up grace): the notes go to the interaction and, through the phone
// log, to the linked case or incident, so an agent's notes are never lost.
func (s *Syncer) lateWrapUp(ctx context.Context, c *store.Call, save func() error) error {
	f := &c.Facts
	if c.Sync.State != calls.StateClosedComplete || c.Sync.WrapUpWritten || f.PanelWrapUpAt.IsZero() {
		return nil
	}
	if f.Disposition != "" || f.Notes != "" {
		var b strings.Builder
		b.WriteString("The agent's wrap-up, received after the interaction closed:")
		if f.Disposition != "" {
			fmt.Fprintf(&b, "\nDisposition: %s.", f.Disposition)
		}
		if f.Notes != "" {
			fmt.Fprintf(&b, "\nNotes: %s", f.Notes)
		}
		note := b.String()
		var v servicenow.VoiceInteraction
		v.Interaction.AdditionalParams = map[string]string{"work_notes": note}
		log := map[string]string{"call_id": f.VCCID, "description": note}
		if task := s.linkedTask(c); task != "" {
			log["task"] = task
		}
		v.PhoneLogs = []map[string]string{log}
		if err := s.SN.UpdateVoiceInteraction(ctx, c.Sync.InteractionSysID, v); err != nil {
			return err
		}
	}
	c.Sync.WrapUpWritten = true
	return save()
}

// linkedTask is the case or incident the call was linked to, if any.
func (s *Syncer) linkedTask(c *store.Call) string {
	for _, l := range c.Sync.Linked {
		table, id, _ := strings.Cut(l, ":")
		switch table {
		case "sn_customerservice_case", "incident", "sc_request", "sc_task", "task":
			return id
		}
	}
	return ""
}

// summary is the work note of a finished call.
func (s *Syncer) summary(ctx context.Context, f *calls.Facts) string {
	var b strings.Builder
	who := firstNonEmpty(s.name(ctx, f.Agent), f.AgentUser, "the agent")
	fmt.Fprintf(&b, "%s call with %s, handled by %s: %s talk time", title(firstNonEmpty(f.Direction, "inbound")), firstNonEmpty(f.From, "an unknown number"), who, clock(f.Duration(s.now())))
	if held, n := f.HoldTime(); n > 0 {
		fmt.Fprintf(&b, ", %d hold(s) for %s", n, clock(held))
	}
	b.WriteString(".")
	for _, t := range f.Transfers {
		fmt.Fprintf(&b, "\nTransferred by %s to %s %s.", firstNonEmpty(s.name(ctx, t.Agent), "an agent"), firstNonEmpty(t.ToType, "queue"), t.To)
	}
	for _, n := range f.SegmentNotes {
		fmt.Fprintf(&b, "\nNotes before the transfer: %s", n)
	}
	if f.Disposition != "" {
		fmt.Fprintf(&b, "\nDisposition: %s.", f.Disposition)
	}
	if f.Notes != "" {
		fmt.Fprintf(&b, "\nNotes: %s", f.Notes)
	}
	return b.String()
}

func summaryLine(f *calls.Facts) string {
	if f.Direction == "outbound" {
		return "Outbound call to " + firstNonEmpty(f.From, "an unknown number")
	}
	s := "Call from " + firstNonEmpty(f.From, "an unknown number")
	if f.Queue != "" {
		s += " (queue " + f.Queue + ")"
	}
	return s
}

func (s *Syncer) agent(ctx context.Context, vccUserID string) string {
	if vccUserID == "" || s.AgentSysID == nil {
		return ""
	}
	return s.AgentSysID(ctx, vccUserID)
}

func (s *Syncer) name(ctx context.Context, vccUserID string) string {
	if vccUserID == "" || s.AgentName == nil {
		return ""
	}
	return s.AgentName(ctx, vccUserID)
}

// ErrNoQueue means no awa_queue has the VCC queue's external id.
var ErrNoQueue = errors.New("records: no AWA queue for the VCC queue")

// queueSysID finds the awa_queue whose external_id is the VCC queue,
// cached for a day.
func (s *Syncer) queueSysID(ctx context.Context, external string) (string, error) {
	return s.cached(ctx, "awa_queue:"+external, func() (string, error) {
		rs, err := s.SN.List(ctx, "awa_queue", servicenow.Where("external_id", "=", external), []string{"sys_id"}, 1)
		if err != nil {
			return "", err
		}
		if len(rs) == 0 {
			return "", fmt.Errorf("%w %q: set an awa_queue's external_id (Provider queue ID) to it", ErrNoQueue, external)
		}
		return rs[0]["sys_id"], nil
	})
}

// phoneChannel finds AWA's Phone service channel, cached for a day ("" when
// the instance has none).
func (s *Syncer) phoneChannel(ctx context.Context) (string, error) {
	return s.cached(ctx, "awa_service_channel:phone", func() (string, error) {
		rs, err := s.SN.List(ctx, "awa_service_channel", servicenow.Where("name", "=", "Phone"), []string{"sys_id"}, 1)
		if err != nil || len(rs) == 0 {
			return "", err
		}
		return rs[0]["sys_id"], nil
	})
}

func (s *Syncer) cached(ctx context.Context, key string, load func() (string, error)) (string, error) {
	if s.Cache != nil {
		if v, ok, err := s.Cache.Get(ctx, key); err == nil && ok {
			return v, nil
		}
	}
	v, err := load()
	if err != nil {
		return "", err
	}
	if s.Cache != nil && v != "" {
		_ = s.Cache.Put(ctx, key, v, s.now().Add(24*time.Hour))
	}
	return v, nil
}

func servicenowTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

func clock(d time.Duration) string {
	sec := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%dm%02ds", sec/60, sec%60)
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func setIf(m map[string]string, k, v string) {
	if v != "" {
		m[k] = v
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
