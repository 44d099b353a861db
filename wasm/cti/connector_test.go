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
	"github.com/vccnow/connector/wasm/vcc"
)

var (
	ready   = vcc.Presence{PresenceID: "p-ready", Selectable: true, Description: "Ready", Category: vcc.Category{CategoryType: vcc.CategoryReady}}
	away    = vcc.Presence{PresenceID: "p-away", Selectable: true, Description: "Away", Category: vcc.Category{CategoryType: vcc.CategoryAway}}
	lunch   = vcc.Presence{PresenceID: "p-lunch", Selectable: true, Description: "Lunch", Category: vcc.Category{CategoryType: vcc.CategoryAway}}
	logout  = vcc.Presence{PresenceID: "p-out", Selectable: true, Description: "Logged Out", Category: vcc.Category{CategoryType: vcc.CategoryLoggedOut}}
	welcome = vcc.Welcome{
		SessionID: "s1", ResumeToken: "resume-1", ResumeGraceSeconds: 60,
		User:         vcc.User{UserID: "u1", UserName: "beth.anglin", Name: "Beth Anglin", AgentID: "1001"},
		Presence:     logout,
		Presences:    []vcc.Presence{ready, away, lunch, logout},
		Dispositions: []string{"Resolved", "Follow-up required"},
		Queues:       []vcc.Target{{Type: "queue", ID: "support", Name: "support"}},
		ICEServers:   []vcc.ICEServer{{URLs: []string{"stun:stun.vcc.example:3478"}}},
	}
)

// agent is a connector with fake ports, driven input by input.
type agent struct {
	t *testing.T
	c *cti.Connector
	f *fake.Ports
}

func newAgent(t *testing.T) *agent {
	f := fake.NewPorts()
	c := cti.NewConnector(cti.Config{Instance: "https://acme.service-now.com", ClientID: "tab-1"}, f.Ports(), nil)
	return &agent{t: t, c: c, f: f}
}

func (a *agent) in(ins ...cti.Input) cti.State {
	for _, in := range ins {
		a.c.Handle(in)
	}
	return a.c.State()
}

func msg(t *testing.T, typ, id string, data any) cti.Input {
	t.Helper()
	b, err := vcc.Encode(typ, id, data)
	require.NoError(t, err)
	env, err := vcc.Decode(b)
	require.NoError(t, err)
	return cti.SignalMessage{Env: env}
}

func hostEvent(t *testing.T, name string, payload any) cti.Input {
	t.Helper()
	b, err := json.Marshal(payload)
	require.NoError(t, err)
	return cti.HostEvent{Name: name, Payload: b}
}

// ack acknowledges the last signaling message of a type.
func (a *agent) ack(typ string, call *vcc.Call) cti.State {
	a.t.Helper()
	s, ok := a.f.Signaling.Last(typ)
	require.True(a.t, ok, "no %s was sent", typ)
	return a.in(msg(a.t, vcc.TypeAck, s.ID, vcc.Ack{Call: call}))
}

// signedIn walks through sign-in to a session with the audio ready.
func (a *agent) signedIn() cti.State {
	a.t.Helper()
	a.in(cti.UIAction{Action: cti.ActSignIn})
	a.in(cti.MicResult{}, cti.SignInResult{Token: vcc.Token{AccessToken: "jwt", ExpiresIn: 7200, RefreshToken: "rt"}}, cti.SignalOpen{})
	a.in(msg(a.t, vcc.TypeWelcome, "", welcome))
	a.ack(vcc.TypePresence, nil)
	return a.in(cti.MediaState{State: "connected"})
}

func TestSignIn(t *testing.T) {
	a := newAgent(t)
	st := a.in(cti.UIAction{Action: cti.ActSignIn})
	assert.Equal(t, "signing-in", st.Busy)
	assert.Equal(t, []string{"SignIn"}, a.f.Auth.Take())
	assert.Contains(t, a.f.Media.Take(), "Microphone", "the microphone is asked for at sign-in, not at ring time")

	a.in(cti.UIAction{Action: cti.ActSignIn})
	assert.Empty(t, a.f.Auth.Take(), "a second click opens no second popup")

	a.in(cti.MicResult{}, cti.SignInResult{Token: vcc.Token{AccessToken: "jwt", ExpiresIn: 7200}})
	assert.Equal(t, []string{"Open"}, a.f.Signaling.Take())
	a.in(cti.SignalOpen{})
	hello, ok := a.f.Signaling.Last(vcc.TypeHello)
	require.True(t, ok)
	assert.Equal(t, "jwt", hello.Data.(vcc.Hello).Token)
	assert.Empty(t, hello.Data.(vcc.Hello).ResumeToken)

	st = a.in(msg(t, vcc.TypeWelcome, "", welcome))
	assert.True(t, st.SignedIn)
	assert.Equal(t, "beth.anglin", st.User)
	assert.Equal(t, cti.Online, st.Connection)
	assert.Len(t, st.Presences, 4)
	assert.Contains(t, a.f.Media.Take(), "Start", "media starts once signed in with a microphone")
	req, ok := a.f.Bridge.Find("session")
	require.True(t, ok)
	assert.Equal(t, "jwt", req.Token)
	set, ok := a.f.Signaling.Last(vcc.TypePresence)
	require.True(t, ok, "a logged-out agent is put Away after sign-in")
	assert.Equal(t, "p-away", set.Data.(vcc.SetPresence).PresenceID)
	st = a.ack(vcc.TypePresence, nil)
	assert.Equal(t, "Away", st.Presence)
	assert.Contains(t, a.f.Host.Take(), "SetPresenceIndicator Away orange")
}

func TestSignInErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		err  error
		want string
	}{
		"popup closed":  {vcc.ErrPopupClosed, "closed before you signed in"},
		"popup blocked": {vcc.ErrPopupBlocked, "blocked the sign-in window"},
		"forged answer": {vcc.ErrStateMismatch, "did not match"},
	} {
		t.Run(name, func(t *testing.T) {
			a := newAgent(t)
			st := a.in(cti.UIAction{Action: cti.ActSignIn}, cti.SignInResult{Err: tc.err})
			assert.False(t, st.SignedIn)
			assert.Empty(t, st.Busy)
			assert.Contains(t, st.Error, tc.want)
			assert.Empty(t, a.f.Signaling.Take(), "no connection without a token")
		})
	}
}

func TestReadyNeedsAudio(t *testing.T) {
	a := newAgent(t)
	a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: vcc.Token{AccessToken: "jwt"}}, cti.SignalOpen{})
	a.in(msg(t, vcc.TypeWelcome, "", welcome))
	a.ack(vcc.TypePresence, nil)
	n := len(a.f.Signaling.Sent)
	st := a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	assert.Contains(t, st.Error, "can't go Ready")
	assert.Len(t, a.f.Signaling.Sent, n, "Ready is not asked for while the audio is not ready")

	st = a.in(cti.MediaState{State: "connected"}, cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	assert.Empty(t, st.Error)
	st = a.ack(vcc.TypePresence, nil)
	assert.Equal(t, "Ready", st.Presence)
	assert.Contains(t, a.f.Host.Take(), "SetPresenceIndicator Available green")
}

func TestMicrophoneDenied(t *testing.T) {
	a := newAgent(t)
	st := a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{Err: cti.ErrMicDenied})
	assert.Equal(t, cti.MicDenied, st.Mic)
	assert.Contains(t, st.Error, "blocks the microphone")
}

func TestPresenceFromWorkspace(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	a.f.Host.Take()
	presence := func(name string) cti.Input {
		return hostEvent(t, openframe.EventAWAPresence, map[string]any{"result": map[string]any{"presence": map[string]any{"name": name, "sys_id": "x", "available": name == "Available"}}})
	}
	n := len(a.f.Signaling.Sent)
	a.in(presence("Away"))
	assert.Len(t, a.f.Signaling.Sent, n, "the echo of the panel's own Away is dropped")

	a.f.Clock.T = a.f.Clock.T.Add(10e9)
	a.in(presence("Available"))
	set, _ := a.f.Signaling.Last(vcc.TypePresence)
	assert.Equal(t, "p-ready", set.Data.(vcc.SetPresence).PresenceID, "the workspace's Available makes the agent Ready")
	st := a.ack(vcc.TypePresence, nil)
	assert.Equal(t, "Ready", st.Presence)

	// Lunch chosen in the panel shows as Away in the workspace; AWA's Away
	// must not turn Lunch into plain Away.
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-lunch"})
	a.ack(vcc.TypePresence, nil)
	a.f.Clock.T = a.f.Clock.T.Add(10e9)
	n = len(a.f.Signaling.Sent)
	st = a.in(presence("Away"))
	assert.Len(t, a.f.Signaling.Sent, n)
	assert.Equal(t, "Lunch", st.Presence)
}

// Two quick presence changes in the panel: AWA's events arrive as the bridge
// catches up (Away, then Available), and the late Away must not flip the
// agent back (no flapping); a change made in the workspace afterwards is
// followed.
func TestPresenceNoFlapping(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	presence := func(name string) cti.Input {
		return hostEvent(t, openframe.EventAWAPresence, map[string]any{"result": map[string]any{"presence": map[string]any{"name": name, "sys_id": "x", "available": name == "Available"}}})
	}
	a.in(presence("Away")) // the bridge caught up with sign-in's Away
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-ready"})
	a.ack(vcc.TypePresence, nil)
	a.in(cti.UIAction{Action: cti.ActPresence, Value: "p-lunch"})
	a.ack(vcc.TypePresence, nil)
	assert.Contains(t, a.f.Host.Take(), "SetPresenceIndicator Away orange", "the indicator is painted")

	n := len(a.f.Signaling.Sent)
	a.in(presence("Available"), presence("Away"))
	assert.Len(t, a.f.Signaling.Sent, n, "the bridge catching up changes nothing at VCC")
	assert.Equal(t, "Lunch", a.c.State().Presence)

	a.in(presence("Available")) // the agent picks Available in the workspace
	set, _ := a.f.Signaling.Last(vcc.TypePresence)
	assert.Equal(t, "p-ready", set.Data.(vcc.SetPresence).PresenceID)
}

// The workspace says Available while the panel cannot go Ready (the audio is
// down): the panel does not set VCC Ready, says why, and asks the bridge to
// put AWA back to the agent's VCC presence (the indicator cannot: it only
// paints).
func TestWorkspaceAvailableWhileAudioIsDown(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	presence := func(name string) cti.Input {
		return hostEvent(t, openframe.EventAWAPresence, map[string]any{"result": map[string]any{"presence": map[string]any{"name": name, "sys_id": "x", "available": name == "Available"}}})
	}
	a.in(presence("Away"))
	a.in(cti.MediaState{State: "failed"})
	n := len(a.f.Signaling.Sent)
	st := a.in(presence("Available"))
	assert.Len(t, a.f.Signaling.Sent, n, "no Ready at VCC without audio")
	assert.Contains(t, st.Error, "can't go Ready")
	r, ok := a.f.Bridge.Find("presence:sync")
	require.True(t, ok, "the bridge is asked to set AWA back")
	assert.Equal(t, "POST /api/v1/agent/presence/sync", r.Method+" "+r.Path)
}

func offer(t *testing.T, name string) cti.Input {
	return hostEvent(t, name, map[string]any{"result": map[string]any{"workItem": map[string]any{
		"sys_id": "wi1", "serviceChannel": map[string]any{"name": "Phone"},
		"document": map[string]any{"sys_id": "ix1", "table": "interaction"}}}})
}

func interaction(open bool) []byte {
	b, _ := json.Marshal(api.Interaction{SysID: "ix1", Number: "IMS0001001", VCCID: "call-1", State: "new", From: "+14155550142",
		Queue: "support", CallerName: "Ada Lovelace", Open: open,
		Record: &api.Record{Table: "sn_customerservice_case", SysID: "case1", Query: "sys_id=case1", Number: "CS0001001", Label: "Router down"}})
	return b
}

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

	st = a.in(cti.UIAction{Action: cti.ActAnswer, Value: "call-1"})
	assert.False(t, a.f.Media.Ringing, "ringing stops at the click")
	req, ok := a.f.Bridge.Find("accept:ix1")
	require.True(t, ok)
	assert.Equal(t, api.Accept{WorkItemID: "wi1"}, req.Body)

	a.in(offer(t, openframe.EventWorkItemAccepted)) // AWA's echo of our accept
	assert.Len(t, a.f.Bridge.Reqs, 3, "the workspace's accepted event of our own accept is not sent again")

	st = a.in(cti.BridgeResult{ID: "accept:ix1", Status: 200, Body: interaction(true)},
		msg(t, vcc.TypeCall, "", vcc.Call{ID: "call-1", State: vcc.CallConnected, Direction: "inbound", From: "+14155550142", ConnectedAt: "2026-11-24T09:00:01Z"}))
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
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

func connected(t *testing.T, a *agent) {
	a.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)},
		cti.UIAction{Action: cti.ActAnswer, Value: "call-1"},
		msg(t, vcc.TypeCall, "", vcc.Call{ID: "call-1", State: vcc.CallConnected, Direction: "inbound"}))
}

func TestInCallControls(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)

	a.in(cti.UIAction{Action: cti.ActHold, Value: "call-1"})
	hold, ok := a.f.Signaling.Last(vcc.TypeHold)
	require.True(t, ok)
	assert.Equal(t, vcc.CallRef{CallID: "call-1"}, hold.Data)
	st := a.ack(vcc.TypeHold, &vcc.Call{ID: "call-1", State: vcc.CallHeld})
	assert.Equal(t, cti.CallHeld, st.Calls[0].State)

	a.in(cti.UIAction{Action: cti.ActHold, Value: "call-1"})
	_, ok = a.f.Signaling.Last(vcc.TypeResume)
	assert.True(t, ok, "hold toggles to resume")
	a.ack(vcc.TypeResume, &vcc.Call{ID: "call-1", State: vcc.CallConnected})

	st = a.in(cti.UIAction{Action: cti.ActMute, Value: "call-1"})
	assert.True(t, st.Calls[0].Muted)
	assert.True(t, a.f.Media.Muted)

	st = a.in(cti.UIAction{Action: cti.ActKeypad, Value: "call-1|5"}, cti.UIAction{Action: cti.ActKeypad, Value: "call-1|x"})
	assert.Equal(t, "5", st.Calls[0].DTMF)
	assert.Contains(t, a.f.Media.Take(), "SendDTMF 5")

	a.in(cti.UIAction{Action: cti.ActTransfer, Value: "call-1|queue:support"})
	tr, ok := a.f.Signaling.Last(vcc.TypeTransfer)
	require.True(t, ok)
	assert.Equal(t, vcc.Target{Type: "queue", ID: "support"}, tr.Data.(vcc.Transfer).Target)

	// The agent's part ends in wrap-up; the bridge hears it was a transfer,
	// whenever VCC's own events of it arrive.
	a.ack(vcc.TypeTransfer, &vcc.Call{ID: "call-1", State: vcc.CallWrapUp})
	told, ok := a.f.Bridge.Find("transfer:call-1")
	require.True(t, ok, "the bridge is told of the transfer as soon as VCC took it")
	assert.Equal(t, "POST /api/v1/calls/call-1/transfer", told.Method+" "+told.Path)
	assert.Equal(t, api.Transfer{ToType: "queue", To: "support"}, told.Body)
	a.in(cti.UIAction{Action: cti.ActDisposition, Value: "call-1|Escalated"})
	a.in(cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	req, ok := a.f.Bridge.Find("wrapup:call-1")
	require.True(t, ok)
	assert.Equal(t, api.WrapUp{Disposition: "Escalated", Transferred: true}, req.Body)
}

func TestWrapUp(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	st := a.in(msg(t, vcc.TypeCall, "", vcc.Call{ID: "call-1", State: vcc.CallWrapUp}))
	assert.Equal(t, cti.CallWrapUp, st.Calls[0].State)

	st = a.in(cti.UIAction{Action: cti.ActDisposition, Value: "call-1|Resolved"},
		cti.UIAction{Action: cti.ActNotes, Value: "call-1|Reset the router | all good"})
	assert.Equal(t, "Reset the router | all good", st.Calls[0].Notes, "notes keep their own bars")
	a.in(cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	w, ok := a.f.Signaling.Last(vcc.TypeWrapUp)
	require.True(t, ok)
	assert.Equal(t, vcc.WrapUp{CallID: "call-1", Disposition: "Resolved", Notes: "Reset the router | all good"}, w.Data)
	req, ok := a.f.Bridge.Find("wrapup:call-1")
	require.True(t, ok)
	assert.Equal(t, api.WrapUp{Disposition: "Resolved", Notes: "Reset the router | all good"}, req.Body)
	st = a.ack(vcc.TypeWrapUp, nil)
	assert.Empty(t, st.Calls)
}

func TestWrapUpFromServiceNowModule(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.in(msg(t, vcc.TypeCall, "", vcc.Call{ID: "call-1", State: vcc.CallWrapUp}))
	internal := map[string]any{"wrapUp": map[string]any{
		"external": false, "recordId": "ix1", "recordTable": "interaction", "wrapUpCode": "Escalated", "wrapUpNotes": "to L2"}}
	a.in(hostEvent(t, openframe.EventWrapUpSubmitted, internal))
	_, ok := a.f.Signaling.Last(vcc.TypeWrapUp)
	require.False(t, ok, "an internal segment is not the connector's")

	a.in(hostEvent(t, openframe.EventWrapUpSubmitted, map[string]any{"wrapUp": map[string]any{
		"external": true, "externalSegmentId": "call-1", "recordId": "ix1", "recordTable": "interaction", "wrapUpCode": "Escalated", "wrapUpNotes": "to L2"}}))
	w, ok := a.f.Signaling.Last(vcc.TypeWrapUp)
	require.True(t, ok)
	assert.Equal(t, "Escalated", w.Data.(vcc.WrapUp).Disposition)
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
			d, ok := a.f.Signaling.Last(vcc.TypeDial)
			require.True(t, ok)
			assert.Equal(t, vcc.Dial{Number: "+14155550199", Regarding: "incident:inc1"}, d.Data)
			st := a.ack(vcc.TypeDial, &vcc.Call{ID: "out-1", State: vcc.CallRinging, Direction: "outbound", To: "+14155550199"})
			require.Len(t, st.Calls, 1)
			assert.Equal(t, "+14155550199", st.Calls[0].From)
			req, ok := a.f.Bridge.Find("context:out-1")
			require.True(t, ok)
			assert.Equal(t, "/api/v1/calls/out-1/context", req.Path)
		})
	}
}

func TestReconnectResumesSession(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.f.Signaling.Take()
	st := a.in(cti.SignalClosed{Err: errors.New("network")})
	assert.Equal(t, cti.Reconnecting, st.Connection)
	assert.True(t, st.SignedIn, "a dropped connection does not sign the agent out")
	assert.Contains(t, a.f.Clock.Timers, "reconnect")
	a.in(cti.Timer{Name: "reconnect"})
	assert.Equal(t, []string{"Open"}, a.f.Signaling.Take())
	a.in(cti.SignalOpen{})
	hello, _ := a.f.Signaling.Last(vcc.TypeHello)
	assert.Equal(t, "resume-1", hello.Data.(vcc.Hello).ResumeToken)
	w := welcome
	w.Resumed = true
	w.Presence = ready
	w.Calls = []vcc.Call{{ID: "call-1", State: vcc.CallParked}}
	st = a.in(msg(t, vcc.TypeWelcome, "", w))
	require.Len(t, st.Calls, 1)
	assert.Equal(t, "parked", st.Calls[0].State)
	assert.Equal(t, "ix1", st.Calls[0].InteractionSysID, "the same interaction carries on")
}

func TestConflict(t *testing.T) {
	a := newAgent(t)
	a.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: vcc.Token{AccessToken: "jwt"}}, cti.SignalOpen{})
	st := a.in(msg(t, vcc.TypeConflict, "", vcc.Conflict{Existing: vcc.Client{ID: "other", Browser: "Firefox on Windows"}, Since: "2026-11-24T08:00:00Z"}))
	require.NotNil(t, st.Conflict)
	assert.Equal(t, "Firefox on Windows", st.Conflict.Where)

	a.in(cti.UIAction{Action: cti.ActTakeOver})
	hello, _ := a.f.Signaling.Last(vcc.TypeHello)
	assert.True(t, hello.Data.(vcc.Hello).Takeover)

	b := newAgent(t)
	b.in(cti.UIAction{Action: cti.ActSignIn}, cti.MicResult{}, cti.SignInResult{Token: vcc.Token{AccessToken: "jwt"}}, cti.SignalOpen{})
	b.in(msg(t, vcc.TypeConflict, "", vcc.Conflict{Existing: vcc.Client{ID: "other"}}))
	st = b.in(cti.UIAction{Action: cti.ActCancel})
	assert.False(t, st.SignedIn)
	assert.Contains(t, st.Notice, "other browser")
}

func TestTakenOverElsewhere(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	st := a.in(msg(t, vcc.TypeEnded, "", vcc.Ended{Reason: vcc.EndTakenOver}))
	assert.False(t, st.SignedIn)
	assert.Empty(t, st.Calls)
	assert.Contains(t, st.Notice, "signed in on another browser")
	assert.Contains(t, a.f.Media.Take(), "Close", "never two media sessions")
}

func TestGarbageIsDropped(t *testing.T) {
	a := newAgent(t)
	before := a.signedIn()
	after := a.in(
		cti.HostEvent{Name: openframe.EventWorkItemOffered, Payload: []byte(`{"result":`)},
		cti.HostEvent{Name: openframe.EventCommunication, Payload: []byte(`[]`)},
		cti.HostEvent{Name: openframe.EventAWAPresence, Payload: []byte(`null`)},
		cti.SignalMessage{Env: vcc.Envelope{V: 1, Type: vcc.TypeCall, Data: []byte(`{"id":5}`)}},
		cti.SignalMessage{Env: vcc.Envelope{V: 1, Type: "mystery"}},
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
}

// VCC reports the connected call before the bridge has said which VCC call
// the AWA offer is: the panel keeps one call, not two.
func TestConnectedBeforeLookup(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	st := a.in(offer(t, openframe.EventWorkItemOffered), cti.UIAction{Action: cti.ActAnswer, Value: "ix1"},
		msg(t, vcc.TypeCall, "", vcc.Call{ID: "call-1", State: vcc.CallConnected, Direction: "inbound"}))
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

// The next call is offered before VCC's last word on the previous one: the
// late update does not take the new offer for the old call.
func TestLateUpdateDoesNotTakeTheNextOffer(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.in(msg(t, vcc.TypeCall, "", vcc.Call{ID: "call-1", State: vcc.CallWrapUp}), cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	a.ack(vcc.TypeWrapUp, nil)
	next := hostEvent(t, openframe.EventWorkItemOffered, map[string]any{"result": map[string]any{"workItem": map[string]any{
		"sys_id": "wi2", "serviceChannel": map[string]any{"name": "Phone"}, "document": map[string]any{"sys_id": "ix2", "table": "interaction"}}}})
	st := a.in(next, msg(t, vcc.TypeCall, "", vcc.Call{ID: "call-1", State: vcc.CallEnded}))
	require.Len(t, st.Calls, 1)
	assert.Equal(t, "ix2", st.Calls[0].InteractionSysID)
	assert.Equal(t, cti.CallRinging, st.Calls[0].State)
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
