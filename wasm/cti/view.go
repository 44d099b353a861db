package cti

import (
	"fmt"
	"time"

	"github.com/vccnow/connector/wasm/ui"
)

// View is the panel for a state at a moment: a pure function, table-tested,
// painted by package ui. Every control carries the data-testid the contract
// names, and data-action/data-value for what it does.
func View(s State, now time.Time) []*ui.Node {
	return []*ui.Node{
		headerView(s),
		bannersView(s),
		bodyView(s, now),
		signOutView(s),
		// Two live regions, each used for what it is for: a ringing call
		// interrupts (assertive); every other change waits for a pause in
		// what the screen reader says (polite, role=status).
		ui.El("div", ui.Class("sr-only"), ui.A("aria-live", "assertive"), ui.A("aria-atomic", "true"), ui.TestID("announce"), ringAnnouncement(s)),
		ui.El("div", ui.Class("sr-only"), ui.A("role", "status"), ui.A("aria-atomic", "true"), ui.TestID("announce-status"), statusAnnouncement(s)),
	}
}

func headerView(s State) *ui.Node {
	return ui.El("header", ui.Class("bar"),
		ui.El("span", ui.Class("brand"), "Vonage Contact Center"),
		ui.El("span", ui.Class("who"), ui.TestID("agent"), firstNonEmpty(s.Name, s.User)))
}

// signOutView is Sign out, at the foot of the panel: after the call
// controls in the Tab order, never the first stop. During a call it asks
// first, and a kept "after the call" shows until it is carried out.
func signOutView(s State) *ui.Node {
	if !s.SignedIn {
		return nil
	}
	var ask *ui.Node
	switch s.SignOut {
	case SignOutConfirm:
		ask = ui.El("div", ui.TestID("sign-out-confirm"), ui.Class("card", "warning"), ui.A("role", "alertdialog"), ui.A("aria-labelledby", "sign-out-question"),
			ui.El("p", ui.A("id", "sign-out-question"), signOutQuestion(s)),
			ui.El("div", ui.Class("row"),
				ui.El("button", ui.TestID("sign-out-after-call"), ui.Action(ActSignOutAfterCall), ui.Class("primary"), ui.A("type", "button"), "Sign out after the call"),
				ui.El("button", ui.TestID("sign-out-cancel"), ui.Action(ActSignOutCancel), ui.A("type", "button"), "Cancel")))
	case SignOutAfterCall:
		ask = ui.El("div", ui.TestID("sign-out-pending"), ui.Class("banner", "row"), ui.A("role", "status"),
			ui.El("span", "Signing out after this call."),
			ui.El("button", ui.TestID("sign-out-cancel"), ui.Action(ActSignOutCancel), ui.A("type", "button"), "Stay signed in"))
	}
	return ui.El("footer", ui.Class("foot"),
		ask,
		ui.El("button", ui.TestID("sign-out"), ui.Action(ActSignOut), ui.Class("link"), ui.A("type", "button"), "Sign out"))
}

// signOutQuestion is what Sign out asks while a call holds the agent.
func signOutQuestion(s State) string {
	for _, c := range s.Calls {
		if c.State == CallWrapUp {
			return "You're wrapping up a call. Sign out when it's wrapped up?"
		}
	}
	if len(s.Calls) == 0 && len(s.Writes) > 0 {
		return "Your wrap-up is still being saved. Sign out once it is saved?"
	}
	return "You're on a call. Sign out when it's wrapped up?"
}

func bannersView(s State) *ui.Node {
	var kids []*ui.Node
	if s.TabRole == RoleFollower && s.SignedIn {
		label := "Use here"
		if s.Busy == "moving" {
			label = "Moving…"
		}
		kids = append(kids, ui.El("div", ui.TestID("follower-banner"), ui.Class("banner", "row"), ui.A("role", "status"),
			ui.El("span", "Calls are handled in another tab. You can control them here."),
			ui.El("button", ui.TestID("use-here"), ui.Action(ActUseHere), ui.A("type", "button"), ui.If(s.Busy == "moving", ui.A("aria-busy", "true")), label)))
	}
	kids = append(kids, problemsView(s)...)
	if s.Notice != "" {
		kids = append(kids, ui.El("p", ui.TestID("notice"), ui.Class("banner"), s.Notice))
	}
	if s.Conflict != nil {
		kids = append(kids, ui.El("div", ui.TestID("conflict"), ui.Class("card", "warning"), ui.A("role", "alertdialog"),
			ui.El("p", fmt.Sprintf("You are already signed in on %s%s. Only one place can take calls.", s.Conflict.Where, since(s.Conflict.Since))),
			ui.El("div", ui.Class("row"),
				ui.El("button", ui.TestID("take-over"), ui.Action(ActTakeOver), ui.Class("primary"), ui.A("type", "button"), ui.A("data-focus", "1"), "Use this panel"),
				ui.El("button", ui.TestID("take-over-cancel"), ui.Action(ActCancel), ui.A("type", "button"), "Cancel"))))
	}
	if s.Mic == MicDenied && s.SignedIn {
		kids = append(kids, ui.El("p", ui.TestID("mic-problem"), ui.Class("warning"),
			"Calls can't be taken: the browser blocks the microphone for this panel. Allow it in the site settings, then reload the panel."))
	}
	if s.SignedIn && s.Connection == Reconnecting {
		kids = append(kids, ui.El("p", ui.TestID("reconnecting"), ui.Class("warning"), reconnectingText(s)))
	}
	if len(kids) == 0 {
		return nil
	}
	return ui.El("section", ui.Class("banners"), ui.A("aria-label", "Messages"), kids)
}

func since(t string) string {
	if ts, err := time.Parse(time.RFC3339, t); err == nil {
		return " since " + ts.Local().Format("15:04")
	}
	return ""
}

func bodyView(s State, now time.Time) *ui.Node {
	if !s.SignedIn {
		return signedOutView(s)
	}
	var calls []*ui.Node
	for _, c := range s.Calls {
		// A card is keyed by its call and its phase: the ringing card and
		// the call's controls are different elements, so no control keeps
		// focus while it changes meaning (Answer becoming Mute).
		calls = append(calls, callView(s, c, now).WithKey(firstNonEmpty(c.InteractionSysID, c.ID)+"|"+cardPhase(c)))
	}
	return ui.El("section", ui.Class("signed-in"), ui.A("aria-label", "Phone"),
		presenceView(s),
		readyWaitingView(s),
		statusView(s, len(calls) > 0),
		ui.El("section", ui.Class("calls"), ui.A("aria-label", "Calls"), calls),
		savingView(s),
		settingsView(s))
}

// settingsView chooses where calls and the ringtone are heard, and offers
// the support log.
func settingsView(s State) *ui.Node {
	device := func(id, label, action, chosen string) *ui.Node {
		opts := []*ui.Node{ui.El("option", ui.A("value", ""), ui.If(chosen == "", ui.A("selected", "")), "Default device").WithKey("default")}
		for _, d := range s.Outputs {
			opts = append(opts, ui.El("option", ui.A("value", d.ID), ui.If(chosen == d.ID, ui.A("selected", "")), firstNonEmpty(d.Label, "Output "+d.ID)).WithKey(d.ID))
		}
		return ui.El("label", ui.El("span", ui.Class("label"), label),
			ui.El("select", ui.TestID(id), ui.Action(action), ui.A("data-commit", ""), ui.A("value", chosen), opts))
	}
	return ui.El("details", ui.Class("settings"), ui.TestID("settings"),
		ui.El("summary", "Audio and support"),
		device("speaker", "Calls on", ActSpeaker, s.Speaker),
		device("ringer", "Ringtone on", ActRinger, s.Ringer),
		ui.El("button", ui.TestID("download-log"), ui.Action("download-log"), ui.Class("link"), ui.A("type", "button"), "Download the support log"))
}

func signedOutView(s State) *ui.Node {
	busy := s.Busy != ""
	label := "Sign in"
	switch s.Busy {
	case "signing-in":
		label = "Signing in…"
	case "connecting":
		label = "Connecting…"
	}
	return ui.El("section", ui.Class("signed-out"), ui.A("aria-label", "Sign in"),
		ui.El("p", ui.Class("lead"), "Sign in to take calls in ServiceNow."),
		ui.El("button", ui.TestID("login"), ui.Action(ActSignIn), ui.Class("primary", "wide"),
			ui.A("type", "button"), ui.If(busy, ui.A("aria-busy", "true")), label))
}

func presenceView(s State) *ui.Node {
	var opts []*ui.Node
	found := false
	shown := shownPresence(s)
	for _, p := range s.Presences {
		attrs := []ui.Attr{ui.A("value", p.ID)}
		if p.ID == shown {
			attrs = append(attrs, ui.A("selected", ""))
			found = true
		}
		opts = append(opts, ui.El("option", attrs, p.Name).WithKey(p.ID))
	}
	if !found {
		opts = append([]*ui.Node{ui.El("option", ui.A("value", s.PresenceID), ui.A("selected", ""), ui.A("disabled", ""), s.Presence).WithKey("current")}, opts...)
	}
	return ui.El("label", ui.Class("presence"),
		ui.El("span", ui.Class("label"), "Status"),
		// data-commit: a step with the arrow keys only moves the choice;
		// Enter or leaving the list sets it (one presence, not every one
		// passed on the way).
		ui.El("select", ui.TestID("presence"), ui.Action(ActPresence), ui.A("data-commit", ""), ui.A("data-focus-home", "status"),
			ui.A("value", shown), ui.A("aria-label", "Status"), opts))
}

// ringAnnouncement is what screen readers say at once: the newest ringing
// call.
func ringAnnouncement(s State) string {
	for i := len(s.Calls) - 1; i >= 0; i-- {
		if c := s.Calls[i]; c.State == CallRinging {
			return "Incoming call from " + firstNonEmpty(c.CallerName, c.From, "a caller")
		}
	}
	return ""
}

// statusAnnouncement is what screen readers say when they pause: the newest
// call event other than a ring, else the agent's status.
func statusAnnouncement(s State) string {
	for i := len(s.Calls) - 1; i >= 0; i-- {
		c := s.Calls[i]
		who := firstNonEmpty(c.CallerName, c.From, "the caller")
		switch c.State {
		case CallConnected:
			return "Connected to " + who
		case CallHeld:
			return who + " is on hold"
		case CallWrapUp:
			if c.TransferredTo != "" {
				return "Call with " + who + " transferred to " + c.TransferredTo + ", wrap-up"
			}
			return "Call with " + who + " ended, wrap-up"
		}
	}
	if s.SignedIn && s.Presence != "" {
		return "Status " + s.Presence
	}
	return ""
}

func queueLabel(q string) string {
	if q == "" {
		return ""
	}
	return "Queue: " + q
}

// clock formats a duration as m:ss (h:mm:ss past an hour).
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d.Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func joinNonEmpty(sep string, xs ...string) string {
	out := ""
	for _, x := range xs {
		if x == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += x
	}
	return out
}
