//go:build !js

package e2e

import (
	"context"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// What an agent sees of actions that did or did not happen: the panel's
// title in the workspace, the AWA work item an offer was, and where the
// keyboard goes first.

// Title is the panel's title in the workspace's OpenFrame header, as the
// panel last set it (openFrameAPI.setTitle).
func (w *Workspace) Title() string {
	w.env.tb.Helper()
	return Eval[string](w.env.tb, w.ctx, `document.getElementById("openframe-title").textContent`)
}

// Offers is how many offer cards the workspace's inbox shows.
func (w *Workspace) Offers() int {
	w.env.tb.Helper()
	return Eval[int](w.env.tb, w.ctx, `document.querySelectorAll('[data-testid="ws-inbox"] [data-testid="ws-offer"]').length`)
}

// WorkItem is an AWA work item as ServiceNow holds it.
type WorkItem struct {
	SysID      string `json:"sys_id"`
	State      string `json:"state"`
	AssignedTo string `json:"assigned_to"`
	Rejected   string `json:"rejected"`
}

// WorkItem reads the AWA work item with this sys_id.
func (e *Env) WorkItem(sysID string) WorkItem {
	e.tb.Helper()
	var items []WorkItem
	e.Records("awa_work_item", "sys_id="+sysID, &items)
	if len(items) != 1 {
		e.tb.Fatalf("awa_work_item %s: %d records", sysID, len(items))
	}
	return items[0]
}

// UserSysID is the sys_id of the ServiceNow user with this user name.
func (e *Env) UserSysID(userName string) string {
	e.tb.Helper()
	var users []struct {
		SysID string `json:"sys_id"`
	}
	e.Records("sys_user", "user_name="+userName, &users)
	if len(users) != 1 {
		e.tb.Fatalf("sys_user %s: %d records", userName, len(users))
	}
	return users[0].SysID
}

// FirstTabStop is the data-testid of the control the first Tab in the
// panel reaches, as the agent's keyboard does: focus starts before the
// panel's first element and Tab moves it on.
func (p *Panel) FirstTabStop() string {
	tb := p.ws.env.tb
	tb.Helper()
	Eval[bool](tb, p.ctx, `(() => {
		const start = document.createElement("span");
		start.tabIndex = -1;
		start.id = "tab-start";
		document.body.prepend(start);
		start.focus();
		return document.activeElement === start;
	})()`)
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		tb.Fatalf("%s's panel: press Tab: %v", p.ws.User, err)
	}
	// The focused control's test id, or its tag when it has none.
	id := Eval[string](tb, p.ctx, `(e => e ? (e.dataset && e.dataset.testid) || e.tagName.toLowerCase() : "")(document.activeElement)`)
	Eval[bool](tb, p.ctx, `(document.getElementById("tab-start").remove(), true)`)
	return id
}
