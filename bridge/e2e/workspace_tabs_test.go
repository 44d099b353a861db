//go:build !js

package e2e

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A record the panel opens for an interaction (openServiceNowForm with
// interaction_sys_id) shows as a subtab under the interaction's tab, which
// is a top-level tab; a record opened on its own is a top-level tab.
func TestRecordTabsUnderInteraction(t *testing.T) {
	const incident = "c8ee27a60c26f77d3913b0b89530887b" // INC0000101 (testdata/servicenow)
	const abel = "62826bf03710200044e0bfc8bcbe5df1"
	env := Start(t)
	var ix struct {
		SysID  string `json:"sys_id"`
		Number string `json:"number"`
	}
	env.ServiceNowREST(http.MethodPost, "/api/now/table/interaction",
		map[string]string{"type": "phone", "state": "work_in_progress", "direction": "inbound", "caller_phone_number": "+14155550111"}, &ix)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	open := func(form string) {
		t.Helper()
		// The connector calls openFrameAPI.init when it starts; until init
		// has succeeded the library refuses calls, so retry for a while.
		Eval[bool](t, panel.Context(), `new Promise((resolve, reject) => {
			const start = Date.now();
			(function attempt() {
				try { openFrameAPI.openServiceNowForm(`+form+`); resolve(true); }
				catch (e) { if (Date.now() - start > 5000) reject(e); else setTimeout(attempt, 20); }
			})();
		})`)
	}
	parent := "interaction:" + ix.SysID
	subtabs := `[...document.querySelectorAll('[data-testid="ws-subtab"]')].map(b => b.dataset.parent + " " + b.textContent + " " + b.getAttribute("aria-selected"))`
	topTabs := `[...document.querySelectorAll('[data-testid="ws-tab"]')].map(b => b.textContent + " " + b.getAttribute("aria-selected"))`

	open(`{entity: "incident", query: "sys_id=` + incident + `", interaction_sys_id: "` + ix.SysID + `"}`)
	ws.WaitFor("the incident under the interaction", `document.querySelector('[data-testid="ws-record"][data-table="incident"]') &&
		document.querySelectorAll('[data-testid="ws-subtab"]').length === 2 && document.querySelector('[data-testid="ws-tab"]').textContent === "`+ix.Number+`"`)
	assert.Equal(t, []string{ix.Number + " true"}, Eval[[]string](t, ws.Context(), topTabs), "one top-level tab: the interaction")
	assert.Equal(t, []string{parent + " " + ix.Number + " false", parent + " INC0000101 true"}, Eval[[]string](t, ws.Context(), subtabs))

	open(`{entity: "sys_user", query: "sys_id=` + abel + `", interaction_sys_id: "` + ix.SysID + `"}`)
	ws.WaitFor("Abel's record under the interaction too", `document.querySelectorAll('[data-testid="ws-subtab"]').length === 3 &&
		document.querySelector('[data-testid="ws-record"][data-table="sys_user"]')`)
	assert.Equal(t, []string{parent + " " + ix.Number + " false", parent + " INC0000101 false", parent + " Abel Tuter true"},
		Eval[[]string](t, ws.Context(), subtabs))

	ws.Click(`[data-testid="ws-subtab"][data-tab="` + parent + `"]`)
	ws.WaitFor("the interaction's own record", `document.querySelector('[data-testid="ws-record"][data-table="interaction"]')`)

	open(`{entity: "incident", query: "sys_id=` + incident + `"}`)
	ws.WaitFor("the incident again, still under the interaction", `document.querySelector('[data-testid="ws-record"][data-table="incident"]')`)
	assert.Equal(t, []string{ix.Number + " true"}, Eval[[]string](t, ws.Context(), topTabs))

	ws.Click(`#tabs button[data-tab="home"]`)
	ws.WaitFor("no subtabs at home", `document.querySelector('[data-testid="ws-subtabs"]').hidden`)
	open(`{entity: "sys_user", query: "sys_id=46d44a23a9fe19810012d100cca80666"}`)
	ws.WaitFor("Beth's record in a top-level tab", `document.querySelectorAll('[data-testid="ws-tab"]').length === 2 &&
		document.querySelector('[data-testid="ws-record"][data-table="sys_user"][data-sys-id="46d44a23a9fe19810012d100cca80666"]')`)
	assert.Equal(t, []string{ix.Number + " false", "Beth Anglin true"}, Eval[[]string](t, ws.Context(), topTabs))
	assert.True(t, Eval[bool](t, ws.Context(), `document.querySelector('[data-testid="ws-subtabs"]').hidden`), "a record on its own has no subtabs")
}
