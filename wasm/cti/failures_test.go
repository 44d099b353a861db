package cti_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/openframe"
)

// bridgeRefusal is the bridge's error answer with a vendor's text in it,
// which the agent must never read.
func bridgeRefusal(code string) []byte {
	var e api.Error
	e.Error.Code, e.Error.Message = code, "ServiceNow did not take it: Missing reject reason item ID (HTTP 400 from https://acme.service-now.com)"
	b, _ := json.Marshal(e)
	return b
}

// agentWords checks a message is for an agent: no status codes, addresses
// or vendor text.
func agentWords(t *testing.T, msg string) {
	t.Helper()
	require.NotEmpty(t, msg, "the agent is told")
	for _, bad := range []string{"HTTP", "http", "409", "503", "Missing", "reject reason item", "not_your_call", "conflict"} {
		assert.NotContains(t, msg, bad)
	}
}

// ringingOffer is an agent whose panel rings with AWA's offer ix1.
func ringingOffer(t *testing.T) *agent {
	a := newAgent(t)
	a.signedIn()
	a.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)})
	require.True(t, a.f.Media.Ringing)
	return a
}

// title is the panel's last title in the workspace.
func title(a *agent) string {
	last := ""
	for _, c := range a.f.Host.Take() {
		if strings.HasPrefix(c, "SetTitle ") {
			last = strings.TrimPrefix(c, "SetTitle ")
		}
	}
	return last
}

func TestRejectInPanel(t *testing.T) {
	a := ringingOffer(t)
	st := a.in(cti.UIAction{Action: cti.ActReject, Value: "ix1"})
	require.Len(t, st.Calls, 1, "the offer is AWA's until it took the reject")
	assert.Equal(t, cti.PendingRejecting, st.Calls[0].Pending)
	assert.False(t, a.f.Media.Ringing, "the ringtone stops at the click")
	req, ok := a.f.Bridge.Find("reject:ix1")
	require.True(t, ok)
	assert.Equal(t, "POST /api/v1/interactions/ix1/reject", req.Method+" "+req.Path)
	assert.Equal(t, api.Reject{WorkItemID: "wi1"}, req.Body, "the bridge gives AWA its reason")

	st = a.in(cti.BridgeResult{ID: "reject:ix1", Status: 200, Body: interaction(true)})
	assert.Empty(t, st.Calls)
	assert.Empty(t, st.Error)
	assert.False(t, a.f.Media.Ringing)
	assert.Equal(t, "Phone|Away", title(a), "the title no longer says Incoming call")
}

func TestRejectRefused(t *testing.T) {
	t.Run("ServiceNow refuses", func(t *testing.T) {
		a := ringingOffer(t)
		a.in(cti.UIAction{Action: cti.ActReject, Value: "ix1"})
		st := a.in(cti.BridgeResult{ID: "reject:ix1", Status: 409, Body: bridgeRefusal(api.CodeConflict)})
		require.Len(t, st.Calls, 1)
		assert.Equal(t, cti.CallRinging, st.Calls[0].State, "still ringing: the true state")
		assert.Empty(t, st.Calls[0].Pending, "answerable, and Reject can be tried again")
		assert.True(t, a.f.Media.Ringing)
		assert.Equal(t, "The call could not be rejected: ServiceNow did not take it. It is still ringing: answer it, or click Reject to try again.", st.Error)
		agentWords(t, st.Error)
		assert.NotContains(t, a.f.Clock.Timers, "resend:reject:ix1", "a refusal is not sent again")

		a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
		_, ok := a.f.Bridge.Find("accept:ix1")
		assert.True(t, ok, "the agent can answer it")
	})
	t.Run("the bridge unreachable for a moment", func(t *testing.T) {
		a := ringingOffer(t)
		a.in(cti.UIAction{Action: cti.ActReject, Value: "ix1"})
		st := a.in(cti.BridgeResult{ID: "reject:ix1", Status: 503, Body: bridgeRefusal(api.CodeUnavailable)})
		assert.Empty(t, st.Error, "sent again before the agent is told")
		require.Contains(t, a.f.Clock.Timers, "resend:reject:ix1")
		a.in(cti.Timer{Name: "resend:reject:ix1"})
		assert.Equal(t, 2, a.f.Bridge.Count("reject:ix1"))
		st = a.in(cti.BridgeResult{ID: "reject:ix1", Status: 200, Body: interaction(true)})
		assert.Empty(t, st.Calls)
	})
	t.Run("the offer went to another agent", func(t *testing.T) {
		a := ringingOffer(t)
		a.in(cti.UIAction{Action: cti.ActReject, Value: "ix1"})
		st := a.in(cti.BridgeResult{ID: "reject:ix1", Status: 403, Body: bridgeRefusal(api.CodeNotYourCall)})
		assert.Empty(t, st.Calls, "not the agent's call: what they wanted")
		assert.Empty(t, st.Error)
		assert.False(t, a.f.Media.Ringing)
	})
	t.Run("AWA's own event says it is rejected", func(t *testing.T) {
		a := ringingOffer(t)
		a.in(cti.UIAction{Action: cti.ActReject, Value: "ix1"})
		st := a.in(offer(t, openframe.EventWorkItemRejected))
		assert.Empty(t, st.Calls)
		assert.Equal(t, "Phone|Away", title(a))
	})
}

func TestAcceptRefused(t *testing.T) {
	t.Run("AWA refuses", func(t *testing.T) {
		a := ringingOffer(t)
		a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
		lookups := a.f.Bridge.Count("lookup:ix1")
		st := a.in(cti.BridgeResult{ID: "accept:ix1", Status: 409, Body: bridgeRefusal(api.CodeConflict)})
		require.Len(t, st.Calls, 1)
		assert.Equal(t, cti.CallRinging, st.Calls[0].State)
		assert.Empty(t, st.Calls[0].Pending)
		assert.True(t, a.f.Media.Ringing, "ringing again")
		assert.Equal(t, "The call could not be answered: ServiceNow did not take it. It is still ringing: click Answer to try again.", st.Error)
		agentWords(t, st.Error)
		assert.Equal(t, lookups+1, a.f.Bridge.Count("lookup:ix1"), "the bridge is asked whether the offer still stands")
		a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
		assert.Equal(t, 2, a.f.Bridge.Count("accept:ix1"), "answerable again")
	})
	t.Run("the bridge unreachable for a moment", func(t *testing.T) {
		a := ringingOffer(t)
		a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
		st := a.in(cti.BridgeResult{ID: "accept:ix1", Err: assert.AnError})
		assert.Empty(t, st.Error)
		assert.Equal(t, cti.PendingAnswering, st.Calls[0].Pending)
		a.in(cti.Timer{Name: "resend:accept:ix1"})
		assert.Equal(t, 2, a.f.Bridge.Count("accept:ix1"), "sent again")
	})
	t.Run("not sent again once the offer is gone", func(t *testing.T) {
		a := ringingOffer(t)
		a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
		a.in(cti.BridgeResult{ID: "accept:ix1", Status: 503, Body: bridgeRefusal(api.CodeUnavailable)})
		a.in(cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(false)})
		a.in(cti.Timer{Name: "resend:accept:ix1"})
		assert.Equal(t, 1, a.f.Bridge.Count("accept:ix1"))
	})
	t.Run("another agent has it", func(t *testing.T) {
		a := ringingOffer(t)
		a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
		st := a.in(cti.BridgeResult{ID: "accept:ix1", Status: 403, Body: bridgeRefusal(api.CodeNotYourCall)})
		assert.Empty(t, st.Calls)
		assert.Contains(t, st.Error, "no longer offered to you")
		agentWords(t, st.Error)
		assert.False(t, a.f.Media.Ringing)
	})
}

// The softphone service refuses a call control: the call stays as it is
// and the agent reads why and what to do, never the service's own text.
func TestCallControlRefused(t *testing.T) {
	cases := []struct {
		name      string
		prepare   func(a *agent)
		action    cti.UIAction
		op        string
		why       cti.RefusalReason
		wantState cti.CallPhase // "" when the call is gone
		wantError string
	}{
		{name: "hold", action: cti.UIAction{Action: cti.ActHold, Value: "call-1"}, op: fake.OpHold, why: cti.RefusalInvalidState, wantState: cti.CallConnected,
			wantError: "The call could not be put on hold: Vonage can't do that with the call as it is now. The caller is still connected and can hear you: click Hold to try again."},
		{name: "resume", prepare: func(a *agent) { a.in(update(cti.CallStateHeld)) }, action: cti.UIAction{Action: cti.ActHold, Value: "call-1"}, op: fake.OpResume,
			why: cti.RefusalInternal, wantState: cti.CallHeld,
			wantError: "The call could not be taken off hold: Vonage had a problem. The caller is still on hold: click Resume to try again."},
		{name: "transfer", action: cti.UIAction{Action: cti.ActTransferConfirm, Value: "call-1"}, prepare: func(a *agent) {
			a.in(cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|queue:support"}, cti.UIAction{Action: cti.ActTransfer, Value: "call-1"})
		}, op: fake.OpTransfer, why: cti.RefusalBadRequest,
			wantState: cti.CallConnected,
			wantError: "Not transferred to the support queue: Vonage does not know that queue or agent. The caller is still with you: try again, or choose another target."},
		{name: "hang-up", action: cti.UIAction{Action: cti.ActHangup, Value: "call-1"}, op: fake.OpHangup, why: cti.RefusalNotReady, wantState: cti.CallConnected,
			wantError: "The call could not be hung up: your phone connection to Vonage is not ready. The caller is still on the line: click Hang up to try again."},
		{name: "hold of a call that ended", action: cti.UIAction{Action: cti.ActHold, Value: "call-1"}, op: fake.OpHold, why: cti.RefusalNoCall,
			wantError: "The call could not be put on hold: the call had already ended."},
		{name: "wrap-up", prepare: func(a *agent) { a.in(update(cti.CallStateWrapUp)) }, action: cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"},
			op: fake.OpWrapUp, why: cti.RefusalInternal, wantState: cti.CallWrapUp,
			wantError: "Wrap-up could not be finished in Vonage: Vonage had a problem. Click Finish wrap-up to try again."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newAgent(t)
			a.signedIn()
			connected(t, a)
			if tc.prepare != nil {
				tc.prepare(a)
			}
			a.in(tc.action)
			in, ok := a.f.Softphone.Refuse(tc.op, tc.why, "Call call-1 is connected; only a held call can be resumed.")
			require.True(t, ok, "no %s was sent", tc.op)
			st := a.in(in)
			told := st.Error
			if tc.op == fake.OpTransfer {
				// Said once, on the call's card beside the transfer controls.
				require.Len(t, st.Calls, 1)
				assert.Empty(t, st.Error, "no banner besides the card")
				told = st.Calls[0].TransferProblem
			}
			assert.Equal(t, tc.wantError, told)
			agentWords(t, told)
			assert.NotContains(t, told, "call-1")
			if tc.wantState == "" {
				assert.Empty(t, st.Calls)
				return
			}
			require.Len(t, st.Calls, 1)
			assert.Equal(t, tc.wantState, st.Calls[0].State)
			assert.Empty(t, st.Calls[0].Pending, "the control is usable again")
		})
	}
}

// A call the contact centre offered directly: its refused reject leaves
// it ringing.
func TestSoftphoneRejectRefused(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(cti.CallUpdated{Call: cti.PhoneCall{ID: "vcc-9", State: cti.CallStateRinging, Direction: cti.DirectionInbound}})
	a.in(cti.UIAction{Action: cti.ActReject, Value: "vcc-9"})
	assert.False(t, a.f.Media.Ringing)
	in, _ := a.f.Softphone.Refuse(fake.OpReject, cti.RefusalInternal, "boom")
	st := a.in(in)
	require.Len(t, st.Calls, 1)
	assert.Equal(t, cti.CallRinging, st.Calls[0].State)
	assert.True(t, a.f.Media.Ringing)
	assert.Equal(t, "The call could not be rejected: Vonage had a problem. It is still ringing: answer it, or click Reject to try again.", st.Error)
}

func TestWrapUpNotToldInAgentWords(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.in(update(cti.CallStateWrapUp), cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	st := a.in(cti.BridgeResult{ID: "wrapup:call-1", Status: 400, Body: bridgeRefusal(api.CodeBadRequest)})
	assert.Contains(t, st.Error, "Your wrap-up was saved in Vonage, but ServiceNow could not be told")
	assert.Contains(t, st.Error, "Add your disposition and notes to the call's interaction in ServiceNow.")
	agentWords(t, st.Error)
}
