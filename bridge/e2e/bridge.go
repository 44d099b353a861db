//go:build !js

package e2e

import (
	"encoding/json"
	"net/http"
	"time"
)

// Helpers for stories about the bridge's records: its outbox, and the
// record tabs the panel opens in the workspace.

// WaitBridgeSettled waits until the bridge has nothing left to write to
// ServiceNow: its outbox is empty (GET /healthz) and stays so for 100 ms,
// so that a write queued by an event in flight is seen.
func (e *Env) WaitBridgeSettled() {
	e.tb.Helper()
	deadline := time.Now().Add(Timeout)
	quiet := 0
	for quiet < 5 {
		var h struct {
			OutboxPending int `json:"outboxPending"`
		}
		resp, err := http.Get(e.Stack.BridgeURL + "/healthz")
		if err == nil {
			err = json.NewDecoder(resp.Body).Decode(&h)
			resp.Body.Close()
		}
		if err == nil && h.OutboxPending == 0 {
			quiet++
		} else {
			quiet = 0
		}
		if time.Now().After(deadline) {
			e.tb.Fatalf("the bridge's outbox did not drain within %v (%d pending, %v)", Timeout, h.OutboxPending, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// RecordTab is a record tab of the workspace: its table and sys_id ("-1"
// for a new record), the tab it is under ("interaction:<sys_id>", or "" for
// a top-level tab) and, for a new record, the prefilled fields.
type RecordTab struct {
	Table   string            `json:"table"`
	SysID   string            `json:"sys_id"`
	Parent  string            `json:"parent"`
	Prefill map[string]string `json:"prefill"`
}

// RecordTabs lists the workspace's record tabs, in the order they opened.
func (w *Workspace) RecordTabs() []RecordTab {
	w.env.tb.Helper()
	return Eval[[]RecordTab](w.env.tb, w.ctx, `window.workspace.tabs.map(t => ({table: t.table, sys_id: t.sys_id, parent: t.parent || "",
		prefill: t.sys_id === "-1" && t.record ? Object.fromEntries(t.record.fields.map(f => [f.name, f.value])) : null}))`)
}

// WaitRecordTab waits until a record tab of table is open and returns it.
func (w *Workspace) WaitRecordTab(table string) RecordTab {
	tb := w.env.tb
	tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		for _, t := range w.RecordTabs() {
			if t.Table == table {
				return t
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s's workspace: no %s tab within %v; tabs %+v", w.User, table, Timeout, w.RecordTabs())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// WaitHungUp waits until VCC has the call in wrap-up and the bridge has done
// what that calls for (nothing is written to ServiceNow at hang-up unless the
// queue uses ServiceNow's wrap-up dialog: the interaction closes at the end
// of wrap-up).
func (e *Env) WaitHungUp(vccID string) {
	e.tb.Helper()
	e.WaitSimCall(vccID, "in wrap-up", func(c SimCall) bool { return c.State == "wrapup" })
	e.WaitBridgeSettled()
}
