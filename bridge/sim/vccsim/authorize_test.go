//go:build !js

package vccsim

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

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

func TestSignInForm(t *testing.T) {
	sim := startAPISim(t, "", nil)
	resp, err := http.Get(sim.URL + "/Auth/connect/authorize?" + authorizeQuery(mustPKCE(t), "").Encode())
	require.NoError(t, err)
	form := readBody(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for _, want := range []string{`name="username"`, `name="password"`, `data-testid="signin"`, `method="post"`} {
		assert.Contains(t, string(form), want)
	}
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
}

func TestAuthorizationResponseModes(t *testing.T) {
	for _, tc := range []struct {
		name, mode string
		assume     []string
		check      func(t *testing.T, resp *http.Response, page string, p vccproto.PKCE)
	}{
		{name: "query by default", check: func(t *testing.T, resp *http.Response, _ string, p vccproto.PKCE) {
			require.Equal(t, http.StatusFound, resp.StatusCode)
			loc, err := url.Parse(resp.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, testRedirectURI, loc.Scheme+"://"+loc.Host+loc.Path)
			assert.Equal(t, p.State, loc.Query().Get("state"))
			assert.NotEmpty(t, loc.Query().Get("code"))
			assert.NotEmpty(t, loc.Query().Get("iss"))
		}},
		{name: "query", mode: "query", check: func(t *testing.T, resp *http.Response, _ string, _ vccproto.PKCE) {
			require.Equal(t, http.StatusFound, resp.StatusCode)
		}},
		{name: "form_post", mode: "form_post", check: func(t *testing.T, resp *http.Response, page string, p vccproto.PKCE) {
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, page, `<form method="post" action="`+testRedirectURI+`"`)
			assert.Contains(t, page, `name="state" value="`+p.State+`"`)
			assert.Contains(t, page, `name="code" value="`)
			assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "form-action "+testPanelOrigin)
			assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "script-src 'nonce-")
		}},
		{name: "web_message with its switch", mode: "web_message", assume: []string{switchWebMessage},
			check: func(t *testing.T, resp *http.Response, page string, p vccproto.PKCE) {
				require.Equal(t, http.StatusOK, resp.StatusCode)
				assert.Contains(t, page, `type: "authorization_response"`)
				assert.Contains(t, page, `window.opener.postMessage(message, "http://127.0.0.1:8702")`)
				assert.Contains(t, page, `"state":"`+p.State+`"`)
				assert.Contains(t, page, `"code":"`)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := startAPISim(t, "", func(c *Config) { c.Assume = tc.assume })
			p := mustPKCE(t)
			resp := sim.postSignIn(authorizeQuery(p, tc.mode), "abel.tuter", "demo")
			tc.check(t, resp, string(readBody(t, resp)), p)
		})
	}
}

func TestWebMessageIsOffByDefault(t *testing.T) {
	sim := startAPISim(t, "", nil)
	resp, err := noRedirects.Get(sim.URL + "/Auth/connect/authorize?" + authorizeQuery(mustPKCE(t), "web_message").Encode())
	require.NoError(t, err)
	page := readBody(t, resp)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(page), `Unsupported response_mode &#34;web_message&#34;; use query or form_post.`)
	assert.Empty(t, resp.Header.Get("Location"))
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
			require.Equal(t, http.StatusFound, resp.StatusCode)
			loc, err := url.Parse(resp.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, testRedirectURI, loc.Scheme+"://"+loc.Host+loc.Path)
			assert.Equal(t, tc.wantError, loc.Query().Get("error"))
			assert.Equal(t, p.State, loc.Query().Get("state"))
			assert.Empty(t, loc.Query().Get("code"))
		})
	}
}

func TestPromptNone(t *testing.T) {
	for _, tc := range []struct {
		mode   string
		assume []string
		want   func(t *testing.T, resp *http.Response, page string)
	}{
		{mode: "query", want: func(t *testing.T, resp *http.Response, _ string) {
			require.Equal(t, http.StatusFound, resp.StatusCode)
			loc, err := url.Parse(resp.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, "login_required", loc.Query().Get("error"))
			assert.Empty(t, loc.Query().Get("code"))
		}},
		{mode: "form_post", want: func(t *testing.T, _ *http.Response, page string) {
			assert.Contains(t, page, `name="error" value="login_required"`)
			assert.NotContains(t, page, `name="code"`)
		}},
		{mode: "web_message", assume: []string{switchWebMessage}, want: func(t *testing.T, _ *http.Response, page string) {
			assert.Contains(t, page, `"error":"login_required"`)
			assert.NotContains(t, page, `"code"`)
		}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			sim := startAPISim(t, "", func(c *Config) { c.Assume = tc.assume })
			q := authorizeQuery(mustPKCE(t), tc.mode)
			q.Set("prompt", "none")
			resp, err := noRedirects.Get(sim.URL + "/Auth/connect/authorize?" + q.Encode())
			require.NoError(t, err)
			tc.want(t, resp, string(readBody(t, resp)))
		})
	}
}

func TestRegisteredRedirectURIs(t *testing.T) {
	sim := startAPISim(t, "", func(c *Config) {
		c.PanelOrigins = []string{testPanelOrigin, "http://localhost:47001"}
		c.PanelRedirectURIs = []string{"http://127.0.0.1:47002/elsewhere/cb"}
	})
	for _, tc := range []struct {
		uri string
		ok  bool
	}{
		{testPanelOrigin + "/signin/callback", true},
		{"http://localhost:47001/signin/callback", true},
		{"http://127.0.0.1:47002/elsewhere/cb", true},
		{testPanelOrigin + "/", false},
		{testPanelOrigin + "/signin/callback/", false},
		{"http://127.0.0.1:47003/signin/callback", false},
	} {
		t.Run(tc.uri, func(t *testing.T) {
			q := authorizeQuery(mustPKCE(t), "")
			q.Set("redirect_uri", tc.uri)
			resp, err := noRedirects.Get(sim.URL + "/Auth/connect/authorize?" + q.Encode())
			require.NoError(t, err)
			page := readBody(t, resp)
			if tc.ok {
				assert.Equal(t, http.StatusOK, resp.StatusCode, "%s", page)
				assert.Contains(t, string(page), `data-testid="signin"`)
				return
			}
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
			assert.Contains(t, string(page), "is not registered")
		})
	}
}
