package cti

import "github.com/vccnow/connector/wasm/ui"

// What the panel says of the agent's choices that wait: a Ready kept until
// the audio connects, call commands kept until the connection to Vonage is
// back.

// readyWaitingView says that Ready is chosen and will be set.
func readyWaitingView(s State) *ui.Node {
	if s.ReadyWaiting == "" {
		return nil
	}
	name := "Ready"
	for _, p := range s.Presences {
		if p.ID == s.ReadyWaiting {
			name = p.Name
		}
	}
	return ui.El("p", ui.TestID("presence-waiting"), ui.Class("pending"), ui.A("role", "status"),
		"Going "+name+" when audio connects… Choose another status to cancel.")
}

// waitingView names the call's commands that wait for the connection.
func waitingView(c Call) *ui.Node {
	if c.Waiting == "" {
		return nil
	}
	return ui.El("p", ui.TestID("call-waiting"), ui.Class("pending"), ui.A("role", "status"),
		c.Waiting+" will be done as soon as the phone connection is back.")
}

// reconnectingText is the banner while the softphone's link reconnects: the
// calls go on, and what waits for the link is said, not hidden.
func reconnectingText(s State) string {
	for _, c := range s.Calls {
		if c.Waiting != "" {
			return "Reconnecting to Vonage… your call continues; " + c.Waiting + " waits for the connection."
		}
	}
	return "Reconnecting to Vonage… your calls continue."
}
