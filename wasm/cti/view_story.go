package cti

import (
	"strings"
	"time"

	"github.com/vccnow/connector/wasm/ui"
)

// The parts of a call card that tell the call's story: who calls (a
// neutral "Caller" until the bridge has said, never "Unknown caller" for a
// caller it knows), their number as people in the agent's region write it
// (E.164 in its tooltip), who transferred the call here, the record as a
// link that opens it in the workspace, and the card's timers.

// ActOpenRecord opens the call's record in this tab's workspace (value:
// call key).
const ActOpenRecord = "open-record"

func callerLine(c Call) []*ui.Node {
	if c.CallerName == "" && !c.Detailed && c.InteractionSysID != "" && c.From == "" {
		// An AWA offer: the bridge gives who calls with the accept. Saying
		// "Unknown caller" now would not be true.
		line := "Name, number and record appear when you answer."
		if c.State != CallRinging {
			line = "Name, number and record are on their way."
		}
		return []*ui.Node{ui.El("h2", ui.TestID("caller-name"), "Caller"),
			ui.El("p", ui.Class("muted"), ui.TestID("caller-pending"), line)}
	}
	switch {
	case c.CallerName != "":
		out := []*ui.Node{ui.El("h2", ui.TestID("caller-name"), c.CallerName)}
		if c.From != "" {
			out = append(out, ui.El("p", ui.Class("muted"), ui.TestID("caller-number"), numberAttrs(c), numberText(c)))
		}
		return out
	case c.From != "":
		return []*ui.Node{ui.El("h2", ui.TestID("caller-name"), numberAttrs(c), numberText(c))}
	case c.Detailed && c.InteractionSysID != "":
		// The bridge has the call's details and no number: a withheld one.
		return []*ui.Node{ui.El("h2", ui.TestID("caller-name"), "Unknown caller")}
	}
	return []*ui.Node{ui.El("h2", ui.TestID("caller-name"), "Caller")}
}

// numberText is the caller's number for people: the bridge's display form
// in the agent's region, else E.164.
func numberText(c Call) string { return firstNonEmpty(c.FromDisplay, c.From) }

// numberAttrs puts the E.164 number in the tooltip of a number written for
// people.
func numberAttrs(c Call) []ui.Attr {
	if c.FromDisplay == "" || c.FromDisplay == c.From {
		return nil
	}
	return []ui.Attr{ui.A("title", c.From)}
}

// who names the caller in sentences: their name, else their number.
func who(c Call, none string) string {
	return firstNonEmpty(c.CallerName, c.FromDisplay, c.From, none)
}

// recordLine is the record the call concerns, as a link that opens it in
// the workspace (the screen pop opened it once; the agent may have closed
// it, or be in another tab).
func recordLine(c Call, key string) *ui.Node {
	if c.Record == nil || c.Record.Label == "" && c.Record.Number == "" {
		return nil
	}
	text := strings.TrimSpace(c.Record.Number + " " + c.Record.Label)
	if c.Record.SysID == "-1" {
		text = c.Record.Label + " (to fill in)"
	}
	if c.InteractionSysID == "" || c.Record.Table == "" {
		return ui.El("p", ui.TestID("call-record"), ui.Class("record"), text)
	}
	return ui.El("p", ui.TestID("call-record"), ui.Class("record"),
		ui.El("button", ui.TestID("open-record"), ui.Action(ActOpenRecord), ui.A("data-value", key), ui.Class("link"), ui.A("type", "button"),
			ui.A("title", "Open in the workspace"), text))
}

// transferredByLine says who sent the caller to this agent, and from which
// queue.
func transferredByLine(c Call) *ui.Node {
	if c.TransferredBy == "" || c.Transferred {
		return nil
	}
	text := "Transferred by " + c.TransferredBy
	if c.TransferredFrom != "" {
		text += " from " + c.TransferredFrom
	}
	return ui.El("p", ui.Class("muted"), ui.TestID("transferred-by"), text)
}

// holdTimer is how long the caller has been on hold, on the card of a held
// call.
func holdTimer(c Call, now time.Time) *ui.Node {
	if c.State != CallHeld || c.HeldAt == "" {
		return nil
	}
	return ui.El("span", ui.TestID("hold-timer"), ui.Class("timer"), ui.A("title", "Time on hold"), sinceStamp(c.HeldAt, now))
}

// wrapUpTimer is how long the agent has been wrapping up.
func wrapUpTimer(c Call, now time.Time) *ui.Node {
	if c.WrapUpAt == "" {
		return nil
	}
	return ui.El("span", ui.TestID("wrapup-timer"), ui.Class("timer"), ui.A("title", "Time in wrap-up"), sinceStamp(c.WrapUpAt, now))
}

// savingView shows what the agent typed or chose that the bridge has not
// taken yet: kept, and sent as soon as it can be.
func savingView(s State) *ui.Node {
	if len(s.Writes) == 0 {
		return nil
	}
	var items []*ui.Node
	for _, w := range s.Writes {
		purpose, _ := w.purposeKey()
		text := "Saving " + keptWhat[purpose]
		if w.Caller != "" {
			text += " of the call with " + w.Caller
		}
		text += "…"
		var why *ui.Node
		if w.Tries > 0 {
			why = ui.El("span", ui.Class("muted"), " Not saved yet: ServiceNow can't be reached from here right now. It is kept in this panel and sent as soon as the connection is back.")
		}
		items = append(items, ui.El("p", ui.TestID("saving"), ui.Class("banner"), ui.A("data-write", w.ID), ui.El("span", text), why).WithKey(w.ID))
	}
	return ui.El("div", ui.Class("saving"), ui.A("role", "status"), items)
}
