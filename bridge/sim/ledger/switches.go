package ledger

import (
	"fmt"
	"sort"
	"strings"
)

// An assumption switch turns on a behaviour that no public source
// describes and that the simulator can perform. Every switch has a ledger
// row (Check reports one without), and all are off unless a simulator's
// Config.Assume names them.

// AddSwitch registers an assumption switch; what says what it turns on.
func (b *Book) AddSwitch(name, what string) { b.switches[name] = what }

// Switches lists the switch names, sorted.
func (b *Book) Switches() []string {
	out := make([]string, 0, len(b.switches))
	for k := range b.switches {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Known reports whether name is one of the book's switches.
func (b *Book) Known(name string) bool { _, ok := b.switches[name]; return ok }

// Describe is what the switch name turns on ("" for an unknown one).
func (b *Book) Describe(name string) string { return b.switches[name] }

// Set checks the switch names a Config.Assume lists and returns them as a
// set. A name that is not a switch is an error naming the known ones.
func (b *Book) Set(names []string) (map[string]bool, error) {
	set := map[string]bool{}
	for _, n := range names {
		if !b.Known(n) {
			return nil, fmt.Errorf("unknown assumption %q (known: %s)", n, strings.Join(b.Switches(), ", "))
		}
		set[n] = true
	}
	return set, nil
}
