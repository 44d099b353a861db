//go:build !js

package e2e

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// signInURL is the connector's authorization request for this stack.
func signInURL(t *testing.T, env *Env, prompt string) (string, vccproto.PKCE) {
	t.Helper()
	p, err := vccproto.NewRandomPKCE()
	require.NoError(t, err)
	u := vccproto.AuthorizeURL(env.Stack.VCC.Issuer()+"/connect/authorize", "servicenow-connector",
		env.Stack.BridgeURL+vccproto.CallbackPath, "openid users:read users:write", p)
	if prompt != "" {
		u = strings.Replace(u, "prompt=login", "prompt="+url.QueryEscape(prompt), 1)
	}
	return u, p
}

// An agent's sign-in window, opened from the panel's origin: a wrong
// password shows the form again; the right one redirects to the bridge's
// callback page (a standard OAuth redirect), which posts the code to the
// opener from the panel's own origin and closes the window. The opener
// exchanges the code from the browser (CORS) and the token works at VCC's
// API.
func TestVCCSignInPostsCodeToOpener(t *testing.T) {
	env := Start(t)
	opener := env.OpenSignInOpener()
	authURL, p := signInURL(t, env, "")

	win := env.AttachSignInWindow(opener.Open(authURL))
	win.Submit("beth.anglin", "not-the-password")
	assert.Contains(t, win.ErrorText(), "user name or password is wrong")
	assert.Empty(t, opener.Messages(), "no answer for a wrong password")

	win.Submit("beth.anglin", "demo")
	msg := opener.WaitMessage()
	win.WaitClosed()
	assert.Equal(t, env.Stack.BridgeURL, msg.Origin, "posted from the panel's own origin (the bridge's callback page)")
	answer, err := vccproto.ReadCallback(msg.Origin, env.Stack.BridgeURL, msg.Data, p)
	require.NoError(t, err)
	code, err := answer.Verify(p, env.Stack.VCC.Issuer())
	require.NoError(t, err)

	form := vccproto.TokenRequest("servicenow-connector", env.Stack.BridgeURL+vccproto.CallbackPath, code, p)
	res := Eval[struct {
		Status int
		Body   vccproto.Token
	}](t, opener.Context(), `(async () => {
		const r = await fetch(`+jsString(env.Stack.VCC.Issuer()+"/connect/token")+`, {
			method: "POST",
			headers: {"Content-Type": "application/x-www-form-urlencoded"},
			body: `+jsString(form.Encode())+`,
		});
		return {status: r.status, body: await r.json()};
	})()`)
	require.Equal(t, http.StatusOK, res.Status, "the code exchange from the panel origin: %+v", res.Body)
	assert.NotEmpty(t, res.Body.RefreshToken)
	assert.NotEmpty(t, jwtClaim(t, res.Body.AccessToken, "sub"), "the user is the token's subject")
	assert.Nil(t, jwtClaim(t, res.Body.AccessToken, "user_name"), "no claim VCC does not document")

	req, err := http.NewRequest(http.MethodGet, env.Stack.VCCURL+"/agents/presence-definitions", nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "application/vnd.newvoicemedia.v1+json")
	req.Header.Set("Authorization", "Bearer "+res.Body.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the token works at VCC's Agents API")
}

// There is no silent sign-in: prompt=none answers login_required at once,
// without a form, through the callback page, and the window closes itself.
func TestVCCPromptNoneIsLoginRequired(t *testing.T) {
	env := Start(t)
	opener := env.OpenSignInOpener()
	authURL, p := signInURL(t, env, "none")

	id := opener.Open(authURL)
	msg := opener.WaitMessage()
	WaitTargetGone(env, id, "the sign-in window to close")
	assert.Equal(t, env.Stack.BridgeURL, msg.Origin)
	answer, err := vccproto.ReadCallback(msg.Origin, env.Stack.BridgeURL, msg.Data, p)
	require.NoError(t, err)
	assert.Equal(t, "login_required", answer.Error)
	assert.Empty(t, answer.Code)
}

// jwtClaim reads one claim of a JWT's payload without verifying it.
func jwtClaim(t *testing.T, raw, name string) any {
	t.Helper()
	parts := strings.Split(raw, ".")
	require.Len(t, parts, 3, "a JWT")
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var claims map[string]any
	require.NoError(t, json.Unmarshal(b, &claims))
	return claims[name]
}
