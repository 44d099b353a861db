package cti_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/openframe"
)

func TestInboundCallAnsweredInPanel(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.f.Host.Take()

	st := a.in(offer(t, openframe.EventWorkItemOffered))
	require.Len(t, st.Calls, 1)
	assert.Equal(t, cti.CallRinging, st.Calls[0].State)
	assert.Equal(t, "ix1", st.Calls[0].InteractionSysID)
	assert.True(t, a.f.Media.Ringing)
	assert.Contains(t, a.f.Host.Take(), "Show")
	_, ok := a.f.Bridge.Find("lookup:ix1")
	require.True(t, ok)

	st = a.in(cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)})
	assert.Equal(t, "call-1", st.Calls[0].ID)
	assert.Equal(t, "Ada Lovelace", st.Calls[0].CallerName)

	n := len(a.f.Bridge.Reqs)
	st = a.in(cti.UIAction{Action: cti.ActAnswer, Value: "call-1"})
	assert.False(t, a.f.Media.Ringing, "ringing stops at the click")
	req, ok := a.f.Bridge.Find("accept:ix1")
	require.True(t, ok)
	assert.Equal(t, api.Accept{WorkItemID: "wi1"}, req.Body)

	a.in(offer(t, openframe.EventWorkItemAccepted)) // AWA's echo of our accept
	assert.Len(t, a.f.Bridge.Reqs, n+1, "the workspace's accepted event of our own accept is not sent again")

	st = a.in(cti.BridgeResult{ID: "accept:ix1", Status: 200, Body: interaction(true)},
		cti.CallUpdated{Call: cti.PhoneCall{ID: "call-1", State: cti.CallStateConnected, Direction: cti.DirectionInbound, From: "+14155550142", ConnectedAt: "2026-11-24T09:00:01Z"}})
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
	assert.Equal(t, "2026-11-24T09:00:01Z", st.Calls[0].ConnectedAt)
	assert.Contains(t, a.f.Host.Take(), "OpenForm sn_customerservice_case sys_id=case1 ix1", "screen pop with the interaction")
}

func TestInboundCallAcceptedInWorkspace(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(offer(t, openframe.EventWorkItemOffered), offer(t, openframe.EventWorkItemAccepted))
	req, ok := a.f.Bridge.Find("accept:ix1")
	require.True(t, ok)
	assert.Equal(t, api.Accept{WorkItemID: "wi1", InWorkspace: true}, req.Body)
}

// A call the contact centre offers directly (its own routing) rings from
// the softphone's news and is answered and rejected through the softphone.
func TestCallOfferedBySoftphone(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	st := a.in(cti.CallUpdated{Call: cti.PhoneCall{ID: "vcc-9", State: cti.CallStateRinging, Direction: cti.DirectionInbound, From: "+14155550100", Queue: "support"}})
	require.Len(t, st.Calls, 1)
	assert.Equal(t, cti.CallRinging, st.Calls[0].State)
	assert.Equal(t, "+14155550100", st.Calls[0].From)
	assert.True(t, a.f.Media.Ringing)

	a.in(cti.UIAction{Action: cti.ActAnswer, Value: "vcc-9"})
	ans, ok := a.f.Softphone.Last(fake.OpAnswer)
	require.True(t, ok)
	assert.Equal(t, "vcc-9", ans.CallID)
	st = a.ack(fake.OpAnswer, &cti.PhoneCall{ID: "vcc-9", State: cti.CallStateConnected, Direction: cti.DirectionInbound})
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)

	b := newAgent(t)
	b.signedIn()
	b.in(cti.CallUpdated{Call: cti.PhoneCall{ID: "vcc-9", State: cti.CallStateRinging, Direction: cti.DirectionInbound}})
	st = b.in(cti.UIAction{Action: cti.ActReject, Value: "vcc-9"})
	rej, ok := b.f.Softphone.Last(fake.OpReject)
	require.True(t, ok)
	assert.Equal(t, "vcc-9", rej.CallID)
	assert.Empty(t, st.Calls)
}

func TestCallerHangsUpWhileRinging(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(offer(t, openframe.EventWorkItemOffered))
	assert.Contains(t, a.f.Clock.Timers, "poll:ix1")
	st := a.in(cti.Timer{Name: "poll:ix1"}, cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(false)})
	assert.Empty(t, st.Calls)
	assert.False(t, a.f.Media.Ringing)
}

func TestRejectInPanel(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	st := a.in(offer(t, openframe.EventWorkItemOffered), cti.UIAction{Action: cti.ActReject, Value: "ix1"})
	assert.Empty(t, st.Calls)
	_, ok := a.f.Bridge.Find("reject:ix1")
	assert.True(t, ok)
}

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

	a.in(cti.UIAction{Action: cti.ActTransfer, Value: "call-1|queue:support"})
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
	assert.Equal(t, api.WrapUp{Disposition: "Escalated", Transferred: true}, req.Body)
}

// A softphone service that signals DTMF gets the digits; the media does not
// play them a second time.
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
	assert.Equal(t, api.WrapUp{Disposition: "Resolved", Notes: "Reset the router | all good"}, req.Body)
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
	assert.Equal(t, api.WrapUp{Disposition: "Escalated", Notes: "to L2", Source: api.WrapUpSourceWorkspace}, req.Body,
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

func TestGarbageIsDropped(t *testing.T) {
	a := newAgent(t)
	before := a.signedIn()
	after := a.in(
		cti.HostEvent{Name: openframe.EventWorkItemOffered, Payload: []byte(`{"result":`)},
		cti.HostEvent{Name: openframe.EventCommunication, Payload: []byte(`[]`)},
		cti.HostEvent{Name: openframe.EventAWAPresence, Payload: []byte(`null`)},
		cti.RequestAcked{Req: "no-such-request"},
		cti.CallUpdated{Call: cti.PhoneCall{ID: "queued-elsewhere", State: cti.CallStateQueued}},
		cti.PresenceChanged{},
		cti.BridgeResult{ID: "lookup:nothing", Status: 200, Body: []byte(`<html>`)},
		cti.UIAction{Action: cti.ActAnswer, Value: "no-such-call"},
	)
	assert.Equal(t, before, after)
}

func TestAccountMismatch(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": api.CodeAccountMismatch, "message": "This ServiceNow instance is linked to another Vonage account."}})
	st := a.in(cti.BridgeResult{ID: "session", Status: 403, Body: body})
	assert.False(t, st.SignedIn)
	assert.Contains(t, st.Error, "linked to another Vonage account")
	assert.Contains(t, a.f.Softphone.Take(), "Close")
}

// The contact centre's view of the call reaches the panel before the bridge
// has said which of its calls the AWA offer is: the panel keeps one call,
// not two.
func TestConnectedBeforeLookup(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	st := a.in(offer(t, openframe.EventWorkItemOffered), cti.UIAction{Action: cti.ActAnswer, Value: "ix1"},
		update(cti.CallStateConnected))
	require.Len(t, st.Calls, 1)
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
	st = a.in(cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)})
	require.Len(t, st.Calls, 1)
	assert.Equal(t, "Ada Lovelace", st.Calls[0].CallerName)
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
}

// An offer that times out in AWA sets the agent Away: the ringing stops.
func TestOfferWithdrawnWhenAWASetsAway(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(offer(t, openframe.EventWorkItemOffered))
	require.True(t, a.f.Media.Ringing)
	a.f.Clock.T = a.f.Clock.T.Add(30e9)
	st := a.in(hostEvent(t, openframe.EventAWAPresence, map[string]any{"result": map[string]any{"presence": map[string]any{"name": "Away", "available": false}}}))
	assert.Empty(t, st.Calls)
	assert.False(t, a.f.Media.Ringing)
}

// Answer clicked while the audio is still connecting (just after a reload):
// the accept goes out as soon as the audio is up.
func TestAnswerWaitsForAudio(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(cti.MediaState{State: "disconnected"}, offer(t, openframe.EventWorkItemOffered))
	st := a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
	assert.Equal(t, "answering", st.Calls[0].Pending)
	_, sent := a.f.Bridge.Find("accept:ix1")
	assert.False(t, sent)
	a.in(cti.MediaState{State: "connected"})
	_, sent = a.f.Bridge.Find("accept:ix1")
	assert.True(t, sent)
}

// The next call is offered before the contact centre's last word on the
// previous one: the late update does not take the new offer for the old
// call.
func TestLateUpdateDoesNotTakeTheNextOffer(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.in(update(cti.CallStateWrapUp), cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	a.ack(fake.OpWrapUp, nil)
	next := hostEvent(t, openframe.EventWorkItemOffered, map[string]any{"result": map[string]any{"workItem": map[string]any{
		"sys_id": "wi2", "serviceChannel": map[string]any{"name": "Phone"}, "document": map[string]any{"sys_id": "ix2", "table": "interaction"}}}})
	st := a.in(next, update(cti.CallStateEnded))
	require.Len(t, st.Calls, 1)
	assert.Equal(t, "ix2", st.Calls[0].InteractionSysID)
	assert.Equal(t, cti.CallRinging, st.Calls[0].State)
}

// The contact centre turned a call away from the agent (VCC's auto-reject
// when the softphone has no audio): the panel says what happened.
func TestCallTurnedAway(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	st := a.in(cti.CallUpdated{Call: cti.PhoneCall{ID: "vcc-7", State: cti.CallStateEnded, Direction: cti.DirectionInbound,
		Reason: "Connection rejected due to no WebRTC connection"}})
	assert.Empty(t, st.Calls)
	assert.Contains(t, st.Error, "turned away (Connection rejected due to no WebRTC connection)")

	// A call that ends after it was connected is no news.
	b := newAgent(t)
	b.signedIn()
	connected(t, b)
	st = b.in(cti.CallUpdated{Call: cti.PhoneCall{ID: "call-1", State: cti.CallStateEnded, Reason: "released"}})
	assert.Empty(t, st.Error)
}

func TestShortcutsAndOutputs(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(offer(t, openframe.EventWorkItemOffered), cti.UIAction{Action: cti.ActKey, Value: "alt+a"})
	_, ok := a.f.Bridge.Find("accept:ix1")
	assert.True(t, ok, "Alt+A answers")
	st := a.in(cti.Devices{Outputs: []cti.Device{{ID: "hs", Label: "Headset"}}}, cti.UIAction{Action: cti.ActRinger, Value: "hs"})
	assert.Equal(t, "hs", st.Ringer)
	assert.Contains(t, a.f.Media.Take(), "SetOutput  hs", "the ringtone goes to the headset, calls stay on the default")
}

func TestMicrophoneDenied(t *testing.T) {
	a := newAgent(t)
	st := a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{Err: cti.ErrMicDenied})
	assert.Equal(t, cti.MicDenied, st.Mic)
	assert.Contains(t, st.Error, "blocks the microphone")
}
