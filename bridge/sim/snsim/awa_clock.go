package snsim

import "time"

// Clock is the AWA engine's sense of time: when offers are made and when
// they time out. Tests pass a fake that moves time by hand, so a 30-second
// offer timeout takes no time at all.
type Clock interface {
	// Now is the current time.
	Now() time.Time
	// AfterFunc calls f on its own goroutine once d has passed, unless the
	// returned stop is called first (stop reports whether it prevented the
	// call).
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// systemClock is the wall clock.
type systemClock struct{}

var _ Clock = systemClock{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}
