//go:build !js

package vccsim

import (
	"errors"
	"math/rand/v2"
)

// Chaos makes delivery misbehave on purpose, as VCC may (its consumers
// must be idempotent and must not rely on order):
//
//   - Duplicate is the probability (0 to 1) that an event is sent twice;
//   - Reorder holds events in batches (for DelayMS plus 100 ms after the
//     first) and sends each batch newest first;
//   - DelayMS delays every event;
//   - Seed seeds the random choices (the same seed, the same duplicates).
//
// The zero Chaos is orderly delivery.
type Chaos struct {
	Duplicate float64 `json:"duplicate"`
	Reorder   bool    `json:"reorder"`
	DelayMS   int     `json:"delay_ms"`
	Seed      uint64  `json:"seed,omitempty"`
}

func (c Chaos) validate() error {
	switch {
	case c.Duplicate < 0 || c.Duplicate > 1:
		return errors.New("duplicate is a probability: 0 to 1")
	case c.DelayMS < 0 || c.DelayMS > 60000:
		return errors.New("delay_ms must be 0 to 60000")
	}
	return nil
}

// setChaos replaces the chaos settings for events published from now on.
func (e *webhookEngine) setChaos(c Chaos) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.chaos = c
	e.rng = rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15))
}

func (e *webhookEngine) currentChaos() Chaos {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.chaos
}
