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

// claimAheadFrom is the ClaimAhead ctx carries when it holds no op yet,
// or nil: a request claims one op ahead at most.
func claimAheadFrom(ctx context.Context) *ClaimAhead {
	a, _ := ctx.Value(claimAheadKey{}).(*ClaimAhead)
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.op != nil {
		return nil
	}
	return a
}

func (a *ClaimAhead) hold(op store.Op) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.op = &op
}

// takeClaimed takes the op claimed ahead that ctx carries, if any.
func takeClaimed(ctx context.Context) (store.Op, bool) {
	a, _ := ctx.Value(claimAheadKey{}).(*ClaimAhead)
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

// ReleaseClaimed gives back the op claimed ahead that a holds, if the run
// after the answer did not take it (the run never started, or failed
// before its first op).
func (s *Server) ReleaseClaimed(ctx context.Context, a *ClaimAhead) {
	op, ok := takeClaimed(WithClaimAhead(ctx, a))
	if !ok {
		return
	}
	if err := s.store.Unclaim(ctx, op); err != nil {
		s.log.Warn("outbox: an op claimed ahead stays leased until its lease ends", "op", op.ID, "err", err)
	}
}
