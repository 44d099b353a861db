package cti

import (
	"context"
	"sync/atomic"
)

// Input is anything that reaches the core: the agent's clicks, OpenFrame
// events, VCC signaling, tab messages, timers. Inputs are handled one at a
// time on the connector's goroutine, so the state needs no locks.
type Input interface{ isInput() }

// UIAction is a control the agent used.
type UIAction struct {
	Action string
	Value  string
}

// Mark records that a milestone was reached at Ms (milliseconds since the
// page's navigation start).
type Mark struct {
	Name string
	Ms   float64
}

func (UIAction) isInput() {}
func (Mark) isInput()     {}

// Connector runs the core loop. Its published state can be read from any
// goroutine (window.vccConnector.state() does) without blocking.
type Connector struct {
	inputs   chan Input
	state    State
	current  atomic.Pointer[State]
	onChange func(State)
}

// NewConnector returns a connector in the signed-out state. onChange is
// called on the loop's goroutine after every input that changed the state.
func NewConnector(onChange func(State)) *Connector {
	c := &Connector{
		inputs:   make(chan Input, 64),
		state:    State{Presence: PresenceLoggedOut, TabRole: RoleLeader, Calls: []Call{}, Timings: map[string]float64{}},
		onChange: onChange,
	}
	c.publish()
	return c
}

// Post queues an input. It never blocks the caller for long: the queue is
// drained by Run.
func (c *Connector) Post(in Input) { c.inputs <- in }

// State is the last published state.
func (c *Connector) State() State { return *c.current.Load() }

// Run handles inputs until ctx ends.
func (c *Connector) Run(ctx context.Context) {
	c.notify()
	for {
		select {
		case <-ctx.Done():
			return
		case in := <-c.inputs:
			c.handle(in)
			c.publish()
			c.notify()
		}
	}
}

func (c *Connector) handle(in Input) {
	switch in := in.(type) {
	case Mark:
		if _, seen := c.state.Timings[in.Name]; !seen {
			c.state.Timings[in.Name] = in.Ms
		}
	case UIAction:
		c.handleUI(in)
	}
}

func (c *Connector) handleUI(a UIAction) {
	switch a.Action {
	case ActSignIn:
		// Sign-in arrives with the VCC client; until then the click is
		// acknowledged so the agent sees the panel respond.
		c.state.Busy = "signing-in"
	}
}

func (c *Connector) publish() {
	s := c.state.Clone()
	c.current.Store(&s)
}

func (c *Connector) notify() {
	if c.onChange != nil {
		c.onChange(c.State())
	}
}
