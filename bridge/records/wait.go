package records

import (
	"fmt"
	"time"

	"github.com/vccnow/connector/bridge/calls"
)

// DefaultWrapUpGrace is how long a close waits for the second of the two
// accounts of a wrap-up. The panel sends its wrap-up to VCC and to the bridge
// at once: only the bridge's copy carries the agent's notes, and only VCC's
// events (channel.ended last) say when the call connected, who took it and
// how long it was held. Either may arrive first, by seconds when webhooks are
// late.
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

// closeWait returns a WaitError while a close should wait for the other
// account of the wrap-up (grace after the first), nil when it may close
// now. It is pure.
func closeWait(f *calls.Facts, now time.Time, grace time.Duration) *WaitError {
	if f.Desired().State != calls.StateClosedComplete || f.WrapDoneAt.IsZero() {
		return nil
	}
	var missing string
	switch {
	case f.PanelWrapUpAt.IsZero():
		missing = "VCC ended wrap-up; waiting for the panel's notes"
	case f.VCCWrapUpAt.IsZero():
		missing = "the panel ended wrap-up; waiting for VCC's events of the call"
	default:
		return nil
	}
	if grace == 0 {
		grace = DefaultWrapUpGrace
	}
	if until := f.WrapDoneAt.Add(grace); now.Before(until) {
		return &WaitError{Until: until, Reason: missing}
	}
	return nil
}

// AbandonGrace is how long the sync waits before it records a caller who
// gave up, when only the order of VCC's documented events says so (the
// customer's channel ended, no agent's connected): an agent's connect that
// VCC delivers late would show the call was answered. It counts from when
// the bridge learned the caller left, not from VCC's time of it, so a
// delivery VCC retried does not shorten it.
const AbandonGrace = 3 * time.Second

// AcceptedAbandonGrace replaces AbandonGrace when an agent accepted the
// offer in AWA: the call was taken, and VCC's connect events are surely on
// their way, though a delivery that failed waits for VCC's retry (whose
// schedule VCC does not publish; the simulator's first four take 18 s).
const AcceptedAbandonGrace = 30 * time.Second

// abandonWait returns a WaitError while an abandonment that VCC did not
// state (the "abandoned" reason extension) may still be undone by a late
// connect, nil when it may be written. It is pure.
func abandonWait(f *calls.Facts, now time.Time) *WaitError {
	if !f.AbandonAt.IsZero() || !f.Abandoned() {
		return nil
	}
	grace := AbandonGrace
	if !f.AcceptedAt.IsZero() {
		grace = AcceptedAbandonGrace
	}
	from := f.AbandonedAt()
	if f.CallerLeftSeen.After(from) {
		from = f.CallerLeftSeen
	}
	if until := from.Add(grace); now.Before(until) {
		return &WaitError{Until: until, Reason: "the caller left before any agent connected; waiting for late events"}
	}
	return nil
}

// wait is the WaitError of a StepWait.
func wait(f *calls.Facts, now time.Time, grace time.Duration) *WaitError {
	if w := segmentWait(f, now); w != nil {
		return w
	}
	if w := abandonWait(f, now); w != nil {
		return w
	}
	return closeWait(f, now, grace)
}

// SegmentGrace is how long after an agent's channel ended the workspace's
// wrap-up segment (rules: workspaceWrapUp) waits before it opens. VCC ends
// the channel of an agent who transfers a call without saying why, and the
// transfer (the panel's report, the call alerted in its new queue) follows
// within moments: a segment opened at once would ask the agent who handed
// the call on for a wrap-up in ServiceNow after their panel's, and take the
// place of the segment of the agent who takes the call.
const SegmentGrace = 3 * time.Second

// segmentWait returns a WaitError while a hang-up that an agent's channel
// ending implies may still turn out to be a transfer, nil when the
// segment may open (the caller hung up: no transfer can explain that). It
// is pure.
func segmentWait(f *calls.Facts, now time.Time) *WaitError {
	if f.Desired().State != calls.StateWrapUp || f.HungUpAt.IsZero() {
		return nil
	}
	if !f.CallerLeftAt.IsZero() && !f.CallerLeftAt.After(f.HungUpAt) {
		return nil
	}
	if until := f.HungUpAt.Add(SegmentGrace); now.Before(until) {
		return &WaitError{Until: until, Reason: "an agent's channel ended; waiting for a transfer that may explain it before opening the wrap-up segment"}
	}
	return nil
}
