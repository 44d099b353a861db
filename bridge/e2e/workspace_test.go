//go:build !js

package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// The agent opens the Agent Workspace: the OpenFrame panel loads the
// connector from the bridge's site, the Go core starts, and the panel offers
// a sign-in button without signing in by itself.
func TestWorkspaceLoadsConnector(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")

	frame := Eval[map[string]string](t, ws.Context(), `(() => {
		const f = document.querySelector('iframe[name="gsft_openframe"]');
		return f ? {src: f.src, allow: f.getAttribute('allow')} : {};
	})()`)
	require.Equal(t, env.Stack.BridgeURL+"/", frame["src"], "the panel loads the connector from the bridge")
	assert.Equal(t, "microphone; autoplay", frame["allow"])

	panel := ws.Panel()
	panel.WaitVisible("login")
	// The only tab leads once its Web Lock is granted, a moment after the
	// signed-out view is painted.
	st := panel.WaitState("the only tab leads", func(s cti.State) bool { return s.TabRole == "leader" })
	assert.False(t, st.SignedIn, "signed in without the agent")
	assert.Empty(t, st.Calls)
	assert.Contains(t, st.Timings, "ready")
	assert.Equal(t, "Sign in", panel.Text("login"))
	env.SaveDocScreenshot(ws, "workspace.png")
}
