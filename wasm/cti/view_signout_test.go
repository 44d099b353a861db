package cti

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/ui"
)

// tabStops lists the test ids of the focusable controls in DOM order (the
// Tab order: the view sets no positive tabindex).
func tabStops(n *ui.Node) []string {
	var out []string
	var walk func(*ui.Node)
	walk = func(n *ui.Node) {
		switch n.Tag {
		case "button", "select", "textarea", "input", "summary":
			if _, disabled := n.Attr("disabled"); !disabled {
				out = append(out, firstNonEmpty(attr(n, "data-testid"), n.Tag))
			}
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(n)
	return out
}

func TestViewSignOutIsNotTheFirstTabStop(t *testing.T) {
	s := signedIn()
	s.Calls = []Call{{State: CallConnected, ID: "c1", InteractionSysID: "ix1", From: "+14155550142"}}
	stops := tabStops(render(s))
	require.NotEmpty(t, stops)
	assert.NotEqual(t, "sign-out", stops[0])
	assert.Equal(t, "sign-out", stops[len(stops)-1], "after the call controls and the settings")
	assert.Less(t, indexOf(stops, "hangup"), indexOf(stops, "sign-out"))
}

func TestViewSignOutDuringACall(t *testing.T) {
	cases := []struct {
		name, signOut string
		state         CallPhase
		want          map[string]string // test id → text; "" absent
	}{
		{name: "no question", state: CallConnected,
			want: map[string]string{"sign-out": "Sign out", "sign-out-confirm": "", "sign-out-pending": ""}},
		{name: "asked on a call", signOut: SignOutConfirm, state: CallConnected,
			want: map[string]string{"sign-out-confirm": "You're on a call. Sign out when it's wrapped up?Sign out after the callCancel",
				"sign-out-after-call": "Sign out after the call", "sign-out-cancel": "Cancel", "sign-out-pending": ""}},
		{name: "asked in wrap-up", signOut: SignOutConfirm, state: CallWrapUp,
			want: map[string]string{"sign-out-confirm": "You're wrapping up a call. Sign out when it's wrapped up?Sign out after the callCancel"}},
		{name: "kept", signOut: SignOutAfterCall, state: CallHeld,
			want: map[string]string{"sign-out-pending": "Signing out after this call.Stay signed in", "sign-out-cancel": "Stay signed in",
				"sign-out-confirm": ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := signedIn()
			s.SignOut = tc.signOut
			s.Calls = []Call{{State: tc.state, ID: "c1", InteractionSysID: "ix1"}}
			root := render(s)
			for id, text := range tc.want {
				n := root.Find(id)
				if text == "" {
					assert.Nil(t, n, id)
					continue
				}
				require.NotNil(t, n, id)
				assert.Equal(t, text, n.TextContent(), id)
			}
		})
	}
}

func TestViewRejecting(t *testing.T) {
	s := signedIn()
	s.Calls = []Call{{State: CallRinging, InteractionSysID: "ix1", Pending: PendingRejecting}}
	root := render(s)
	assert.Equal(t, "Rejecting…", root.Find("reject").TextContent())
	assert.Equal(t, "true", attr(root.Find("reject"), "aria-busy"))
	_, disabled := root.Find("answer").Attr("disabled")
	assert.True(t, disabled, "no answer while the reject is on its way")
	assert.Equal(t, "Incoming call", root.Find("call-state").TextContent(), "it still rings until AWA took the reject")
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
