package snsim

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// session signs a user in to the workspace and returns requests made as
// them with the page's token.
func (f *restFixture) session(userName string) func(r restReq) restReq {
	f.t.Helper()
	u, ok := f.s.user(userName)
	require.True(f.t, ok)
	token := f.s.issueUserToken(u)
	return func(r restReq) restReq {
		r.noAuth = true
		r.header = map[string]string{"X-UserToken": token}
		return r
	}
}

func TestWorkspacePage(t *testing.T) {
	f := newRESTFixture(t)
	page := f.do(restReq{path: "/now/workspace/agent?user=beth.anglin", noAuth: true})
	require.Equal(t, http.StatusOK, page.Code)
	body := page.Body.String()
	for _, want := range []string{
		`<iframe id="openframe" name="gsft_openframe"`, `src="http://127.0.0.1:8702/"`, `allow="microphone; autoplay"`,
		`data-testid="ws-presence" data-name="Offline"`, `data-testid="ws-presence-menu"`, `data-state="Available"`,
		`data-testid="ws-inbox"`, `data-testid="ws-wrapup-code"`,
		`"token":"`, `/scripts/sim/workspace.js`, `/scripts/sim/workspace_tabs.js`, `/scripts/sim/workspace_wrapup.js`,
	} {
		assert.Contains(t, body, want)
	}

	unknown := f.do(restReq{path: "/now/workspace/agent?user=nobody", noAuth: true})
	assert.Equal(t, http.StatusUnauthorized, unknown.Code)
	assert.Contains(t, unknown.Body.String(), "?user=<user_name>")

	for _, script := range []string{"/scripts/sim/topframe.js", "/scripts/sim/workspace.js", "/scripts/sim/workspace_tabs.js",
		"/scripts/sim/workspace_wrapup.js", "/scripts/openframe/latest/openFrameAPI.min.js"} {
		rec := f.do(restReq{path: script, noAuth: true})
		assert.Equal(t, http.StatusOK, rec.Code, script)
		assert.Contains(t, rec.Header().Get("Content-Type"), "javascript", script)
	}
}

func TestOpenFrameConfiguration(t *testing.T) {
	f := newRESTFixture(t)
	cfg := f.s.openFrameConfig()
	assert.Equal(t, "http://127.0.0.1:8702/", cfg.URL, "the seed leaves url empty: the connector's URL")
	assert.Equal(t, "Phone", cfg.Title)
	assert.Equal(t, "Vonage Contact Center", cfg.SubTitle)
	assert.Equal(t, 360, cfg.Width)
	assert.Equal(t, 600, cfg.Height)
	assert.Equal(t, "{}", cfg.Configuration)

	rows, err := f.s.DB.Find(tOpenFrameConfig, nil)
	require.NoError(t, err)
	_, err = f.s.DB.Update(tOpenFrameConfig, rows[0]["sys_id"], Record{"url": "https://connector.example.com/", "width": "400"}, "admin")
	require.NoError(t, err)
	cfg = f.s.openFrameConfig()
	assert.Equal(t, "https://connector.example.com/", cfg.URL, "a url in the record wins")
	assert.Equal(t, 400, cfg.Width)
}

func TestWorkspaceAPI(t *testing.T) {
	f := newRESTFixture(t)
	asBeth := f.session("beth.anglin")
	asAbel := f.session("abel.tuter")

	presence := resultOne(t, f.do(asBeth(restReq{method: http.MethodPost, path: "/now/workspace/api/presence", body: map[string]string{"sys_id": stateAvail}})), http.StatusOK)
	assert.Equal(t, "Available", presence["name"])
	f.s.awa.Settle()

	ix := f.awaCall("+14155550199", supportQueue)
	ixID := ix["sys_id"].(string)
	wi := f.offeredItem(ixID)

	e := errorOf(t, f.do(asAbel(restReq{method: http.MethodPost, path: "/now/workspace/api/inbox/accept", body: map[string]string{"work_item_id": wi["sys_id"]}})), 400)
	assert.Equal(t, "Work item is assigned to a different agent", *e.Error.Detail)
	e = errorOf(t, f.do(asBeth(restReq{method: http.MethodPost, path: "/now/workspace/api/inbox/reject", body: map[string]string{"work_item_id": wi["sys_id"]}})), 400)
	assert.Contains(t, *e.Error.Detail, "Missing reject reason ID")
	e = errorOf(t, f.do(asBeth(restReq{method: http.MethodPost, path: "/now/workspace/api/inbox/dismiss", body: map[string]string{"work_item_id": wi["sys_id"]}})), 404)
	assert.Contains(t, *e.Error.Detail, "accept and reject")

	accepted := resultOne(t, f.do(asBeth(restReq{method: http.MethodPost, path: "/now/workspace/api/inbox/accept", body: map[string]string{"work_item_id": wi["sys_id"]}})), http.StatusOK)
	assert.Equal(t, wiAccepted, accepted["state"])

	record := resultOne(t, f.do(asBeth(restReq{path: "/now/workspace/api/record/interaction/" + ixID})), http.StatusOK)
	assert.Equal(t, ix["number"], record["title"])
	fields := map[string]map[string]any{}
	for _, fl := range record["fields"].([]any) {
		m := fl.(map[string]any)
		fields[m["name"].(string)] = m
	}
	assert.Equal(t, map[string]any{"name": "caller_phone_number", "value": "+14155550199", "phone": true}, fields["caller_phone_number"])
	assert.Equal(t, "Beth Anglin", fields["assigned_to"]["display"], "references show their display value")
	assert.Equal(t, "number", record["fields"].([]any)[0].(map[string]any)["name"], "number first")

	user := resultOne(t, f.do(asBeth(restReq{path: "/now/workspace/api/record/sys_user/" + abel})), http.StatusOK)
	for _, fl := range user["fields"].([]any) {
		assert.NotContains(t, fl.(map[string]any)["name"], "password")
	}
	errorOf(t, f.do(asBeth(restReq{path: "/now/workspace/api/record/interaction/nosuchrecord"})), 404)
	errorOf(t, f.do(asBeth(restReq{path: "/now/workspace/api/record/nosuchtable/x"})), 404)

	wrapUp := func(as func(restReq) restReq, body any) *restResponse {
		rec := f.do(as(restReq{method: http.MethodPost, path: "/now/workspace/api/wrapup", body: body}))
		f.s.awa.Settle()
		return &restResponse{rec.Code, rec.Body.String()}
	}
	_, err := f.s.DB.Update(tInteraction, ixID, Record{"state": ixWrapUp}, "vcc.integration")
	require.NoError(t, err)
	f.s.awa.Settle()
	assert.Empty(t, f.s.awa.snapshot(beth).WrapUps, "an interaction in wrap_up gets no wrap-up by itself")
	assert.Equal(t, 404, wrapUp(asBeth, map[string]string{"interaction": ixID, "code": "Resolved"}).status, "no segment: nothing to submit")

	_, created := f.wrapUp(http.MethodPost, "segment/create", externalSegment(ixID, "vcc-9"))
	segID := created["sys_id"].(string)
	tests := []struct {
		name   string
		as     func(restReq) restReq
		body   map[string]string
		status int
		detail string
	}{
		{"another agent's", asAbel, map[string]string{"segment": segID, "code": "Resolved"}, 403, "This wrap-up is another agent's"},
		{"a code not allowed", asBeth, map[string]string{"segment": segID, "code": "Wrong number"}, 400,
			"Wrap-up code Wrong number is not allowed here: choose one of Resolved, Escalated"},
		{"an unknown segment", asBeth, map[string]string{"segment": "nope", "code": "Resolved"}, 404, "There is no wrap-up waiting for you on nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapUp(tt.as, tt.body)
			require.Equal(t, tt.status, got.status, got.body)
			assert.Contains(t, got.body, tt.detail)
		})
	}
	got := wrapUp(asBeth, map[string]string{"interaction": ixID, "code": "Resolved", "notes": "reset the password"})
	require.Equal(t, http.StatusOK, got.status, got.body)
	seg, err := f.s.DB.Get(tWrapUpSegment, segID)
	require.NoError(t, err)
	assert.Equal(t, Record{"agent": beth, "wrap_up_code": codeResolved, "wrap_up_notes": "reset the password", "external": "true", "awaiting_confirmation": "true"},
		pick(seg, "agent", "wrap_up_code", "wrap_up_notes", "external", "awaiting_confirmation"))
	again := wrapUp(asBeth, map[string]string{"segment": segID, "code": "Resolved"})
	assert.Equal(t, 409, again.status, again.body)
	assert.Contains(t, again.body, "This wrap-up was already submitted")
}

func TestWorkspaceAPINeedsASession(t *testing.T) {
	f := newRESTFixture(t)
	for _, path := range []string{"/now/workspace/api/presence", "/now/workspace/api/inbox/accept", "/now/workspace/api/wrapup"} {
		errorOf(t, f.do(restReq{method: http.MethodPost, path: path, body: map[string]string{}, noAuth: true}), http.StatusUnauthorized)
	}
	errorOf(t, f.do(restReq{path: "/now/workspace/api/record/interaction/x", noAuth: true}), http.StatusUnauthorized)
}

// The seed's wrap-up codes are VCC's disposition codes, in order, so the
// code an agent picks on either side means the same on the other.
func TestWrapUpCodes(t *testing.T) {
	f := newRESTFixture(t)
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "vcc", "accounts.json"))
	require.NoError(t, err)
	var accounts []struct {
		DispositionCodes []string `json:"dispositionCodes"`
	}
	require.NoError(t, json.Unmarshal(b, &accounts))
	assert.Equal(t, accounts[0].DispositionCodes, f.s.wrapUpCodes(), "VCC's disposition codes, in order")

	codes, err := f.s.DB.Find(tWrapUpCode, func(r Record) bool { return r["code"] == "Wrong number" })
	require.NoError(t, err)
	require.Len(t, codes, 1)
	_, err = f.s.DB.Update(tWrapUpCode, codes[0]["sys_id"], Record{"active": "false"}, "admin")
	require.NoError(t, err)
	assert.Equal(t, []string{"Resolved", "Follow-up required", "Escalated"}, f.s.wrapUpCodes(), "inactive codes are not offered")

	require.NoError(t, f.s.DB.Reset(map[string][]Record{tWrapUpCode: {}}))
	assert.Empty(t, f.s.wrapUpCodes(), "no codes, no made-up ones")
}
