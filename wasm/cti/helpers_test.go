package cti_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/openframe"
)

var (
	ready   = cti.Presence{ID: "p-ready", Selectable: true, Description: "Ready", Category: cti.PresenceCategoryReady}
	away    = cti.Presence{ID: "p-away", Selectable: true, Description: "Away", Category: cti.PresenceCategoryAway}
	lunch   = cti.Presence{ID: "p-lunch", Selectable: true, Description: "Lunch", Category: cti.PresenceCategoryAway}
	logout  = cti.Presence{ID: "p-out", Selectable: true, Description: "Logged Out", Category: cti.PresenceCategoryLoggedOut}
	welcome = cti.SessionWelcomed{
		ResumeToken:  "resume-1",
		User:         cti.SessionUser{ID: "u1", UserName: "beth.anglin", Name: "Beth Anglin"},
		Presence:     logout,
		Presences:    []cti.Presence{ready, away, lunch, logout},
		Dispositions: []string{"Resolved", "Follow-up required"},
		Targets:      []cti.Target{{Type: "queue", ID: "support", Name: "support"}},
		ICEServers:   []cti.ICEServer{{URLs: []string{"stun:stun.vcc.example:3478"}}},
	}
)

// resumed is the welcome of a session resumed with the agent Ready.
func resumed(calls ...cti.PhoneCall) cti.SessionWelcomed {
	w := welcome
	w.Resumed, w.Presence, w.Calls = true, ready, calls
	return w
}

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

func hostEvent(t *testing.T, name string, payload any) cti.Input {
	t.Helper()
	b, err := json.Marshal(payload)
	require.NoError(t, err)
	return cti.HostEvent{Name: name, Payload: b}
}

// ack has the softphone accept the last request of a kind.
func (a *agent) ack(op string, call *cti.PhoneCall) cti.State {
	a.t.Helper()
	in, ok := a.f.Softphone.Ack(op, call)
	require.True(a.t, ok, "no %s was sent", op)
	return a.in(in)
}

// presenceSet has the bridge answer the last presence the panel set with
// that presence, as the contact centre now holds it.
func (a *agent) presenceSet() cti.State {
	a.t.Helper()
	r, ok := a.f.Bridge.Last("presence-set:")
	require.True(a.t, ok, "no presence was set")
	id := r.Body.(api.SetPresence).PresenceID
	for _, p := range welcome.Presences {
		if p.ID == id {
			return a.in(cti.BridgeResult{ID: r.ID, Status: 200, Body: presenceBody(a.t, p)})
		}
	}
	a.t.Fatalf("presence %s is not in the welcome", id)
	return cti.State{}
}

func presenceBody(t *testing.T, p cti.Presence) []byte {
	t.Helper()
	b, err := json.Marshal(api.Presence{PresenceID: p.ID, Description: p.Description, Category: p.Category.String(), Selectable: p.Selectable})
	require.NoError(t, err)
	return b
}

// signedIn walks through sign-in to a session with the audio ready.
func (a *agent) signedIn() cti.State {
	a.t.Helper()
	a.in(cti.UIAction{Action: cti.ActSignIn})
	a.in(cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt", ExpiresIn: 7200, RefreshToken: "rt"}}, cti.SoftphoneConnected{})
	a.in(welcome)
	a.presenceSet()
	return a.in(cti.MediaState{State: "connected"})
}

// awaPresence is AWA's presence event for the state name.
func awaPresence(t *testing.T, name string) cti.Input {
	return hostEvent(t, openframe.EventAWAPresence, map[string]any{"result": map[string]any{"presence": map[string]any{"name": name, "sys_id": "x", "available": name == "Available"}}})
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

// update is the softphone's news of call-1 in a state.
func update(state cti.CallState) cti.Input {
	return cti.CallUpdated{Call: cti.PhoneCall{ID: "call-1", State: state, Direction: cti.DirectionInbound}}
}

func connected(t *testing.T, a *agent) {
	a.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)},
		cti.UIAction{Action: cti.ActAnswer, Value: "call-1"},
		update(cti.CallStateConnected))
}
