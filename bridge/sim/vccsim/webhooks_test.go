//go:build !js

package vccsim

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subscribe creates a subscription through the API and returns its view.
func (a *apiSim) subscribe(url string, events []string, secret string) subscriptionView {
	a.t.Helper()
	body := map[string]any{"name": "test " + newGUID()[:8], "url": url, "events": events}
	if secret != "" {
		body["secret"] = secret
	}
	status, b := a.api(http.MethodPost, "/webhooks/subscriptions", a.clientToken("admin:write"), body)
	require.Equal(a.t, http.StatusCreated, status, "%s", b)
	return decode[subscriptionView](a.t, b)
}

func TestSubscriptionsAPI(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	write, read := sim.clientToken("admin:write"), sim.clientToken("admin:read")

	status, body := sim.api(http.MethodPost, "/webhooks/subscriptions", write, map[string]any{
		"name": "Bridge", "url": "https://bridge.example.com/vcc/webhooks", "events": []string{"channel.alerted.v1", "agent.presencechanged.v1"}})
	require.Equal(t, http.StatusCreated, status, "%s", body)
	created := decode[subscriptionView](t, body)
	assert.Regexp(t, `^[0-9A-Za-z]{27}$`, created.SubscriptionID)
	assert.True(t, created.Enabled, "enabled by default")
	key, err := base64.StdEncoding.DecodeString(created.Secret)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(key), 32, "a generated secret is returned")

	status, body = sim.api(http.MethodGet, "/webhooks/subscriptions/"+created.SubscriptionID, read, nil)
	require.Equal(t, http.StatusOK, status)
	got := decode[subscriptionView](t, body)
	assert.Empty(t, got.Secret, "the secret is shown once")
	assert.Equal(t, created.Name, got.Name)

	status, body = sim.api(http.MethodPost, "/webhooks/subscriptions", write, map[string]any{
		"name": "bridge", "url": "https://other.example.com/", "events": []string{"channel.ended.v1"}})
	assert.Equal(t, http.StatusConflict, status, "names are unique: %s", body)

	status, body = sim.api(http.MethodPatch, "/webhooks/subscriptions/"+created.SubscriptionID, write, map[string]any{"enabled": false})
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.False(t, decode[subscriptionView](t, body).Enabled)

	status, body = sim.api(http.MethodGet, "/webhooks/subscriptions", read, nil)
	require.Equal(t, http.StatusOK, status)
	list := decode[struct{ Subscriptions []subscriptionView }](t, body).Subscriptions
	require.Len(t, list, 1)

	status, _ = sim.api(http.MethodGet, "/webhooks/event-types", read, nil)
	assert.Equal(t, http.StatusOK, status)

	// Another account's admin sees nothing of it.
	other := func() string {
		s, b := sim.tokenRequest(map[string][]string{"grant_type": {"client_credentials"}, "scope": {"admin:write"}}, "other-bridge", "other-secret")
		require.Equal(t, http.StatusOK, s, "%v", b)
		return b["access_token"].(string)
	}()
	status, _ = sim.api(http.MethodGet, "/webhooks/subscriptions/"+created.SubscriptionID, other, nil)
	assert.Equal(t, http.StatusNotFound, status)

	status, _ = sim.api(http.MethodDelete, "/webhooks/subscriptions/"+created.SubscriptionID, write, nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = sim.api(http.MethodGet, "/webhooks/subscriptions/"+created.SubscriptionID, read, nil)
	assert.Equal(t, http.StatusNotFound, status)
}

func TestSubscriptionValidation(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	write := sim.clientToken("admin:write")
	valid := func() map[string]any {
		return map[string]any{"name": "Valid name", "url": "https://example.com/h", "events": []string{"channel.ended.v1"}}
	}
	for name, tc := range map[string]struct {
		edit     func(map[string]any)
		token    string
		wantCode int
		wantPath string
	}{
		"short name":           {edit: func(b map[string]any) { b["name"] = "ab" }, wantCode: 400, wantPath: "name"},
		"long name":            {edit: func(b map[string]any) { b["name"] = strings.Repeat("n", 129) }, wantCode: 400, wantPath: "name"},
		"no url":               {edit: func(b map[string]any) { delete(b, "url") }, wantCode: 400, wantPath: "url"},
		"http public url":      {edit: func(b map[string]any) { b["url"] = "http://example.com/h" }, wantCode: 400, wantPath: "url"},
		"relative url":         {edit: func(b map[string]any) { b["url"] = "/h" }, wantCode: 400, wantPath: "url"},
		"http loopback":        {edit: func(b map[string]any) { b["url"] = "http://127.0.0.1:9/h" }, wantCode: 201},
		"http localhost":       {edit: func(b map[string]any) { b["url"] = "http://localhost:9/h" }, wantCode: 201},
		"no events":            {edit: func(b map[string]any) { b["events"] = []string{} }, wantCode: 400, wantPath: "events"},
		"unknown event":        {edit: func(b map[string]any) { b["events"] = []string{"call.started.v1"} }, wantCode: 400, wantPath: "events"},
		"wildcard of a family": {edit: func(b map[string]any) { b["events"] = []string{"channel.*.v1"} }, wantCode: 400, wantPath: "events"},
		"wildcard version":     {edit: func(b map[string]any) { b["events"] = []string{"channel.ended.*"} }, wantCode: 400, wantPath: "events"},
		"every v0 event":       {edit: func(b map[string]any) { b["events"] = []string{"agent.presencechanged.v0", "channel.ended.v0"} }, wantCode: 201},
		"short secret":         {edit: func(b map[string]any) { b["secret"] = base64.StdEncoding.EncodeToString([]byte("short")) }, wantCode: 400, wantPath: "secret"},
		"secret not base64":    {edit: func(b map[string]any) { b["secret"] = "not base64!" }, wantCode: 400, wantPath: "secret"},
		"wildcard everything":  {edit: func(b map[string]any) { b["events"] = []string{"*.*.v1"} }, wantCode: 400, wantPath: "events"},
		"read scope":           {token: "read", wantCode: 403},
		"agent token":          {token: "agent", wantCode: 403},
	} {
		t.Run(name, func(t *testing.T) {
			body := valid()
			body["name"] = "Valid " + newGUID()[:8]
			if tc.edit != nil {
				tc.edit(body)
			}
			tok := write
			switch tc.token {
			case "read":
				tok = sim.clientToken("admin:read")
			case "agent":
				tok = sim.signIn("beth.anglin").AccessToken
			}
			status, b := sim.api(http.MethodPost, "/webhooks/subscriptions", tok, body)
			assert.Equal(t, tc.wantCode, status, "%s", b)
			if tc.wantPath != "" {
				v := decode[struct {
					Title  string
					Errors []fieldError
				}](t, b)
				assert.Equal(t, "One or more validation errors occurred.", v.Title)
				require.NotEmpty(t, v.Errors)
				assert.Equal(t, tc.wantPath, v.Errors[0].Path)
			}
		})
	}
}
