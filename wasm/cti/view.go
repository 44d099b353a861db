package cti

import "github.com/vccnow/connector/wasm/ui"

// UI actions: the data-action names controls carry.
const (
	ActSignIn = "sign-in"
)

// View is the panel for a state: a pure function, table-tested, painted by
// package ui. Every control carries the data-testid the contract names.
func View(s State) []*ui.Node {
	var body *ui.Node
	switch {
	case !s.SignedIn:
		body = signedOutView(s)
	default:
		body = ui.El("section", ui.Class("idle"),
			ui.El("p", ui.TestID("presence"), s.Presence))
	}
	return []*ui.Node{
		ui.El("header", ui.Class("bar"),
			ui.El("span", ui.Class("brand"), "Vonage Contact Center"),
			ui.El("span", ui.Class("who"), s.User)),
		errorView(s.Error),
		body,
	}
}

func signedOutView(s State) *ui.Node {
	busy := s.Busy == "signing-in"
	label := "Sign in"
	if busy {
		label = "Signing in…"
	}
	return ui.El("section", ui.Class("signed-out"),
		ui.El("p", ui.Class("lead"), "Sign in to take calls in ServiceNow."),
		ui.El("button", ui.TestID("login"), ui.Action(ActSignIn), ui.Class("primary"),
			ui.A("type", "button"), ui.If(busy, ui.A("aria-busy", "true")), label))
}

func errorView(msg string) *ui.Node {
	if msg == "" {
		return nil
	}
	return ui.El("p", ui.TestID("error"), ui.Class("error"), ui.A("role", "alert"), msg)
}
