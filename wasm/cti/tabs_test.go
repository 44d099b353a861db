package cti_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/openframe"
)

func newTab(t *testing.T, id string) *agent {
	f := fake.NewPorts()
	c := cti.NewConnector(cti.Config{Instance: "https://acme.service-now.com", ClientID: id}, f.TabPorts(), nil)
	c.Start()
	return &agent{t: t, c: c, f: f}
}

// deliver passes every message one tab broadcast to the other.
func deliver(from, to *agent) cti.State {
	from.f.Tabs.Lock()
	msgs := append([]cti.TabMessage(nil), from.f.Tabs.Sent...)
	from.f.Tabs.Sent = nil
	from.f.Tabs.Unlock()
	for _, m := range msgs {
		to.in(cti.TabReceived{Msg: m})
	}
	return to.c.State()
}

func TestLeaderAndFollower(t *testing.T) {
	lead := newTab(t, "tab-a")
	follow := newTab(t, "tab-b")
	assert.Equal(t, cti.RoleFollower, lead.c.State().TabRole, "a tab follows until it holds the lock")
	lead.in(cti.TabLed{})
	lead.signedIn()
	lead.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)})

	st := deliver(lead, follow)
	assert.Equal(t, cti.RoleFollower, st.TabRole)
	assert.True(t, st.SignedIn)
	require.Len(t, st.Calls, 1)
	assert.Equal(t, "Ada Lovelace", st.Calls[0].CallerName)
	assert.False(t, follow.f.Media.Ringing, "a follower never rings on its own")
	assert.Empty(t, follow.f.Softphone.Take(), "a follower holds no connection")

	// The agent answers in the follower: the leader does it.
	follow.in(cti.UIAction{Action: cti.ActAnswer, Value: "call-1"})
	deliver(follow, lead)
	_, ok := lead.f.Bridge.Find("accept:ix1")
	assert.True(t, ok, "the leader accepted for the follower")
}

func TestUseHereMovesTheSession(t *testing.T) {
	lead := newTab(t, "tab-a")
	follow := newTab(t, "tab-b")
	lead.in(cti.TabLed{})
	lead.signedIn()
	connected(t, lead)
	deliver(lead, follow)

	st := follow.in(cti.UIAction{Action: cti.ActUseHere})
	assert.Equal(t, "moving", st.Busy)
	assert.Contains(t, follow.f.Tabs.Take(), "TakeOver")

	// The old leader loses the lock: it lets go of the session without
	// signing out.
	st = lead.in(cti.TabLost{})
	assert.Equal(t, cti.RoleFollower, st.TabRole)
	assert.Contains(t, lead.f.Media.Take(), "Close")
	_, signedOut := lead.f.Softphone.Last(fake.OpSignOut)
	assert.False(t, signedOut)
	assert.Contains(t, lead.f.Softphone.Take(), "Close")
	lead.in(cti.SoftphoneDisconnected{})
	assert.Empty(t, lead.f.Softphone.Take(), "a follower does not reconnect")

	st = follow.in(cti.TabLed{})
	assert.Equal(t, cti.RoleLeader, st.TabRole)
	assert.Equal(t, []string{"Connect"}, follow.f.Softphone.Take())
	follow.in(cti.SoftphoneConnected{})
	open, _ := follow.f.Softphone.Last(fake.OpOpen)
	assert.Equal(t, "resume-1", open.Session.ResumeToken, "the session is resumed, not signed in again")
	assert.Equal(t, "jwt", open.Session.Token)
}

func TestReloadRestoresFromSnapshot(t *testing.T) {
	before := newTab(t, "tab-a")
	before.in(cti.TabLed{})
	before.signedIn()
	connected(t, before)
	snap := before.f.Snapshots.Last
	require.NotEmpty(t, snap)

	after := newTab(t, "tab-a")
	st := after.in(cti.Restore{Snapshot: snap, Ms: 42})
	require.Len(t, st.Calls, 1, "the call is painted before any network round trip")
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
	assert.True(t, st.SignedIn)
	assert.Equal(t, 42.0, st.Timings["restored"])
	assert.Empty(t, after.f.Softphone.Take(), "only the leader connects")

	after.in(cti.TabLed{})
	after.in(cti.SoftphoneConnected{})
	open, _ := after.f.Softphone.Last(fake.OpOpen)
	assert.Equal(t, "resume-1", open.Session.ResumeToken)
}

func TestBadSnapshotsAreIgnored(t *testing.T) {
	for name, snap := range map[string]string{
		"garbage":        `{"v":1,`,
		"other version":  `{"v":2,"instance":"https://acme.service-now.com","savedAt":"2026-11-24T09:00:00Z"}`,
		"other instance": `{"v":1,"instance":"https://evil.example","savedAt":"2026-11-24T09:00:00Z"}`,
		"too old":        `{"v":1,"instance":"https://acme.service-now.com","savedAt":"2026-11-24T07:00:00Z"}`,
		"mismatched user": `{"v":1,"instance":"https://acme.service-now.com","savedAt":"2026-11-24T09:00:00Z",
			"session":{"access":"a","resume":"r","user":"mallory"},"state":{"signedIn":true,"user":"beth.anglin","calls":[]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			a := newTab(t, "tab-a")
			st := a.in(cti.Restore{Snapshot: []byte(snap)})
			assert.False(t, st.SignedIn)
			a.in(cti.TabLed{})
			assert.Empty(t, a.f.Softphone.Take())
		})
	}
}

func TestForgedTabMessagesAreIgnored(t *testing.T) {
	lead := newTab(t, "tab-a")
	lead.in(cti.TabLed{})
	before := lead.signedIn()
	for name, m := range map[string]cti.TabMessage{
		"old version":      {V: 0, Kind: cti.TabCommand, From: "x", Action: cti.ActHangup},
		"unknown kind":     {V: 1, Kind: "takeover-now", From: "x"},
		"no sender":        {V: 1, Kind: cti.TabCommand, Action: cti.ActSignOut},
		"disallowed":       {V: 1, Kind: cti.TabCommand, From: "x", Action: "sign-in"},
		"other user":       {V: 1, Kind: cti.TabCommand, From: "x", User: "mallory", Action: cti.ActSignOut},
		"state no payload": {V: 1, Kind: cti.TabState, From: "x"},
	} {
		t.Run(name, func(t *testing.T) {
			st := lead.in(cti.TabReceived{Msg: m})
			assert.Equal(t, before.SignedIn, st.SignedIn)
			assert.Equal(t, cti.RoleLeader, st.TabRole)
		})
	}
	st := lead.in(cti.TabReceived{Msg: cti.TabMessage{V: 1, Kind: cti.TabState, From: "x", State: &cti.State{SignedIn: false}}})
	assert.True(t, st.SignedIn, "a leader never takes another tab's state")
}

func TestFollowerSignsInForTheLeader(t *testing.T) {
	lead := newTab(t, "tab-a")
	follow := newTab(t, "tab-b")
	lead.in(cti.TabLed{})
	follow.in(cti.UIAction{Action: cti.ActSignIn})
	assert.Equal(t, []string{"SignIn"}, follow.f.Auth.Take(), "the popup opens in the tab the agent clicked")
	follow.in(cti.SignInResult{Token: cti.Token{AccessToken: "jwt2"}})
	deliver(follow, lead)
	assert.Equal(t, []string{"Connect"}, lead.f.Softphone.Take())
	lead.in(cti.SoftphoneConnected{})
	open, _ := lead.f.Softphone.Last(fake.OpOpen)
	assert.Equal(t, "jwt2", open.Session.Token)
}

func TestRestoredTabAsksForTheMicrophoneAgain(t *testing.T) {
	before := newTab(t, "tab-a")
	before.in(cti.TabLed{})
	before.signedIn()
	after := newTab(t, "tab-a")
	st := after.in(cti.Restore{Snapshot: before.f.Snapshots.Last})
	assert.Equal(t, cti.MicUnknown, st.Mic)
	after.f.Media.Take()
	after.in(cti.TabLed{})
	assert.Contains(t, after.f.Media.Take(), "Microphone")
}

// reloadedInACall is the leading tab of an agent in a call, reloaded: the
// new page restored from the old one's snapshot and leading.
func reloadedInACall(t *testing.T) *agent {
	before := newTab(t, "tab-a")
	before.in(cti.TabLed{})
	before.signedIn()
	connected(t, before)
	after := newTab(t, "tab-a")
	after.in(cti.Restore{Snapshot: before.f.Snapshots.Last}, cti.TabLed{})
	return after
}

// After a reload the audio is prepared while the session resumes: the offer
// waits for the welcome and goes out with it.
func TestReloadPreparesAudioInParallel(t *testing.T) {
	after := reloadedInACall(t)
	assert.Equal(t, []string{"Microphone", "Start"}, after.f.Media.Take(),
		"the audio starts before VCC answers and before the microphone is granted")
	assert.Equal(t, welcome.ICEServers, after.f.Media.ICE, "with the session's ICE servers, kept in the snapshot")
	after.in(cti.MicResult{})
	assert.NotContains(t, after.f.Media.Take(), "Start", "the microphone joins the audio already starting")
	after.in(cti.MediaOffer{SDP: "v=0 offer"}, cti.MediaCandidate{Candidate: cti.Candidate{Candidate: "candidate:1"}})
	_, sent := after.f.Softphone.Last(fake.OpOffer)
	assert.False(t, sent, "no offer before the session is resumed")
	after.in(cti.SoftphoneConnected{}, resumed())
	offer, sent := after.f.Softphone.Last(fake.OpOffer)
	require.True(t, sent)
	assert.Equal(t, "v=0 offer", offer.SDP)
	cand, sent := after.f.Softphone.Last(fake.OpCandidate)
	assert.True(t, sent)
	assert.Equal(t, "candidate:1", cand.Candidate.Candidate)
	assert.NotContains(t, after.f.Media.Take(), "Start", "the audio already on its way is not started twice")
}

// A follower that takes the lead starts its own audio, whatever the leader's
// mirrored state said, without waiting for VCC's welcome or the microphone.
func TestNewLeaderStartsItsOwnAudio(t *testing.T) {
	lead := newTab(t, "tab-a")
	follow := newTab(t, "tab-b")
	lead.in(cti.TabLed{})
	lead.signedIn()
	connected(t, lead)
	deliver(lead, follow)
	require.Equal(t, cti.MediaReady, follow.c.State().Media, "mirrored")
	follow.in(cti.TabLed{})
	assert.Equal(t, []string{"Microphone", "Start"}, follow.f.Media.Take())
	assert.Equal(t, cti.MediaConnecting, follow.c.State().Media)
	follow.in(cti.SoftphoneConnected{})
	follow.in(resumed())
	follow.in(cti.MicResult{})
	assert.NotContains(t, follow.f.Media.Take(), "Start", "started once")
}

// Audio that connects before the microphone is granted hears the caller, but
// an answer waits for the microphone: the caller must hear the agent.
func TestAnswerWaitsForTheMicrophone(t *testing.T) {
	before := newTab(t, "tab-a")
	before.in(cti.TabLed{})
	before.signedIn()

	after := newTab(t, "tab-a")
	after.in(cti.Restore{Snapshot: before.f.Snapshots.Last}, cti.TabLed{}, cti.SoftphoneConnected{})
	after.in(resumed(), cti.MediaState{State: "connected"})
	require.Equal(t, cti.MediaReady, after.c.State().Media)
	require.Equal(t, cti.MicUnknown, after.c.State().Mic)

	after.in(offer(t, openframe.EventWorkItemOffered))
	st := after.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
	assert.Equal(t, cti.PendingAnswering, st.Calls[0].Pending)
	_, sent := after.f.Bridge.Find("accept:ix1")
	assert.False(t, sent, "no accept while the caller could not hear the agent")
	after.in(cti.MicResult{})
	_, sent = after.f.Bridge.Find("accept:ix1")
	assert.True(t, sent, "the accept goes out once the microphone is there")
}

// A snapshot the panel wrote before its softphone had a port of its own
// (the same JSON, version 1) still resumes the session after the reload
// that brings the new panel.
func TestSnapshotOfTheEarlierPanel(t *testing.T) {
	snap := `{"v":1,"instance":"https://acme.service-now.com","savedAt":"2026-11-24T09:00:00Z",
	"session":{"access":"jwt","refresh":"rt","expires":"2026-11-24T11:00:00Z","resume":"resume-1","user":"beth.anglin",
		"ice":[{"urls":["turn:turn.vcc.example:3478"],"username":"u","credential":"c"}]},
	"state":{"signedIn":true,"user":"beth.anglin","presence":"Ready","presenceId":"p-ready","tabRole":"leader",
		"calls":[{"id":"call-1","state":"connected","interactionSysId":"ix1"}],
		"connection":"online","mic":"granted","media":"ready","timings":{}}}`
	a := newTab(t, "tab-a")
	st := a.in(cti.Restore{Snapshot: []byte(snap)}, cti.TabLed{})
	require.True(t, st.SignedIn)
	require.Len(t, st.Calls, 1)
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
	assert.Equal(t, []cti.ICEServer{{URLs: []string{"turn:turn.vcc.example:3478"}, Username: "u", Credential: "c"}}, a.f.Media.ICE)
	a.in(cti.SoftphoneConnected{})
	open, ok := a.f.Softphone.Last(fake.OpOpen)
	require.True(t, ok)
	assert.Equal(t, "resume-1", open.Session.ResumeToken)
	assert.Equal(t, "jwt", open.Session.Token)
}

// Call.State has a type of its own, and its JSON is still the plain string
// the earlier panels wrote: their snapshot and the state their leading tab
// broadcasts load with each state a call shows, and what this panel writes
// reads as theirs did.
func TestCallStatesOfTheEarlierPanel(t *testing.T) {
	for _, want := range []cti.CallPhase{cti.CallRinging, cti.CallConnected, cti.CallHeld, cti.CallParked, cti.CallWrapUp} {
		t.Run(string(want), func(t *testing.T) {
			call := `{"id":"call-1","state":"` + string(want) + `","interactionSysId":"ix1"}`
			snap := `{"v":1,"instance":"https://acme.service-now.com","savedAt":"2026-11-24T09:00:00Z",
			"session":{"access":"jwt","expires":"2026-11-24T11:00:00Z","resume":"resume-1","user":"beth.anglin"},
			"state":{"signedIn":true,"user":"beth.anglin","presence":"Ready","presenceId":"p-ready","tabRole":"leader",
				"calls":[` + call + `],"connection":"online","mic":"granted","media":"ready","timings":{}}}`
			a := newTab(t, "tab-a")
			st := a.in(cti.Restore{Snapshot: []byte(snap)})
			require.Len(t, st.Calls, 1, "the snapshot loads")
			assert.Equal(t, want, st.Calls[0].State)

			b, err := json.Marshal(st.Calls[0])
			require.NoError(t, err)
			assert.Contains(t, string(b), `"state":"`+string(want)+`"`)

			var m cti.TabMessage
			require.NoError(t, json.Unmarshal([]byte(`{"v":1,"kind":"state","from":"tab-b","user":"beth.anglin",
				"state":{"signedIn":true,"user":"beth.anglin","tabRole":"leader","calls":[`+call+`]}}`), &m))
			follower := newTab(t, "tab-c")
			st = follower.in(cti.TabReceived{Msg: m})
			require.Len(t, st.Calls, 1, "the leader's state is taken")
			assert.Equal(t, want, st.Calls[0].State)
		})
	}
}

// After a reload the loader resumes the session and offers the audio while
// the connector compiles (web/static/loader.js): the core carries both on,
// sending neither a second hello nor a second offer, whichever of the
// welcome and the adopted offer it hears of first.
func TestReloadCarriesOnTheLoadersResumption(t *testing.T) {
	for name, order := range map[string][]string{
		"welcome first": {"welcome", "offer"},
		"offer first":   {"offer", "welcome"},
	} {
		t.Run(name, func(t *testing.T) {
			after := reloadedInACall(t)
			assert.Equal(t, []string{"Microphone", "Start"}, after.f.Media.Take())
			after.in(cti.SoftphoneConnected{Hello: "early-hello"},
				cti.MediaCandidate{Candidate: cti.Candidate{Candidate: "candidate:late"}})
			for _, step := range order {
				if step == "welcome" {
					after.in(resumed())
				} else {
					after.in(cti.MediaOffer{SDP: "v=0 offer", Sent: true})
				}
			}
			_, opened := after.f.Softphone.Last(fake.OpOpen)
			assert.False(t, opened, "the loader's hello is the session's")
			_, offered := after.f.Softphone.Last(fake.OpOffer)
			assert.False(t, offered, "the loader's offer is the audio's")
			cand, sent := after.f.Softphone.Last(fake.OpCandidate)
			require.True(t, sent, "a candidate gathered after the adoption goes out")
			assert.Equal(t, "candidate:late", cand.Candidate.Candidate)
			assert.NotContains(t, after.f.Media.Take(), "Start", "the audio is not started again")
			st := after.in(cti.MediaState{State: "connected"})
			assert.True(t, st.SignedIn)
			assert.Equal(t, cti.Online, st.Connection)
			assert.Equal(t, cti.MediaReady, st.Media)

			// A later reconnection resumes and offers as usual.
			after.in(cti.SoftphoneDisconnected{}, cti.Timer{Name: "reconnect"})
			after.in(cti.SoftphoneConnected{}, resumed())
			_, opened = after.f.Softphone.Last(fake.OpOpen)
			assert.True(t, opened)
			assert.Contains(t, after.f.Media.Take(), "Start")
		})
	}
}

// The loader's hello refused (its resume token expired meanwhile, say) is
// the core's own hello refused: the panel does what it would have done.
func TestReloadLoadersHelloRefused(t *testing.T) {
	before := newTab(t, "tab-a")
	before.in(cti.TabLed{})
	before.signedIn()
	refusedAfterReload := func(early bool) (cti.State, []string) {
		after := newTab(t, "tab-a")
		after.in(cti.Restore{Snapshot: before.f.Snapshots.Last}, cti.TabLed{})
		req := "early-hello"
		if early {
			after.in(cti.SoftphoneConnected{Hello: req})
		} else {
			after.in(cti.SoftphoneConnected{})
			open, sent := after.f.Softphone.Last(fake.OpOpen)
			require.True(t, sent)
			req = open.Req
		}
		after.f.Softphone.Take()
		st := after.in(cti.RequestRefused{Req: req, Reason: cti.RefusalResumeFailed, Message: "resume token expired"})
		st.Timings = nil
		return st, after.f.Softphone.Take()
	}
	own, ownCalls := refusedAfterReload(false)
	loaders, loadersCalls := refusedAfterReload(true)
	assert.Equal(t, own, loaders)
	assert.Equal(t, ownCalls, loadersCalls)
	assert.NotEmpty(t, ownCalls, "the refusal leads somewhere: a new session")
}
