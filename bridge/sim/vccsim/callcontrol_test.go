//go:build !js

package vccsim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

func TestOutboundDial(t *testing.T) {
	cases := []struct {
		name    string
		number  string
		fire    []time.Duration // timers that run, in order
		want    string          // the agent's call state after them
		events  []string
		hangsUp bool
	}{
		{"the number answers", "+14155550140", []time.Duration{testOutboundAnswer}, vccproto.CallConnected,
			[]string{"agent alerted", "agent connected", "customer alerted", "customer connected"}, false},
		{"the number is busy", "+14155550000", []time.Duration{testOutboundAnswer}, vccproto.CallWrapUp,
			[]string{"agent alerted", "agent connected", "customer alerted", "customer connectionfailed failed",
				"agent disconnected", "agent wrapstarted", "customer disconnected", "customer ended failed"}, false},
		{"the number never answers", "+14155559999", []time.Duration{testOutboundAnswer, testNoAnswer}, vccproto.CallWrapUp,
			[]string{"agent alerted", "agent connected", "customer alerted", "customer connectionfailed failed",
				"agent disconnected", "agent wrapstarted", "customer disconnected", "customer ended failed"}, false},
		{"the agent cancels while it rings", "+14155559999", []time.Duration{testOutboundAnswer}, vccproto.CallWrapUp,
			[]string{"agent alerted", "agent connected", "customer alerted",
				"agent disconnected", "agent wrapstarted", "customer disconnected", "customer ended released"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sim := startACDSim(t, withExtensions)
			beth := sim.readyAgent("beth.anglin")
			dialled := beth.mustAck(vccproto.TypeDial, vccproto.Dial{Number: tc.number, Regarding: "incident:46d44a5e"})
			require.NotNil(t, dialled)
			id := dialled.ID
			assert.Equal(t, vccproto.CallRinging, dialled.State)
			assert.Equal(t, "outbound", dialled.Direction)
			assert.Equal(t, tc.number, dialled.To)
			beth.mustFail(vccproto.TypeDial, vccproto.Dial{Number: "+14155550141"}, vccproto.ErrCodeState)

			for _, d := range tc.fire {
				require.Equal(t, 1, sim.timers.fire(d), "timer %s", d)
			}
			if tc.hangsUp {
				beth.mustAck(vccproto.TypeHangup, vccproto.CallRef{CallID: id})
			}
			beth.awaitCall(id, tc.want)
			c := sim.call(id)
			assert.Equal(t, tc.want, c.State)
			assert.Equal(t, "incident:46d44a5e", c.Regarding)
			sim.awaitLifecycle(id, tc.events...)
			alerted, _ := sim.events.find(t, id, evAlerted, "customer")
			assert.Equal(t, tc.number, alerted.Channel.Party.Address)
			assert.Equal(t, "outbound", alerted.Channel.Direction)
			if tc.want == vccproto.CallConnected {
				require.Eventually(t, func() bool {
					m := sim.call(id).Media
					return m.RTPToAgent > 5 && m.RTPFromAgent > 5
				}, waitFor, 20*time.Millisecond, "the called party talks")
			}
		})
	}
}

func TestBlindTransfer(t *testing.T) {
	sim := startACDSim(t, withExtensions)
	beth := sim.readyAgent("beth.anglin")
	abel := sim.readyAgent("abel.tuter")
	id := sim.connectedCall(beth, "+14155550150")

	refusals := []struct {
		name   string
		target vccproto.Target
	}{
		{"unknown queue", vccproto.Target{Type: "queue", ID: "sales"}},
		{"unknown agent", vccproto.Target{Type: "agent", ID: "nobody"}},
		{"another account's agent", vccproto.Target{Type: "agent", ID: "zoe.other"}},
		{"not an agent", vccproto.Target{Type: "agent", ID: "sam.supervisor"}},
		{"oneself", vccproto.Target{Type: "agent", ID: "beth.anglin"}},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			beth.mustFail(vccproto.TypeTransfer, vccproto.Transfer{CallID: id, Target: tc.target}, vccproto.ErrCodeBadRequest)
		})
	}

	t.Run("to a queue", func(t *testing.T) {
		left := beth.mustAck(vccproto.TypeTransfer, vccproto.Transfer{CallID: id, Target: vccproto.Target{Type: "queue", ID: "servicedesk"}})
		assert.Equal(t, vccproto.CallWrapUp, left.State)
		c := sim.call(id)
		assert.Equal(t, vccproto.CallQueued, c.State)
		assert.Equal(t, "servicedesk", c.Queue)
		sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent connected", "customer connected",
			"agent disconnected", "agent wrapstarted transferred", "customer alerted")
		beth.mustAck(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: "Escalated"})
		assert.Equal(t, vccproto.CallQueued, sim.call(id).State, "the caller still waits")

		realerted := sim.customerAlert(id, 2)
		require.NotNil(t, realerted.Channel.TransferredFrom)
		assert.Equal(t, AgentRef{AgentID: "1001", UserID: bethID}, *realerted.Channel.TransferredFrom)
		assert.Nil(t, realerted.Channel.TargetAgent, "any agent may take a call transferred to a queue")
		assert.Equal(t, "servicedesk", realerted.Channel.Queue.Name)

		sim.mustAssign(id, abelID)
		abel.awaitCall(id, vccproto.CallConnected)
	})
	t.Run("to an agent", func(t *testing.T) {
		abel.mustAck(vccproto.TypeTransfer, vccproto.Transfer{CallID: id, Target: vccproto.Target{Type: "agent", ID: "beth.anglin"}})
		realerted := sim.customerAlert(id, 3)
		require.NotNil(t, realerted.Channel.TargetAgent, "the customer's channel names the target agent")
		assert.Equal(t, AgentRef{AgentID: "1001", UserID: bethID}, *realerted.Channel.TargetAgent)
		assert.Equal(t, AgentRef{AgentID: "1002", UserID: abelID}, *realerted.Channel.TransferredFrom)
		status, b := sim.assign(id, abelID)
		assert.Equal(t, 409, status, "only the target agent may take it: %s", b)
		sim.mustAssign(id, bethID)
		beth.awaitCall(id, vccproto.CallConnected)
		assert.Equal(t, []string{"queued", "connected", "queued", "connected", "queued", "connected"}, historyStates(sim.call(id)))
	})
}

// TestVCCRoutingTransferToAgent: in VCC routing a call transferred to an
// agent rings there; when that agent lets it ring out it goes back to its
// queue.
func TestVCCRoutingTransferToAgent(t *testing.T) {
	sim := startACDSim(t, withExtensions)
	agents := readyInVCCMode(t, sim, "abel.tuter", "beth.anglin")
	abel, beth := agents["abel.tuter"], agents["beth.anglin"]
	id := sim.placeCall("+14155550151", "support")
	abel.awaitCall(id, vccproto.CallRinging)
	abel.mustAck(vccproto.TypeAnswer, vccproto.CallRef{CallID: id})

	abel.mustAck(vccproto.TypeTransfer, vccproto.Transfer{CallID: id, Target: vccproto.Target{Type: "agent", ID: "beth.anglin"}})
	beth.awaitCall(id, vccproto.CallRinging)
	require.Equal(t, 1, sim.timers.fire(testRing))
	beth.awaitCall(id, vccproto.CallEnded)
	assert.Equal(t, vccproto.CallQueued, sim.call(id).State, "back in support; abel is still wrapping up")

	abel.mustAck(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id})
	abel.awaitCall(id, vccproto.CallRinging)
}

// TestMute: the agent's mute is acked and recorded on the call, carried in
// later call updates, and changes no media.
func TestMute(t *testing.T) {
	sim := startACDSim(t, withExtensions)
	beth := sim.readyAgent("beth.anglin")
	id := sim.connectedCall(beth, "+14155550160")

	muted := beth.mustAck(vccproto.TypeMute, vccproto.Mute{CallID: id, Muted: true})
	assert.True(t, muted.Muted)
	assert.Equal(t, vccproto.CallConnected, muted.State)
	assert.True(t, sim.call(id).Muted)
	before := sim.call(id).Media
	require.Eventually(t, func() bool {
		m := sim.call(id).Media
		return m.RTPFromAgent > before.RTPFromAgent+5 && m.RTPToAgent > before.RTPToAgent+5
	}, waitFor, 20*time.Millisecond, "audio flows both ways while muted")

	beth.mustAck(vccproto.TypeHold, vccproto.CallRef{CallID: id})
	assert.True(t, beth.awaitCall(id, vccproto.CallHeld).Muted, "the call update carries muted")
	assert.True(t, beth.mustAck(vccproto.TypeMute, vccproto.Mute{CallID: id, Muted: true}).Muted, "muting twice is fine")
	assert.False(t, beth.mustAck(vccproto.TypeMute, vccproto.Mute{CallID: id, Muted: false}).Muted)
	assert.False(t, sim.call(id).Muted)

	refusals := []struct {
		name string
		data any
		code string
	}{
		{"no call id", vccproto.Mute{Muted: true}, vccproto.ErrCodeBadRequest},
		{"not an object", "mute", vccproto.ErrCodeBadRequest},
		{"someone else's call", vccproto.Mute{CallID: "7c3e9a52-0000-4000-8000-000000000000", Muted: true}, vccproto.ErrCodeNoCall},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			beth.mustFail(vccproto.TypeMute, tc.data, tc.code)
		})
	}
	t.Run("after the call", func(t *testing.T) {
		beth.mustAck(vccproto.TypeHangup, vccproto.CallRef{CallID: id})
		beth.mustFail(vccproto.TypeMute, vccproto.Mute{CallID: id, Muted: true}, vccproto.ErrCodeState)
	})
}
