package records

import (
	"context"
	"fmt"
	"slices"
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

// maxSteps bounds one Sync; every step records progress, so a call needs
// far fewer.
const maxSteps = 64

// Sync brings ServiceNow in line with the call's facts, one step (Next) at
// a time. It calls save after every change ServiceNow accepted (and before
// an insert whose answer could be lost), so a crash between two steps
// repeats no write. The caller lookup changes nothing in ServiceNow: its
// outcome is saved with the next step's save, which comes before that
// step's write (a round trip fewer before the interaction is created; a
// crash in between repeats the lookup, a read), or when Sync returns nil
// or a *WaitError. It returns nil when ServiceNow is in line, a *WaitError
// when the close waits for the rest of the wrap-up, or the error that
// stopped it: the servicenow client's *Error (retry later when temporary),
// a *servicenow.FormatError, ErrNoQueue, or save's error.
func (s *Syncer) Sync(ctx context.Context, c *store.Call, save func() error) error {
	unsaved := false // the lookup's outcome waits for the next save
	saveAll := func() error {
		unsaved = false
		return save()
	}
	for range maxSteps {
		repairCase(c)
		in := s.situation(ctx, c)
		step := Next(c, in)
		switch step {
		case StepNone, StepWait:
			if unsaved {
				if err := saveAll(); err != nil {
					return fmt.Errorf("records: call %s: save the caller lookup: %w", c.Facts.VCCID, err)
				}
			}
			if step == StepWait {
				return wait(&c.Facts, in.Now, in.Grace)
			}
			return nil
		case StepCorrelate:
			m, err := s.correlate(ctx, c.Facts)
			if err != nil {
				return fmt.Errorf("records: %s for call %s: %w", step, c.Facts.VCCID, err)
			}
			c.Sync.Match, c.Sync.Correlated = m, true
			unsaved = true
			continue
		}
		if err := s.run(ctx, c, step, in, saveAll); err != nil {
			return fmt.Errorf("records: %s for call %s: %w", step, c.Facts.VCCID, err)
		}
	}
	return fmt.Errorf("records: call %s: more than %d sync steps", c.Facts.VCCID, maxSteps)
}

// NextStep is the step Sync would make first on c (repairing a copy of
// it as Sync does): StepNone when ServiceNow is in line with the call.
func (s *Syncer) NextStep(ctx context.Context, c store.Call) Step {
	if c.Sync.Match != nil {
		m := *c.Sync.Match // repairCase changes its record
		c.Sync.Match = &m
	}
	repairCase(&c)
	return Next(&c, s.situation(ctx, &c))
}

func (s *Syncer) situation(ctx context.Context, c *store.Call) Situation {
	return Situation{Rule: s.Rules.Rule(c.Facts.Queue), Now: s.now(), Grace: s.WrapUpGrace, AgentSysID: s.agent(ctx, c.Facts.Agent)}
}

// run makes one step and records its outcome.
func (s *Syncer) run(ctx context.Context, c *store.Call, step Step, in Situation, save func() error) error {
	sy := &c.Sync
	switch step {
	case StepFindCase, StepCreateCase:
		return s.createCase(ctx, c, step == StepFindCase, save)
	case StepFindInteraction:
		return s.findInteraction(ctx, c, save)
	case StepCreateInteraction:
		return s.createInteraction(ctx, c, save)
	case StepSkipTransfer:
		sy.TransfersDone++
	case StepTransfer:
		if err := s.transfer(ctx, c); err != nil {
			return err
		}
	case StepLink:
		table, id, _ := strings.Cut(c.Facts.Regarding, ":")
		var v servicenow.VoiceInteraction
		v.RelatedRecords = []servicenow.RelatedRecord{{DocumentTable: table, DocumentID: id}}
		// The API needs an interaction parameter: the call's direction is
		// always true to write.
		v.Interaction.AdditionalParams = map[string]string{"direction": firstNonEmpty(c.Facts.Direction, "outbound")}
		if err := s.SN.UpdateVoiceInteraction(ctx, sy.InteractionSysID, v); err != nil {
			return err
		}
		sy.Linked = append(sy.Linked, c.Facts.Regarding)
	case StepWorkInProgress:
		// AWA moves the interaction to work in progress when the agent
		// accepts; the bridge writes it only when no AWA accept happened.
		fields := servicenow.Record{"state": calls.StateWorkInProgress}
		setIf(fields, "assigned_to", in.AgentSysID)
		if _, err := s.SN.Update(ctx, "interaction", sy.InteractionSysID, fields); err != nil {
			return err
		}
		sy.State = calls.StateWorkInProgress
	case StepAbandon:
		if _, err := s.SN.Update(ctx, "interaction", sy.InteractionSysID, servicenow.Record{
			"state": calls.StateClosedAbandoned, "state_reason": "Caller hung up in the queue"}); err != nil {
			return err
		}
		sy.State = calls.StateClosedAbandoned
	case StepFindSegment, StepOpenSegment, StepCloseSegment:
		return s.segment(ctx, c, step, in, save)
	case StepClose, StepNoteRecord, StepLateNoteInteraction, StepLateNoteRecord:
		if err := s.close(ctx, c, step, in); err != nil {
			return err
		}
	case StepFindRequest, StepCreateRequest:
		return s.createRequest(ctx, c, step == StepFindRequest, save)
	default:
		return fmt.Errorf("records: no way to run step %s", step)
	}
	return save()
}

// transfer hands the interaction to the transfer's queue with the Offer
// Work API; only its success counts the transfer as done.
func (s *Syncer) transfer(ctx context.Context, c *store.Call) error {
	t := c.Facts.Transfers[c.Sync.TransfersDone]
	from, err := s.queueSysID(ctx, s.Rules.Rule(firstNonEmpty(t.From, c.Facts.Queue)).AWAQueue)
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
	c.Sync.TransfersDone++
	return nil
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

// servicenowTime is a date-time as the Table API writes it (UTC).
func servicenowTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

func setIf(m map[string]string, k, v string) {
	if v != "" {
		m[k] = v
	}
}

func addLink(sy *store.Sync, table, id string) {
	if l := table + ":" + id; !slices.Contains(sy.Linked, l) {
		sy.Linked = append(sy.Linked, l)
	}
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func joinNonEmpty(sep string, xs ...string) string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return strings.Join(out, sep)
}
