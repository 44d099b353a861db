//go:build !js

package e2e

import (
	"fmt"
	"time"

	"github.com/vccnow/connector/wasm/cti"
)

// Presence lives in three places: the panel (the agent's VCC presence,
// State().Presence), the workspace (the agent's AWA presence,
// window.workspace.presence.name) and VCC itself (GET /sim/agents/{user}).
// These helpers change it from either side and check that all three agree.

// Presence is the agent's AWA presence as the workspace shows it
// (window.workspace.presence.name), "" before the first snapshot.
func (w *Workspace) Presence() string {
	w.env.tb.Helper()
	return Eval[string](w.env.tb, w.ctx, `window.workspace.presence ? window.workspace.presence.name : ""`)
}

// ChoosePresence clicks an AWA presence state ("Available", "Away",
// "Offline") in the workspace's presence menu, as the agent does.
func (w *Workspace) ChoosePresence(state string) {
	w.env.tb.Helper()
	w.Click(fmt.Sprintf(`[data-testid="ws-presence-menu"] button[data-state=%q]`, state))
}

// PresenceAgreement is the agent's presence as each side sees it.
type PresenceAgreement struct {
	// Panel is the VCC presence the panel shows ("Ready", "Break"...).
	Panel string
	// VCC is the presence VCC holds for the agent.
	VCC string
	// Workspace is the AWA presence the workspace shows ("Available",
	// "Away", "Offline").
	Workspace string
}

// WaitPresenceAgrees waits up to within until the panel, VCC and the
// workspace agree on the agent's presence and the panel shows want (a VCC
// presence description such as "Ready" or "Break"): the panel and VCC hold
// the same presence, and the workspace holds the AWA state the connector's
// default mapping gives it (Ready → Available, Away and its reasons → Away,
// Logged Out → Offline). It fails the test with all three values
// otherwise, and returns them.
func (e *Env) WaitPresenceAgrees(ws *Workspace, panel *Panel, want string, within time.Duration) PresenceAgreement {
	e.tb.Helper()
	deadline := time.Now().Add(within)
	for {
		got, ok := e.presenceAgreement(ws, panel, want)
		if ok {
			return got
		}
		if time.Now().After(deadline) {
			e.tb.Fatalf("%s's presence: want %s everywhere within %v; the panel shows %q, VCC holds %q, the workspace shows %q",
				ws.User, want, within, got.Panel, got.VCC, got.Workspace)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (e *Env) presenceAgreement(ws *Workspace, panel *Panel, want string) (PresenceAgreement, bool) {
	e.tb.Helper()
	st, _ := panel.tryState()
	at := e.SimAgent(ws.User).Presence
	got := PresenceAgreement{Panel: st.Presence, VCC: at.Description, Workspace: ws.Presence()}
	awa, _ := cti.DefaultPresenceMap().AWAState(cti.Presence{ID: at.PresenceID, Description: at.Description,
		Category: cti.ParsePresenceCategory(at.Category.CategoryType)})
	return got, got.Panel == want && got.VCC == want && got.Workspace == awa
}
