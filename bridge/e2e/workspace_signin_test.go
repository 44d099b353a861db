//go:build !js

package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Abel opens the Agent Workspace in a fresh browser: the instance sends him
// to its sign-in page, he signs in with his user name and password, and
// the workspace opens as him. The session cookie keeps him signed in when
// he reloads, and the page's scripts cannot read it.
func TestWorkspaceSignIn(t *testing.T) {
	env := Start(t)
	ctx, cancel, err := env.NewBrowser().NewTab()
	require.NoError(t, err)
	defer cancel()
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, stop := context.WithTimeout(ctx, Timeout)
		defer stop()
		require.NoError(t, chromedp.Do(c, actions...), what)
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	run("open the workspace without a session",
		chromedp.Navigate(env.Stack.ServiceNowURL+"/now/workspace/agent"),
		chromedp.WaitVisible(css(`[data-testid="ws-signin"]`)))
	location := Eval[string](t, ctx, `location.href`)
	assert.True(t, strings.HasPrefix(location, env.Stack.ServiceNowURL+"/login.do"), "the sign-in page, got %s", location)

	run("sign in with a wrong password",
		chromedp.SendKeys(css(`#user_name`), "abel.tuter"),
		chromedp.SendKeys(css(`#user_password`), "wrong"),
		chromedp.Click(css(`[data-testid="ws-signin"]`)),
		chromedp.WaitVisible(css(`[data-testid="ws-signin-error"]`)))
	assert.Equal(t, "User name or password invalid", Eval[string](t, ctx, `document.querySelector('[data-testid="ws-signin-error"]').textContent`))

	assert.Equal(t, "abel.tuter", Eval[string](t, ctx, `document.querySelector('#user_name').value`), "the form keeps the user name")
	run("sign in",
		chromedp.SendKeys(css(`#user_password`), "demo"),
		chromedp.Click(css(`[data-testid="ws-signin"]`)),
		chromedp.WaitVisible(css(`[data-testid="ws-user"]`)))
	assert.Equal(t, "Abel Tuter", Eval[string](t, ctx, `document.querySelector('[data-testid="ws-user"]').textContent`))
	assert.Equal(t, env.Stack.ServiceNowURL+"/now/workspace/agent", Eval[string](t, ctx, `location.href`))
	assert.False(t, Eval[bool](t, ctx, `document.cookie.includes("JSESSIONID")`), "the session cookie is HttpOnly")

	run("reload", chromedp.Reload(), chromedp.WaitVisible(css(`[data-testid="ws-user"]`)))
	assert.Equal(t, "Abel Tuter", Eval[string](t, ctx, `document.querySelector('[data-testid="ws-user"]').textContent`), "still signed in")
	assert.Equal(t, "abel.tuter", Eval[string](t, ctx, `window.workspace.user.user_name`))
}
