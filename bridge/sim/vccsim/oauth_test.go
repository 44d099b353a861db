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

func TestSignInWithPKCE(t *testing.T) {
	sim := startAPISim(t, "", nil)
	tok := sim.signIn("beth.anglin")

	assert.Equal(t, "Bearer", tok.TokenType)
	assert.Equal(t, 7200, tok.ExpiresIn)
	assert.Equal(t, "openid users:read users:write", tok.Scope)
	assert.NotEmpty(t, tok.RefreshToken)
	c, err := sim.srv.verifyAccessToken(tok.AccessToken)
	require.NoError(t, err)
	assert.Equal(t, Claims{UserID: bethID, UserName: "beth.anglin", AgentID: "1001",
		AccountID: "b244c49d-1c22-4fc0-8cd0-f78570d0a8b3", ClientID: connectorClientID,
		Scope: "openid users:read users:write", Expiry: sim.clock.Now().Add(2 * time.Hour)}, c)
}

func TestSignInFormAndWebMessage(t *testing.T) {
	sim := startAPISim(t, "", nil)
	p := mustPKCE(t)
	q := authorizeQuery(p, "web_message")

	resp, err := http.Get(sim.URL + "/Auth/connect/authorize?" + q.Encode())
	require.NoError(t, err)
	form := readBody(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for _, want := range []string{`name="username"`, `name="password"`, `data-testid="signin"`, `method="post"`} {
		assert.Contains(t, string(form), want)
	}
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")

	resp = sim.postSignIn(q, "abel.tuter", "demo")
	page := readBody(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), `type: "authorization_response"`)
	assert.Contains(t, string(page), `window.opener.postMessage(message, "http://127.0.0.1:8702")`)
	assert.Contains(t, string(page), `"state":"`+p.State+`"`)
	assert.Contains(t, string(page), `"code":"`)
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "script-src 'nonce-")
}

func TestSignInRefusals(t *testing.T) {
	seed := seedVariant(t, func(users []map[string]any) {
		for _, u := range users {
			switch u["username"] {
			case "abel.tuter":
				u["locked"] = true
			case "sam.supervisor":
				u["active"] = false
			}
		}
	})
	sim := startAPISim(t, seed, nil)
	for name, tc := range map[string]struct {
		user, password, want string
	}{
		"wrong password": {"beth.anglin", "nope", "The user name or password is wrong"},
		"unknown user":   {"nobody", "demo", "The user name or password is wrong"},
		"locked user":    {"abel.tuter", "demo", "This user is locked"},
		"inactive user":  {"sam.supervisor", "demo", "This user is inactive"},
		"empty password": {"beth.anglin", "", "Enter your user name and password"},
	} {
		t.Run(name, func(t *testing.T) {
			resp := sim.postSignIn(authorizeQuery(mustPKCE(t), "query"), tc.user, tc.password)
			page := readBody(t, resp)
			assert.Equal(t, http.StatusOK, resp.StatusCode, "the form again, no redirect")
			assert.Empty(t, resp.Header.Get("Location"))
			assert.Contains(t, string(page), tc.want)
			assert.Contains(t, string(page), `data-testid="signin"`)
			assert.NotContains(t, string(page), "authorization_response")
		})
	}
}

// Errors about the client or the redirect URI stay on the page; the others
// go back to the redirect URI.
func TestAuthorizeErrors(t *testing.T) {
	sim := startAPISim(t, "", nil)
	for name, tc := range map[string]struct {
		edit      func(url.Values)
		wantPage  string // an error page with this text, or
		wantError string // a redirect carrying this error
	}{
		"unknown client":        {edit: func(q url.Values) { q.Set("client_id", "evil") }, wantPage: "Unknown client_id"},
		"redirect mismatch":     {edit: func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:8702/other") }, wantPage: "is not registered"},
		"other origin":          {edit: func(q url.Values) { q.Set("redirect_uri", "https://attacker.example/") }, wantPage: "is not registered"},
		"bad response mode":     {edit: func(q url.Values) { q.Set("response_mode", "fragment") }, wantPage: "Unsupported response_mode"},
		"prompt none":           {edit: func(q url.Values) { q.Set("prompt", "none") }, wantError: "login_required"},
		"plain PKCE":            {edit: func(q url.Values) { q.Set("code_challenge_method", "plain") }, wantError: "invalid_request"},
		"no PKCE":               {edit: func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }, wantError: "invalid_request"},
		"token response type":   {edit: func(q url.Values) { q.Set("response_type", "token") }, wantError: "unsupported_response_type"},
		"unknown scope":         {edit: func(q url.Values) { q.Set("scope", "admin:write") }, wantError: "invalid_scope"},
		"prompt none and login": {edit: func(q url.Values) { q.Set("prompt", "none login") }, wantError: "invalid_request"},
	} {
		t.Run(name, func(t *testing.T) {
			p := mustPKCE(t)
			q := authorizeQuery(p, "query")
			tc.edit(q)
			resp, err := noRedirects.Get(sim.URL + "/Auth/connect/authorize?" + q.Encode())
			require.NoError(t, err)
			body := readBody(t, resp)
			if tc.wantPage != "" {
				assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
				assert.Empty(t, resp.Header.Get("Location"), "never redirect to an unchecked URI")
				assert.Contains(t, string(body), tc.wantPage)
				return
			}
			require.Equal(t, http.StatusSeeOther, resp.StatusCode)
			loc, err := url.Parse(resp.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, testRedirectURI, loc.Scheme+"://"+loc.Host+loc.Path)
			assert.Equal(t, tc.wantError, loc.Query().Get("error"))
			assert.Equal(t, p.State, loc.Query().Get("state"))
			assert.Empty(t, loc.Query().Get("code"))
		})
	}
}

func TestPromptNoneWebMessage(t *testing.T) {
	sim := startAPISim(t, "", nil)
	q := authorizeQuery(mustPKCE(t), "web_message")
	q.Set("prompt", "none")
	resp, err := http.Get(sim.URL + "/Auth/connect/authorize?" + q.Encode())
	require.NoError(t, err)
	page := readBody(t, resp)
	assert.Contains(t, string(page), `"error":"login_required"`)
	assert.NotContains(t, string(page), `"code"`)
}

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
		"unknown client": {form: url.Values{"grant_type": {"client_credentials"}, "scope": {"users:read"},
			"client_id": {"who"}, "client_secret": {"x"}}, wantStatus: 401, wantError: "invalid_client"},
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
	}
}
