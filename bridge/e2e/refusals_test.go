//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// Every action either happens or says why not, and the panel shows what
// resulted: a reject AWA took, a reject ServiceNow refused, a Sign out
// during a call.

// Beth rejects a call in the panel: AWA takes the offer back (the work item
// is rejected and leaves her inbox), the panel stops ringing, its title in
// the workspace is no longer "Incoming call", and her presence is what AWA
// says.
func TestRejectFromThePanel(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")

	env.PlaceCall("+14155550201", "support")
	offered := panel.WaitCall("", cti.CallRinging)
	require.NotEmpty(t, offered.WorkItemID)
	ws.WaitFor("the inbox card", `document.querySelectorAll('[data-testid="ws-offer"]').length === 1`)
	ws.WaitFor("the title saying the call rings", `document.getElementById("openframe-title").textContent === "Incoming call"`)

	panel.Click("reject")
	panel.WaitState("the offer gone from the panel", func(s cti.State) bool { return len(s.Calls) == 0 })
	ws.WaitFor("the inbox empty", `document.querySelectorAll('[data-testid="ws-offer"]').length === 0`)
	item := env.WorkItem(offered.WorkItemID)
	assert.Equal(t, "true", item.Rejected, "AWA took the reject")
	assert.NotEqual(t, env.UserSysID("beth.anglin"), item.AssignedTo, "no longer offered to Beth")
	ws.WaitFor("the title no longer 'Incoming call'", `document.getElementById("openframe-title").textContent !== "Incoming call"`)
	assert.Equal(t, "Phone", ws.Title())

	st := panel.State()
	assert.Empty(t, st.Error)
	assert.False(t, Eval[bool](t, panel.Context(), `!!document.querySelector('[data-testid="incoming-call"]')`), "no ringing card")
	// This instance's AWA leaves an agent who rejects as she was; the panel
	// says the presence AWA holds.
	assert.Equal(t, "Available", ws.Presence())
	assert.Equal(t, "Ready", st.Presence)
	assert.Equal(t, "Ready", Eval[string](t, panel.Context(), `(s => s.options[s.selectedIndex].textContent.trim())(document.querySelector('[data-testid="presence"]'))`), "the Status the panel shows")
}

// ServiceNow refuses Beth's reject: the panel says so in words, with what to
// do, and the call still rings (it is still offered to her); once
// ServiceNow takes it again her second Reject works.
func TestRejectRefused(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")

	env.PlaceCall("+14155550202", "support")
	offered := panel.WaitCall("", cti.CallRinging)
	env.AddServiceNowFault(ServiceNowFault{Status: 500, Count: 5, PathPrefix: "/api/now/awa/inbox/actions/reject", Method: "POST"})
	panel.Click("reject")

	st := panel.WaitState("the refusal shown", func(s cti.State) bool { return s.Error != "" })
	assert.Contains(t, st.Error, "The call could not be rejected")
	assert.Contains(t, st.Error, "It is still ringing: answer it, or click Reject to try again.")
	for _, raw := range []string{"HTTP", "500", "http", "Fault injected"} {
		assert.NotContains(t, st.Error, raw, "agent words only")
	}
	assert.Contains(t, panel.Text("error"), "could not be rejected", "shown in the panel")
	c, ok := Call(st, "")
	require.True(t, ok)
	assert.Equal(t, cti.CallRinging, c.State, "the call still rings")
	assert.Empty(t, c.Pending)
	assert.Equal(t, "Reject", panel.Text("reject"))
	assert.Equal(t, "Incoming call", ws.Title())
	assert.Equal(t, 1, ws.Offers(), "still in Beth's inbox")
	assert.Equal(t, "false", strings.ToLower(firstNonEmptyString(env.WorkItem(offered.WorkItemID).Rejected, "false")))

	env.ClearServiceNowFaults()
	panel.Click("reject")
	panel.WaitState("the offer gone from the panel", func(s cti.State) bool { return len(s.Calls) == 0 })
	assert.Equal(t, "true", env.WorkItem(offered.WorkItemID).Rejected)
}

// Beth clicks Sign out on a call: the caller stays connected and the panel
// asks. She chooses to sign out after the call, which the panel shows; she
// hangs up and wraps up, and then the panel signs out.
func TestSignOutDuringACall(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	assert.NotEqual(t, "sign-out", panel.FirstTabStop(), "Sign out is not the panel's first Tab stop")

	id := env.PlaceCall("+14155550203", "support")
	panel.Answer(id)
	assert.NotEqual(t, "sign-out", panel.FirstTabStop(), "nor during a call")

	panel.Click("sign-out")
	panel.WaitVisible("sign-out-confirm")
	assert.Equal(t, "You're on a call. Sign out when it's wrapped up?", Eval[string](t, panel.Context(), `document.getElementById("sign-out-question").textContent`))
	time.Sleep(time.Second) // time enough for a hang-up to reach VCC
	assert.Equal(t, "connected", env.SimCall(id).State, "the caller is still on the line")
	ix, ok := env.Interaction(id)
	require.True(t, ok)
	assert.Equal(t, "work_in_progress", ix["state"], "the interaction stays open")
	st := panel.State()
	assert.True(t, st.SignedIn)
	c, _ := Call(st, id)
	assert.Equal(t, cti.CallConnected, c.State)

	panel.Click("sign-out-after-call")
	panel.WaitVisible("sign-out-pending")
	assert.Contains(t, panel.Text("sign-out-pending"), "Signing out after this call")
	assert.Equal(t, "connected", env.SimCall(id).State)

	panel.WrapUp(id, "Resolved")
	panel.WaitState("signed out after the wrap-up", func(s cti.State) bool { return !s.SignedIn })
	panel.WaitVisible("login")
	env.WaitInteraction(id, "closed with the wrap-up", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
}

// Beth changes her mind: Cancel keeps her signed in after the call.
func TestSignOutDuringACallCancelled(t *testing.T) {
	env := Start(t)
	ws := env.OpenWorkspace("beth.anglin")
	panel := ws.Panel()
	panel.GoReady("beth.anglin")
	id := env.PlaceCall("+14155550204", "support")
	panel.Answer(id)

	panel.Click("sign-out")
	panel.Click("sign-out-after-call")
	panel.WaitVisible("sign-out-pending")
	panel.Click("sign-out-cancel")
	panel.WaitState("the choice dropped", func(s cti.State) bool { return s.SignOut == "" })
	panel.WrapUp(id, "Resolved")
	time.Sleep(time.Second)
	assert.True(t, panel.State().SignedIn, "still signed in")
}

func firstNonEmptyString(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
