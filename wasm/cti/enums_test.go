package cti_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/wasm/cti"
)

func TestCallState(t *testing.T) {
	for s := cti.CallStateUnknown; s <= cti.CallStateAbandoned; s++ {
		assert.Equal(t, s, cti.ParseCallState(s.String()), "%d round-trips", int(s))
	}
	// The states the panel shows are the view's words (Call.State).
	for s, want := range map[cti.CallState]cti.CallPhase{
		cti.CallStateRinging: cti.CallRinging, cti.CallStateConnected: cti.CallConnected, cti.CallStateHeld: cti.CallHeld,
		cti.CallStateParked: cti.CallParked, cti.CallStateWrapUp: cti.CallWrapUp, cti.CallStateEnded: cti.CallEnded,
	} {
		assert.Equal(t, string(want), s.String())
	}
	assert.Equal(t, cti.CallStateUnknown, cti.ParseCallState("dialling"))
	assert.Equal(t, "unknown", cti.CallState(99).String())
}

func TestPresenceCategory(t *testing.T) {
	for c, want := range map[cti.PresenceCategory]string{
		cti.PresenceCategoryReady: "Ready", cti.PresenceCategoryAway: "Away",
		cti.PresenceCategoryExtendedAway: "ExtendedAway", cti.PresenceCategoryLoggedOut: "LoggedOut",
	} {
		assert.Equal(t, want, c.String(), "the Agents API's categoryType, the presence mapping's keys")
		assert.Equal(t, c, cti.ParsePresenceCategory(want))
	}
	assert.Equal(t, cti.PresenceCategoryUnknown, cti.ParsePresenceCategory("Unknown"))
	assert.Equal(t, cti.PresenceCategoryUnknown, cti.ParsePresenceCategory("Busy"))
	assert.Equal(t, "Unknown", cti.PresenceCategory(-1).String())
}

func TestEndReason(t *testing.T) {
	for r := cti.EndReasonUnknown; r <= cti.EndReasonExpired; r++ {
		assert.Equal(t, r, cti.ParseEndReason(r.String()))
	}
	assert.Equal(t, "taken over", cti.EndReasonTakenOver.String())
	assert.Equal(t, cti.EndReasonUnknown, cti.ParseEndReason("account disabled"))
}

func TestRefusalReason(t *testing.T) {
	for r := cti.RefusalUnknown; r <= cti.RefusalInternal; r++ {
		assert.Equal(t, r, cti.ParseRefusalReason(r.String()))
	}
	assert.Equal(t, "resume failed", cti.RefusalResumeFailed.String())
	assert.Equal(t, cti.RefusalUnknown, cti.ParseRefusalReason("teapot"))
}
