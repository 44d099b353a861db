//go:build !js

package store

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fuzzSteps bounds one input's actions.
const fuzzSteps = 200

// byteSource is a rand.Source that plays back the fuzzer's bytes, one
// byte a draw, so that each choice of an interleaving (which worker, which
// action, which key, how long a wait, how a run ends) is one byte the
// fuzzer can change. Past the bytes it draws from a generator seeded with
// them, so that a choice that must be drawn again (rand's rejection of a
// biased draw) always ends.
type byteSource struct {
	data []byte
	rest *rand.PCG
}

func (s *byteSource) Uint64() uint64 {
	if len(s.data) == 0 {
		return s.rest.Uint64()
	}
	b := s.data[0]
	s.data = s.data[1:]
	// The byte decides the draw's top bits, which IntN reads; the low
	// bits keep a draw from being rejected.
	return uint64(b)<<56 | 0x0055_5555_5555_5555
}

// FuzzOutbox plays the interleavings of outbox_property_test.go with the
// fuzzer choosing every step: two workers enqueue (unique and not), claim
// a due key's op, end it (done, postponed, retried, failing, dead), die
// holding it, an admin retries dead letters, and the clock moves. Between
// any two steps no op is held by both workers, no two ops of a key are held
// at once, no dead letter outlives a newer op of its key and kind, none is
// held, no row disappears, and every request has an op waiting to serve
// it; at the end, with everything run, every request was served by an op
// claimed after it and done.
func FuzzOutbox(f *testing.F) {
	f.Add([]byte{})
	// Enqueue, claim, end as a dead letter, enqueue again (superseding it).
	f.Add([]byte{0, 0, 0, 0, 0, 0, 100, 0, 0, 200, 250, 0, 250, 0, 0, 0, 0, 0})
	// Both workers claim, one dies, its lease runs out.
	f.Add([]byte{0, 10, 0, 0, 0, 0, 128, 100, 255, 100, 0, 128, 120, 128, 240, 255, 240, 128, 100})
	// Every action in turn.
	for w := range 2 {
		seed := []byte{}
		for r := byte(0); r < 255; r += 13 {
			seed = append(seed, byte(w)*200, r, r, r)
		}
		f.Add(seed)
	}
	// One database for every input (opening one costs more than most
	// inputs' whole run), emptied before each.
	s, err := OpenSQLite(context.Background(), filepath.Join(f.TempDir(), "bridge.db"))
	require.NoError(f, err)
	f.Cleanup(func() { s.Close() })
	var now time.Time
	s.SetClock(func() time.Time { return now })

	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := s.DB().Exec(`DELETE FROM outbox`)
		require.NoError(t, err)
		now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		src := &byteSource{data: data, rest: rand.NewPCG(uint64(len(data)), 14)}
		p := &interleaving{t: t, s: s, now: &now, rnd: rand.New(src), ctx: context.Background(),
			requested: map[string]int{}, served: map[string]int{}}
		for len(src.data) > 0 && p.step < fuzzSteps {
			p.step++
			p.act()
			p.check()
		}
		p.drain()
	})
}
