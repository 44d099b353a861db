package cti

import (
	"fmt"
	"time"

	"github.com/vccnow/connector/wasm/ui"
)

// The call cards: ringing, active (with its controls) and wrap-up.

func callView(s State, c Call, now time.Time) *ui.Node {
	key := firstNonEmpty(c.ID, c.InteractionSysID)
	if c.State == CallRinging {
		return ringingView(c, key, now)
	}
	if c.State == CallWrapUp {
		return wrapUpView(s, c, key, now)
	}
	return activeView(s, c, key, now)
}

// cardPhase names the card a call shows: ringing, active (connected, held,
// parked) or wrapup.
func cardPhase(c Call) string {
	switch c.State {
	case CallRinging, CallWrapUp:
		return string(c.State)
	}
	return "active"
}

// cardFocus makes a call card the panel's resting place for the keyboard
// (see ui.Painter.Render): focusable by script, not a Tab stop, and acting
// on no key.
var cardFocus = []ui.Attr{ui.A("tabindex", "-1"), ui.A("data-focus-home", "call")}

// cardName is a call card's accessible name: what the call is and who
// calls, when known.
func cardName(what string, c Call) string {
	if who := firstNonEmpty(c.CallerName, c.From); who != "" {
		return what + ": " + who
	}
	return what
}

func ringingView(c Call, key string, now time.Time) *ui.Node {
	waited := ""
	if t, err := time.Parse(time.RFC3339, c.QueuedAt); err == nil {
		waited = "waited " + clock(now.Sub(t))
	}
	meta := joinNonEmpty(" · ", queueLabel(c.Queue), waited)
	answering := c.Pending == PendingAnswering
	label := "Answer"
	if answering {
		label = "Connecting…"
	}
	// While AWA takes the reject the call still rings there: the card stays,
	// says so, and comes back if the reject is refused.
	rejecting := c.Pending == PendingRejecting
	rejectLabel := "Reject"
	if rejecting {
		rejectLabel = "Rejecting…"
	}
	return ui.El("article", ui.TestID("incoming-call"), ui.Class("card", "ringing"), ui.A("aria-label", cardName("Incoming call", c)), cardFocus,
		ui.El("p", ui.Class("kicker"), ui.TestID("call-state"), "Incoming call"),
		callerLine(c),
		transferredByLine(c),
		recordLine(c, key),
		ui.El("p", ui.Class("muted"), ui.TestID("call-meta"), meta),
		ui.El("div", ui.Class("row"),
			// No focus moves here when a call rings: the agent may be typing
			// in the workspace, and a space there must not answer.
			ui.El("button", ui.TestID("answer"), ui.Action(ActAnswer), ui.A("data-value", key), ui.Class("good"), ui.A("type", "button"),
				ui.A("aria-keyshortcuts", "Alt+A"), ui.If(answering, ui.A("aria-busy", "true")), ui.If(rejecting, ui.A("disabled", "")), label).WithKey("answer"),
			ui.El("button", ui.TestID("reject"), ui.Action(ActReject), ui.A("data-value", key), ui.Class("danger"), ui.A("type", "button"),
				ui.A("aria-keyshortcuts", "Alt+R"), ui.If(answering, ui.A("disabled", "")), ui.If(rejecting, ui.A("aria-busy", "true")), rejectLabel).WithKey("reject")))
}

func activeView(s State, c Call, key string, now time.Time) *ui.Node {
	status := map[CallPhase]string{CallConnected: "On a call", CallHeld: "On hold", CallParked: "Reconnecting audio…"}[c.State]
	elapsed := sinceStamp(c.talkSince(), now) // this agent's talk time
	held := c.State == CallHeld
	live := c.State == CallConnected || held
	holdLabel := "Hold"
	if held {
		holdLabel = "Resume"
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
	return ui.El("article", ui.TestID("active-call"), ui.Class("card", string(c.State)), ui.A("aria-label", cardName(status, c)), cardFocus,
		ui.El("p", ui.Class("kicker"), ui.El("span", ui.TestID("call-state"), status),
			ui.El("span", holdTimer(c, now), ui.El("span", ui.TestID("call-timer"), ui.Class("timer"), ui.A("title", "Talk time"), elapsed))),
		callerLine(c),
		transferredByLine(c),
		recordLine(c, key),
		matches,
		qualityView(s.Quality),
		ui.El("div", ui.Class("row", "controls"),
			ui.El("button", ui.TestID("mute"), ui.Action(ActMute), ui.A("data-value", key), ui.A("type", "button"),
				// A toggle keeps its name: "Mute", pressed or not (a label
				// that flips as well would be read "Unmute, pressed").
				ui.A("aria-pressed", fmt.Sprint(c.Muted)), ui.A("aria-keyshortcuts", "Alt+M"), ui.If(!live, ui.A("disabled", "")), "Mute").WithKey("mute"),
			ui.El("button", ui.TestID("hold"), ui.Action(ActHold), ui.A("data-value", key), ui.A("type", "button"),
				// Hold names what it does (Hold, Resume), so it is no toggle.
				ui.A("aria-keyshortcuts", "Alt+P"), ui.If(!live || c.Pending != "", ui.A("disabled", "")), holdLabel),
			ui.El("button", ui.TestID("hangup"), ui.Action(ActHangup), ui.A("data-value", key), ui.Class("danger"), ui.A("type", "button"),
				ui.A("aria-keyshortcuts", "Alt+H"), ui.If(c.Pending == PendingHangingUp, ui.A("disabled", "")), "Hang up")),
		waitingView(c),
		keypadView(c, key, c.State == CallConnected),
		transferView(s, c, key, live))
}

func keypadView(c Call, key string, enabled bool) *ui.Node {
	var keys []*ui.Node
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"} {
		keys = append(keys, ui.El("button", ui.TestID("dtmf-"+d), ui.Action(ActKeypad), ui.A("data-value", key+"|"+d), ui.A("type", "button"),
			ui.If(!enabled, ui.A("disabled", "")), d).WithKey(d))
	}
	// Digits typed on the keyboard while focus is in the open keypad send
	// tones too (data-keys: the painter sends data-keys-action with
	// data-keys-value|digit).
	return ui.El("details", ui.TestID("keypad"), ui.Class("keypad"),
		ui.A("data-keys", "0123456789*#"), ui.A("data-keys-action", ActKeypad), ui.A("data-keys-value", key),
		ui.El("summary", "Keypad"),
		ui.El("div", ui.Class("keys"), keys),
		ui.If(c.DTMF != "", ui.A("data-sent", c.DTMF)),
		ui.El("p", ui.Class("muted"), ui.TestID("dtmf-sent"), c.DTMF))
}

// transferView is the Transfer list, which only selects, the Transfer
// button and, once pressed, the question that carries the transfer out.
func transferView(s State, c Call, key string, enabled bool) *ui.Node {
	if len(s.TransferTargets) == 0 {
		return nil
	}
	opts := []*ui.Node{ui.El("option", ui.A("value", key+"|"), ui.If(c.TransferChoice == "", ui.A("selected", "")), "Transfer to…").WithKey("none")}
	for _, t := range transferOptions(s) {
		label := t.Name
		if t.Type == "queue" {
			label = "Queue: " + t.Name
		}
		v := targetValue(t)
		opts = append(opts, ui.El("option", ui.A("value", key+"|"+v), ui.If(c.TransferChoice == v, ui.A("selected", "")), label).WithKey(v))
	}
	usable := enabled && c.Pending == ""
	label := "Transfer"
	if c.Pending == PendingTransferring {
		label = "Transferring…"
	}
	var ask, problem *ui.Node
	if c.TransferAsk {
		ask = ui.El("div", ui.TestID("transfer-ask"), ui.Class("confirm"), ui.A("role", "alertdialog"), ui.A("aria-label", "Confirm the transfer"),
			ui.El("p", "Transfer the caller to "+targetLabel(s, c.TransferChoice)+"?"),
			ui.El("div", ui.Class("row"),
				ui.El("button", ui.TestID("transfer-confirm"), ui.Action(ActTransferConfirm), ui.A("data-value", key), ui.Class("primary"), ui.A("type", "button"), "Transfer"),
				// Cancel takes focus (when the agent is in the panel): a
				// second Enter does not send the caller away.
				ui.El("button", ui.TestID("transfer-cancel"), ui.Action(ActTransferCancel), ui.A("data-value", key), ui.A("type", "button"), ui.A("data-focus", "1"), "Cancel")))
	}
	if c.TransferProblem != "" {
		problem = ui.El("p", ui.TestID("transfer-problem"), ui.Class("warning"), ui.A("role", "alert"), c.TransferProblem)
	}
	return ui.El("div", ui.Class("transfer"),
		ui.El("div", ui.Class("row"),
			ui.El("label",
				ui.El("span", ui.Class("sr-only"), "Transfer the call to"),
				// The list only selects; coming to it asks again who can take
				// a call now.
				ui.El("select", ui.TestID("transfer"), ui.Action(ActTransferChoose), ui.A("data-focus-action", ActTransferTargets),
					ui.A("value", key+"|"+c.TransferChoice), ui.If(!usable, ui.A("disabled", "")), opts)),
			ui.El("button", ui.TestID("transfer-submit"), ui.Action(ActTransfer), ui.A("data-value", key), ui.A("type", "button"),
				ui.If(!usable || c.TransferChoice == "", ui.A("disabled", "")), ui.If(c.Pending == PendingTransferring, ui.A("aria-busy", "true")), label)),
		ask, problem)
}

func qualityView(q *Quality) *ui.Node {
	if q == nil || !q.Poor {
		return nil
	}
	return ui.El("p", ui.TestID("quality-warning"), ui.Class("warning"),
		fmt.Sprintf("Poor call quality (MOS %.1f: %.0f ms round trip, %.0f ms jitter, %.1f%% loss). Check your network or headset.", q.MOS, q.RTTms, q.JitterMs, q.LossPct))
}

func wrapUpView(s State, c Call, key string, now time.Time) *ui.Node {
	opts := []*ui.Node{ui.El("option", ui.A("value", key+"|"), "Choose a disposition…").WithKey("none")}
	for _, d := range s.Dispositions {
		attrs := []ui.Attr{ui.A("value", key+"|"+d)}
		if d == c.Disposition {
			attrs = append(attrs, ui.A("selected", ""))
		}
		opts = append(opts, ui.El("option", attrs, d).WithKey(d))
	}
	busy := c.Pending == PendingWrappingUp
	missing := s.Enforced && c.Disposition == ""
	return ui.El("article", ui.TestID("wrapup"), ui.Class("card", "wrapup"), ui.A("aria-label", cardName("Wrap-up", c)), cardFocus,
		ui.El("p", ui.Class("kicker"), ui.El("span", ui.TestID("call-state"), "Wrap-up"), wrapUpTimer(c, now)),
		callerLine(c),
		transferResult(c),
		recordLine(c, key),
		ui.El("label", ui.El("span", ui.Class("label"), "Disposition"),
			ui.El("select", ui.TestID("disposition"), ui.Action(ActDisposition), ui.A("value", key+"|"+c.Disposition), opts)),
		ui.El("label", ui.El("span", ui.Class("label"), "Notes"),
			ui.El("textarea", ui.TestID("notes"), ui.Action(ActNotes), ui.FieldKey(key), ui.A("rows", "3"), ui.A("maxlength", "4000"), ui.A("value", c.Notes))),
		ui.El("button", ui.TestID("wrapup-submit"), ui.Action(ActWrapUp), ui.A("data-value", key), ui.Class("primary", "wide"), ui.A("type", "button"),
			ui.If(busy || missing, ui.A("disabled", "")), ui.If(busy, ui.A("aria-busy", "true")), "Finish wrap-up"))
}

// transferResult says where the agent's transfer sent the caller.
func transferResult(c Call) *ui.Node {
	if c.TransferredTo == "" {
		return nil
	}
	return ui.El("p", ui.TestID("transfer-result"), ui.A("role", "status"), "Transferred to "+c.TransferredTo+".")
}
