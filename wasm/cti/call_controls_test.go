package cti_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/openframe"
)

func TestInCallControls(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)

	a.in(cti.UIAction{Action: cti.ActHold, Value: "call-1"})
	hold, ok := a.f.Softphone.Last(fake.OpHold)
	require.True(t, ok)
	assert.Equal(t, "call-1", hold.CallID)
	st := a.ack(fake.OpHold, &cti.PhoneCall{ID: "call-1", State: cti.CallStateHeld})
	assert.Equal(t, cti.CallHeld, st.Calls[0].State)

	a.in(cti.UIAction{Action: cti.ActHold, Value: "call-1"})
	_, ok = a.f.Softphone.Last(fake.OpResume)
	assert.True(t, ok, "hold toggles to resume")
	a.ack(fake.OpResume, &cti.PhoneCall{ID: "call-1", State: cti.CallStateConnected})

	st = a.in(cti.UIAction{Action: cti.ActMute, Value: "call-1"})
	assert.True(t, st.Calls[0].Muted)
	assert.True(t, a.f.Media.Muted)
	mute, ok := a.f.Softphone.Last(fake.OpMute)
	require.True(t, ok, "the softphone service is told of the mute")
	assert.True(t, mute.Muted)

	st = a.in(cti.UIAction{Action: cti.ActKeypad, Value: "call-1|5"}, cti.UIAction{Action: cti.ActKeypad, Value: "call-1|x"})
	assert.Equal(t, "5", st.Calls[0].DTMF)
	assert.Contains(t, a.f.Media.Take(), "SendDTMF 5", "the softphone takes DTMF in the media")

	a.in(cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|queue:support"},
		cti.UIAction{Action: cti.ActTransfer, Value: "call-1"}, cti.UIAction{Action: cti.ActTransferConfirm, Value: "call-1"})
	tr, ok := a.f.Softphone.Last(fake.OpTransfer)
	require.True(t, ok)
	assert.Equal(t, cti.Target{Type: "queue", ID: "support"}, tr.Target)

	// The agent's part ends in wrap-up; the bridge hears it was a transfer,
	// whenever the contact centre's own events of it arrive.
	a.ack(fake.OpTransfer, &cti.PhoneCall{ID: "call-1", State: cti.CallStateWrapUp})
	told, ok := a.f.Bridge.Find("transfer:call-1")
	require.True(t, ok, "the bridge is told of the transfer as soon as the contact centre took it")
	assert.Equal(t, "POST /api/v1/calls/call-1/transfer", told.Method+" "+told.Path)
	assert.Equal(t, api.Transfer{ToType: "queue", To: "support"}, told.Body)
	a.in(cti.UIAction{Action: cti.ActDisposition, Value: "call-1|Escalated"})
	a.in(cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	req, ok := a.f.Bridge.Find("wrapup:call-1")
	require.True(t, ok)
	assert.Equal(t, api.WrapUp{Disposition: "Escalated", Transferred: true}, bodyOf[api.WrapUp](t, req.Body))
}

func TestDTMFThroughTheSoftphone(t *testing.T) {
	a := newAgent(t)
	a.f.Softphone.SignalsDTMF = true
	a.signedIn()
	connected(t, a)
	a.f.Media.Take()
	st := a.in(cti.UIAction{Action: cti.ActKeypad, Value: "call-1|#"})
	assert.Equal(t, "#", st.Calls[0].DTMF)
	d, ok := a.f.Softphone.Last(fake.OpDTMF)
	require.True(t, ok)
	assert.Equal(t, fake.SoftphoneRequest{Op: fake.OpDTMF, CallID: "call-1", Digits: "#"}, d)
	assert.NotContains(t, a.f.Media.Take(), "SendDTMF #")
}

func TestWrapUp(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	st := a.in(update(cti.CallStateWrapUp))
	assert.Equal(t, cti.CallWrapUp, st.Calls[0].State)

	st = a.in(cti.UIAction{Action: cti.ActDisposition, Value: "call-1|Resolved"},
		cti.UIAction{Action: cti.ActNotes, Value: "call-1|Reset the router | all good"})
	assert.Equal(t, "Reset the router | all good", st.Calls[0].Notes, "notes keep their own bars")
	a.in(cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	w, ok := a.f.Softphone.Last(fake.OpWrapUp)
	require.True(t, ok)
	assert.Equal(t, "call-1", w.CallID)
	assert.Equal(t, "Resolved", w.Disposition)
	assert.Equal(t, "Reset the router | all good", w.Notes)
	req, ok := a.f.Bridge.Find("wrapup:call-1")
	require.True(t, ok)
	assert.Equal(t, api.WrapUp{Disposition: "Resolved", Notes: "Reset the router | all good"}, bodyOf[api.WrapUp](t, req.Body))
	st = a.ack(fake.OpWrapUp, nil)
	assert.Empty(t, st.Calls)
}

func TestWrapUpNeedsADispositionWhenEnforced(t *testing.T) {
	a := newAgent(t)
	a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt"}}, cti.SoftphoneConnected{})
	w := welcome
	w.EnforcedDispositions = true
	st := a.in(w, cti.MediaState{State: "connected"})
	assert.True(t, st.Enforced)
	connected(t, a)
	st = a.in(update(cti.CallStateWrapUp), cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	assert.Contains(t, st.Error, "Choose a disposition code")
	_, sent := a.f.Softphone.Last(fake.OpWrapUp)
	assert.False(t, sent)
}

func TestWrapUpFromServiceNowModule(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.in(update(cti.CallStateWrapUp))
	internal := map[string]any{"wrapUp": map[string]any{
		"external": false, "recordId": "ix1", "recordTable": "interaction", "wrapUpCode": "Escalated", "wrapUpNotes": "to L2"}}
	a.in(hostEvent(t, openframe.EventWrapUpSubmitted, internal))
	_, ok := a.f.Softphone.Last(fake.OpWrapUp)
	require.False(t, ok, "an internal segment is not the connector's")

	a.in(hostEvent(t, openframe.EventWrapUpSubmitted, map[string]any{"wrapUp": map[string]any{
		"external": true, "externalSegmentId": "call-1", "recordId": "ix1", "recordTable": "interaction", "wrapUpCode": "Escalated", "wrapUpNotes": "to L2"}}))
	w, ok := a.f.Softphone.Last(fake.OpWrapUp)
	require.True(t, ok)
	assert.Equal(t, "Escalated", w.Disposition)
	req, ok := a.f.Bridge.Find("wrapup:call-1")
	require.True(t, ok)
	assert.Equal(t, api.WrapUp{Disposition: "Escalated", Notes: "to L2", Source: api.WrapUpSourceWorkspace}, bodyOf[api.WrapUp](t, req.Body),
		"the bridge is told the agent submitted ServiceNow's dialog")
}

func TestClickToDial(t *testing.T) {
	for name, payload := range map[string]any{
		"workspace shape": map[string]any{"type": "OUTGOING_CALL", "data": map[string]any{"metaData": map[string]any{"phoneNumber": "(415) 555-0199"}}, "recordId": "inc1", "recordType": "incident"},
		"ui16 shape":      map[string]any{"phone_number": "415-555-0199", "recordId": "inc1", "recordType": "incident"},
	} {
		t.Run(name, func(t *testing.T) {
			a := newAgent(t)
			a.signedIn()
			a.in(hostEvent(t, openframe.EventCommunication, payload))
			d, ok := a.f.Softphone.Last(fake.OpDial)
			require.True(t, ok)
			assert.Equal(t, "+14155550199", d.Number)
			assert.Equal(t, "incident:inc1", d.Regarding)
			st := a.ack(fake.OpDial, &cti.PhoneCall{ID: "out-1", State: cti.CallStateRinging, Direction: cti.DirectionOutbound, To: "+14155550199"})
			require.Len(t, st.Calls, 1)
			assert.Equal(t, "+14155550199", st.Calls[0].From)
			req, ok := a.f.Bridge.Find("context:out-1")
			require.True(t, ok)
			assert.Equal(t, "/api/v1/calls/out-1/context", req.Path)
		})
	}
}

// The account's disposition codes come from the bridge's settings (VCC
// publishes no API that lists them), ahead of what the softphone says.
func TestDispositionsFromTheBridgesSettings(t *testing.T) {
	a := newAgent(t)
	st := a.signedIn()
	assert.Equal(t, welcome.Dispositions, st.Dispositions, "without a setting, the softphone's")

	f := fake.NewPorts()
	b := &agent{t: t, f: f, c: cti.NewConnector(cti.Config{Instance: "https://acme.service-now.com", ClientID: "tab-1",
		Dispositions: []string{"Sold", "No sale"}}, f.Ports(), nil)}
	st = b.signedIn()
	assert.Equal(t, []string{"Sold", "No sale"}, st.Dispositions)
}

// The bridge refuses a wrap-up it cannot take yet (it has not heard of the
// call, or is briefly unavailable): the panel sends it again, a few times,
// then tells the agent. A refusal that will not change is not resent.
func TestWrapUpSentAgain(t *testing.T) {
	refused := func(code string) []byte {
		var e api.Error
		e.Error.Code, e.Error.Message = code, "no"
		b, _ := json.Marshal(e)
		return b
	}
	wrappingUp := func(t *testing.T) *agent {
		a := newAgent(t)
		a.signedIn()
		connected(t, a)
		a.in(update(cti.CallStateWrapUp), cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
		require.Equal(t, 1, a.f.Bridge.Count("wrapup:call-1"))
		return a
	}
	t.Run("a call the bridge has not heard of yet", func(t *testing.T) {
		a := wrappingUp(t)
		st := a.in(cti.BridgeResult{ID: "wrapup:call-1", Status: 404, Body: refused(api.CodeNotFound)})
		assert.Empty(t, st.Error, "no failure yet")
		assert.Contains(t, a.f.Clock.Timers, "resend:wrapup:call-1")
		a.in(cti.Timer{Name: "resend:wrapup:call-1"})
		assert.Equal(t, 2, a.f.Bridge.Count("wrapup:call-1"), "sent again")
		st = a.in(cti.BridgeResult{ID: "wrapup:call-1", Status: 200, Body: interaction(false)})
		assert.Empty(t, st.Error)
		a.in(cti.Timer{Name: "resend:wrapup:call-1"})
		assert.Equal(t, 2, a.f.Bridge.Count("wrapup:call-1"), "a write the bridge took is not sent again")
	})
	t.Run("the bridge unavailable or unreachable for long", func(t *testing.T) {
		a := wrappingUp(t)
		var st cti.State
		for i := 0; i < 20; i++ {
			r := cti.BridgeResult{ID: "wrapup:call-1", Status: 503, Body: refused(api.CodeUnavailable)}
			if i%2 == 1 {
				r = cti.BridgeResult{ID: "wrapup:call-1", Err: errors.New("TypeError: Failed to fetch")}
			}
			st = a.in(r, cti.Timer{Name: "resend:wrapup:call-1"})
			assert.Empty(t, st.Error)
		}
		assert.Equal(t, 21, a.f.Bridge.Count("wrapup:call-1"), "kept and sent again, without end")
		require.Len(t, st.Writes, 1, "shown as pending")
		assert.Equal(t, 20, st.Writes[0].Tries)
		st = a.in(cti.BridgeResult{ID: "wrapup:call-1", Status: 200, Body: interaction(false)})
		assert.Empty(t, st.Writes)
		assert.Empty(t, st.Error)
	})
	t.Run("another agent's call", func(t *testing.T) {
		a := wrappingUp(t)
		st := a.in(cti.BridgeResult{ID: "wrapup:call-1", Status: 403, Body: refused(api.CodeNotYourCall)}, cti.Timer{Name: "resend:wrapup:call-1"})
		assert.Contains(t, st.Error, "ServiceNow could not be told")
		assert.Equal(t, 1, a.f.Bridge.Count("wrapup:call-1"), "not sent again")
	})
}
