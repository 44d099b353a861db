package bridge

import (
	"context"
	"errors"
	"slices"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/store"
)

// saveSync records what the syncer has written to ServiceNow. Webhooks and
// the agent API change the call meanwhile (new facts; an accept moving the
// state on; the caller an agent chose), so a version conflict is expected:
// failing on it would make the syncer write to ServiceNow again what it
// already wrote. Instead the syncer's record is merged into the latest copy,
// which c becomes. The change that caused the conflict has queued a sync of
// its own (Enqueue does not count a running op).
func (s *Server) saveSync(ctx context.Context, c *store.Call) error {
	err := s.store.SaveCall(ctx, c)
	if !errors.Is(err, store.ErrConflict) {
		return err
	}
	mine := c.Sync
	latest, err := s.store.UpdateCall(ctx, c.Facts.VCCID, func(l *store.Call) error {
		l.Sync = mergeSync(mine, l.Sync)
		return nil
	})
	if err != nil {
		return err
	}
	*c = latest
	return nil
}

// mergeSync keeps what the syncer recorded (mine) over the latest copy,
// except what others may have moved on since: the state (AWA's accept sets
// work_in_progress; unless the syncer just transferred the call, which puts
// it back to new), the caller an agent chose among several matches, and
// records they linked.
func mergeSync(mine, latest store.Sync) store.Sync {
	out := mine
	// A transfer the syncer made puts the interaction back to new (AWA
	// offers it again): that step back stands over an older state.
	if calls.Forward(mine.State, latest.State) && mine.TransfersDone <= latest.TransfersDone {
		out.State = latest.State
	}
	if latest.Correlated {
		out.Correlated, out.Match = true, latest.Match
	}
	if out.InteractionSysID == "" {
		out.InteractionSysID, out.Number = latest.InteractionSysID, latest.Number
	}
	out.Linked = slices.Clone(mine.Linked)
	for _, l := range latest.Linked {
		if !slices.Contains(out.Linked, l) {
			out.Linked = append(out.Linked, l)
		}
	}
	out.TransfersDone = max(mine.TransfersDone, latest.TransfersDone)
	out.SegmentNotesDone = max(mine.SegmentNotesDone, latest.SegmentNotesDone)
	out.WrapUpWritten = mine.WrapUpWritten || latest.WrapUpWritten
	return out
}
