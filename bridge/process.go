package bridge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
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
	if id, ok := strings.CutPrefix(key, "call:"); ok {
		evs, c, err := s.store.PendingWithCall(ctx, key, id)
		if err != nil {
			return err
		}
		return s.processCall(ctx, key, evs, c)
	}
	evs, err := s.store.PendingEvents(ctx, key)
	if err != nil {
		return err
	}
	return s.processEvents(ctx, key, evs)
}

// processEvents folds an agent's (or another key's but a call's) pending
// events, read already, into what the bridge knows, marks them processed
// and queues the ServiceNow work they call for.
func (s *Server) processEvents(ctx context.Context, key string, evs []store.Event) error {
	if len(evs) == 0 {
		return nil
	}
	queued := false
	if strings.HasPrefix(key, "agent:") {
		for _, e := range evs {
			q, err := s.applyPresence(ctx, e)
			if err != nil {
				return err
			}
			queued = queued || q
		}
	}
	for _, e := range evs {
		if err := s.store.MarkProcessed(ctx, e); err != nil {
			return err
		}
	}
	if queued {
		s.Kick()
	}
	return nil
}

// processCall folds a call's pending events into its facts, read with
// them, and saves the facts, the events processed and the ops they call
// for (its detail from VCC while that is missing; its sync, when there is
// something to write) in one transaction (saveCallWith): on Workers two
// round trips to D1 in all, the read and the write. When another writer
// changed the call meanwhile, both are made again.
func (s *Server) processCall(ctx context.Context, key string, evs []store.Event, c store.Call) error {
	id := strings.TrimPrefix(key, "call:")
	for attempt := 0; ; attempt++ {
		if len(evs) == 0 {
			return nil
		}
		for _, e := range evs {
			if ce, ok := callEvent(e); ok {
				ce.Received = s.now()
				c.Facts.Apply(ce)
			}
		}
		// The detail, when it is needed, first: the sync waits for it.
		now := s.now()
		var queue []store.Queued
		if needsDetail(&c.Facts) {
			queue = append(queue, store.Queued{Key: "detail:" + id, Kind: opDetail, At: now, Unique: true})
		}
		// The sync, unless it would find nothing to do: most of a call's
		// events (the agent's channel ringing, the customer's connecting,
		// the hang-up...) change nothing ServiceNow holds, and an op for
		// each would cost the outbox a run (on Workers, a D1 round trip and
		// the Go to decide so). A sync running meanwhile on an older copy
		// still sees these facts: its next save conflicts with this one and
		// it carries on from the call saved here (saveSync); and if it saved
		// last before this read, what is read here is where it left
		// ServiceNow. A sync postponed to wait for news (a late connect, the
		// panel's wrap-up) has had it: it is finished. A save that conflicts
		// decides again on the call read anew.
		sync := store.Queued{Key: key, Kind: opSync, At: now, Unique: true}
		if len(queue) == 0 && s.sync.NextStep(ctx, c) == records.StepNone {
			sync.Settled = true
		}
		queue = append(queue, sync)
		err := s.saveCallWith(ctx, &c, evs, queue...)
		if err == nil {
			if store.QueuesWork(queue) {
				s.Kick()
			}
			return nil
		}
		if !errors.Is(err, store.ErrConflict) || attempt == 20 {
			return err
		}
		if evs, c, err = s.store.PendingWithCall(ctx, key, id); err != nil {
			return err
		}
	}
}

// applyPresence records an agent's new VCC presence and queues setting AWA's
// presence to match, through the AWA Agent API (PUT /api/now/awa/agents/{id},
// api-reference/rest-apis/agent-api.md), whether or not the agent's panel is
// open: the panel's setPresenceIndicator only paints the workspace's
// indicator (api-reference/c_openFrameAPI.md), so nothing else carries VCC's
// presence to AWA. It reports whether it queued that.
func (s *Server) applyPresence(ctx context.Context, e store.Event) (bool, error) {
	ev, err := vccapi.ParseEvent(e.Body)
	if err != nil {
		return false, nil
	}
	var p vccapi.PresenceEvent
	if json.Unmarshal(ev.Data, &p) != nil {
		return false, nil
	}
	a, ok, err := s.store.AgentByVCCID(ctx, p.User.UserID)
	if err != nil || !ok {
		return false, err // an agent who never signed in here: nothing to map
	}
	newer, err := s.store.SetAgentPresence(ctx, a.UserName, s.presenceKey(p), e.At)
	if err != nil || !newer {
		return false, err // or older than what we know
	}
	if err := s.store.Enqueue(ctx, "presence:"+a.UserName, opPresence, "", s.now(), true); err != nil {
		return false, err
	}
	return true, nil
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

// QueuedWork reports whether work was queued for the outbox (Kick) since
// it last reported, and forgets it. The Worker, where nothing listens to
// Kick, asks it after each request: only a request that queued work is
// followed by an outbox run, so refused requests cost the Worker nothing
// after their answer.
func (s *Server) QueuedWork() bool {
	select {
	case <-s.kick:
		return true
	default:
		return false
	}
}

// RunOutbox does the due outbox work, at most max ops, and returns how many
// it ran. The native worker (Work) and the Workers cron call it, and the
// Worker after each request that queued work. It claims op after op
// (store.ClaimNext, which reads a call's op's call with it; after an op
// that succeeded, store.DoneAndClaimNext, or the op's own last save
// (opEnd): one round trip from op to op),
// so ops queued meanwhile, by another request or by an op it ran, run in the
// same pass. A run whose ctx carries an op claimed ahead (ClaimAhead) starts
// with it.
func (s *Server) RunOutbox(ctx context.Context, max int) (int, error) {
	s.processPending(ctx)
	ran := 0
	op, ok := claimAhead(ctx).take()
	var err error
	if !ok {
		op, ok, err = s.store.ClaimNext(ctx, s.cfg.OpLease)
	}
	for ok && err == nil {
		ran++
		var end *opEnd
		if ran < max {
			end = &opEnd{}
		}
		done := s.execOp(ctx, op, end)
		switch {
		case end != nil && end.ended:
			// The op's last save marked it done and claimed the next.
			op, ok = end.next, end.claimed
		case done && ran < max:
			// The op is marked done with the next claim: one round trip.
			op, ok, err = s.store.DoneAndClaimNext(ctx, op.ID, s.cfg.OpLease)
		case done:
			_ = s.store.Done(ctx, op.ID)
			return ran, nil
		case ran < max:
			op, ok, err = s.store.ClaimNext(ctx, s.cfg.OpLease)
		default:
			return ran, nil
		}
	}
	return ran, err
}

// pendingScanInterval is how often RunOutbox looks for stored events that
// were not processed, when this process knows of none.
const pendingScanInterval = 10 * time.Second

// processPending picks up events stored but not processed: a crash between
// storing and processing (of this process before it started, or of another
// on the same database: another Worker instance), or processing that failed
// here (processFailed). Looking costs a query, which every outbox run would
// otherwise pay: a process looks at its first run, after a failure of its
// own, and every pendingScanInterval (another process's crash; and a
// redelivered event is processed when it arrives, serveWebhook).
func (s *Server) processPending(ctx context.Context) {
	now := s.now()
	s.pendingMu.Lock()
	due := s.pendingFailed || s.pendingScanned.IsZero() || now.Sub(s.pendingScanned) >= pendingScanInterval
	if due {
		s.pendingFailed, s.pendingScanned = false, now
	}
	s.pendingMu.Unlock()
	if !due {
		return
	}
	keys, err := s.store.PendingKeys(ctx, 50)
	if err != nil {
		s.processFailed()
		return
	}
	for _, k := range keys {
		if err := s.processKey(ctx, k); err != nil {
			s.processFailed()
		}
	}
}

// processFailed notes that an event may be left unprocessed, so that the
// next outbox run looks for it.
func (s *Server) processFailed() {
	s.pendingMu.Lock()
	s.pendingFailed = true
	s.pendingMu.Unlock()
}

func (s *Server) runOp(ctx context.Context, op store.Op) {
	if s.execOp(ctx, op, nil) {
		_ = s.store.Done(ctx, op.ID)
	}
}

// opEnd lets an op whose last write is its call's save end in that write:
// the save marks the op done and claims the run's next op with it
// (store.UpdateCallDone), one round trip where there were two. RunOutbox
// offers one to each op after which it would claim another.
type opEnd struct {
	// ended says the op's save marked it done; next is the op it claimed
	// (claimed false: none was due).
	ended   bool
	next    store.Op
	claimed bool
}

// execOp runs an op and records what came of it, but for success: it
// reports true when the op succeeded and is to be marked done (RunOutbox
// does so with its next claim), unless end (nil: none) says it ended in
// its own save.
func (s *Server) execOp(ctx context.Context, op store.Op, end *opEnd) (done bool) {
	var err error
	switch op.Kind {
	case opSync:
		err = s.syncCall(ctx, op)
	case opPresence:
		err = s.syncPresence(ctx, strings.TrimPrefix(op.Key, "presence:"))
	case opDetail:
		err = s.fetchDetail(ctx, op, end)
	case opDisposition:
		err = s.setDisposition(ctx, op.Payload)
	default:
		err = permanent(fmt.Errorf("bridge: unknown outbox op %q", op.Kind))
	}
	if err == nil {
		return true
	}
	var later *records.WaitError
	if errors.As(err, &later) {
		_ = s.store.Postpone(ctx, op, later.Until)
		return false
	}
	s.opFailed(ctx, op, err)
	return false
}

// opFailed decides what becomes of an op that failed (classify): a dead
// letter when it can never succeed, or when it has needed an operator for
// longer than the dead-letter age; otherwise it runs again after a
// jittered backoff (retryDelay). Each try is logged at warn level; a
// failure worth a person's attention at error level, at most hourly per op
// (alertDue), with what to do.
func (s *Server) opFailed(ctx context.Context, op store.Op, err error) {
	now := s.now()
	class := classify(err)
	since := op.FailingSince
	if since.IsZero() {
		since = now
	}
	if class == failPermanent || (class == failOperator && now.Sub(since) >= s.cfg.DeadLetterAge) {
		superseded, serr := s.store.MarkDead(ctx, op.ID, err, class == failOperator)
		if serr != nil {
			s.log.Error("outbox: recording a dead letter", "id", op.ID, "key", op.Key, "op", op.Kind, "err", serr)
			return
		}
		if superseded {
			s.log.Warn("outbox op given up; a newer op of its key does its work", "id", op.ID, "key", op.Key, "op", op.Kind,
				"class", class.String(), "attempts", op.Attempts+1, "failing_since", since, "err", err)
			return
		}
		s.log.Error("outbox op is a dead letter: it will not run again by itself; fix the cause, then run bridge outbox retry",
			"id", op.ID, "key", op.Key, "op", op.Kind, "class", class.String(), "attempts", op.Attempts+1, "failing_since", since, "err", err)
		return
	}
	wait := retryDelay(class, op.Attempts, servicenow.RetryAfter(err), rand.Float64())
	alert := alertDue(class, since, op.AlertedAt, now)
	attrs := []any{"id", op.ID, "key", op.Key, "op", op.Kind, "class", class.String(), "attempts", op.Attempts + 1,
		"failing_since", since, "err", err, "retry_in", wait.String()}
	switch {
	case alert && class == failOperator:
		s.log.Error("outbox op needs an operator: ServiceNow or VCC refuses it until a person acts; it will run again",
			append(attrs, "dead_letter_in", (s.cfg.DeadLetterAge-now.Sub(since)).Round(time.Second).String())...)
	case alert:
		s.log.Error("outbox op keeps failing; it will run again", attrs...)
	default:
		s.log.Warn("outbox op failed; it will run again", attrs...)
	}
	if ferr := s.store.Fail(ctx, op.ID, store.Failure{Err: err, Next: now.Add(wait), NeedsOperator: class == failOperator, Alerted: alert}); ferr != nil {
		s.log.Error("outbox: recording a failure", "id", op.ID, "key", op.Key, "op", op.Kind, "err", ferr)
	}
}

// syncCall runs a call's sync op, on the call read with the op when
// ClaimNext read it.
func (s *Server) syncCall(ctx context.Context, op store.Op) error {
	c, err := s.opCall(ctx, op)
	if err != nil {
		return err
	}
	return s.sync.Sync(ctx, &c, func() error { return s.saveSync(ctx, &c) })
}

// opCall is the call of a call's op: the copy ClaimNext read with it, or
// the store's.
func (s *Server) opCall(ctx context.Context, op store.Op) (store.Call, error) {
	if op.Call != nil {
		return *op.Call, nil
	}
	return s.store.LoadCall(ctx, op.CallID())
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
	if v, ok, _ := s.sync.Cache.Get(ctx, "awa_presence_state:"+name); ok {
		return v, nil
	}
	rs, err := s.sn.List(ctx, "awa_presence_state", servicenow.Where("name", "=", name), []string{"sys_id"}, 1)
	if err != nil {
		return "", err
	}
	if len(rs) == 0 {
		return "", fmt.Errorf("%w named %q: create it, or change the presence mapping", errNoPresenceState, name)
	}
	_ = s.sync.Cache.Put(ctx, "awa_presence_state:"+name, rs[0]["sys_id"], s.now().Add(24*time.Hour))
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
	id, _ := s.agentIdentity(ctx, vccUserID)
	return id.sysID
}

func (s *Server) agentName(ctx context.Context, vccUserID string) string {
	id, _ := s.agentIdentity(ctx, vccUserID)
	return id.name
}

// agentIdentityTTL is how long an agent's identity read from the store
// serves the syncer and the panel's views without reading it again: every
// step of a call's sync asks for it, on Workers each read is a D1 round
// trip, and it changes only when the agent signs in and is mapped anew
// (ensureAgent, which updates this process's copy at once).
const agentIdentityTTL = time.Minute

// agentIdentity is who a VCC user is in ServiceNow.
type agentIdentity struct {
	userName, sysID, name string
	until                 time.Time
}

// agentIdentity returns the identity of the agent with a VCC user id (ok
// false when the store knows none). Only a complete one (with its sys_user)
// is kept, so an agent who signs in is seen at once.
func (s *Server) agentIdentity(ctx context.Context, vccUserID string) (agentIdentity, bool) {
	now := s.now()
	s.agentsMu.Lock()
	id, ok := s.agents[vccUserID]
	s.agentsMu.Unlock()
	if ok && now.Before(id.until) {
		return id, true
	}
	a, ok, err := s.store.AgentByVCCID(ctx, vccUserID)
	if err != nil || !ok {
		return agentIdentity{}, false
	}
	s.rememberAgent(a)
	return agentIdentity{userName: a.UserName, sysID: a.SysID, name: a.Name}, true
}

// rememberAgent keeps an agent's identity as the store has it now.
func (s *Server) rememberAgent(a store.Agent) {
	now := s.now()
	s.agentsMu.Lock()
	defer s.agentsMu.Unlock()
	if a.SysID == "" {
		delete(s.agents, a.VCCUserID)
		return
	}
	if s.agents == nil || len(s.agents) >= 10000 {
		s.agents = map[string]agentIdentity{}
	}
	s.agents[a.VCCUserID] = agentIdentity{userName: a.UserName, sysID: a.SysID, name: a.Name, until: now.Add(agentIdentityTTL)}
}
