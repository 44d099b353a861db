package cti

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/wasm/vcc"
)

func def(id, desc, cat string) vcc.Presence {
	return vcc.Presence{PresenceID: id, Selectable: true, Description: desc, Category: vcc.Category{CategoryType: cat}}
}

var (
	ready   = def("r", "Ready", vcc.CategoryReady)
	away    = def("a", "Away", vcc.CategoryAway)
	lunch   = def("l", "Lunch", vcc.CategoryAway)
	xaway   = def("x", "Extended Away", vcc.CategoryExtendedAway)
	offline = def("o", "Logged Out", vcc.CategoryLoggedOut)
	defs    = []vcc.Presence{ready, away, lunch, xaway, offline}
)

func TestPresenceToAWA(t *testing.T) {
	m := DefaultPresenceMap()
	cases := []struct {
		in         vcc.Presence
		want, colr string
	}{
		{ready, "Available", "green"},
		{away, "Away", "orange"},
		{lunch, "Away", "orange"},
		{xaway, "Away", "orange"},
		{offline, "Offline", "grey"},
		{def("z", "Custom", "Mystery"), "Custom", "grey"},
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
		current vcc.Presence
		want    vcc.Presence
		wantSet bool
	}{
		{"available from away", "Available", away, ready, true},
		{"away keeps lunch", "Away", lunch, vcc.Presence{}, false},
		{"away from ready", "Away", ready, away, true},
		{"offline", "Offline", ready, offline, true},
		{"already ready", "Available", ready, vcc.Presence{}, false},
		{"unknown state", "Meeting", ready, vcc.Presence{}, false},
		{"no session yet", "Available", vcc.Presence{}, ready, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, set := m.VCCPresence(tc.awa, tc.current, defs)
			assert.Equal(t, tc.wantSet, set)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEchoFilter(t *testing.T) {
	var f EchoFilter
	t0 := time.Unix(1000, 0)
	f.Pushed("Away", t0)
	f.Pushed("Available", t0.Add(200*time.Millisecond))
	assert.True(t, f.IsEcho("Away", t0.Add(400*time.Millisecond)), "late echo of the first change")
	assert.True(t, f.IsEcho("Available", t0.Add(500*time.Millisecond)))
	assert.False(t, f.IsEcho("Offline", t0.Add(500*time.Millisecond)), "a genuine change")
	assert.False(t, f.IsEcho("Away", t0.Add(5*time.Second)), "echo window passed")
}
