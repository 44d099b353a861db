package snsim

import (
	"fmt"
	"sort"
	"strings"
)

// assumptions are the behaviours the simulator can perform although no
// public source describes them, each behind a switch named here (and in its
// ledger row). All are off unless Config.Assume names them: the product's
// suites run with none.
var assumptions = map[string]string{}

// addAssumption registers a switch (called from the files that implement
// one, in init).
func addAssumption(name, what string) { assumptions[name] = what }

// Assumptions lists the switch names, sorted.
func Assumptions() []string {
	out := make([]string, 0, len(assumptions))
	for k := range assumptions {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func knownAssumption(name string) bool { _, ok := assumptions[name]; return ok }

// assumeSet checks Config.Assume and returns it as a set.
func assumeSet(names []string) (map[string]bool, error) {
	set := map[string]bool{}
	for _, n := range names {
		if !knownAssumption(n) {
			return nil, fmt.Errorf("servicenow sim: unknown assumption %q (known: %s)", n, strings.Join(Assumptions(), ", "))
		}
		set[n] = true
	}
	return set, nil
}

// assumes reports whether the assumed behaviour name is switched on.
func (s *Server) assumes(name string) bool { return s.assume[name] }
