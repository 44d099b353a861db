package cti

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/ui"
)

var now = time.Date(2026, 11, 24, 9, 0, 30, 0, time.UTC)

func render(s State) *ui.Node { return ui.El("main", View(s, now)) }

func attr(n *ui.Node, name string) string {
	v, _ := n.Attr(name)
	return v
}

func TestViewSignedOut(t *testing.T) {
	cases := []struct {
		name      string
		state     State
		wantLabel string
		wantError string
	}{
		{name: "idle", state: NewState(), wantLabel: "Sign in"},
		{name: "popup open", state: State{Busy: "signing-in"}, wantLabel: "Signing in…"},
		{name: "popup closed", state: State{Error: "The sign-in window was closed before you signed in."}, wantLabel: "Sign in",
			wantError: "The sign-in window was closed before you signed in.×"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := render(tc.state)
			login := root.Find("login")
			require.NotNil(t, login)
			assert.Equal(t, tc.wantLabel, login.TextContent())
			assert.Equal(t, ActSignIn, attr(login, "data-action"))
			assert.Equal(t, tc.wantError, root.Find("error").TextContent())
			assert.Nil(t, root.Find("presence"))
		})
	}
}

func signedIn() State {
	s := NewState()
	s.SignedIn, s.User, s.Name = true, "beth.anglin", "Beth Anglin"
	s.Presence, s.PresenceID = "Ready", "r"
	s.Presences = []PresenceOption{{ID: "r", Name: "Ready"}, {ID: "a", Name: "Away"}}
	s.Mic, s.Media, s.Connection = MicGranted, MediaReady, Online
	s.Dispositions = []string{"Resolved", "Escalated"}
	s.TransferTargets = []Target{{Type: "queue", ID: "support", Name: "support"}}
	return s
}

func TestViewRinging(t *testing.T) {
	s := signedIn()
	s.Calls = []Call{{State: CallRinging, InteractionSysID: "ix1", ID: "c1", From: "+14155550142", CallerName: "<b>Ada</b>",
		Queue: "support", QueuedAt: "2026-11-24T09:00:00Z", Record: &Record{Number: "CS0001001", Label: "Router down"}}}
	root := render(s)
	card := root.Find("incoming-call")
	require.NotNil(t, card)
	assert.Equal(t, "<b>Ada</b>", root.Find("caller-name").TextContent(), "caller text stays text")
	assert.Contains(t, card.TextContent(), "Queue: support · waited 0:30")
	assert.Equal(t, "c1", attr(root.Find("answer"), "data-value"))
	_, focus := root.Find("answer").Attr("data-focus")
	assert.False(t, focus, "a ringing call takes no focus: the agent may be typing in the workspace")
	assert.Equal(t, "call", attr(card, "data-focus-home"))
	assert.Equal(t, "Incoming call from <b>Ada</b>", root.Find("announce").TextContent())
	assert.Nil(t, root.Find("hangup"))
}

func TestViewConnected(t *testing.T) {
	s := signedIn()
	s.Calls = []Call{{State: CallHeld, ID: "c1", From: "+14155550142", ConnectedAt: "2026-11-24T08:58:00Z", Muted: true}}
	s.Quality = &Quality{MOS: 2.9, Poor: true, RTTms: 420}
	root := render(s)
	assert.Equal(t, "On hold", root.Find("call-state").TextContent())
	assert.Equal(t, "2:30", root.Find("call-timer").TextContent())
	assert.Equal(t, "Resume", root.Find("hold").TextContent())
	assert.Equal(t, "true", attr(root.Find("mute"), "aria-pressed"))
	_, disabled := root.Find("dtmf-5").Attr("disabled")
	assert.True(t, disabled, "no DTMF while on hold")
	assert.NotNil(t, root.Find("quality-warning"))
	assert.NotNil(t, root.Find("transfer"))
}

func TestViewWrapUp(t *testing.T) {
	s := signedIn()
	s.Enforced = true
	s.Calls = []Call{{State: CallWrapUp, ID: "c1", From: "+14155550142", Notes: "draft"}}
	root := render(s)
	require.NotNil(t, root.Find("wrapup"))
	assert.Equal(t, "draft", attr(root.Find("notes"), "value"))
	assert.Equal(t, "c1", attr(root.Find("notes"), "data-key"), "typed notes name their call (the painter sends key|text)")
	_, disabled := root.Find("wrapup-submit").Attr("disabled")
	assert.True(t, disabled, "an enforced disposition is needed")
	s.Calls[0].Disposition = "Resolved"
	_, disabled = render(s).Find("wrapup-submit").Attr("disabled")
	assert.False(t, disabled)
}

func TestViewConflict(t *testing.T) {
	s := NewState()
	s.Conflict = &Conflict{Where: "Firefox", Since: "2026-11-24T08:00:00Z"}
	root := render(s)
	assert.Contains(t, root.Find("conflict").TextContent(), "signed in on Firefox")
	assert.NotNil(t, root.Find("take-over"))
	assert.NotNil(t, root.Find("take-over-cancel"))
}

func TestEstimateMOS(t *testing.T) {
	assert.InDelta(t, 4.4, EstimateMOS(20, 2, 0), 0.1)
	assert.Less(t, EstimateMOS(400, 40, 5), poorMOS)
	assert.GreaterOrEqual(t, EstimateMOS(5000, 500, 100), 1.0)
}

// An AWA offer rings without the caller's details, which come with the
// accept: the panel says so rather than "Unknown caller".
func TestViewRingingBeforeTheDetails(t *testing.T) {
	s := State{SignedIn: true, Calls: []Call{{State: CallRinging, InteractionSysID: "ix1", Queue: "support"}}}
	root := render(s)
	assert.Equal(t, "Caller", root.Find("caller-name").TextContent())
	assert.Equal(t, "Name, number and record appear when you answer.", root.Find("caller-pending").TextContent())

	s.Calls[0].Detailed = true
	root = render(s)
	assert.Equal(t, "Unknown caller", root.Find("caller-name").TextContent(), "the bridge found no one")
	assert.Nil(t, root.Find("caller-pending"))

	s.Calls[0].CallerName, s.Calls[0].From = "Julie Lewis", "+14155550201"
	root = render(s)
	assert.Equal(t, "Julie Lewis", root.Find("caller-name").TextContent())
	assert.Equal(t, "+14155550201", root.Find("caller-number").TextContent())
}
