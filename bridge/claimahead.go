package bridge

import (
	"context"
	"sync"

	"github.com/vccnow/connector/bridge/store"
)

// ClaimAhead carries an outbox op from a request to the outbox run after
// its answer, on Workers: the webhook's write that queues a call's ops
// claims the outbox's next op in the same round trip
// (store.SaveCallWithClaim), and the run starts with it instead of a claim
// of its own. It holds one op at most; a request given none (the native
// bridge, whose outbox worker runs apart) claims nothing ahead.
//
// An op claimed ahead whose run does not start is given back
// (Server.ReleaseClaimed), so that the next run, the cron's, takes it; if
// the instance dies first, it is leased like any op a run was cut short
// in, and runs again once its lease ends.
type ClaimAhead struct {
	mu sync.Mutex
	op *store.Op
}

type claimAheadKey struct{}

// WithClaimAhead returns ctx carrying a: the request's, so that its write
// claims ahead, and the run's after it, so that it starts there.
func WithClaimAhead(ctx context.Context, a *ClaimAhead) context.Context {
	return context.WithValue(ctx, claimAheadKey{}, a)
}

// claimAhead is the ClaimAhead ctx carries, or nil.
func claimAhead(ctx context.Context) *ClaimAhead {
	a, _ := ctx.Value(claimAheadKey{}).(*ClaimAhead)
	return a
}

// holding reports whether a (nil: none) holds an op.
func (a *ClaimAhead) holding() bool {
	if a == nil {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.op != nil
}

func (a *ClaimAhead) hold(op store.Op) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.op = &op
}

// take takes the op a (nil: none) holds, if any.
func (a *ClaimAhead) take() (store.Op, bool) {
	if a == nil {
		return store.Op{}, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.op == nil {
		return store.Op{}, false
	}
	op := *a.op
	a.op = nil
	return op, true
}

// saveCallWith is store.SaveCallWith. In a request given a ClaimAhead that
// holds no op yet, a save that queues ops claims the outbox's next op too
// (store.SaveCallWithClaim), and the ClaimAhead holds it: a request claims
// one op ahead at most, and one that queues nothing (no run follows it)
// claims nothing.
func (s *Server) saveCallWith(ctx context.Context, c *store.Call, processed []store.Event, queue ...store.Queued) error {
	a := claimAhead(ctx)
	if a == nil || a.holding() || !store.QueuesWork(queue) {
		return s.store.SaveCallWith(ctx, c, processed, queue...)
	}
	op, ok, err := s.store.SaveCallWithClaim(ctx, c, processed, s.cfg.OpLease, queue...)
	if ok {
		a.hold(op)
	}
	return err
}

// ReleaseClaimed gives back the op claimed ahead that a holds, if the run
// after the answer did not take it (the run never started, or failed
// before its first op).
func (s *Server) ReleaseClaimed(ctx context.Context, a *ClaimAhead) {
	op, ok := a.take()
	if !ok {
		return
	}
	if err := s.store.Unclaim(ctx, op); err != nil {
		s.log.Warn("outbox: an op claimed ahead stays leased until its lease ends", "op", op.ID, "err", err)
	}
}
