package cti_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/openframe"
)

// offerOf is AWA's offer of interaction ix1 with work item wi.
func offerOf(t *testing.T, wi string) cti.Input {
	return hostEvent(t, openframe.EventWorkItemOffered, map[string]any{"result": map[string]any{"workItem": map[string]any{
		"sys_id": wi, "serviceChannel": map[string]any{"name": "Phone"},
		"document": map[string]any{"sys_id": "ix1", "table": "interaction"}}}})
}

// The caller comes back to the agent after a blind transfer to their own
// queue: AWA offers the interaction again with a new work item while the
// panel holds the wrap-up of the first part. It rings, is answered, and
// becomes the one call again, whose wrap-up ends both parts at VCC.
func TestReofferedInteractionRings(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	st := a.in(update(cti.CallStateWrapUp))
	require.Equal(t, cti.CallWrapUp, st.Calls[0].State)

	st = a.in(offerOf(t, "wi1"))
	assert.Len(t, st.Calls, 1, "the same work item delivered twice rings once")
	st = a.in(offerOf(t, "wi2"))
	require.Len(t, st.Calls, 2, "a new work item of the interaction rings beside its wrap-up")
	assert.Equal(t, cti.CallRinging, st.Calls[1].State)
	assert.Equal(t, "wi2", st.Calls[1].WorkItemID)
	assert.True(t, a.f.Media.Ringing)

	st = a.in(cti.UIAction{Action: cti.ActDisposition, Value: "call-1|Resolved"})
	assert.Equal(t, "Resolved", st.Calls[0].Disposition, "the wrap-up's controls reach the wrap-up")
	st = a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
	accept, ok := a.f.Bridge.Last("accept:")
	require.True(t, ok)
	assert.Equal(t, api.Accept{WorkItemID: "wi2"}, accept.Body, "the new offer is answered")
	st = a.in(update(cti.CallStateConnected))
	require.Len(t, st.Calls, 1, "the caller is back: one call")
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
	assert.Equal(t, "Resolved", st.Calls[0].Disposition, "the draft is kept")
	assert.Equal(t, 1, st.Calls[0].PriorWrapUps)

	a.in(cti.UIAction{Action: cti.ActHold, Value: "call-1"})
	hold, ok := a.f.Softphone.Last(fake.OpHold)
	require.True(t, ok)
	assert.Equal(t, "call-1", hold.CallID)
	a.in(update(cti.CallStateConnected), update(cti.CallStateWrapUp))
	n := a.f.Softphone.Count()
	a.in(cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	var wrapUps int
	for _, r := range a.f.Softphone.Sent[n:] {
		if r.Op == fake.OpWrapUp {
			wrapUps++
		}
	}
	assert.Equal(t, 2, wrapUps, "both parts' wrap-ups end at VCC")
	st = a.ack(fake.OpWrapUp, nil)
	assert.Empty(t, st.Calls)
}

// The wrap-up of the first part finished while the call rings again: the
// new part's news is not taken for a late update of a finished call.
func TestReofferAfterWrapUpFinished(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.in(update(cti.CallStateWrapUp), offerOf(t, "wi2"))
	st := a.in(cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	st = a.in(update(cti.CallStateEnded))
	require.Len(t, st.Calls, 1)
	assert.Equal(t, cti.CallRinging, st.Calls[0].State, "the end of the first part leaves the new offer ringing")
	st = a.ack(fake.OpWrapUp, nil)
	require.Len(t, st.Calls, 1)
	a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
	st = a.in(update(cti.CallStateConnected))
	require.Len(t, st.Calls, 1)
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
	assert.Zero(t, st.Calls[0].PriorWrapUps)
}

// A muted call stays muted after a reload: the microphone is muted before
// the new audio connection starts.
func TestMuteKeptAcrossReload(t *testing.T) {
	before := newTab(t, "tab-a")
	before.in(cti.TabLed{})
	before.signedIn()
	connected(t, before)
	before.in(cti.UIAction{Action: cti.ActMute, Value: "call-1"})
	assert.True(t, before.f.Media.Muted)

	after := newTab(t, "tab-a")
	st := after.in(cti.Restore{Snapshot: before.f.Snapshots.Last})
	require.True(t, st.Calls[0].Muted)
	after.in(cti.TabLed{})
	media := after.f.Media.Take()
	require.Contains(t, media, "Start")
	assert.Contains(t, media[:indexOf(media, "Start")], "SetMuted true", "muted before any audio flows")

	// The call ends: the microphone is live again for the next one.
	after.in(cti.SoftphoneConnected{}, resumed(cti.PhoneCall{ID: "call-1", State: cti.CallStateConnected, Direction: cti.DirectionInbound}))
	after.in(update(cti.CallStateWrapUp))
	assert.False(t, after.f.Media.Muted)
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return len(xs)
}

// Hold pressed while the link to VCC reconnects waits, is said, and is sent
// once the session is back; one the link does not come back for in time
// is refused in plain words.
func TestCommandsWaitForTheLink(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.in(cti.SoftphoneDisconnected{})
	n := a.f.Softphone.Count()
	st := a.in(cti.UIAction{Action: cti.ActHold, Value: "call-1"})
	_, held := a.f.Softphone.Last(fake.OpHold)
	assert.False(t, held, "nothing is sent on a closed link")
	assert.Equal(t, "Hold", st.Calls[0].Waiting)

	a.in(cti.SoftphoneConnected{})
	a.in(resumed(cti.PhoneCall{ID: "call-1", State: cti.CallStateParked, Direction: cti.DirectionInbound}))
	_, held = a.f.Softphone.Last(fake.OpHold)
	assert.False(t, held, "a parked call is held once its audio is back")
	st = a.in(update(cti.CallStateConnected))
	var holds int
	for _, r := range a.f.Softphone.Sent[n:] {
		if r.Op == fake.OpHold {
			holds++
		}
	}
	assert.Equal(t, 1, holds, "Hold is sent once the session is back")
	assert.Empty(t, st.Calls[0].Waiting)
	st = a.ack(fake.OpHold, &cti.PhoneCall{ID: "call-1", State: cti.CallStateHeld, Direction: cti.DirectionInbound})
	assert.Equal(t, cti.CallHeld, st.Calls[0].State)

	a.in(cti.SoftphoneDisconnected{})
	a.in(cti.UIAction{Action: cti.ActHold, Value: "call-1"}) // Resume
	a.f.Clock.T = a.f.Clock.T.Add(11 * time.Second)
	st = a.in(cti.Timer{Name: "commands"})
	assert.Equal(t, "Resume didn't happen: the phone connection is down. Try again.", st.Error)
	assert.Empty(t, st.Calls[0].Waiting)
	assert.Empty(t, st.Calls[0].Pending, "the control shows the call as it is: on hold")
	a.in(cti.SoftphoneConnected{}, resumed(cti.PhoneCall{ID: "call-1", State: cti.CallStateHeld, Direction: cti.DirectionInbound}))
	_, resumedCall := a.f.Softphone.Last(fake.OpResume)
	assert.False(t, resumedCall, "a refused command is not sent later")
}
