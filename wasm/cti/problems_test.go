package cti_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/openframe"
	"github.com/vccnow/connector/wasm/ui"
)

// noAnswer is a bridge request that got no answer at all (fetch failed).
func noAnswer(id string) cti.Input {
	return cti.BridgeResult{ID: id, Err: errors.New("POST /api/v1/interactions/ix1/accept: TypeError: Failed to fetch")}
}

// An answer the bridge never got is said in plain words, and the message
// goes once the call is answered; the status line says no call can come
// while the bridge does not answer, and stops saying it when it does.
func TestFailedAnswerMessageGoesWithItsCause(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)},
		cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
	var st cti.State
	for range 6 { // the accept is sent again a few times first
		st = a.in(noAnswer("accept:ix1"))
	}
	require.Len(t, st.Problems, 1, "one message")
	msg := st.Problems[0].Text
	assert.Equal(t, "The call could not be answered: ServiceNow could not be reached. It is still ringing: click Answer to try again.", msg)
	for _, raw := range []string{"POST", "/api/", "TypeError", "ix1"} {
		assert.NotContains(t, msg, raw)
	}
	assert.True(t, st.BridgeDown)
	idle := st.Clone()
	idle.Calls = nil
	assert.Contains(t, text(cti.View(idle, time.Now())), "Calls can't reach you: the panel can't reach ServiceNow")

	// The bridge answers again, the agent answers: the message is over.
	st = a.in(cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)})
	assert.False(t, st.BridgeDown)
	assert.Len(t, st.Problems, 1, "the call still rings: the message stays")
	st = a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
	assert.Empty(t, st.Problems, "answering again: the message is over")
	st = a.in(cti.BridgeResult{ID: "accept:ix1", Status: 200, Body: interaction(true)}, update(cti.CallStateConnected))
	assert.Empty(t, st.Problems)
	assert.Empty(t, st.Error)
}

// A refused Ready is said while its cause lasts; the Status list goes
// back to the agent's status and its message goes once Ready is possible.
func TestRefusedReadyMessageGoesWithItsCause(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(cti.MicResult{Err: cti.ErrMicDenied}, cti.UIAction{Action: cti.ActDismiss})
	st := a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	require.Len(t, st.Problems, 1)
	assert.Contains(t, st.Error, "can't go Ready: the browser blocks the microphone")
	assert.Empty(t, st.PresenceAsked, "nothing is being set")
	v, _ := find(cti.View(st, time.Now()), "presence").Attr("value")
	assert.Equal(t, "p-away", v)
	st = a.in(cti.MicResult{})
	assert.Empty(t, st.Problems, "the microphone is allowed: Ready is possible again")
}

// A status the bridge did not set: the Status list shows it while it is
// being set, then the status the agent still has.
func TestStatusListShowsWhatIsBeingSet(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	st := a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	assert.Equal(t, "p-ready", st.PresenceAsked)
	sel := find(cti.View(st, time.Now()), "presence")
	v, _ := sel.Attr("value")
	assert.Equal(t, "p-ready", v)
	r, _ := a.f.Bridge.Last("presence-set:")
	st = a.in(noAnswer(r.ID))
	assert.Empty(t, st.PresenceAsked)
	v, _ = find(cti.View(st, time.Now()), "presence").Attr("value")
	assert.Equal(t, "p-away", v)
	assert.Equal(t, "Your status was not changed to Ready: the panel can't reach ServiceNow right now. You are still Away. Choose it again once the connection is back.", st.Error)
}

// The status line says "Waiting for calls" only when a call can come.
func TestCallsLine(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	line := func(st cti.State) string { return find(cti.View(st, time.Now()), "calls-status").TextContent() }
	st := a.c.State()
	assert.Equal(t, " · Away: calls don't reach you. Choose Ready to take calls.", line(st))
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	st = a.presenceSet()
	assert.Equal(t, " · Waiting for calls", line(st))
	for name, tc := range map[string]struct {
		change func(*cti.State)
		want   string
	}{
		"lunch":       {func(s *cti.State) { s.PresenceID, s.Presence = "p-lunch", "Lunch" }, "Lunch: calls don't reach you"},
		"no mic":      {func(s *cti.State) { s.Mic = cti.MicDenied }, "the microphone is blocked"},
		"no audio":    {func(s *cti.State) { s.Media = cti.MediaConnecting }, "until the audio connects"},
		"vcc down":    {func(s *cti.State) { s.Connection = cti.Reconnecting }, "connection to Vonage is down"},
		"bridge down": {func(s *cti.State) { s.BridgeDown = true }, "can't reach ServiceNow"},
	} {
		s := st.Clone()
		tc.change(&s)
		assert.Contains(t, line(s), tc.want, name)
		assert.NotContains(t, line(s), "Waiting for calls", name)
	}
}

// An offer the agent let ring out sets them Away (AWA's after-timeout
// presence): the panel says why.
func TestRangOutIsExplained(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	a.presenceSet()
	a.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)})
	st := a.in(awaPresence(t, "Away"))
	assert.Empty(t, st.Calls)
	assert.Equal(t, "Set Away: the call rang out. Choose Ready to take calls again.", st.PresenceNote)
	assert.Equal(t, st.PresenceNote, find(cti.View(st, time.Now()), "presence-note").TextContent())
	a.presenceSet()
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	st = a.presenceSet()
	assert.Empty(t, st.PresenceNote, "the agent chose again")
}

// A follower (or a reload) never gets a message whose cause is over: the
// leader's shared state holds live causes only.
func TestMirroredStateHasNoStaleMessage(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)},
		cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": api.CodeConflict, "message": "AWA said no"}})
	st := a.in(cti.BridgeResult{ID: "accept:ix1", Status: 409, Body: body})
	require.NotEmpty(t, st.Error)
	st = a.in(cti.CallUpdated{Call: cti.PhoneCall{ID: "call-1", State: cti.CallStateEnded, Direction: cti.DirectionInbound}},
		hostEvent(t, openframe.EventWorkItemRejected, map[string]any{"result": map[string]any{"workItem": map[string]any{
			"sys_id": "wi1", "serviceChannel": map[string]any{"name": "Phone"}, "document": map[string]any{"sys_id": "ix1", "table": "interaction"}}}}))
	assert.Empty(t, st.Calls)
	assert.Empty(t, st.Problems, "the call is gone: so is its message")
	b, _ := json.Marshal(st)
	assert.NotContains(t, string(b), "could not be answered")
}

// The × closes one message; a message with no end the panel can see stays
// until then.
func TestDismissOneProblem(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.in(cti.MicResult{Err: cti.ErrMicDenied})
	st := a.in(hostEvent(t, openframe.EventCommunication, map[string]any{"phone_number": "not a number"}))
	require.Len(t, st.Problems, 2)
	st = a.in(cti.UIAction{Action: cti.ActDismiss, Value: st.Problems[1].Cause})
	require.Len(t, st.Problems, 1)
	assert.True(t, strings.Contains(st.Error, "microphone"), st.Error)
}

func find(nodes []*ui.Node, id string) *ui.Node {
	for _, n := range nodes {
		if f := n.Find(id); f != nil {
			return f
		}
	}
	return nil
}

func text(nodes []*ui.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(n.TextContent())
	}
	return b.String()
}
