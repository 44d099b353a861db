package cti

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/vccnow/connector/wasm/api"
)

// Writes the bridge must get: the call's context and its wrap-up. The bridge
// refuses them while it does not know the call yet (404: VCC's first event
// of an outbound call is still on its way) and when it is briefly
// unavailable (503) or busy (429); the panel sends them again a few times,
// then tells the agent.

// timerResend fires the resend of a write (+ its request id).
const timerResend = "resend:"

// resendAfter are the waits before each resend; after the last, the agent
// is told.
var resendAfter = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second}

// resend is a write waiting to be sent again.
type resend struct {
	route api.Route
	body  any
	args  []string
	tries int
}

// send sends a write the bridge must get, as id; it is sent again when the
// bridge answers that it may take it later.
func (c *Connector) send(id string, route api.Route, body any, args ...string) {
	if c.resends == nil {
		c.resends = map[string]*resend{}
	}
	c.resends[id] = &resend{route: route, body: body, args: args}
	c.bridge(id, route, body, args...)
}

// resendLater reports whether a refused write will be sent again.
func (c *Connector) resendLater(id string, r BridgeResult) bool {
	w := c.resends[id]
	if w == nil {
		return false
	}
	if r.Err == nil && !c.mayTakeLater(r) || w.tries >= len(resendAfter) {
		delete(c.resends, id)
		return false
	}
	c.p.Clock.After(resendAfter[w.tries], timerResend+id)
	w.tries++
	return true
}

// mayTakeLater reports whether the bridge's refusal may turn into a yes.
func (c *Connector) mayTakeLater(r BridgeResult) bool {
	var e api.Error
	_ = json.Unmarshal(r.Body, &e)
	return r.Status == 404 || api.Retryable(e.Error.Code) || r.Status == 502 || r.Status == 503 || r.Status == 504
}

// onResend sends a write again.
func (c *Connector) onResend(id string) {
	w := c.resends[id]
	if w == nil {
		return
	}
	if purpose, key, _ := strings.Cut(id, ":"); purpose == "accept" || purpose == "reject" {
		// An answer or reject is for a call still ringing: one withdrawn
		// meanwhile is not sent again.
		if call := c.state.call(key); call == nil || call.State != CallRinging || call.Pending == "" {
			delete(c.resends, id)
			return
		}
	}
	c.bridge(id, w.route, w.body, w.args...)
}

// sent forgets a write the bridge took.
func (c *Connector) sent(id string) { delete(c.resends, id) }
