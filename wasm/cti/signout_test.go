package cti_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
)

// Sign out during a call asks first and never ends the call: the choice
// "after the call" is kept, shown, and carried out once the wrap-up is done
// and ServiceNow has it.
func TestSignOutDuringACall(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.f.Softphone.Take()

	st := a.in(cti.UIAction{Action: cti.ActSignOut})
	assert.True(t, st.SignedIn)
	assert.Equal(t, cti.SignOutConfirm, st.SignOut)
	_, signedOut := a.f.Softphone.Last(fake.OpSignOut)
	assert.False(t, signedOut, "the caller stays on the line")
	assert.NotContains(t, a.f.Softphone.Take(), "Close")

	st = a.in(cti.UIAction{Action: cti.ActSignOutAfterCall})
	assert.Equal(t, cti.SignOutAfterCall, st.SignOut)
	assert.True(t, st.SignedIn)

	st = a.in(update(cti.CallStateWrapUp), cti.UIAction{Action: cti.ActDisposition, Value: "call-1|Resolved"},
		cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	assert.True(t, st.SignedIn, "in wrap-up")
	st = a.ack(fake.OpWrapUp, nil)
	assert.True(t, st.SignedIn, "until ServiceNow has the wrap-up")
	_, signedOut = a.f.Softphone.Last(fake.OpSignOut)
	assert.False(t, signedOut)

	st = a.in(cti.BridgeResult{ID: "wrapup:call-1", Status: 200, Body: interaction(false)})
	assert.False(t, st.SignedIn, "signed out as asked")
	_, signedOut = a.f.Softphone.Last(fake.OpSignOut)
	assert.True(t, signedOut)
	assert.Empty(t, st.SignOut)
}

func TestSignOutDuringACallCancelled(t *testing.T) {
	for name, steps := range map[string][]cti.UIAction{
		"at the question":  {{Action: cti.ActSignOut}, {Action: cti.ActSignOutCancel}},
		"after the choice": {{Action: cti.ActSignOut}, {Action: cti.ActSignOutAfterCall}, {Action: cti.ActSignOutCancel}},
	} {
		t.Run(name, func(t *testing.T) {
			a := newAgent(t)
			a.signedIn()
			connected(t, a)
			for _, s := range steps {
				a.in(s)
			}
			st := a.in(update(cti.CallStateWrapUp), cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
			a.ack(fake.OpWrapUp, nil)
			st = a.in(cti.BridgeResult{ID: "wrapup:call-1", Status: 200, Body: interaction(false)})
			assert.True(t, st.SignedIn)
			assert.Empty(t, st.SignOut)
		})
	}
}

// The question left open while the call ends stays; choosing "after the
// call" then signs out at once.
func TestSignOutAfterTheCallWhenAlreadyFree(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.in(cti.UIAction{Action: cti.ActSignOut}, update(cti.CallStateEnded))
	st := a.c.State()
	require.True(t, st.SignedIn)
	assert.Equal(t, cti.SignOutConfirm, st.SignOut)
	st = a.in(cti.UIAction{Action: cti.ActSignOutAfterCall})
	assert.False(t, st.SignedIn)
}

// Without a call, or with an offer only ringing, Sign out signs out.
func TestSignOutWithoutACall(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(offer(t, "openframe_awa_workitem_offered"))
	st := a.in(cti.UIAction{Action: cti.ActSignOut})
	assert.False(t, st.SignedIn)
}

// A follower tab's answer to the question goes to the leader.
func TestSignOutQuestionFromAFollower(t *testing.T) {
	m := cti.TabMessage{V: cti.TabVersion, Kind: cti.TabCommand, From: "tab-2", User: "beth.anglin", Action: cti.ActSignOutAfterCall}
	require.NoError(t, m.Validate())
	m.Action = cti.ActSignOutCancel
	require.NoError(t, m.Validate())
}
