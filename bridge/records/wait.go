package records

import (
	"fmt"
	"time"

	"github.com/vccnow/connector/bridge/calls"
)

// DefaultWrapUpGrace is how long the interaction stays open after VCC
// reports the end of wrap-up without the panel's wrap-up: the panel sends its
// wrap-up to VCC and to the bridge at the same time, and only the bridge's
// copy carries the agent's notes, so VCC's webhook often arrives first.
const DefaultWrapUpGrace = 3 * time.Second

// WaitError says the call's records are right for now and the sync must
// run again at Until (not a failure: nothing was refused).
type WaitError struct {
	Until  time.Time
	Reason string
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("records: %s; syncing again at %s", e.Reason, e.Until.UTC().Format(time.RFC3339Nano))
}

// closeWait returns a WaitError while a close should wait for the panel's
// wrap-up notes, nil when it may close now.
func (s *Syncer) closeWait(f *calls.Facts, state string) error {
	if state != calls.StateClosedComplete || !f.PanelWrapUpAt.IsZero() || f.WrapDoneAt.IsZero() {
		return nil
	}
	grace := s.WrapUpGrace
	if grace == 0 {
		grace = DefaultWrapUpGrace
	}
	if until := f.WrapDoneAt.Add(grace); s.now().Before(until) {
		return &WaitError{Until: until, Reason: "VCC ended wrap-up; waiting for the panel's notes"}
	}
	return nil
}
