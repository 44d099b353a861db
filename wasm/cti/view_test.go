package cti

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/vccnow/connector/wasm/ui"
)

func TestViewSignedOut(t *testing.T) {
	cases := []struct {
		name      string
		state     State
		wantLabel string
		wantError string
	}{
		{name: "idle", state: State{}, wantLabel: "Sign in"},
		{name: "popup open", state: State{Busy: "signing-in"}, wantLabel: "Signing in…"},
		{name: "popup closed", state: State{Error: "The sign-in window was closed before you signed in."}, wantLabel: "Sign in",
			wantError: "The sign-in window was closed before you signed in."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := ui.El("main", View(tc.state))
			login := root.Find("login")
			if assert.NotNil(t, login) {
				assert.Equal(t, tc.wantLabel, login.TextContent())
				act, _ := login.Attr("data-action")
				assert.Equal(t, ActSignIn, act)
			}
			assert.Equal(t, tc.wantError, root.Find("error").TextContent())
		})
	}
}
