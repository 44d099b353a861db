//go:build !js

package vccsim

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

func mustPKCE(t *testing.T) vccproto.PKCE {
	t.Helper()
	p, err := vccproto.NewRandomPKCE()
	require.NoError(t, err)
	return p
}

// The authorization response in each response mode: a 302 redirect with

// code, state and iss (query, the default), a page posting them to the

// redirect URI (form_post), and, behind its switch, a page posting them to

// the opener (web_message).

// Without its switch, web_message is an unsupported response mode: an error

// page, nothing sent anywhere.

// Errors about the client or the redirect URI stay on the page; the others

// go back to the redirect URI.

// prompt=none never signs in: login_required, in every response mode.

func TestCodeExchange(t *testing.T) {
	sim := startAPISim(t, "", nil)
	type exchange struct {
		status int
		error  string
	}
	for name, tc := range map[string]struct {
		edit func(form url.Values, p *vccproto.PKCE)
		wait time.Duration
		want exchange
	}{
		"wrong verifier": {edit: func(f url.Values, _ *vccproto.PKCE) {
			f.Set("code_verifier", strings.Repeat("x", 43))
		}, want: exchange{400, "invalid_grant"}},
		"short verifier": {edit: func(f url.Values, _ *vccproto.PKCE) { f.Set("code_verifier", "short") }, want: exchange{400, "invalid_request"}},
		"other redirect": {edit: func(f url.Values, _ *vccproto.PKCE) { f.Set("redirect_uri", "http://127.0.0.1:8702/x") }, want: exchange{400, "invalid_grant"}},
		"unknown code":   {edit: func(f url.Values, _ *vccproto.PKCE) { f.Set("code", "made-up") }, want: exchange{400, "invalid_grant"}},
		"expired code":   {wait: 61 * time.Second, want: exchange{400, "invalid_grant"}},
		"other client": {edit: func(f url.Values, _ *vccproto.PKCE) {
			f.Set("client_id", "servicenow-bridge")
			f.Set("client_secret", "bridge-secret")
		}, want: exchange{400, "invalid_grant"}},
		"within 60 s": {wait: 59 * time.Second, want: exchange{200, ""}},
	} {
		t.Run(name, func(t *testing.T) {
			p := mustPKCE(t)
			code := sim.signInCode(p, "beth.anglin", "demo")
			form := url.Values(vccproto.TokenRequest(connectorClientID, testRedirectURI, code, p))
			if tc.edit != nil {
				tc.edit(form, &p)
			}
			sim.clock.Advance(tc.wait)
			status, body := sim.tokenRequest(form, "", "")
			assert.Equal(t, tc.want.status, status, "%v", body)
			if tc.want.error != "" {
				assert.Equal(t, tc.want.error, body["error"])
				assert.NotEmpty(t, body["error_description"])
				assert.Nil(t, body["access_token"])
			}
		})
	}
}

// A code works once; replaying it fails and revokes what it gave.

func TestCodeReuseRevokes(t *testing.T) {
	sim := startAPISim(t, "", nil)
	p := mustPKCE(t)
	code := sim.signInCode(p, "beth.anglin", "demo")
	form := vccproto.TokenRequest(connectorClientID, testRedirectURI, code, p)

	status, first := sim.tokenRequest(form, "", "")
	require.Equal(t, http.StatusOK, status)
	status, again := sim.tokenRequest(form, "", "")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", again["error"])

	_, err := sim.srv.verifyAccessToken(first["access_token"].(string))
	assert.ErrorIs(t, err, errTokenRevoked)
	status, refreshed := sim.tokenRequest(vccproto.RefreshRequest(connectorClientID, first["refresh_token"].(string)), "", "")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", refreshed["error"])
}

func TestRefreshRotation(t *testing.T) {
	sim := startAPISim(t, "", nil)
	tok := sim.signIn("beth.anglin")

	sim.clock.Advance(time.Hour)
	status, second := sim.tokenRequest(vccproto.RefreshRequest(connectorClientID, tok.RefreshToken), "", "")
	require.Equal(t, http.StatusOK, status, "%v", second)
	assert.NotEqual(t, tok.RefreshToken, second["refresh_token"], "rotated")
	c, err := sim.srv.verifyAccessToken(second["access_token"].(string))
	require.NoError(t, err)
	assert.Equal(t, sim.clock.Now().Add(2*time.Hour), c.Expiry)

	status, third := sim.tokenRequest(vccproto.RefreshRequest(connectorClientID, second["refresh_token"].(string)), "", "")
	require.Equal(t, http.StatusOK, status, "%v", third)

	// Replaying a spent refresh token revokes the family.
	status, replay := sim.tokenRequest(vccproto.RefreshRequest(connectorClientID, tok.RefreshToken), "", "")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", replay["error"])
	_, err = sim.srv.verifyAccessToken(third["access_token"].(string))
	assert.ErrorIs(t, err, errTokenRevoked)
	status, _ = sim.tokenRequest(vccproto.RefreshRequest(connectorClientID, third["refresh_token"].(string)), "", "")
	assert.Equal(t, http.StatusBadRequest, status)
}

func TestRefreshExpires(t *testing.T) {
	sim := startAPISim(t, "", nil)
	tok := sim.signIn("abel.tuter")
	sim.clock.Advance(refreshTTL + time.Second)
	status, body := sim.tokenRequest(vccproto.RefreshRequest(connectorClientID, tok.RefreshToken), "", "")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", body["error"])
}

func TestClientCredentials(t *testing.T) {
	sim := startAPISim(t, "", nil)
	for name, tc := range map[string]struct {
		form        url.Values
		user, pass  string
		wantStatus  int
		wantError   string
		wantAuthHdr bool
	}{
		"basic, one scope": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read"}},
			user: "servicenow-bridge", pass: "bridge-secret", wantStatus: 200},
		"body credentials": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"admin:write"},
			"client_id": {"servicenow-bridge"}, "client_secret": {"bridge-secret"}}, wantStatus: 200},
		"two scopes": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read admin:read"}},
			user: "servicenow-bridge", pass: "bridge-secret", wantStatus: 400, wantError: "invalid_scope"},
		"no scope": {form: url.Values{"grant_type": {"client_credentials"}},
			user: "servicenow-bridge", pass: "bridge-secret", wantStatus: 400, wantError: "invalid_scope"},
		"unknown scope": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"stats"}},
			user: "servicenow-bridge", pass: "bridge-secret", wantStatus: 400, wantError: "invalid_scope"},
		"wrong secret": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read"}},
			user: "servicenow-bridge", pass: "nope", wantStatus: 401, wantError: "invalid_client", wantAuthHdr: true},
		"wrong secret in the body": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read"},
			"client_id": {"servicenow-bridge"}, "client_secret": {"nope"}}, wantStatus: 400, wantError: "invalid_client"},
		"unknown client in the body": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read"},
			"client_id": {"who"}, "client_secret": {"x"}}, wantStatus: 400, wantError: "invalid_client"},
		"unknown client with Basic": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read"}},
			user: "who", pass: "x", wantStatus: 401, wantError: "invalid_client", wantAuthHdr: true},
		"no client at all": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read"}},
			wantStatus: 400, wantError: "invalid_client"},
		"public client": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read"},
			"client_id": {connectorClientID}}, wantStatus: 400, wantError: "unauthorized_client"},
		"two auth methods": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read"},
			"client_secret": {"bridge-secret"}}, user: "servicenow-bridge", pass: "bridge-secret", wantStatus: 400, wantError: "invalid_request"},
		"unsupported grant": {form: url.Values{"grant_type": {"password"}, "username": {"beth.anglin"}},
			user: "servicenow-bridge", pass: "bridge-secret", wantStatus: 400, wantError: "unsupported_grant_type"},
		"no grant type": {form: url.Values{}, user: "servicenow-bridge", pass: "bridge-secret", wantStatus: 400, wantError: "invalid_request"},
	} {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, sim.URL+"/Auth/connect/token", strings.NewReader(tc.form.Encode()))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.user != "" {
				req.SetBasicAuth(tc.user, tc.pass)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body := decode[map[string]any](t, readBody(t, resp))
			assert.Equal(t, tc.wantStatus, resp.StatusCode, "%v", body)
			assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
			if tc.wantError != "" {
				assert.Equal(t, tc.wantError, body["error"])
				assert.Equal(t, tc.wantAuthHdr, resp.Header.Get("WWW-Authenticate") != "")
				return
			}
			assert.Equal(t, tc.form.Get("scope"), body["scope"])
			assert.Nil(t, body["refresh_token"], "client_credentials has no refresh token")
			c, err := sim.srv.verifyAccessToken(body["access_token"].(string))
			require.NoError(t, err)
			assert.Equal(t, "vcc.admin", c.UserName, "user-level credentials act for their admin")
		})
	}
}

func TestTokenEndpointTakesOnlyForms(t *testing.T) {
	sim := startAPISim(t, "", nil)
	resp, err := http.Post(sim.URL+"/Auth/connect/token", "application/json", strings.NewReader(`{"grant_type":"client_credentials"}`))
	require.NoError(t, err)
	body := decode[map[string]any](t, readBody(t, resp))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "invalid_request", body["error"])
}

func TestAccessTokenExpiresWithTheClock(t *testing.T) {
	sim := startAPISim(t, "", nil)
	tok := sim.signIn("beth.anglin")

	sim.clock.Advance(2 * time.Hour)
	status, _ := sim.api(http.MethodGet, "/agents/"+bethID+"/presence", tok.AccessToken, nil)
	assert.Equal(t, http.StatusOK, status, "valid up to exp")

	sim.clock.Advance(time.Second)
	status, body := sim.api(http.MethodGet, "/agents/"+bethID+"/presence", tok.AccessToken, nil)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.JSONEq(t, `{"message":"Authorization has been denied for this request."}`, string(body))
}

func TestShortAccessTokenTTL(t *testing.T) {
	sim := startAPISim(t, "", func(c *Config) { c.AccessTokenTTL = 90 * time.Second })
	tok := sim.signIn("beth.anglin")
	assert.Equal(t, 90, tok.ExpiresIn)
}

func TestTokenEndpointCORS(t *testing.T) {
	sim := startAPISim(t, "", nil)
	for name, tc := range map[string]struct {
		origin     string
		wantAllow  string
		wantStatus int
	}{
		"panel origin": {testPanelOrigin, testPanelOrigin, http.StatusNoContent},
		"other origin": {"https://evil.example", "", http.StatusForbidden},
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodOptions, sim.URL+"/Auth/connect/token", nil)
			req.Header.Set("Origin", tc.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tc.wantStatus, resp.StatusCode)
			assert.Equal(t, tc.wantAllow, resp.Header.Get("Access-Control-Allow-Origin"))
		})
	}
}

func TestDiscoveryAndJWKS(t *testing.T) {
	sim := startAPISim(t, "", nil)
	for _, path := range []string{"/.well-known/openid-configuration", "/Auth/.well-known/openid-configuration"} {
		resp, err := http.Get(sim.URL + path)
		require.NoError(t, err)
		doc := decode[map[string]any](t, readBody(t, resp))
		assert.Equal(t, sim.URL+"/Auth", doc["issuer"])
		assert.Equal(t, sim.URL+"/Auth/connect/authorize", doc["authorization_endpoint"])
		assert.Equal(t, sim.URL+"/Auth/connect/token", doc["token_endpoint"])
		assert.Equal(t, sim.URL+"/Auth/.well-known/openid-configuration/jwks", doc["jwks_uri"])
		assert.Equal(t, []any{"query", "form_post"}, doc["response_modes_supported"])
	}
	sim = startAPISim(t, "", func(c *Config) { c.Assume = []string{switchWebMessage} })
	resp, err := http.Get(sim.URL + "/.well-known/openid-configuration")
	require.NoError(t, err)
	doc := decode[map[string]any](t, readBody(t, resp))
	assert.Equal(t, []any{"query", "form_post", "web_message"}, doc["response_modes_supported"])
}

// The connector's registered redirect URIs: the seed's

// "{panelOrigin}/signin/callback" on each panel origin, and the exact URIs

// of Config.PanelRedirectURIs; nothing else, not even another path on a

// panel origin.
