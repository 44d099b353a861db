package cti_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// fuzzNow is the moment the snapshot targets decode at.
var fuzzNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// fuzzState is a leader's state with a call, as tabs exchange it.
func fuzzState() *cti.State {
	return &cti.State{SignedIn: true, User: "beth.anglin", Name: "Beth Anglin", Presence: "Ready", PresenceID: "p1",
		TabRole: "leader", Connection: "online", Mic: "granted", Media: "ready",
		Calls:   []cti.Call{{ID: "0c6f1d2e-8b4a-4f7e-9a35-2d81c6b0e4f9", State: cti.CallConnected, Direction: "inbound", From: "+14155550201", Queue: "support"}},
		Timings: map[string]float64{"wasmStart": 12.5, "ready": 40}}
}

func fuzzSession() *cti.SessionData {
	return &cti.SessionData{Access: "eyJhbGciOiJSUzI1NiJ9.e30.sig", Refresh: "r1", Expires: fuzzNow.Add(time.Hour), Resume: "resume-1", User: "beth.anglin"}
}

// FuzzTabMessage reads any bytes as a message from another tab, as the
// BroadcastChannel adapter does: it never panics; Validate refuses with one
// of its errors or takes a message of a known kind with what that kind
// needs; and a message it takes reads the same written back.
func FuzzTabMessage(f *testing.F) {
	for _, m := range []cti.TabMessage{
		{V: 1, Kind: cti.TabHello, From: "tab-2"},
		{V: 1, Kind: cti.TabState, From: "tab-1", User: "beth.anglin", State: fuzzState()},
		{V: 1, Kind: cti.TabSession, From: "tab-1", User: "beth.anglin", Session: fuzzSession()},
		{V: 1, Kind: cti.TabSignedIn, From: "tab-2", Session: fuzzSession()},
		{V: 1, Kind: cti.TabCommand, From: "tab-2", Action: cti.ActTransfer, Value: "0c6f|queue:servicedesk"},
		{V: 1, Kind: cti.TabHost, From: "tab-2", Action: "openframe_communication", Value: `{"phone_number":"415-555-0100"}`},
		{V: 1, Kind: cti.TabCommand, From: "tab-2", Action: cti.ActSignIn},
		{V: 2, Kind: cti.TabHello, From: "tab-2"},
	} {
		b, err := json.Marshal(m)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"v":1,"kind":"state","from":"x","state":{"calls":[{"state":"ended"}]}}`))
	f.Add([]byte(`{"v":1,"kind":"beat","from":"x"}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var m cti.TabMessage
		if json.Unmarshal(raw, &m) != nil {
			return
		}
		if err := m.Validate(); err != nil {
			require.True(t, errors.Is(err, cti.ErrTabVersion) || errors.Is(err, cti.ErrTabMessage), "%v", err)
			return
		}
		require.Equal(t, cti.TabVersion, m.V)
		require.NotEmpty(t, m.From)
		switch m.Kind {
		case cti.TabState:
			require.NotNil(t, m.State)
			assert.LessOrEqual(t, len(m.State.Calls), 8)
			assert.False(t, m.State.SignedIn && m.State.User == "", "signed in without a user")
		case cti.TabSession, cti.TabSignedIn:
			require.NotNil(t, m.Session)
			assert.NotEmpty(t, m.Session.Access)
		case cti.TabCommand, cti.TabHost:
			assert.NotEmpty(t, m.Action)
		default:
			assert.Equal(t, cti.TabHello, m.Kind)
		}
		b := fuzzJSON(t, m)
		var again cti.TabMessage
		require.NoError(t, json.Unmarshal(b, &again))
		require.NoError(t, again.Validate(), "%s", b)
		assert.JSONEq(t, string(b), string(fuzzJSON(t, again)))
	})
}

// FuzzDecodeSnapshot reads any bytes as the snapshot found in
// sessionStorage at load: it never panics; a snapshot it takes is this
// instance's, recent, consistent (a signed-in state has its session's
// tokens and user) and reads the same written back.
func FuzzDecodeSnapshot(f *testing.F) {
	const instance = "https://acme.service-now.com"
	for _, s := range []cti.Snapshot{
		{V: 1, Instance: instance, SavedAt: fuzzNow.Add(-time.Minute), Session: *fuzzSession(), State: *fuzzState()},
		{V: 1, Instance: instance, SavedAt: fuzzNow.Add(-time.Hour), Session: *fuzzSession(), State: *fuzzState()},
		{V: 1, Instance: "https://other.service-now.com", SavedAt: fuzzNow, State: cti.State{}},
		{V: 1, Instance: instance, SavedAt: fuzzNow, State: cti.State{SignedIn: true, User: "abel.tuter"}, Session: *fuzzSession()},
	} {
		b, err := json.Marshal(s)
		require.NoError(f, err)
		f.Add(b, false)
	}
	f.Add([]byte(`{"v":1}`), true)
	f.Fuzz(func(t *testing.T, raw []byte, anyInstance bool) {
		want := instance
		if anyInstance {
			want = ""
		}
		s, err := cti.DecodeSnapshot(raw, want, fuzzNow)
		if err != nil {
			require.ErrorIs(t, err, cti.ErrSnapshot)
			return
		}
		require.Equal(t, cti.TabVersion, s.V)
		if want != "" {
			require.Equal(t, instance, s.Instance)
		}
		assert.False(t, fuzzNow.Sub(s.SavedAt) > 10*time.Minute, "saved at %v", s.SavedAt)
		assert.False(t, s.SavedAt.After(fuzzNow.Add(time.Minute)), "saved at %v", s.SavedAt)
		if s.State.SignedIn {
			assert.NotEmpty(t, s.Session.Access)
			assert.NotEmpty(t, s.Session.Resume)
			assert.Equal(t, s.State.User, s.Session.User)
		}
		b := fuzzJSON(t, s)
		again, err := cti.DecodeSnapshot(b, want, fuzzNow)
		require.NoError(t, err, "%s", b)
		assert.JSONEq(t, string(b), string(fuzzJSON(t, again)))
	})
}

func fuzzJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
