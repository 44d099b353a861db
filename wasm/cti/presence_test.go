package cti

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func def(id, desc string, cat PresenceCategory) Presence {
	return Presence{ID: id, Selectable: true, Description: desc, Category: cat}
}

var (
	ready   = def("r", "Ready", PresenceCategoryReady)
	away    = def("a", "Away", PresenceCategoryAway)
	lunch   = def("l", "Lunch", PresenceCategoryAway)
	xaway   = def("x", "Extended Away", PresenceCategoryExtendedAway)
	offline = def("o", "Logged Out", PresenceCategoryLoggedOut)
	defs    = []Presence{ready, away, lunch, xaway, offline}
)

func TestPresenceToAWA(t *testing.T) {
	m := DefaultPresenceMap()
	cases := []struct {
		in         Presence
		want, colr string
	}{
		{ready, "Available", "green"},
		{away, "Away", "orange"},
		{lunch, "Away", "orange"},
		{xaway, "Away", "orange"},
		{offline, "Offline", "grey"},
		{def("z", "Custom", PresenceCategoryUnknown), "Custom", "grey"},
		{def("u", "Unknown", PresenceCategoryUnknown), "Unknown", "grey"},
	}
	for _, tc := range cases {
		t.Run(tc.in.Description, func(t *testing.T) {
			got, color := m.AWAState(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.colr, color)
		})
	}
}

func TestPresenceToVCC(t *testing.T) {
	m := DefaultPresenceMap()
	cases := []struct {
		name    string
		awa     string
		current Presence
		want    Presence
		wantSet bool
	}{
		{"available from away", "Available", away, ready, true},
		{"away keeps lunch", "Away", lunch, Presence{}, false},
		{"away from ready", "Away", ready, away, true},
		{"offline", "Offline", ready, offline, true},
		{"already ready", "Available", ready, Presence{}, false},
		{"unknown state", "Meeting", ready, Presence{}, false},
		{"no session yet", "Available", Presence{}, ready, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, set := m.PresenceFor(tc.awa, tc.current, defs)
			assert.Equal(t, tc.wantSet, set)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEchoFilter(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	cases := []struct {
		name   string
		expect []string // expected states, one per 100 ms from t0
		events []string // AWA events, one per 100 ms after the last expectation
		at     int      // ms after the last expectation the events start
		echoes []bool
	}{
		{"the expected state is the echo", []string{"Away"}, []string{"Away"}, 100, []bool{true}},
		{"a change after the echo is genuine", []string{"Away"}, []string{"Away", "Available"}, 100, []bool{true, false}},
		{"a late echo of an earlier change is dropped", []string{"Away", "Available"}, []string{"Away", "Available", "Offline"}, 100, []bool{true, true, false}},
		{"nothing expected: genuine", nil, []string{"Away"}, 100, []bool{false}},
		{"the wait runs out", []string{"Away"}, []string{"Available"}, 10_000, []bool{false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var f EchoFilter
			last := 0
			for i, s := range tc.expect {
				last = i * 100
				f.Expect(s, at(last))
			}
			var got []bool
			for i, ev := range tc.events {
				got = append(got, f.IsEcho(ev, at(last+tc.at+i*100)))
			}
			assert.Equal(t, tc.echoes, got)
		})
	}
}
