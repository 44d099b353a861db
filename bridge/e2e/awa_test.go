//go:build !js

package e2e

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Beth opens the Agent Workspace and makes herself Available in the
// presence menu. A caller waits in the support queue: AWA offers the call
// to Beth, her inbox shows the card, and the TopFrame hands the offer to the
// OpenFrame panel. She accepts it in the inbox, the interaction opens in a
// tab, she clicks the caller's number to dial it back, and after the call
// she submits the wrap-up.
func TestAWAOfferToWorkspace(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	ws.WaitFor("the event feed's first snapshot", `window.workspace.presence && window.workspace.presence.name === "Offline"`)

	ws.Click(`[data-testid="ws-presence-menu"] button[data-state="Available"]`)
	ws.WaitFor("the presence badge to say Available", `document.querySelector('[data-testid="ws-presence"]').textContent === "Available"`)
	ws.WaitFor("the presence event for the panel", `window.workspace.log.some(e => e.eventName === "openframe_awa_agent_presence" && e.args.result.presence.name === "Available")`)

	ixID := env.InsertPhoneCall("+14155550123", "support")

	ws.WaitFor("the inbox card", `document.querySelectorAll('[data-testid="ws-inbox"] [data-testid="ws-offer"]').length === 1`)
	card := Eval[map[string]string](t, ws.Context(), `(() => {
		const c = document.querySelector('[data-testid="ws-offer"]');
		return {caller: c.querySelector('[data-testid="ws-offer-caller"]').textContent,
		        number: c.querySelector('[data-testid="ws-offer-number"]').textContent,
		        countdown: c.querySelector('[data-testid="ws-offer-countdown"]').textContent};
	})()`)
	assert.Equal(t, "+14155550123", card["caller"])
	assert.Contains(t, card["number"], "IMS")
	assert.Contains(t, card["countdown"], "s left")

	offered := ws.PanelEvents("openframe_awa_workitem_offered")
	require.Len(t, offered, 1)
	var offer struct {
		Result struct {
			WorkItem struct {
				SysID          string `json:"sys_id"`
				ServiceChannel struct{ Name string }
				Document       struct {
					SysID string `json:"sys_id"`
					Table string `json:"table"`
				}
			} `json:"workItem"`
		} `json:"result"`
	}
	require.NoError(t, json.Unmarshal(offered[0], &offer))
	assert.Equal(t, ixID, offer.Result.WorkItem.Document.SysID)
	assert.Equal(t, "interaction", offer.Result.WorkItem.Document.Table)
	assert.Equal(t, "Phone", offer.Result.WorkItem.ServiceChannel.Name)

	ws.Click(`[data-testid="ws-accept"]`)
	ws.WaitFor("the card to leave the inbox", `document.querySelectorAll('[data-testid="ws-offer"]').length === 0`)
	ws.WaitFor("the accepted event for the panel", `window.workspace.log.some(e => e.eventName === "openframe_awa_workitem_accepted")`)
	var ix struct {
		State      string `json:"state"`
		AssignedTo string `json:"assigned_to"`
	}
	env.ServiceNowREST(http.MethodGet, "/api/now/table/interaction/"+ixID+"?sysparm_fields=state,assigned_to&sysparm_exclude_reference_link=true", nil, &ix)
	assert.Equal(t, "work_in_progress", ix.State)
	assert.Equal(t, "46d44a23a9fe19810012d100cca80666", ix.AssignedTo)

	ws.WaitFor("the interaction's tab with a dial link", `document.querySelector('[data-testid="ws-record"] [data-testid="ws-dial"]')`)
	ws.Click(`[data-testid="ws-record"] [data-testid="ws-dial"]`)
	dials := ws.PanelEvents("openframe_communication")
	require.Len(t, dials, 1)
	assert.JSONEq(t, `{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"+14155550123","table":"interaction","sys_id":"`+ixID+`"}}}`, string(dials[0]))

	env.ServiceNowREST(http.MethodPatch, "/api/now/table/interaction/"+ixID, map[string]string{"state": "wrap_up"}, nil)
	ws.WaitFor("the wrap-up module", `!document.querySelector('[data-testid="ws-wrapup"]').hidden`)
	code := Eval[string](t, ws.Context(), `document.querySelector('[data-testid="ws-wrapup-code"]').value`)
	require.NotEmpty(t, code)
	ws.Click(`[data-testid="ws-wrapup-submit"]`)
	ws.WaitFor("the wrap-up event for the panel", `window.workspace.log.some(e => e.eventName === "openframe_wrap_up_submitted")`)
	wrapUps := ws.PanelEvents("openframe_wrap_up_submitted")
	var w struct {
		WrapUp map[string]any `json:"wrapUp"`
	}
	require.NoError(t, json.Unmarshal(wrapUps[0], &w))
	assert.Equal(t, ixID, w.WrapUp["recordId"])
	assert.Equal(t, "interaction", w.WrapUp["recordTable"])
	assert.Equal(t, code, w.WrapUp["wrapUpCode"])
	assert.NotEmpty(t, w.WrapUp["wrapUpSegmentId"])
	ws.WaitFor("the wrap-up module to close", `document.querySelector('[data-testid="ws-wrapup"]').hidden`)
}

// The panel drives the workspace through OpenFrame: its presence indicator
// in a state AWA knows becomes Beth's AWA presence (any other is only
// shown), getAWAAgentPresence answers with her AWA presence, and
// openServiceNowForm opens a record tab whose phone numbers dial back
// through the panel.
func TestPanelDrivesWorkspace(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	ws.WaitFor("the event feed's first snapshot", `window.workspace.presence !== null`)
	panel := ws.Panel()
	// The connector calls openFrameAPI.init when it starts; until init has
	// succeeded the library refuses calls, so retry for a while.
	Eval[bool](t, panel.Context(), `new Promise((resolve, reject) => {
		const start = Date.now();
		(function attempt() {
			try { openFrameAPI.setPresenceIndicator("Away", "orange"); resolve(true); }
			catch (e) { if (Date.now() - start > 5000) reject(e); else setTimeout(attempt, 20); }
		})();
	})`)
	ws.WaitFor("AWA presence Away", `document.querySelector('[data-testid="ws-presence"]').textContent === "Away"`)
	assert.Equal(t, "Away", Eval[string](t, ws.Context(), `document.querySelector('[data-testid="ws-presence-indicator"]').textContent`))

	got := Eval[map[string]any](t, panel.Context(), `new Promise((resolve, reject) => openFrameAPI.getAWAAgentPresence(resolve, reject))`)
	presence, ok := got["presence"].(map[string]any)
	require.True(t, ok, "getAWAAgentPresence answered %v", got)
	assert.Equal(t, "Away", presence["name"])
	assert.Equal(t, false, presence["available"])

	Eval[any](t, panel.Context(), `openFrameAPI.setPresenceIndicator("In a meeting", "red"), null`)
	ws.WaitFor("the indicator to show the custom state", `document.querySelector('[data-testid="ws-presence-indicator"]').textContent === "In a meeting"`)
	var agent struct {
		Presence struct{ Name string } `json:"presence"`
	}
	env.ServiceNowREST(http.MethodGet, "/api/now/awa/agents/46d44a23a9fe19810012d100cca80666", nil, &agent)
	assert.Equal(t, "Away", agent.Presence.Name, "a state AWA does not have is not applied")

	Eval[any](t, panel.Context(), `openFrameAPI.openServiceNowForm({entity: "sys_user", query: "sys_id=62826bf03710200044e0bfc8bcbe5df1"}), null`)
	ws.WaitFor("Abel's record in a tab", `document.querySelector('[data-testid="ws-record"][data-table="sys_user"] [data-testid="ws-dial"]')`)
	assert.Equal(t, "Abel Tuter", Eval[string](t, ws.Context(), `document.querySelector('[data-testid="ws-tab"][aria-selected="true"]').textContent`))
	ws.Click(`[data-testid="ws-record"] [data-testid="ws-dial"]`)
	Eval[any](t, ws.Context(), `workspace.clickToDial("+1 415-555-0102", "old"), null`)
	dials := ws.PanelEvents("openframe_communication")
	require.Len(t, dials, 2)
	assert.JSONEq(t, `{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"+14155550102","table":"sys_user","sys_id":"62826bf03710200044e0bfc8bcbe5df1"}}}`, string(dials[0]))
	assert.JSONEq(t, `{"phone_number":"+1 415-555-0102"}`, string(dials[1]))
}
