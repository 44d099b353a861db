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
	assert.JSONEq(t, `{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"+14155550123"}},"recordId":"`+ixID+`","recordType":"interaction"}`, string(dials[0]))

	// A contact centre opens an external wrap-up segment for Beth (Wrap Up
	// API): the workspace shows its dialog; her submission reaches the
	// panel as openframe_wrap_up_submitted, marked external.
	var seg struct {
		Success bool   `json:"success"`
		SysID   string `json:"sys_id"`
	}
	env.ServiceNowRESTRaw(http.MethodPost, "/api/now/wrapup/segment/create", map[string]any{
		"agent_sys_id": "46d44a23a9fe19810012d100cca80666", "interaction_sys_id": ixID, "external": true, "external_segment_id": "vcc-call-1",
		"configuration": map[string]any{"enable_codes": true, "allowed_codes": []map[string]string{{"code": "Resolved"}, {"code": "Escalated"}}, "default_code": "Resolved"},
	}, &seg)
	require.True(t, seg.Success, "the segment opened")
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
	assert.Equal(t, true, w.WrapUp["external"])
	assert.Equal(t, "vcc-call-1", w.WrapUp["externalSegmentId"])
	assert.Equal(t, ixID, w.WrapUp["recordId"])
	assert.Equal(t, "interaction", w.WrapUp["recordTable"])
	assert.Equal(t, code, w.WrapUp["wrapUpCode"])
	assert.Equal(t, seg.SysID, w.WrapUp["wrapUpSegmentId"])
	ws.WaitFor("the wrap-up module to close", `document.querySelector('[data-testid="ws-wrapup"]').hidden`)
}

// The panel drives the workspace through OpenFrame: its presence indicator
// only paints (the AWA presence stays what it is: setPresenceIndicator
// displays availability, it sets none), getAWAAgentPresence answers with
// Beth's AWA presence, and openServiceNowForm opens a record tab whose phone
// numbers dial back through the panel.
func TestPanelDrivesWorkspace(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	ws.WaitFor("the event feed's first snapshot", `window.workspace.presence !== null`)
	panel := ws.Panel()
	before := Eval[string](t, ws.Context(), `document.querySelector('[data-testid="ws-presence"]').textContent`)
	// The connector calls openFrameAPI.init when it starts; until init has
	// succeeded the library refuses calls, so retry for a while.
	Eval[bool](t, panel.Context(), `new Promise((resolve, reject) => {
		const start = Date.now();
		(function attempt() {
			try { openFrameAPI.setPresenceIndicator("In a meeting", "red"); resolve(true); }
			catch (e) { if (Date.now() - start > 5000) reject(e); else setTimeout(attempt, 20); }
		})();
	})`)
	ws.WaitFor("the indicator to show the panel's state", `document.querySelector('[data-testid="ws-presence-indicator"]').textContent === "In a meeting"`)
	assert.Equal(t, before, Eval[string](t, ws.Context(), `document.querySelector('[data-testid="ws-presence"]').textContent`), "AWA presence unchanged")
	Eval[any](t, panel.Context(), `openFrameAPI.setPresenceIndicator("Available", "green"), null`)
	ws.WaitFor("the indicator to say Available", `document.querySelector('[data-testid="ws-presence-indicator"]').textContent === "Available"`)
	var agent struct {
		Presence struct{ Name string } `json:"presence"`
	}
	env.ServiceNowREST(http.MethodGet, "/api/now/awa/agents/46d44a23a9fe19810012d100cca80666", nil, &agent)
	assert.Equal(t, before, agent.Presence.Name, "the indicator sets no AWA presence, even one AWA has")

	got := Eval[map[string]any](t, panel.Context(), `new Promise((resolve, reject) => openFrameAPI.getAWAAgentPresence(resolve, reject))`)
	presence, ok := got["presence"].(map[string]any)
	require.True(t, ok, "getAWAAgentPresence answered %v", got)
	assert.Equal(t, before, presence["name"])

	Eval[any](t, panel.Context(), `openFrameAPI.openServiceNowForm({entity: "sys_user", query: "sys_id=62826bf03710200044e0bfc8bcbe5df1"}), null`)
	ws.WaitFor("Abel's record in a tab", `document.querySelector('[data-testid="ws-record"][data-table="sys_user"] [data-testid="ws-dial"]')`)
	assert.Equal(t, "Abel Tuter", Eval[string](t, ws.Context(), `document.querySelector('[data-testid="ws-tab"][aria-selected="true"]').textContent`))
	ws.Click(`[data-testid="ws-record"] [data-testid="ws-dial"]`)
	Eval[any](t, ws.Context(), `workspace.clickToDial("+1 415-555-0102", "old"), null`)
	dials := ws.PanelEvents("openframe_communication")
	require.Len(t, dials, 2)
	assert.JSONEq(t, `{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"(415) 555-0102"}},"recordId":"62826bf03710200044e0bfc8bcbe5df1","recordType":"sys_user"}`, string(dials[0]))
	assert.JSONEq(t, `{"phone_number":"+1 415-555-0102"}`, string(dials[1]))
}
