//go:build !js

package vccsim

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRevokeUserTokens(t *testing.T) {
	sim := startAPISim(t, "", nil)
	beth, abel := sim.signIn("beth.anglin"), sim.signIn("abel.tuter")

	status, body := sim.control(http.MethodPost, "/sim/tokens/revoke", map[string]string{"user_name": "beth.anglin"})
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.JSONEq(t, `{"revoked":2}`, string(body), "one access and one refresh token")

	_, err := sim.srv.verifyAccessToken(beth.AccessToken)
	assert.ErrorIs(t, err, errTokenRevoked)
	_, err = sim.srv.verifyAccessToken(abel.AccessToken)
	assert.NoError(t, err, "other users keep theirs")
	fresh := sim.signIn("beth.anglin")
	_, err = sim.srv.verifyAccessToken(fresh.AccessToken)
	assert.NoError(t, err, "a new sign-in works")
}

func TestSimAgent(t *testing.T) {
	sim := startAPISim(t, "", nil)
	status, body := sim.control(http.MethodGet, "/sim/agents/beth.anglin", nil)
	require.Equal(t, http.StatusOK, status, "%s", body)
	v := decode[agentView](t, body)
	assert.Equal(t, bethID, v.UserID)
	assert.Equal(t, "1001", v.AgentID)
	assert.Equal(t, "Logged Out", v.Presence.Description)
	assert.Equal(t, "LoggedOut", v.State)
	assert.Empty(t, v.Sessions)
	assert.Contains(t, string(body), `"sessions":[]`)

	status, body = sim.control(http.MethodPost, "/sim/agents/beth.anglin/presence", map[string]string{"presence": "lunch"})
	require.Equal(t, http.StatusOK, status, "%s", body)
	v = decode[agentView](t, body)
	assert.Equal(t, "Lunch", v.Presence.Description)
	assert.Equal(t, "Away", v.State)

	for name, tc := range map[string]struct {
		method, path string
		body         any
		want         int
	}{
		"unknown user":            {http.MethodGet, "/sim/agents/nobody", nil, 404},
		"unknown presence":        {http.MethodPost, "/sim/agents/beth.anglin/presence", map[string]string{"presence": "Nap"}, 400},
		"no presence":             {http.MethodPost, "/sim/agents/beth.anglin/presence", map[string]string{}, 400},
		"malformed JSON":          {http.MethodPost, "/sim/agents/beth.anglin/presence", []byte(`{"presence":`), 400},
		"revoke unknown":          {http.MethodPost, "/sim/tokens/revoke", map[string]string{"user_name": "nobody"}, 404},
		"revoke without a name":   {http.MethodPost, "/sim/tokens/revoke", map[string]string{}, 400},
		"chaos out of range":      {http.MethodPost, "/sim/webhooks/chaos", map[string]any{"duplicate": 2}, 400},
		"chaos with a long delay": {http.MethodPost, "/sim/webhooks/chaos", map[string]any{"delay_ms": 600000}, 400},
		"mint for nobody":         {http.MethodPost, "/sim/tokens", map[string]string{"user_name": "nobody"}, 404},
		"mint an admin scope":     {http.MethodPost, "/sim/tokens", map[string]string{"user_name": "beth.anglin", "scope": "admin:write"}, 400},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := sim.control(tc.method, tc.path, tc.body)
			assert.Equal(t, tc.want, status, "%s", body)
			assert.Contains(t, string(body), `{"`, "a JSON body: %s", body)
		})
	}
}

// The control API serves loopback clients only.
func TestControlIsLoopbackOnly(t *testing.T) {
	sim := startAPISim(t, "", nil)
	for _, addr := range []string{"192.0.2.10:5555", "[2001:db8::1]:5555", "garbage"} {
		req := httptest.NewRequest(http.MethodGet, "/sim/agents/beth.anglin", nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		sim.srv.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusForbidden, rec.Code, addr)
	}
	req := httptest.NewRequest(http.MethodGet, "/sim/agents/beth.anglin", nil)
	req.RemoteAddr = "[::1]:5555"
	rec := httptest.NewRecorder()
	sim.srv.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
}

func TestSimMintToken(t *testing.T) {
	sim := startAPISim(t, "", nil)
	status, body := sim.control(http.MethodPost, "/sim/tokens", map[string]string{"user_name": "abel.tuter"})
	require.Equal(t, http.StatusOK, status, "%s", body)
	tok := decode[map[string]any](t, body)
	c, err := sim.srv.verifyAccessToken(tok["access_token"].(string))
	require.NoError(t, err)
	assert.Equal(t, "abel.tuter", c.UserName)
	assert.Equal(t, connectorClientID, c.ClientID)
	assert.Nil(t, tok["refresh_token"])
}

func TestSimChaosAndDeliveries(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	rc := startReceiver(t, nil)
	sub := sim.subscribe(rc.srv.URL, []string{"agent.presencechanged.v1"}, "")

	status, body := sim.control(http.MethodPost, "/sim/webhooks/chaos", map[string]any{"duplicate": 1, "seed": 7})
	require.Equal(t, http.StatusOK, status, "%s", body)
	status, body = sim.control(http.MethodGet, "/sim/webhooks/chaos", nil)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"duplicate":1,"reorder":false,"delay_ms":0,"seed":7}`, string(body))

	_, err := sim.srv.setPresence(bethID, breakID, OriginSystem)
	require.NoError(t, err)
	rc.waitFor(2)
	require.Eventually(t, func() bool {
		_, body := sim.control(http.MethodGet, "/sim/webhooks/deliveries?subscription="+sub.SubscriptionID, nil)
		d := decode[struct{ Deliveries []deliveryRecord }](t, body).Deliveries
		return len(d) == 2 && d[0].Status == "delivered" && d[1].Status == "delivered" && d[1].Duplicate
	}, 2*time.Second, 5*time.Millisecond)
	_, body = sim.control(http.MethodGet, "/sim/webhooks/deliveries?type=channel.ended.v1", nil)
	assert.JSONEq(t, `{"deliveries":[]}`, string(body))
}
