package records

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/store"
)

// closingNote is the work note of a finished call, on the interaction and
// on the linked record.
func (s *Syncer) closingNote(ctx context.Context, c *store.Call) string {
	f := &c.Facts
	names := func(vccUserID string) string { return s.name(ctx, vccUserID) }
	return summary(f, names, s.now(), c.Sync.SegmentError)
}

// summary is the closing note: who called whom, who handled it, talk and
// hold time, transfers, notes of agents who transferred, disposition and
// notes, and a wrap-up segment ServiceNow refused. It is pure.
func summary(f *calls.Facts, name func(vccUserID string) string, now time.Time, segmentError string) string {
	var b strings.Builder
	who := firstNonEmpty(name(f.Agent), f.AgentUser, "the agent")
	fmt.Fprintf(&b, "%s call with %s, handled by %s: %s talk time", title(firstNonEmpty(f.Direction, "inbound")),
		firstNonEmpty(f.From, "an unknown number"), who, clock(f.Duration(now)))
	if held, n := f.HoldTime(); n > 0 {
		fmt.Fprintf(&b, ", %d hold(s) for %s", n, clock(held))
	}
	b.WriteString(".")
	for _, t := range f.Transfers {
		fmt.Fprintf(&b, "\nTransferred by %s to %s %s.", firstNonEmpty(name(t.Agent), "an agent"), firstNonEmpty(t.ToType, "queue"), t.To)
	}
	for _, n := range f.SegmentNotes {
		fmt.Fprintf(&b, "\nNotes before the transfer: %s", n)
	}
	if f.Disposition != "" {
		fmt.Fprintf(&b, "\nDisposition: %s.", f.Disposition)
	}
	if f.Notes != "" {
		fmt.Fprintf(&b, "\nNotes: %s", f.Notes)
	}
	if f.WrapUpInWorkspace {
		b.WriteString("\nWrapped up in the workspace.")
	}
	if segmentError != "" {
		fmt.Fprintf(&b, "\nThe workspace's wrap-up segment could not be used: %s", segmentError)
	}
	return b.String()
}

// lateNote is the work note of a wrap-up that reached the bridge after the
// interaction closed without it (the panel was offline for longer than the
// wrap-up grace), so an agent's notes are never lost.
func lateNote(f *calls.Facts) string {
	var b strings.Builder
	b.WriteString("The agent's wrap-up, received after the interaction closed:")
	if f.Disposition != "" {
		fmt.Fprintf(&b, "\nDisposition: %s.", f.Disposition)
	}
	if f.Notes != "" {
		fmt.Fprintf(&b, "\nNotes: %s", f.Notes)
	}
	return b.String()
}

func clock(d time.Duration) string {
	sec := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%dm%02ds", sec/60, sec%60)
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
