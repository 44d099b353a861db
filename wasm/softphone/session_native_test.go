//go:build !js

package softphone_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/vcc"
)

// TestSessionWithVCC is an agent's shift in miniature, with the panel's
// Session on a pion peer against the VCC simulator: the audio connects, a
// call is offered and answered, audio flows both ways, DTMF reaches VCC,
// hold stops the caller's audio and resume brings it back, a reload
// resumes the session and its parked call with the resume token and a
// fresh Session, and the agent hangs up and wraps up.
func TestSessionWithVCC(t *testing.T) {
	vcc1 := startVCC(t)
	token := vcc1.mintToken("beth.anglin")

	beth := vcc1.panel("beth-tab")
	w := beth.SignIn(token, "", false)
	require.False(t, w.Resumed)
	require.NotEmpty(t, w.ResumeToken)
	beth.ConnectMedia()
	require.Eventually(t, func() bool { return vcc1.agentMedia("beth.anglin") == "connected" },
		waitFor, 10*time.Millisecond, "VCC sees the panel's media connected")
	beth.Do(vcc.TypePresence, vcc.SetPresence{PresenceID: presenceID(t, w, "Ready")})

	// A call is offered to the Ready agent and answered.
	id := vcc1.placeCall("+14155550123", "support")
	ringing := beth.AwaitCall(id, vcc.CallRinging)
	assert.Equal(t, "+14155550123", ringing.From)
	beth.Do(vcc.TypeAnswer, vcc.CallRef{CallID: id})
	beth.AwaitCall(id, vcc.CallConnected)

	// Audio both ways, counted at both ends.
	awaitAudio(t, vcc1, id, beth.Received)
	assert.Positive(t, beth.Sent())

	// DTMF as RFC 4733 telephone-events in the microphone's stream.
	beth.SendDTMF("12#")
	require.Eventually(t, func() bool { return vcc1.call(id).DTMF == "12#" }, waitFor, 10*time.Millisecond,
		"VCC gets the keys: %q", vcc1.call(id).DTMF)

	// Hold: the caller hears hold music, and the line to the agent carries
	// silence instead of the caller.
	beth.Do(vcc.TypeHold, vcc.CallRef{CallID: id})
	beth.AwaitCall(id, vcc.CallHeld)
	assert.Equal(t, "hold", vcc1.call(id).Media.CallerHears)
	held := vcc1.call(id).Media.RTPToAgent
	time.Sleep(300 * time.Millisecond) // 15 frames
	assert.LessOrEqual(t, vcc1.call(id).Media.RTPToAgent-held, int64(1), "the caller's audio stops while the call is held")

	beth.Do(vcc.TypeResume, vcc.CallRef{CallID: id})
	beth.AwaitCall(id, vcc.CallConnected)
	assert.Equal(t, "agent", vcc1.call(id).Media.CallerHears)
	require.Eventually(t, func() bool { return vcc1.call(id).Media.RTPToAgent > held+10 }, waitFor, 10*time.Millisecond,
		"the caller's audio comes back after resume")

	// The tab reloads: no goodbye; VCC parks the call until a new panel
	// resumes the session with the resume token and offers fresh media.
	beth.Close()
	require.Eventually(t, func() bool { return vcc1.call(id).State == vcc.CallParked }, waitFor, 10*time.Millisecond,
		"the call is parked while the panel reloads")
	reloaded := vcc1.panel("beth-tab")
	rw := reloaded.SignIn(token, w.ResumeToken, false)
	assert.True(t, rw.Resumed)
	assert.Equal(t, w.SessionID, rw.SessionID)
	require.Len(t, rw.Calls, 1)
	assert.Equal(t, id, rw.Calls[0].ID)
	reloaded.ConnectMedia()
	reloaded.AwaitCall(id, vcc.CallConnected)
	awaitAudio(t, vcc1, id, reloaded.Received)

	// Hang-up, then wrap-up.
	reloaded.Do(vcc.TypeHangup, vcc.CallRef{CallID: id})
	reloaded.AwaitCall(id, vcc.CallWrapUp)
	reloaded.Do(vcc.TypeWrapUp, vcc.WrapUp{CallID: id, Disposition: "Resolved"})
	require.Eventually(t, func() bool { return vcc1.call(id).State == vcc.CallEnded }, waitFor, 10*time.Millisecond,
		"the call ends: %s", vcc1.call(id).State)
}

// awaitAudio waits until the call carries 10 more RTP packets each way
// than it had and the panel (received) got more than 10.
func awaitAudio(t *testing.T, v *vccSim, id string, received func() int64) {
	t.Helper()
	base := v.call(id).Media
	var c simCall
	require.Eventually(t, func() bool {
		c = v.call(id)
		return c.Media.RTPFromAgent > base.RTPFromAgent+10 && c.Media.RTPToAgent > base.RTPToAgent+10 && received() > 10
	}, waitFor, 10*time.Millisecond, "no two-way audio: VCC %+v, the panel got %d", c.Media, received())
}
