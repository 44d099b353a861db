//go:build !js

package vccsim

import "fmt"

// Assumption switches: behaviours the simulator can perform although no
// public source describes them, each registered with addAssumption by the
// file that implements it and named in its ledger row. All are off unless
// Config.Assume names them (Config.WebhookExtensions also turns on
// switchWebhookExtensions): by default the simulator does only what VCC
// documents, and the product's suites show they need none of them.

// addAssumption registers a switch (called from init).
func addAssumption(name, what string) { book.AddSwitch(name, what) }

// Assumptions lists the switch names, sorted.
func Assumptions() []string { return book.Switches() }

// assumeSet checks the switches a Config asks for and returns them as a set.
func assumeSet(cfg Config) (map[string]bool, error) {
	set, err := book.Set(cfg.Assume)
	if err != nil {
		return nil, fmt.Errorf("vcc sim: %w", err)
	}
	if cfg.WebhookExtensions {
		set[switchWebhookExtensions] = true
	}
	return set, nil
}

// assumes reports whether the assumed behaviour name is switched on.
func (s *Server) assumes(name string) bool { return s.assume[name] }
