package snsim

import "fmt"

// assumptions are the behaviours the simulator can perform although no
// public source describes them, each behind a switch registered with
// addAssumption (and named in its ledger row). All are off unless
// Config.Assume names them: the product's suites run with none.

// addAssumption registers a switch (called from the files that implement
// one, in init).
func addAssumption(name, what string) { book.AddSwitch(name, what) }

// Assumptions lists the switch names, sorted.
func Assumptions() []string { return book.Switches() }

// assumeSet checks Config.Assume and returns it as a set.
func assumeSet(names []string) (map[string]bool, error) {
	set, err := book.Set(names)
	if err != nil {
		return nil, fmt.Errorf("servicenow sim: %w", err)
	}
	return set, nil
}

// assumes reports whether the assumed behaviour name is switched on.
func (s *Server) assumes(name string) bool { return s.assume[name] }
