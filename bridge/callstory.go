package bridge

import (
	"context"
	"time"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/wasm/api"
)

// The story of a call as the panel of the agent who has it now tells it:
// when the caller joined the queue they wait in (for a transferred call, the
// transfer, not the first queue), who sent them on and from where, and the
// caller's number as people in the deployment's region write it.

// tellStory fills v's queue time and transfer from the call's facts.
func (s *Server) tellStory(ctx context.Context, f calls.Facts, v *api.Interaction) {
	queued := f.QueuedAt
	if n := len(f.Transfers); n > 0 {
		t := f.Transfers[n-1]
		if t.At.After(queued) {
			queued = t.At
		}
		v.TransferredBy = s.agentName(ctx, t.Agent)
		if v.TransferredBy == "" {
			v.TransferredBy = "another agent"
		}
		v.TransferredFrom = t.From
	}
	if !queued.IsZero() {
		v.QueuedAt = queued.UTC().Format(time.RFC3339)
	}
}

// displayNumber is the caller's number for people: national for a number
// of the rules' region, international otherwise.
func (s *Server) displayNumber(e164 string) string {
	return s.cfg.Rules.Display(e164)
}
