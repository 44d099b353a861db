package api

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPresenceMapAWAState(t *testing.T) {
	m := DefaultPresenceMap()
	m.ToAWA["Lunch"] = "Offline"
	cases := []struct {
		description, category, want string
		ok                          bool
	}{
		{"Lunch", "Away", "Offline", true}, // by description first
		{"Break", "Away", "Away", true},    // then by category
		{"Ready", "Ready", "Available", true},
		{"Logged Out", "LoggedOut", "Offline", true},
		{"Meeting", "Busy", "", false},
		{"", "", "", false},
	}
	for _, tc := range cases {
		got, ok := m.AWAState(tc.description, tc.category)
		assert.Equal(t, tc.want, got, "%s/%s", tc.description, tc.category)
		assert.Equal(t, tc.ok, ok, "%s/%s", tc.description, tc.category)
	}
	assert.Equal(t, []string{"Available", "Away", "Offline"}, m.States())
	assert.NoError(t, m.Check())
}
