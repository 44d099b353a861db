package cti

import "time"

// RealClock is the wall clock; its timers post Timer inputs.
type RealClock struct{ Post func(Input) }

var _ Clock = RealClock{}

// Now implements Clock.
func (RealClock) Now() time.Time { return time.Now() }

// After implements Clock.
func (c RealClock) After(d time.Duration, name string) {
	time.AfterFunc(d, func() { c.Post(Timer{Name: name}) })
}
