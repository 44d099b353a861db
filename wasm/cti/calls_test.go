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

// While the call is offered the bridge says only that it waits; the
// caller's details come with the accept, and the screen pop waits for them
// even when the softphone connects first.
func TestCallerDetailsComeWithTheAccept(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	limited, _ := json.Marshal(api.Interaction{SysID: "ix1", VCCID: "call-1", State: "new", Queue: "support",
		QueuedAt: "2026-11-24T09:00:00Z", Open: true, Limited: true})
	st := a.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: limited})
	require.Len(t, st.Calls, 1)
	assert.Equal(t, cti.CallRinging, st.Calls[0].State)
	assert.Equal(t, "support", st.Calls[0].Queue)
	assert.Empty(t, st.Calls[0].CallerName)
	assert.Nil(t, st.Calls[0].Record)

	a.f.Host.Take()
	st = a.in(cti.UIAction{Action: cti.ActAnswer, Value: "call-1"}, update(cti.CallStateConnected))
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
	assert.NotContains(t, a.f.Host.Take(), "OpenForm", "no pop before the details")
	st = a.in(cti.BridgeResult{ID: "accept:ix1", Status: 200, Body: interaction(true)})
	assert.Equal(t, "Ada Lovelace", st.Calls[0].CallerName)
	assert.Contains(t, a.f.Host.Take(), "OpenForm sn_customerservice_case sys_id=case1 ix1", "the record pops once known")
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
	require.Len(t, st.Calls, 1, "ringing until the contact centre took the reject")
	assert.Equal(t, cti.PendingRejecting, st.Calls[0].Pending)
	st = b.ack(fake.OpReject, nil)
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

// A softphone service that signals DTMF gets the digits; the media does not
// play them a second time.
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
	assert.Equal(t, cti.PendingAnswering, st.Calls[0].Pending)
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
	assert.Contains(t, st.Error, "A call offered to you went back to the queue")
	assert.NotContains(t, st.Error, "WebRTC", "Vonage's own words go to the support log")

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
