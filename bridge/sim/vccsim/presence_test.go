//go:build !js

package vccsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

func TestSetPresence(t *testing.T) {
	for name, tc := range map[string]struct {
		user, presence, origin string
		wantErr                error
		want                   string
	}{
		"supervisor sets Break":      {user: bethID, presence: breakID, origin: OriginSupervisor, want: "Break"},
		"upper-case GUID":            {user: bethID, presence: "3DEF0D7C-B774-4DD4-8459-18BB09D74444", origin: OriginAPI, want: "Break"},
		"Ready without softphone":    {user: bethID, presence: readyID, origin: OriginAgent, want: "Ready"},
		"Ready by the system":        {user: bethID, presence: readyID, origin: OriginSystem, want: "Ready"},
		"unknown user":               {user: newGUID(), presence: breakID, origin: OriginAPI, wantErr: errUnknownUser},
		"unknown presence":           {user: bethID, presence: newGUID(), origin: OriginAPI, wantErr: errUnknownPresence},
		"another account's presence": {user: zoeID, presence: breakID, origin: OriginAPI, wantErr: errUnknownPresence},
		"a description is not an id": {user: bethID, presence: "Break", origin: OriginAPI, wantErr: errUnknownPresence},
		"unknown origin":             {user: bethID, presence: breakID, origin: "bridge", wantErr: errBadOrigin},
	} {
		t.Run(name, func(t *testing.T) {
			sim := startAPISim(t, "", nil)
			p, err := sim.srv.setPresence(tc.user, tc.presence, tc.origin)
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
				assert.Equal(t, "Logged Out", sim.srv.presenceOf(bethID).Description, "unchanged")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.Description)
			assert.Equal(t, p, sim.srv.presenceOf(tc.user))
		})
	}
}

// Subscribers hear real changes only, in order, with their origin; the
// webhook fires once per change.
func TestPresenceSubscribersAndEvents(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	rc := startReceiver(t, nil)
	sim.subscribe(rc.srv.URL, []string{"agent.presencechanged.v1"}, "")
	var heard []string
	cancel := sim.srv.onPresence(func(userID string, p vccproto.Presence, origin string) {
		heard = append(heard, userID[:4]+" "+p.Description+" "+origin)
	})

	for _, step := range []struct{ user, presence, origin string }{
		{bethID, breakID, OriginAgent},
		{bethID, breakID, OriginAPI}, // no change
		{abelID, breakID, OriginSupervisor},
		{bethID, readyID, OriginSystem},
	} {
		_, err := sim.srv.setPresence(step.user, step.presence, step.origin)
		require.NoError(t, err)
	}
	cancel()
	_, err := sim.srv.setPresence(bethID, breakID, OriginAPI)
	require.NoError(t, err)

	assert.Equal(t, []string{"e7a5 Break agent", "5105 Break supervisor", "e7a5 Ready system"}, heard)
	rc.waitFor(4)
	assert.Equal(t, 4, rc.count(), "one webhook per real change, subscribers or not")
	_, updated := sim.srv.presenceRecord(bethID)
	assert.Equal(t, sim.clock.Now(), updated)
}

func TestPresenceDefinitionsOfPrimaryAccount(t *testing.T) {
	sim := startAPISim(t, "", nil)
	defs := sim.srv.presenceDefinitions()
	require.Len(t, defs, 7)
	defs[0].Description = "changed"
	assert.Equal(t, "Ready", sim.srv.presenceDefinitions()[0].Description, "a copy")
	p, ok := sim.srv.findPresence(sim.srv.account().ID, "lunch")
	require.True(t, ok)
	assert.Equal(t, "c03c4504-c927-47cd-9330-98e73d31cf34", p.PresenceID)
}
