package tabs

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Three tabs without Web Locks: one leads while it beats; when it goes
// silent the next takes over, and a tab that comes back late does not
// unseat anyone until it beats again.
func TestHeartbeatElection(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	a, b, c := newElection("a"), newElection("b"), newElection("c")
	tabs := map[string]*election{"a": a, "b": b, "c": c}
	beat := func(at time.Time, from ...string) {
		for _, f := range from {
			for id, e := range tabs {
				if id != f {
					e.heard(f, at)
				}
			}
		}
	}
	leaders := func(at time.Time, among ...string) []string {
		var out []string
		for _, id := range among {
			if tabs[id].leads(at) {
				out = append(out, id)
			}
		}
		return out
	}

	beat(t0, "a", "b", "c")
	assert.Equal(t, []string{"a"}, leaders(t0.Add(beatEvery), "a", "b", "c"), "one leader")

	// a closes: it beats no more.
	for i := 1; i <= 3; i++ {
		beat(t0.Add(time.Duration(i)*beatEvery), "b", "c")
	}
	assert.Equal(t, []string{"b"}, leaders(t0.Add(3*beatEvery+time.Millisecond), "b", "c"), "the next tab takes over")

	// A beat from long ago counts for nothing.
	c.heard("a", t0.Add(-time.Minute))
	assert.False(t, c.leads(t0.Add(4*beatEvery)), "b still leads")
	assert.True(t, b.leads(t0.Add(4*beatEvery)))

	// A tab alone leads; its own beats and empty ids are ignored.
	solo := newElection("z")
	solo.heard("z", t0)
	solo.heard("", t0)
	assert.True(t, solo.leads(t0))
}
