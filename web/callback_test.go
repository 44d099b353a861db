package web

import (
	"context"
	"encoding/json"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/vcc"
)

const bridgeOrigin = "https://connector.example"

// callbackRun is what static/callback.js did in the harness.
type callbackRun struct {
	Posted []struct {
		Msg          json.RawMessage `json:"msg"`
		TargetOrigin string          `json:"targetOrigin"`
	} `json:"posted"`
	Closed bool   `json:"closed"`
	URL    string `json:"url"`
	Status string `json:"status"`
}

// runCallback runs static/callback.js in Node on a stand-in sign-in window
// at href, with posted as the page's form_post JSON ("" for none) and the
// opener "open", "closed" or "none".
func runCallback(t *testing.T, href, posted, opener string) callbackRun {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: install Node.js 20 (./build.sh test needs it for the js/wasm tests too)")
	}
	scenario := map[string]any{"href": href, "opener": opener, "posted": nil}
	if posted != "" {
		scenario["posted"] = posted
	}
	arg, err := json.Marshal(scenario)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, "testdata/callback_harness.js", "static/callback.js", string(arg)).CombinedOutput()
	require.NoError(t, err, "%s", out)
	var run callbackRun
	require.NoError(t, json.Unmarshal(out, &run), "%s", out)
	return run
}

// The callback page hands the provider's answer to the panel that opened
// it, at its own origin only, in the shape the panel reads, and closes.
func TestCallbackScriptPostsTheAnswer(t *testing.T) {
	cases := []struct {
		name, href, posted string
		want               vcc.AuthResponse
	}{
		{"query", bridgeOrigin + "/signin/callback?code=abc&state=s1&iss=https%3A%2F%2Fidp.example&session_state=x",
			"", vcc.AuthResponse{Code: "abc", State: "s1", Issuer: "https://idp.example"}},
		{"provider error", bridgeOrigin + "/signin/callback?error=access_denied&error_description=The+user+cancelled&state=s1",
			"", vcc.AuthResponse{Error: "access_denied", ErrorDescription: "The user cancelled", State: "s1"}},
		{"fragment", bridgeOrigin + "/signin/callback#code=abc&state=s1", "", vcc.AuthResponse{Code: "abc", State: "s1"}},
		{"form_post, put in the page by the bridge", bridgeOrigin + "/signin/callback",
			`{"code":"abc","state":"s1\u003c/script\u003e","extra":"dropped"}`, vcc.AuthResponse{Code: "abc", State: "s1</script>"}},
		{"form_post wins over a query", bridgeOrigin + "/signin/callback?code=forged&state=s1",
			`{"code":"abc","state":"s1"}`, vcc.AuthResponse{Code: "abc", State: "s1"}},
		{"a repeated parameter is dropped", bridgeOrigin + "/signin/callback?code=abc&state=s1&state=s2",
			"", vcc.AuthResponse{Code: "abc"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			run := runCallback(t, tc.href, tc.posted, "open")
			require.Len(t, run.Posted, 1, run.Status)
			assert.Equal(t, bridgeOrigin, run.Posted[0].TargetOrigin, "posted to its own origin only")
			var m vcc.CallbackMessage
			require.NoError(t, json.Unmarshal(run.Posted[0].Msg, &m))
			assert.Equal(t, vcc.CallbackMessage{Type: vcc.CallbackMessageType, AuthResponse: tc.want}, m)
			if tc.want.State != "" {
				got, err := vcc.ReadCallback(bridgeOrigin, bridgeOrigin, run.Posted[0].Msg, vcc.PKCE{State: tc.want.State})
				require.NoError(t, err, "the panel reads the page's message")
				assert.Equal(t, tc.want, got)
			}
			assert.True(t, run.Closed, "the window closes itself")
			assert.Equal(t, "/signin/callback", run.URL, "the code leaves the window's history")
		})
	}
}

// Without a panel to hand the answer to, the page says what to do.
func TestCallbackScriptExplains(t *testing.T) {
	cases := []struct{ name, href, opener, want string }{
		{"no opener", bridgeOrigin + "/signin/callback?code=abc&state=s1", "none", "Close this window, then click Sign in in the phone panel again."},
		{"the opener closed", bridgeOrigin + "/signin/callback?code=abc&state=s1", "closed", "no longer connected"},
		{"no answer", bridgeOrigin + "/signin/callback", "open", "This window received no sign-in answer."},
		{"an unrelated query", bridgeOrigin + "/signin/callback?foo=bar", "open", "received no sign-in answer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			run := runCallback(t, tc.href, "", tc.opener)
			assert.Empty(t, run.Posted)
			assert.False(t, run.Closed, "the window stays open so the agent reads why")
			assert.Contains(t, run.Status, tc.want)
			assert.Equal(t, "/signin/callback", run.URL)
		})
	}
}
