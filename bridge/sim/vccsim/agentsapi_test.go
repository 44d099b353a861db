//go:build !js

package vccsim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

func TestPresenceDefinitions(t *testing.T) {
	sim := startAPISim(t, "", nil)
	tok := sim.signIn("beth.anglin").AccessToken
	status, body := sim.api(http.MethodGet, "/agents/presence-definitions", tok, nil)
	require.Equal(t, http.StatusOK, status, "%s", body)
	defs := decode[struct {
		PresenceDefinitions []vccproto.Presence `json:"presenceDefinitions"`
	}](t, body).PresenceDefinitions
	var names []string
	for _, d := range defs {
		names = append(names, d.Description+"/"+d.Category.CategoryType)
	}
	assert.Equal(t, []string{"Ready/Ready", "Away/Away", "Break/Away", "Lunch/Away", "Training/Away",
		"Extended Away/ExtendedAway", "Logged Out/LoggedOut"}, names)
	assert.Contains(t, string(body), `"category":{"categoryType":"Away","description":"Away","subCategory":"Away"}`)

	zoe := sim.signIn("zoe.other").AccessToken
	_, body = sim.api(http.MethodGet, "/agents/presence-definitions", zoe, nil)
	assert.NotContains(t, string(body), readyID, "each account has its own definitions")
}

func TestGetPresenceShape(t *testing.T) {
	sim := startAPISim(t, "", nil)
	tok := sim.signIn("beth.anglin").AccessToken
	status, body := sim.api(http.MethodGet, "/agents/"+bethID+"/presence", tok, nil)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{
		"userId": "`+bethID+`",
		"updated": "2026-03-02T09:00:00.000Z",
		"presence": {
			"presenceId": "39287934-6543-44cc-b476-1abd3f1615bd",
			"selectable": true,
			"category": {"categoryType": "LoggedOut", "description": "Logged Out", "subCategory": "LoggedOut"},
			"description": "Logged Out"
		}
	}`, string(body))
}

// The gateway's checks, in order, with VCC's exact bodies.
func TestAgentsAPIErrors(t *testing.T) {
	sim := startAPISim(t, "", nil)
	beth := sim.signIn("beth.anglin").AccessToken
	sup := sim.signIn("sam.supervisor").AccessToken
	readOnly := sim.clientToken("users:read")
	adminOnly := sim.clientToken("admin:read")
	many := strings.TrimSuffix(strings.Repeat(bethID+",", 51), ",")
	manyDistinct := make([]string, 51)
	for i := range manyDistinct {
		manyDistinct[i] = newGUID()
	}

	for name, tc := range map[string]struct {
		method, path, token, accept string
		body                        any
		wantStatus                  int
		wantBody                    string
	}{
		"no version": {method: "GET", path: "/agents/" + bethID + "/presence", token: beth, accept: "application/json",
			wantStatus: 400, wantBody: `{"error":{"code":"ApiVersionUnspecified","message":"An API version is required, but was not specified."}}`},
		"version 2": {method: "GET", path: "/agents/" + bethID + "/presence", token: beth, accept: "application/vnd.newvoicemedia.v2+json",
			wantStatus: 400, wantBody: `{"error":{"code":"UnsupportedApiVersion","message":"The HTTP resource that matches the request URI '` +
				sim.URL + `/agents/` + bethID + `/presence' does not support the API version '2'."}}`},
		"no token": {method: "GET", path: "/agents/" + bethID + "/presence",
			wantStatus: 401, wantBody: `{"message":"Authorization has been denied for this request."}`},
		"garbage token": {method: "GET", path: "/agents/" + bethID + "/presence", token: "x.y.z",
			wantStatus: 401, wantBody: `{"message":"Authorization has been denied for this request."}`},
		"invalid GUID": {method: "GET", path: "/agents/not-a-guid/presence", token: beth,
			wantStatus: 400, wantBody: `{"message":"The request is invalid."}`},
		"unknown user":        {method: "GET", path: "/agents/" + newGUID() + "/presence", token: beth, wantStatus: 404},
		"other account":       {method: "GET", path: "/agents/" + zoeID + "/presence", token: sup, wantStatus: 404},
		"agent reads another": {method: "GET", path: "/agents/" + abelID + "/presence", token: beth, wantStatus: 403},
		"wrong scope":         {method: "GET", path: "/agents/" + bethID + "/presence", token: adminOnly, wantStatus: 403},
		"read scope cannot set": {method: "PATCH", path: "/agents/" + bethID + "/presence", token: readOnly,
			body: map[string]string{"presenceId": breakID}, wantStatus: 403},
		"missing presenceId": {method: "PATCH", path: "/agents/" + bethID + "/presence", token: beth, body: map[string]string{},
			wantStatus: 400, wantBody: `{"status":400,"title":"One or more validation errors occurred.","errors":[{"message":"The PresenceId field is required.","path":"presenceId"}]}`},
		"presenceId not a GUID": {method: "PATCH", path: "/agents/" + bethID + "/presence", token: beth,
			body: map[string]string{"presenceId": "Break"}, wantStatus: 400, wantBody: `{"message":"The request is invalid."}`},
		"unknown presence": {method: "PATCH", path: "/agents/" + bethID + "/presence", token: beth,
			body: map[string]string{"presenceId": newGUID()}, wantStatus: 400},
		"agent picks unselectable": {method: "PATCH", path: "/agents/" + bethID + "/presence", token: beth,
			body: map[string]string{"presenceId": extAwayID}, wantStatus: 400},
		"Ready without a softphone": {method: "PATCH", path: "/agents/" + bethID + "/presence", token: beth,
			body: map[string]string{"presenceId": readyID}, wantStatus: 200},
		"more than 50 users": {method: "GET", path: "/agents/presences/users?userId=" + strings.Join(manyDistinct, ","), token: sup,
			wantStatus: 400, wantBody: `{"status":400,"title":"Query limit","detail":"Request exceeded maximum number for users of 50 in one query."}`},
		"no userId": {method: "GET", path: "/agents/presences/users", token: sup, wantStatus: 400},
		"bad GUID in list": {method: "GET", path: "/agents/presences/users?userId=" + bethID + ",nope", token: sup,
			wantStatus: 400, wantBody: `{"message":"The request is invalid."}`},
		"duplicates count once": {method: "GET", path: "/agents/presences/users?userId=" + many, token: beth, wantStatus: 200},
		"agent lists another":   {method: "GET", path: "/agents/presences/users?userId=" + bethID + "," + abelID, token: beth, wantStatus: 403},
	} {
		t.Run(name, func(t *testing.T) {
			accept := []string{}
			if tc.accept != "" {
				accept = append(accept, tc.accept)
			}
			status, body := sim.api(tc.method, tc.path, tc.token, tc.body, accept...)
			assert.Equal(t, tc.wantStatus, status, "%s", body)
			if tc.wantBody != "" {
				assert.JSONEq(t, tc.wantBody, string(body))
			} else {
				assert.True(t, strings.HasPrefix(string(body), "{") || strings.HasPrefix(string(body), "["), "a JSON body: %s", body)
			}
		})
	}
}

func TestSetPresenceThroughAPI(t *testing.T) {
	sim := startAPISim(t, "", nil)
	beth := sim.signIn("beth.anglin").AccessToken
	sup := sim.signIn("sam.supervisor").AccessToken

	var origins []string
	cancel := sim.srv.onPresence(func(userID string, p vccproto.Presence, origin string) {
		origins = append(origins, p.Description+"/"+origin)
	})
	defer cancel()

	status, body := sim.api(http.MethodPatch, "/agents/"+bethID+"/presence", beth, map[string]string{"presenceId": readyID})
	require.Equal(t, http.StatusOK, status, "%s", body)
	got := decode[userPresence](t, body)
	assert.Equal(t, "Ready", got.Presence.Description)
	assert.Equal(t, bethID, got.UserID)

	status, body = sim.api(http.MethodPatch, "/agents/"+bethID+"/presence", sup, map[string]string{"presenceId": extAwayID})
	require.Equal(t, http.StatusOK, status, "a supervisor may set an unselectable presence: %s", body)

	status, body = sim.api(http.MethodGet, "/agents/presences/users?userId="+bethID+","+abelID+","+newGUID(), sup, nil)
	require.Equal(t, http.StatusOK, status)
	list := decode[[]userPresence](t, body)
	require.Len(t, list, 2, "unknown users are left out")
	assert.Equal(t, "Extended Away", list[0].Presence.Description)
	assert.Equal(t, "Logged Out", list[1].Presence.Description)

	assert.Equal(t, []string{"Ready/api", "Extended Away/api"}, origins)
}

func TestAgentsAvailability(t *testing.T) {
	sim := startAPISim(t, "", nil)
	_, err := sim.srv.setPresence(abelID, breakID, OriginSystem)
	require.NoError(t, err)
	_, err = sim.srv.setPresence(bethID, readyID, OriginSystem)
	require.NoError(t, err)
	status, body := sim.api(http.MethodGet, "/agents-availability?skillNames=Service", sim.clientToken("agents-availability:read"), nil)
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.JSONEq(t, `{"Ready":1,"Away":1,"Extended Away":0,"Logged Out":0}`, string(body))
}

func TestAgentsAPICORS(t *testing.T) {
	sim := startAPISim(t, "", nil)
	req, err := http.NewRequest(http.MethodOptions, sim.URL+"/agents/"+bethID+"/presence", nil)
	require.NoError(t, err)
	req.Header.Set("Origin", testPanelOrigin)
	req.Header.Set("Access-Control-Request-Method", "PATCH")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, testPanelOrigin, resp.Header.Get("Access-Control-Allow-Origin"))
	assert.Contains(t, resp.Header.Get("Access-Control-Allow-Methods"), "PATCH")
}

// TestPatchReachesEverySide: a PATCH changes the presence exactly as the
// panel or a supervisor does: the webhook fires, the agent's softphone
// session hears it, and the Agents API reads it back.
func TestPatchReachesEverySide(t *testing.T) {
	sim := startACDSim(t, nil)
	rc := startReceiver(t, nil)
	sim.apiSim.subscribe(rc.srv.URL, []string{"agent.presencechanged.v1"}, "")
	beth := sim.agent("beth.anglin", "tab-1")

	status, body := sim.api(http.MethodPatch, "/agents/"+bethID+"/presence", sim.clientToken("users:write"),
		map[string]string{"presenceId": breakID})
	require.Equal(t, http.StatusOK, status, "%s", body)

	beth.await("presence Break", func(env vccproto.Envelope) bool {
		var p vccproto.Presence
		return env.Type == vccproto.TypePresence && json.Unmarshal(env.Data, &p) == nil && p.PresenceID == breakID
	})
	got := rc.waitFor(1)
	assert.Equal(t, "agent.presencechanged.v1", got[0].event.Type)
	assert.Equal(t, "1001", got[0].event.Subject)
	assert.JSONEq(t, `{"timestamp":"`+eventTime(sim.clock.Now())+`","presence":{"presenceId":"`+breakID+`",
		"category":{"type":"away","description":"Away","subcategory":"away"},"description":"Break"},
		"user":{"agentId":"1001","userId":"`+bethID+`"}}`, string(got[0].event.Data))

	status, body = sim.api(http.MethodGet, "/agents/"+bethID+"/presence", sim.clientToken("users:read"), nil)
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.Equal(t, "Break", decode[userPresence](t, body).Presence.Description)
}
