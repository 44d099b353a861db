package tabs

import (
	"slices"
	"time"
)

// The heartbeat election, for browsers without Web Locks: every tab beats on
// the channel every beatEvery; a tab not heard from for beatTimeout is gone.
const (
	beatEvery   = 500 * time.Millisecond
	beatTimeout = 1500 * time.Millisecond
)

// election is one tab's view of the heartbeat election: among the tabs heard
// from lately, and itself, the one with the smallest id leads. Every tab
// reaches the same answer from the same beats, so one leads; when it stops
// beating (closed or crashed) the next takes over within beatTimeout.
type election struct {
	self string
	seen map[string]time.Time
}

func newElection(self string) *election {
	return &election{self: self, seen: map[string]time.Time{}}
}

// heard records a beat from another tab.
func (e *election) heard(from string, at time.Time) {
	if from != "" && from != e.self {
		e.seen[from] = at
	}
}

// leads reports whether this tab leads at now, forgetting tabs gone silent.
func (e *election) leads(now time.Time) bool {
	alive := []string{e.self}
	for id, at := range e.seen {
		if now.Sub(at) < beatTimeout {
			alive = append(alive, id)
		} else {
			delete(e.seen, id)
		}
	}
	return slices.Min(alive) == e.self
}
