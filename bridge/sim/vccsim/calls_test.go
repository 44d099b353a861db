//go:build !js

package vccsim

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// TestAssignedCallLifecycle is an inbound call as ServiceNow routes it:
// queued, assigned to Beth (who accepted in ServiceNow), two-way audio,
// hold and resume, DTMF, Beth hangs up and wraps up with a disposition.
func TestAssignedCallLifecycle(t *testing.T) {
	sim := startACDSim(t, withExtensions)
	beth := sim.readyAgent("beth.anglin")

	id := sim.placeCall("+14155550100", "support")
	c := sim.call(id)
	assert.Equal(t, vccproto.CallQueued, c.State)
	assert.Equal(t, "support", c.Queue)
	assert.Equal(t, "queue", c.Media.CallerHears)

	sim.mustAssign(id, bethID)
	got := beth.awaitCall(id, vccproto.CallConnected)
	assert.Equal(t, "+14155550100", got.From)
	assert.Equal(t, "support", got.Queue)
	assert.Equal(t, "beth.anglin", got.Agent)
	c = sim.call(id)
	assert.Equal(t, vccproto.CallConnected, c.State)
	assert.Equal(t, "beth.anglin", c.Agent)
	assert.Equal(t, ActivityBusy, sim.srv.agentActivity(bethID))

	// Audio flows both ways.
	require.Eventually(t, func() bool {
		c = sim.call(id)
		return c.Media.RTPFromAgent > 10 && c.Media.RTPToAgent > 10 && beth.received.Load() > 10
	}, waitFor, 20*time.Millisecond, "no two-way audio: %+v, panel got %d", c.Media, beth.received.Load())
	at, err := time.Parse(time.RFC3339Nano, c.Media.LastRTPFromAgentAt)
	require.NoError(t, err)
	assert.Equal(t, sim.clock.Now(), at)

	// Hold: the caller hears hold music and nothing reaches the agent.
	held := beth.mustAck(vccproto.TypeHold, vccproto.CallRef{CallID: id})
	assert.Equal(t, vccproto.CallHeld, held.State)
	c = sim.call(id)
	assert.Equal(t, "hold", c.Media.CallerHears)
	toAgent := c.Media.RTPToAgent
	time.Sleep(200 * time.Millisecond)
	assert.LessOrEqual(t, sim.call(id).Media.RTPToAgent, toAgent+1, "caller audio went on during hold")
	beth.mustFail(vccproto.TypeHold, vccproto.CallRef{CallID: id}, vccproto.ErrCodeState)

	resumed := beth.mustAck(vccproto.TypeResume, vccproto.CallRef{CallID: id})
	assert.Equal(t, vccproto.CallConnected, resumed.State)
	require.Eventually(t, func() bool { return sim.call(id).Media.RTPToAgent > toAgent+5 }, waitFor, 20*time.Millisecond)

	// DTMF as RFC 4733 telephone-events.
	for _, ev := range []byte{1, 2, 11} {
		beth.mic.sendDTMF(ev)
	}
	require.Eventually(t, func() bool { return sim.call(id).DTMF == "12#" }, waitFor, 20*time.Millisecond,
		"dtmf: %q", sim.call(id).DTMF)

	// Hang-up, then wrap-up with a disposition.
	wrap := beth.mustAck(vccproto.TypeHangup, vccproto.CallRef{CallID: id})
	assert.Equal(t, vccproto.CallWrapUp, wrap.State)
	assert.Equal(t, vccproto.CallWrapUp, sim.call(id).State)
	assert.Equal(t, ActivityWrapUp, sim.srv.agentActivity(bethID))
	beth.mustFail(vccproto.TypeHangup, vccproto.CallRef{CallID: id}, vccproto.ErrCodeState)

	ended := beth.mustAck(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: "Resolved", Notes: "refund issued"})
	assert.Equal(t, vccproto.CallEnded, ended.State)
	assert.Equal(t, "Resolved", ended.Disposition)
	c = sim.call(id)
	assert.Equal(t, vccproto.CallEnded, c.State)
	assert.Equal(t, "Resolved", c.Disposition)
	assert.Equal(t, []string{"queued", "connected", "held", "connected", "wrapup", "ended"}, historyStates(c))
	assert.Equal(t, "", sim.srv.agentActivity(bethID))

	sim.awaitLifecycle(id,
		"customer alerted", "agent alerted", "agent connected", "customer connected",
		"customer held", "customer retrieved",
		"agent disconnected", "agent wrapstarted", "customer disconnected", "customer ended released",
		"agent ended released")
	wrapEnd, ok := sim.events.find(t, id, evEnded, "agent")
	require.True(t, ok)
	assert.Equal(t, "Resolved", wrapEnd.Disposition)
	assert.Equal(t, bethID, wrapEnd.Channel.Party.UserID)
	assert.Equal(t, "1001", wrapEnd.Channel.Party.AgentID)
	alerted, _ := sim.events.find(t, id, evAlerted, "customer")
	assert.Equal(t, "+14155550100", alerted.Channel.Party.Address)
	assert.Equal(t, "inbound", alerted.Channel.Direction)
	require.NotNil(t, alerted.Channel.Queue)
	assert.Equal(t, "support", alerted.Channel.Queue.Name)
}

func TestCallerHangsUp(t *testing.T) {
	sim := startACDSim(t, withExtensions)
	beth := sim.readyAgent("beth.anglin")

	t.Run("while queued the call is abandoned", func(t *testing.T) {
		id := sim.placeCall("+14155550101", "support")
		status, b := sim.control(http.MethodPost, "/sim/calls/"+id+"/hangup", nil)
		require.Equal(t, http.StatusOK, status, "%s", b)
		assert.Equal(t, vccproto.CallAbandoned, decode[callJSON](t, b).State)
		sim.awaitLifecycle(id, "customer alerted", "customer disconnected", "customer ended abandoned")

		status, _ = sim.control(http.MethodPost, "/sim/calls/"+id+"/hangup", nil)
		assert.Equal(t, http.StatusConflict, status, "hanging up twice")
		status, _ = sim.assign(id, bethID)
		assert.Equal(t, http.StatusConflict, status, "assigning an abandoned call")
	})
	t.Run("while connected the agent wraps up", func(t *testing.T) {
		id := sim.connectedCall(beth, "+14155550102")
		status, b := sim.control(http.MethodPost, "/sim/calls/"+id+"/hangup", nil)
		require.Equal(t, http.StatusOK, status, "%s", b)
		beth.awaitCall(id, vccproto.CallWrapUp)
		beth.mustAck(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id})
		sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent connected", "customer connected",
			"agent disconnected", "agent wrapstarted", "customer disconnected", "customer ended released", "agent ended released")
		assert.Equal(t, vccproto.CallEnded, sim.call(id).State)
	})
	t.Run("an unknown call", func(t *testing.T) {
		status, _ := sim.control(http.MethodPost, "/sim/calls/nope/hangup", nil)
		assert.Equal(t, http.StatusNotFound, status)
	})
}

func TestAssignRefusals(t *testing.T) {
	sim := startACDSim(t, nil)
	beth := sim.readyAgent("beth.anglin")
	sim.agent("abel.tuter", "abel-tab") // signed in, no media
	busy := sim.connectedCall(beth, "+14155550103")
	queued := sim.placeCall("+14155550104", "support")
	otherToken, err := sim.srv.issueAccessToken(mustUser(t, sim.srv, "other.admin"), "other-bridge", "interactions:write")
	require.NoError(t, err)

	cases := []struct {
		name   string
		callID string
		userID string
		token  string
		want   int
	}{
		{"unknown call", "8a5c8f8e-0000-4000-8000-000000000000", bethID, "", http.StatusNotFound},
		{"unknown user", queued, "8a5c8f8e-0000-4000-8000-000000000000", "", http.StatusNotFound},
		{"agent without media", queued, abelID, "", http.StatusConflict},
		{"agent on another call", queued, bethID, "", http.StatusConflict},
		{"call not queued", busy, abelID, "", http.StatusConflict},
		{"another account's token", queued, bethID, otherToken.Raw, http.StatusNotFound},
		{"token without interactions:write", queued, bethID, sim.clientToken("users:read"), http.StatusForbidden},
		{"no token", queued, bethID, "-", http.StatusUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token := tc.token
			switch token {
			case "":
				token = sim.clientToken("interactions:write")
			case "-":
				token = ""
			}
			status, b := sim.api(http.MethodPost, "/routing/v1/calls/"+tc.callID+"/assign", token, map[string]string{"userId": tc.userID})
			assert.Equal(t, tc.want, status, "%s", b)
			assert.NotEmpty(t, decode[map[string]string](t, b)["message"])
		})
	}
	assert.Equal(t, vccproto.CallQueued, sim.call(queued).State)
}

func TestWrapUpDispositions(t *testing.T) {
	sim := startACDSim(t, nil)
	zoe := sim.readyAgent("zoe.other") // her account enforces disposition codes: "Done"
	id := sim.placeCall("+14155550105", "sales")
	otherToken, err := sim.srv.issueAccessToken(mustUser(t, sim.srv, "other.admin"), "other-bridge", "interactions:write")
	require.NoError(t, err)
	status, b := sim.api(http.MethodPost, "/routing/v1/calls/"+id+"/assign", otherToken.Raw, map[string]string{"userId": zoeID})
	require.Equal(t, http.StatusAccepted, status, "%s", b)
	zoe.awaitCall(id, vccproto.CallConnected)
	assert.True(t, zoe.welcome.EnforcedDispositions)
	assert.Equal(t, []string{"Done"}, zoe.welcome.Dispositions)

	zoe.mustFail(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: "Done"}, vccproto.ErrCodeState)
	zoe.mustAck(vccproto.TypeHangup, vccproto.CallRef{CallID: id})
	for _, tc := range []struct{ name, disposition string }{
		{"missing while enforced", ""},
		{"unknown code", "Resolved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			zoe.mustFail(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: tc.disposition}, vccproto.ErrCodeBadRequest)
		})
	}
	zoe.mustAck(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: "Done"})
	assert.Equal(t, "Done", sim.call(id).Disposition)
}

func mustUser(t *testing.T, s *Server, name string) *User {
	t.Helper()
	u, ok := s.userByName(name)
	require.True(t, ok, name)
	return u
}
