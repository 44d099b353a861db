package cti

import (
	"fmt"
	"strings"
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
		ui.El("div", ui.Class("sr-only"), ui.A("role", "status"), ui.A("aria-live", "assertive"), ui.TestID("announce"), announcement(s)),
	}
}

func headerView(s State) *ui.Node {
	var right *ui.Node
	if s.SignedIn {
		right = ui.El("button", ui.TestID("sign-out"), ui.Action(ActSignOut), ui.Class("link"), ui.A("type", "button"), "Sign out")
	}
	return ui.El("header", ui.Class("bar"),
		ui.El("span", ui.Class("brand"), "Vonage Contact Center"),
		ui.El("span", ui.Class("who"), ui.TestID("agent"), firstNonEmpty(s.Name, s.User)),
		right)
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
	if s.Error != "" {
		kids = append(kids, ui.El("div", ui.TestID("error"), ui.Class("error"), ui.A("role", "alert"),
			ui.El("span", s.Error),
			ui.El("button", ui.Class("close"), ui.Action(ActDismiss), ui.A("type", "button"), ui.A("aria-label", "Dismiss"), "×")))
	}
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
		kids = append(kids, ui.El("p", ui.TestID("reconnecting"), ui.Class("warning"), "Reconnecting to Vonage… your calls continue."))
	}
	if len(kids) == 0 {
		return nil
	}
	return ui.El("div", ui.Class("banners"), kids)
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
		calls = append(calls, callView(s, c, now).WithKey(firstNonEmpty(c.InteractionSysID, c.ID)))
	}
	return ui.El("section", ui.Class("signed-in"),
		presenceView(s),
		statusView(s, len(calls) > 0),
		ui.El("div", ui.Class("calls"), calls),
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
			ui.El("select", ui.TestID(id), ui.Action(action), ui.A("value", chosen), opts))
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
	return ui.El("section", ui.Class("signed-out"),
		ui.El("p", ui.Class("lead"), "Sign in to take calls in ServiceNow."),
		ui.El("button", ui.TestID("login"), ui.Action(ActSignIn), ui.Class("primary", "wide"),
			ui.A("type", "button"), ui.If(busy, ui.A("aria-busy", "true")), label))
}

func presenceView(s State) *ui.Node {
	var opts []*ui.Node
	found := false
	for _, p := range s.Presences {
		attrs := []ui.Attr{ui.A("value", p.ID)}
		if p.ID == s.PresenceID {
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
		ui.El("select", ui.TestID("presence"), ui.Action(ActPresence), ui.A("value", s.PresenceID), ui.A("aria-label", "Status"), opts))
}

func statusView(s State, inCall bool) *ui.Node {
	var audio string
	switch {
	case s.Mic == MicDenied:
		audio = "Microphone blocked"
	case s.Media == MediaReady:
		audio = "Audio ready"
	case s.Media == MediaFailed:
		audio = "Audio connection lost, retrying…"
	default:
		audio = "Setting up audio…"
	}
	line := []*ui.Node{ui.El("span", ui.TestID("audio-status"), ui.Class("audio", s.Media), audio)}
	if !inCall {
		line = append(line, ui.El("span", ui.Class("muted"), " · Waiting for calls"))
	}
	return ui.El("p", ui.Class("status"), line)
}

func callView(s State, c Call, now time.Time) *ui.Node {
	key := firstNonEmpty(c.ID, c.InteractionSysID)
	if c.State == CallRinging {
		return ringingView(c, key, now)
	}
	if c.State == CallWrapUp {
		return wrapUpView(s, c, key)
	}
	return activeView(s, c, key, now)
}

func callerLine(c Call) []*ui.Node {
	name := c.CallerName
	if name == "" {
		name = c.From
		if name == "" {
			name = "Unknown caller"
		}
	}
	out := []*ui.Node{ui.El("h2", ui.TestID("caller-name"), name)}
	if c.CallerName != "" && c.From != "" {
		out = append(out, ui.El("p", ui.Class("muted"), ui.TestID("caller-number"), c.From))
	}
	return out
}

func recordLine(c Call) *ui.Node {
	if c.Record == nil || c.Record.Label == "" && c.Record.Number == "" {
		return nil
	}
	text := strings.TrimSpace(c.Record.Number + " " + c.Record.Label)
	if c.Record.SysID == "-1" {
		text = c.Record.Label + " (to fill in)"
	}
	return ui.El("p", ui.TestID("call-record"), ui.Class("record"), text)
}

func ringingView(c Call, key string, now time.Time) *ui.Node {
	waited := ""
	if t, err := time.Parse(time.RFC3339, c.QueuedAt); err == nil {
		waited = "waited " + clock(now.Sub(t))
	}
	meta := joinNonEmpty(" · ", queueLabel(c.Queue), waited)
	answering := c.Pending == "answering"
	label := "Answer"
	if answering {
		label = "Connecting…"
	}
	return ui.El("article", ui.TestID("incoming-call"), ui.Class("card", "ringing"), ui.A("aria-label", "Incoming call"),
		ui.El("p", ui.Class("kicker"), ui.TestID("call-state"), "Incoming call"),
		callerLine(c),
		recordLine(c),
		ui.El("p", ui.Class("muted"), meta),
		ui.El("div", ui.Class("row"),
			ui.El("button", ui.TestID("answer"), ui.Action(ActAnswer), ui.A("data-value", key), ui.Class("good"), ui.A("type", "button"),
				ui.A("aria-keyshortcuts", "Alt+A"), ui.A("data-focus", "1"), ui.If(answering, ui.A("aria-busy", "true")), label),
			ui.El("button", ui.TestID("reject"), ui.Action(ActReject), ui.A("data-value", key), ui.Class("danger"), ui.A("type", "button"),
				ui.A("aria-keyshortcuts", "Alt+R"), ui.If(answering, ui.A("disabled", "")), "Reject")))
}

func activeView(s State, c Call, key string, now time.Time) *ui.Node {
	status := map[string]string{CallConnected: "On a call", CallHeld: "On hold", CallParked: "Reconnecting audio…"}[c.State]
	elapsed := ""
	if t, err := time.Parse(time.RFC3339, c.ConnectedAt); err == nil {
		elapsed = clock(now.Sub(t))
	}
	held := c.State == CallHeld
	live := c.State == CallConnected || held
	holdLabel := "Hold"
	if held {
		holdLabel = "Resume"
	}
	muteLabel := "Mute"
	if c.Muted {
		muteLabel = "Unmute"
	}
	var matches *ui.Node
	if len(c.Matches) > 1 {
		var items []*ui.Node
		for _, m := range c.Matches {
			items = append(items, ui.El("li", ui.El("button", ui.TestID("match"), ui.Action(ActMatch), ui.A("type", "button"),
				ui.A("data-value", key+"|"+m.Table+":"+m.SysID), firstNonEmpty(m.Label, m.Number, m.SysID))).WithKey(m.SysID))
		}
		matches = ui.El("div", ui.Class("matches"), ui.El("p", "This number belongs to several callers. Who is calling?"), ui.El("ul", items))
	}
	return ui.El("article", ui.TestID("active-call"), ui.Class("card", c.State),
		ui.El("p", ui.Class("kicker"), ui.El("span", ui.TestID("call-state"), status), ui.El("span", ui.TestID("call-timer"), ui.Class("timer"), elapsed)),
		callerLine(c),
		recordLine(c),
		matches,
		qualityView(s.Quality),
		ui.El("div", ui.Class("row", "controls"),
			ui.El("button", ui.TestID("mute"), ui.Action(ActMute), ui.A("data-value", key), ui.A("type", "button"),
				ui.A("aria-pressed", fmt.Sprint(c.Muted)), ui.A("aria-keyshortcuts", "Alt+M"), ui.If(!live, ui.A("disabled", "")), muteLabel),
			ui.El("button", ui.TestID("hold"), ui.Action(ActHold), ui.A("data-value", key), ui.A("type", "button"),
				ui.A("aria-pressed", fmt.Sprint(held)), ui.A("aria-keyshortcuts", "Alt+P"), ui.If(!live || c.Pending != "", ui.A("disabled", "")), holdLabel),
			ui.El("button", ui.TestID("hangup"), ui.Action(ActHangup), ui.A("data-value", key), ui.Class("danger"), ui.A("type", "button"),
				ui.A("aria-keyshortcuts", "Alt+H"), ui.If(c.Pending == "hanging-up", ui.A("disabled", "")), "Hang up")),
		keypadView(c, key, c.State == CallConnected),
		transferView(s, c, key, live))
}

func keypadView(c Call, key string, enabled bool) *ui.Node {
	var keys []*ui.Node
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"} {
		keys = append(keys, ui.El("button", ui.TestID("dtmf-"+d), ui.Action(ActKeypad), ui.A("data-value", key+"|"+d), ui.A("type", "button"),
			ui.If(!enabled, ui.A("disabled", "")), d).WithKey(d))
	}
	return ui.El("details", ui.TestID("keypad"), ui.Class("keypad"),
		ui.El("summary", "Keypad"),
		ui.El("div", ui.Class("keys"), keys),
		ui.If(c.DTMF != "", ui.A("data-sent", c.DTMF)),
		ui.El("p", ui.Class("muted"), ui.TestID("dtmf-sent"), c.DTMF))
}

func transferView(s State, c Call, key string, enabled bool) *ui.Node {
	if len(s.TransferTargets) == 0 {
		return nil
	}
	opts := []*ui.Node{ui.El("option", ui.A("value", ""), "Transfer to…").WithKey("none")}
	for _, t := range s.TransferTargets {
		label := t.Name
		if t.Type == "queue" {
			label = "Queue: " + t.Name
		}
		opts = append(opts, ui.El("option", ui.A("value", key+"|"+t.Type+":"+t.ID), label).WithKey(t.Type+t.ID))
	}
	return ui.El("label", ui.Class("transfer"),
		ui.El("span", ui.Class("sr-only"), "Transfer the call"),
		ui.El("select", ui.TestID("transfer"), ui.Action(ActTransfer), ui.If(!enabled || c.Pending != "", ui.A("disabled", "")), opts))
}

func qualityView(q *Quality) *ui.Node {
	if q == nil || !q.Poor {
		return nil
	}
	return ui.El("p", ui.TestID("quality-warning"), ui.Class("warning"),
		fmt.Sprintf("Poor call quality (MOS %.1f: %.0f ms round trip, %.0f ms jitter, %.1f%% loss). Check your network or headset.", q.MOS, q.RTTms, q.JitterMs, q.LossPct))
}

func wrapUpView(s State, c Call, key string) *ui.Node {
	opts := []*ui.Node{ui.El("option", ui.A("value", key+"|"), "Choose a disposition…").WithKey("none")}
	for _, d := range s.Dispositions {
		attrs := []ui.Attr{ui.A("value", key+"|"+d)}
		if d == c.Disposition {
			attrs = append(attrs, ui.A("selected", ""))
		}
		opts = append(opts, ui.El("option", attrs, d).WithKey(d))
	}
	busy := c.Pending == "wrapping-up"
	missing := s.Enforced && c.Disposition == ""
	return ui.El("article", ui.TestID("wrapup"), ui.Class("card", "wrapup"),
		ui.El("p", ui.Class("kicker"), ui.TestID("call-state"), "Wrap-up"),
		callerLine(c),
		recordLine(c),
		ui.El("label", ui.El("span", ui.Class("label"), "Disposition"),
			ui.El("select", ui.TestID("disposition"), ui.Action(ActDisposition), ui.A("value", key+"|"+c.Disposition), opts)),
		ui.El("label", ui.El("span", ui.Class("label"), "Notes"),
			ui.El("textarea", ui.TestID("notes"), ui.Action(ActNotes), ui.FieldKey(key), ui.A("rows", "3"), ui.A("maxlength", "4000"), ui.A("value", c.Notes))),
		ui.El("button", ui.TestID("wrapup-submit"), ui.Action(ActWrapUp), ui.A("data-value", key), ui.Class("primary", "wide"), ui.A("type", "button"),
			ui.If(busy || missing, ui.A("disabled", "")), ui.If(busy, ui.A("aria-busy", "true")), "Finish wrap-up"))
}

// announcement is what screen readers hear: the newest call event.
func announcement(s State) string {
	for i := len(s.Calls) - 1; i >= 0; i-- {
		c := s.Calls[i]
		who := firstNonEmpty(c.CallerName, c.From, "unknown caller")
		switch c.State {
		case CallRinging:
			return "Incoming call from " + who
		case CallConnected:
			return "Connected to " + who
		case CallHeld:
			return who + " is on hold"
		case CallWrapUp:
			return "Call with " + who + " ended, wrap-up"
		}
	}
	return ""
}

func queueLabel(q string) string {
	if q == "" {
		return ""
	}
	return "Queue " + q
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
