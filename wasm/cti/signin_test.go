package cti_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/openframe"
)

func TestSignIn(t *testing.T) {
	a := newAgent(t)
	st := a.in(cti.UIAction{Action: cti.ActSignIn})
	assert.Equal(t, "signing-in", st.Busy)
	assert.Equal(t, []string{"SignIn"}, a.f.Auth.Take())
	assert.Contains(t, a.f.Media.Take(), "Microphone", "the microphone is asked for at sign-in, not at ring time")

	a.in(cti.UIAction{Action: cti.ActSignIn})
	assert.Empty(t, a.f.Auth.Take(), "a second click opens no second popup")

	a.in(cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt", ExpiresIn: 7200}})
	assert.Equal(t, []string{"Connect"}, a.f.Softphone.Take())
	a.in(cti.SoftphoneConnected{})
	open, ok := a.f.Softphone.Last(fake.OpOpen)
	require.True(t, ok)
	assert.Equal(t, cti.SessionRequest{Token: "jwt", ClientID: "tab-1", Instance: "https://acme.service-now.com"}, open.Session,
		"a new session: no resume token")

	st = a.in(welcome)
	assert.True(t, st.SignedIn)
	assert.Equal(t, "beth.anglin", st.User)
	assert.Equal(t, cti.Online, st.Connection)
	assert.Len(t, st.Presences, 4)
	assert.Equal(t, []cti.Target{{Type: "queue", ID: "support", Name: "support"}}, st.TransferTargets)
	assert.Contains(t, a.f.Media.Take(), "Start", "media starts once signed in with a microphone")
	req, ok := a.f.Bridge.Find("session")
	require.True(t, ok)
	assert.Equal(t, "jwt", req.Token)
	set, ok := a.f.Bridge.Last("presence-set:")
	require.True(t, ok, "a logged-out agent is put Away after sign-in")
	assert.Equal(t, "PUT /api/v1/agent/presence", set.Method+" "+set.Path, "presence is set through the bridge")
	assert.Equal(t, api.SetPresence{PresenceID: "p-away"}, set.Body)
	assert.Equal(t, "jwt", set.Token)
	st = a.presenceSet()
	assert.Equal(t, "Away", st.Presence)
	assert.Contains(t, a.f.Host.Take(), "SetPresenceIndicator Away orange")
}

func TestSignInErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		err  error
		want string
	}{
		"popup closed":  {cti.ErrPopupClosed, "closed before you signed in"},
		"popup blocked": {fmt.Errorf("%w: window.open returned null", cti.ErrPopupBlocked), "blocked the sign-in window"},
		"forged answer": {cti.ErrStateMismatch, "did not match"},
		"busy":          {cti.ErrSignInBusy, "already open"},
		"other":         {errors.New("invalid_grant"), "Signing in did not work. Click Sign in to try again."},
	} {
		t.Run(name, func(t *testing.T) {
			a := newAgent(t)
			st := a.in(cti.UIAction{Action: cti.ActSignIn}, cti.SignInResult{Err: tc.err})
			assert.False(t, st.SignedIn)
			assert.Empty(t, st.Busy)
			assert.Contains(t, st.Error, tc.want)
			assert.NotContains(t, st.Error, "invalid_grant")
			assert.Empty(t, a.f.Softphone.Take(), "no connection without a token")
		})
	}
}

func TestReconnectResumesSession(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.f.Softphone.Take()
	st := a.in(cti.SoftphoneDisconnected{Err: errors.New("network")})
	assert.Equal(t, cti.Reconnecting, st.Connection)
	assert.True(t, st.SignedIn, "a dropped connection does not sign the agent out")
	assert.Contains(t, a.f.Clock.Timers, "reconnect")
	a.in(cti.Timer{Name: "reconnect"})
	assert.Equal(t, []string{"Connect"}, a.f.Softphone.Take())
	a.in(cti.SoftphoneConnected{})
	open, _ := a.f.Softphone.Last(fake.OpOpen)
	assert.Equal(t, "resume-1", open.Session.ResumeToken)
	st = a.in(resumed(cti.PhoneCall{ID: "call-1", State: cti.CallStateParked}))
	require.Len(t, st.Calls, 1)
	assert.Equal(t, cti.CallParked, st.Calls[0].State)
	assert.Equal(t, "ix1", st.Calls[0].InteractionSysID, "the same interaction carries on")
}

func TestConflict(t *testing.T) {
	a := newAgent(t)
	a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt"}}, cti.SoftphoneConnected{})
	st := a.in(cti.SessionConflict{Browser: "Firefox on Windows", Since: "2026-11-24T08:00:00Z"})
	require.NotNil(t, st.Conflict)
	assert.Equal(t, "Firefox on Windows", st.Conflict.Where)

	a.in(cti.UIAction{Action: cti.ActTakeOver})
	take, ok := a.f.Softphone.Last(fake.OpTakeOver)
	require.True(t, ok, "the agent's choice takes the other session over")
	assert.Equal(t, "jwt", take.Session.Token)

	b := newAgent(t)
	b.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt"}}, cti.SoftphoneConnected{})
	st = b.in(cti.SessionConflict{Instance: "https://other.service-now.com"})
	assert.Equal(t, "another browser on https://other.service-now.com", st.Conflict.Where)
	st = b.in(cti.UIAction{Action: cti.ActCancel})
	assert.False(t, st.SignedIn)
	assert.Contains(t, st.Notice, "other browser")
	assert.Contains(t, b.f.Softphone.Take(), "Close")
	_, took := b.f.Softphone.Last(fake.OpTakeOver)
	assert.False(t, took)
}

func TestSessionEnded(t *testing.T) {
	for name, tc := range map[string]struct {
		reason cti.EndReason
		want   string
	}{
		"taken over": {cti.EndReasonTakenOver, "signed in on another computer or browser now: calls ring there"},
		"expired":    {cti.EndReasonExpired, "session expired"},
		"signed out": {cti.EndReasonSignedOut, "You are signed out."},
		"unknown":    {cti.EndReasonUnknown, "session ended"},
	} {
		t.Run(name, func(t *testing.T) {
			a := newAgent(t)
			a.signedIn()
			connected(t, a)
			st := a.in(cti.SessionEnded{Reason: tc.reason})
			assert.False(t, st.SignedIn)
			assert.Empty(t, st.Calls)
			assert.Contains(t, st.Notice, tc.want)
			assert.Contains(t, a.f.Media.Take(), "Close", "never two media sessions")
			assert.Contains(t, a.f.Softphone.Take(), "Close")
		})
	}
}

// Beth, Ready, takes her session to another computer: AWA keeps her
// available there, so this panel's workspace indicator says she is signed
// in elsewhere (not Available, which would call her to this computer, nor
// Offline), the notice names no status that may change there, and the calls
// AWA still offers in this workspace do not ring here.
func TestTakenOverPanelClaimsNothing(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	a.presenceSet()
	a.f.Host.Take()

	st := a.in(cti.SessionEnded{Reason: cti.EndReasonTakenOver})
	assert.False(t, st.SignedIn)
	assert.NotContains(t, st.Notice, "Ready")
	host := a.f.Host.Take()
	require.NotEmpty(t, host)
	assert.Equal(t, "SetPresenceIndicator "+cti.IndicatorElsewhere+" grey", host[len(host)-1], "the indicator's last word: %v", host)

	a.f.Softphone.Take()
	st = a.in(offer(t, openframe.EventWorkItemOffered), offer(t, openframe.EventWorkItemAccepted))
	assert.Empty(t, st.Calls)
	assert.False(t, a.f.Media.Ringing)
	assert.NotContains(t, a.f.Host.Take(), "Show")
	_, asked := a.f.Bridge.Find("lookup:ix1")
	assert.False(t, asked, "nothing asked of the bridge without a session")
	_, accepted := a.f.Bridge.Last("accept:")
	assert.False(t, accepted)
	assert.Empty(t, a.f.Softphone.Take())
}

// The softphone refuses the session or a request: the agent is told what
// happened and what to do.
func TestRefusals(t *testing.T) {
	t.Run("sign-in not accepted", func(t *testing.T) {
		a := newAgent(t)
		a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt"}}, cti.SoftphoneConnected{})
		in, _ := a.f.Softphone.Refuse(fake.OpOpen, cti.RefusalUnauthorized, "token expired")
		st := a.in(in)
		assert.False(t, st.SignedIn)
		assert.Empty(t, st.Busy)
		assert.Contains(t, st.Error, "did not accept your sign-in")
		assert.NotContains(t, st.Error, "token expired")
		assert.Contains(t, a.f.Softphone.Take(), "Close")
	})
	t.Run("resume failed", func(t *testing.T) {
		a := newAgent(t)
		a.signedIn()
		a.in(cti.SoftphoneDisconnected{}, cti.Timer{Name: "reconnect"}, cti.SoftphoneConnected{})
		in, _ := a.f.Softphone.Refuse(fake.OpOpen, cti.RefusalResumeFailed, "unknown resume token")
		st := a.in(in)
		assert.False(t, st.SignedIn)
		assert.Contains(t, st.Notice, "could not be resumed")
	})
	t.Run("another account", func(t *testing.T) {
		a := newAgent(t)
		a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt"}}, cti.SoftphoneConnected{})
		in, _ := a.f.Softphone.Refuse(fake.OpOpen, cti.RefusalAccountMismatch, "")
		st := a.in(in)
		assert.False(t, st.SignedIn)
		assert.Contains(t, st.Error, "not the one linked")
	})
	t.Run("hold refused", func(t *testing.T) {
		a := newAgent(t)
		a.signedIn()
		connected(t, a)
		st := a.in(cti.UIAction{Action: cti.ActHold, Value: "call-1"})
		assert.Equal(t, cti.PendingHolding, st.Calls[0].Pending)
		in, _ := a.f.Softphone.Refuse(fake.OpHold, cti.RefusalInvalidState, "the call is not connected")
		st = a.in(in)
		assert.Equal(t, "The call could not be put on hold: Vonage can't do that with the call as it is now. "+
			"The caller is still connected and can hear you: click Hold to try again.", st.Error, "no Vonage text in the agent's words")
		assert.Empty(t, st.Calls[0].Pending, "the control is usable again")
		assert.True(t, st.SignedIn)
	})
	t.Run("unknown request", func(t *testing.T) {
		a := newAgent(t)
		before := a.signedIn()
		after := a.in(cti.RequestRefused{Req: "999", Reason: cti.RefusalInternal, Message: "oops"})
		assert.Equal(t, before, after)
	})
}

func TestSignOut(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	st := a.in(cti.UIAction{Action: cti.ActSignOut})
	assert.False(t, st.SignedIn)
	_, ok := a.f.Softphone.Last(fake.OpSignOut)
	assert.True(t, ok, "the session ends at the softphone service")
	assert.Contains(t, a.f.Softphone.Take(), "Close")
}
