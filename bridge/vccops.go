package bridge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
)

// Outbox ops that call VCC's documented APIs. Each has a key of its own, so a
// VCC outage never holds a call's ServiceNow sync back.
const (
	// opDetail reads a call's detail (v0 Web API): the customer's number,
	// the direction and the number dialled (→ the queue, rules: numbers),
	// which VCC's documented channel events do not carry.
	opDetail = "detail"
	// opDisposition sets the agent's disposition code on the call (v0 Web
	// API), from the panel's wrap-up.
	opDisposition = "disposition"
)

// needsDetail reports whether the call's facts lack what only VCC's call
// detail (or an event extension) says: the direction, or for an inbound
// call the caller's number or the queue.
func needsDetail(f *calls.Facts) bool {
	if f.QueuedAt.IsZero() && f.ConnectedAt.IsZero() {
		return false // nothing of the customer's side yet
	}
	if f.Direction == "" || f.From == "" || (f.Direction == "inbound" && f.Queue == "") {
		return true
	}
	// VCC ended the wrap-up and the panel has not told the disposition: the
	// agent may have set it elsewhere (VCC's own ContactPad), and the call
	// detail says it.
	return !f.VCCWrapUpAt.IsZero() && f.PanelWrapUpAt.IsZero() && f.Disposition == "" && f.DetailAt.Before(f.VCCWrapUpAt)
}

// fetchDetail reads the call's detail and folds it into the facts. A call VCC
// does not know (404) is taken as VCC's events say it: inbound when the
// customer's channel rang before any agent's, so the call is still recorded.
// Given an end, the save marks the op done and claims the run's next op,
// often the call's sync.
func (s *Server) fetchDetail(ctx context.Context, op store.Op, end *opEnd) error {
	vccID := op.CallID()
	d, err := s.vcc.CallDetail(ctx, vccID)
	if err != nil && vccapi.StatusOf(err) != http.StatusNotFound {
		return err
	}
	e := calls.Event{Kind: calls.Detail, At: s.now(), From: d.Customer(), Direction: d.Direction(), Queue: s.cfg.Rules.QueueFor(d.Dialled()),
		Disposition: d.DispositionCode}
	if err != nil {
		s.log.Warn("VCC has no detail of the call; its events alone decide", "call", vccID, "err", err)
		e = calls.Event{Kind: calls.Detail, At: s.now(), Direction: "inbound"}
	}
	if d.Dialled() != "" && e.Queue == "" {
		s.log.Warn("no queue for the number dialled: add it to the rules' numbers", "call", vccID, "dialled", d.Dialled())
	}
	// The detail, the call's sync queued and, given an end, the op done
	// and the next claimed: one round trip on Workers.
	c, err := s.opCall(ctx, op)
	if err != nil {
		return err
	}
	apply := func(c *store.Call) error {
		c.Facts.Apply(e)
		return nil
	}
	sync := store.Queued{Key: "call:" + vccID, Kind: opSync, At: s.now(), Unique: true}
	if end == nil {
		_, err = s.store.UpdateCallFrom(ctx, c, apply, sync)
		return err
	}
	_, end.next, end.claimed, err = s.store.UpdateCallDone(ctx, c, apply, op.ID, s.cfg.OpLease, sync)
	end.ended = err == nil
	return err
}

// disposition is an opDisposition's payload.
type disposition struct {
	Call, Code, AgentDisplayID string
}

// queueDisposition asks for the agent's disposition code to be set on the
// call at VCC.
func (s *Server) queueDisposition(ctx context.Context, vccID, code string, agent store.Agent) error {
	if code == "" {
		return nil
	}
	b, err := json.Marshal(disposition{Call: vccID, Code: code, AgentDisplayID: agent.AgentID})
	if err != nil {
		return err
	}
	return s.store.Enqueue(ctx, "disposition:"+vccID+":"+agent.VCCUserID, opDisposition, string(b), s.now(), false)
}

// setDisposition runs an opDisposition. VCC's refusal of the code itself
// (400: not 3 to 64 characters, or not one of the account's codes) is
// reported once, not retried: the interaction's note keeps the code.
func (s *Server) setDisposition(ctx context.Context, payload string) error {
	var d disposition
	if err := json.Unmarshal([]byte(payload), &d); err != nil {
		return permanent(fmt.Errorf("bridge: bad disposition payload: %w", err))
	}
	err := s.vcc.SetDisposition(ctx, d.Call, d.Code, d.AgentDisplayID)
	if st := vccapi.StatusOf(err); st == http.StatusBadRequest || st == http.StatusNotFound {
		s.log.Warn("VCC refused the disposition code; the interaction's note keeps it", "call", d.Call, "code", d.Code, "err", err)
		return nil
	}
	return err
}
