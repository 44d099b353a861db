package bridge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
)

// Outbox op kinds.
const (
	opSync     = "sync"     // bring a call's interaction in line with its facts
	opPresence = "presence" // set an agent's AWA presence from VCC's
)

// processKey folds a key's stored events into the call's facts or the
// agent's presence, and queues the ServiceNow work they call for.
func (s *Server) processKey(ctx context.Context, key string) error {
	evs, err := s.store.PendingEvents(ctx, key)
	if err != nil || len(evs) == 0 {
		return err
	}
	switch {
	case strings.HasPrefix(key, "call:"):
		id := strings.TrimPrefix(key, "call:")
		c, err := s.store.UpdateCall(ctx, id, func(c *store.Call) error {
			for _, e := range evs {
				if ce, ok := callEvent(e); ok {
					ce.Received = s.now()
					c.Facts.Apply(ce)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if needsDetail(&c.Facts) {
			if err := s.store.Enqueue(ctx, "detail:"+id, opDetail, "", s.now(), true); err != nil {
				return err
			}
		}
		if err := s.store.Enqueue(ctx, key, opSync, "", s.now(), true); err != nil {
			return err
		}
	case strings.HasPrefix(key, "agent:"):
		for _, e := range evs {
			if err := s.applyPresence(ctx, e); err != nil {
				return err
			}
		}
	}
	for _, e := range evs {
		if err := s.store.MarkProcessed(ctx, e); err != nil {
			return err
		}
	}
	s.Kick()
	return nil
}

// applyPresence records an agent's new VCC presence and queues setting AWA's
// presence to match, through the AWA Agent API (PUT /api/now/awa/agents/{id},
// api-reference/rest-apis/agent-api.md), whether or not the agent's panel is
// open: the panel's setPresenceIndicator only paints the workspace's
// indicator (api-reference/c_openFrameAPI.md), so nothing else carries VCC's
// presence to AWA.
func (s *Server) applyPresence(ctx context.Context, e store.Event) error {
	ev, err := vccapi.ParseEvent(e.Body)
	if err != nil {
		return nil
	}
	var p vccapi.PresenceEvent
	if json.Unmarshal(ev.Data, &p) != nil {
		return nil
	}
	a, ok, err := s.store.AgentByVCCID(ctx, p.User.UserID)
	if err != nil || !ok {
		return err // an agent who never signed in here: nothing to map
	}
	newer, err := s.store.SetAgentPresence(ctx, a.UserName, s.presenceKey(p), e.At)
	if err != nil || !newer {
		return err // or older than what we know
	}
	return s.store.Enqueue(ctx, "presence:"+a.UserName, opPresence, "", s.now(), true)
}

// presenceKey is what the agent's presence is known by in the presence
// mapping: its description when the mapping names it ("Lunch"), otherwise
// its category ("Away").
func (s *Server) presenceKey(p vccapi.PresenceEvent) string {
	if k, ok := s.cfg.Presence.Key(p.Presence.Description, categoryOf(p)); ok {
		return k
	}
	return categoryOf(p)
}

func categoryOf(p vccapi.PresenceEvent) string {
	t := p.Presence.Category.Type
	switch strings.ToLower(t) {
	case "ready":
		return "Ready"
	case "away":
		return "Away"
	case "extendedaway":
		return "ExtendedAway"
	case "loggedout":
		return "LoggedOut"
	}
	return t
}

// Kick wakes the native outbox worker (on Workers nothing listens, and it
// does nothing).
func (s *Server) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// RunOutbox does the due outbox work, at most max ops, and returns how many
// it ran. The native worker (Work) and the Workers cron call it.
func (s *Server) RunOutbox(ctx context.Context, max int) (int, error) {
	// Events stored but not processed (a crash between storing and
	// processing) are picked up first.
	if keys, err := s.store.PendingKeys(ctx, 50); err == nil {
		for _, k := range keys {
			_ = s.processKey(ctx, k)
		}
	}
	ran := 0
	for ran < max {
		keys, err := s.store.DueKeys(ctx, 20)
		if err != nil {
			return ran, err
		}
		if len(keys) == 0 {
			return ran, nil
		}
		for _, key := range keys {
			op, ok, err := s.store.Claim(ctx, key, s.cfg.OpLease)
			if err != nil {
				return ran, err
			}
			if !ok {
				continue
			}
			ran++
			s.runOp(ctx, op)
		}
	}
	return ran, nil
}

// maxAttempts is how often an op that ServiceNow refuses outright (not a
// rate limit or an outage) is tried before it is set aside with its error.
const maxAttempts = 8

func (s *Server) runOp(ctx context.Context, op store.Op) {
	var err error
	switch op.Kind {
	case opSync:
		err = s.syncCall(ctx, strings.TrimPrefix(op.Key, "call:"))
	case opPresence:
		err = s.syncPresence(ctx, strings.TrimPrefix(op.Key, "presence:"))
	case opDetail:
		err = s.fetchDetail(ctx, opKeyCall(op.Key))
	case opDisposition:
		err = s.setDisposition(ctx, op.Payload)
	default:
		err = fmt.Errorf("unknown op %q", op.Kind)
	}
	if err == nil {
		_ = s.store.Done(ctx, op.ID)
		return
	}
	var later *records.WaitError
	if errors.As(err, &later) {
		_ = s.store.Postpone(ctx, op, later.Until)
		return
	}
	temporary := servicenow.IsTemporary(err) || errors.Is(err, store.ErrConflict) || vccTemporary(err)
	if !temporary && op.Attempts+1 >= maxAttempts {
		s.log.Error("outbox op given up", "key", op.Key, "op", op.Kind, "attempts", op.Attempts+1, "err", err)
		_ = s.store.Retry(ctx, op.ID, s.now().Add(24*time.Hour*365), err)
		return
	}
	wait := backoff(op.Attempts)
	if ra := servicenow.RetryAfter(err); ra > wait {
		wait = ra
	}
	s.log.Warn("outbox op failed; it will run again", "key", op.Key, "op", op.Kind, "err", err, "retry_in", wait.String())
	_ = s.store.Retry(ctx, op.ID, s.now().Add(wait), err)
}

// backoff is 0.5 s doubling to 5 minutes.
func backoff(attempts int) time.Duration {
	d := 500 * time.Millisecond << min(attempts, 10)
	return min(d, 5*time.Minute)
}

func (s *Server) syncCall(ctx context.Context, vccID string) error {
	c, err := s.store.LoadCall(ctx, vccID)
	if err != nil {
		return err
	}
	return s.sync.Sync(ctx, &c, func() error { return s.saveSync(ctx, &c) })
}

// syncPresence sets an agent's AWA presence from their VCC presence. It
// writes even when the bridge last set the same state: the agent may have
// changed AWA's presence in the workspace since, which the bridge does not
// hear of, and one request per presence change is cheap.
func (s *Server) syncPresence(ctx context.Context, userName string) error {
	a, ok, err := s.store.AgentByName(ctx, userName)
	if err != nil || !ok || a.SysID == "" {
		return err
	}
	state := s.cfg.Presence.ToAWA[a.Presence]
	if state == "" {
		return nil
	}
	id, err := s.awaStateSysID(ctx, state)
	if err != nil {
		return err
	}
	if _, err := s.sn.SetAgentPresence(ctx, a.SysID, id); err != nil {
		return err
	}
	return s.store.SetAgentAWAState(ctx, a.UserName, state)
}

func (s *Server) awaStateSysID(ctx context.Context, name string) (string, error) {
	if v, ok, _ := s.store.Get(ctx, "awa_presence_state:"+name); ok {
		return v, nil
	}
	rs, err := s.sn.List(ctx, "awa_presence_state", servicenow.Where("name", "=", name), []string{"sys_id"}, 1)
	if err != nil {
		return "", err
	}
	if len(rs) == 0 {
		return "", fmt.Errorf("bridge: no AWA presence state named %q", name)
	}
	_ = s.store.Put(ctx, "awa_presence_state:"+name, rs[0]["sys_id"], s.now().Add(24*time.Hour))
	return rs[0]["sys_id"], nil
}

// Work runs the outbox worker until ctx ends: at once when kicked, and
// whenever an op comes due. It is the one worker on its database (the
// native bridge owns its SQLite file), so it first releases the leases of
// ops a previous process was running when it died: otherwise they, and
// every later op of their calls, would wait for the lease to run out.
func (s *Server) Work(ctx context.Context) {
	if n, err := s.store.ReleaseLeases(ctx); err != nil {
		s.log.Error("outbox", "err", err)
	} else if n > 0 {
		s.log.Info("outbox ops left running by a previous process will run again", "ops", n)
	}
	for {
		if _, err := s.RunOutbox(ctx, 200); err != nil && ctx.Err() == nil {
			s.log.Error("outbox", "err", err)
		}
		wait := time.Second
		if next, err := s.store.NextDue(ctx); err == nil && !next.IsZero() {
			if d := next.Sub(s.now()); d < wait {
				wait = max(d, 10*time.Millisecond)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

// agentSysID and agentName map VCC user ids for the syncer.
func (s *Server) agentSysID(ctx context.Context, vccUserID string) string {
	a, ok, _ := s.store.AgentByVCCID(ctx, vccUserID)
	if !ok {
		return ""
	}
	return a.SysID
}

func (s *Server) agentName(ctx context.Context, vccUserID string) string {
	a, ok, _ := s.store.AgentByVCCID(ctx, vccUserID)
	if !ok {
		return ""
	}
	return a.Name
}
