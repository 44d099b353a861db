package cti

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/vccnow/connector/wasm/api"
)

// Writes the bridge must get. Two kinds:
//
// Kept writes hold what the agent typed or chose — a call's wrap-up
// (disposition and notes), the record an outbound call was placed from, the
// caller chosen among several matches. They are kept in the state (so in
// the tab's snapshot, and in every tab) until the bridge answers 2xx, sent
// again with backoff for as long as the bridge cannot be reached, is
// unavailable or busy — across reloads and tab hand-overs: the tab that
// leads sends what is kept — and the panel shows them as pending ("Saving
// your wrap-up…"). Only a refusal that will not change (the call is another
// agent's, the body is wrong) drops one, and says so.
//
// An answer or reject of a ringing call is sent again a few times while the
// bridge does not know the call yet (404) or is briefly unavailable, then
// the agent is told: a ringing call does not wait.

// timerResend fires the resend of a write (+ its request id).
const timerResend = "resend:"

// resendAfter are the waits before each resend of an answer or reject;
// after the last, the agent is told.
var resendAfter = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second}

// keptAfter are the waits before each resend of a kept write; the last
// repeats.
var keptAfter = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second, 30 * time.Second}

// keptUnknownTries bounds the resends of a kept write about a call the
// bridge does not know (404): VCC's first event of a call reaches it within
// seconds, so after these the call is not one it will know.
const keptUnknownTries = 8

// maxWrites bounds the kept writes a state may carry.
const maxWrites = 16

// Write is a kept write: what the agent typed or chose, until the bridge
// has it.
type Write struct {
	// ID is the request's id, "<purpose>:<key>": wrapup:<VCC call id>,
	// context:<VCC call id>, match:<interaction sys_id>; the purpose names
	// the route.
	ID   string          `json:"id"`
	Body json.RawMessage `json:"body"`
	// Caller names the call for the agent ("Julie Lewis").
	Caller string `json:"caller,omitempty"`
	// Tries counts the sends that did not reach the bridge or that it could
	// not take yet: the panel says it keeps trying.
	Tries int `json:"tries,omitempty"`
}

// keptRoutes are the routes of kept writes, by purpose.
var keptRoutes = map[purpose]api.Route{purposeWrapUp: api.RouteWrapUp, purposeContext: api.RouteContext, purposeMatch: api.RouteMatch}

// keptWhat names a kept write's purpose for the agent.
var keptWhat = map[purpose]string{purposeWrapUp: "your wrap-up", purposeContext: "the link to the record you called from", purposeMatch: "your choice of caller"}

func (w Write) purposeKey() (purpose, string) { return splitID(w.ID) }

// validate checks a kept write that came from a snapshot or another tab.
func (w Write) validate() error {
	purpose, key := w.purposeKey()
	if _, ok := keptRoutes[purpose]; !ok || key == "" || len(key) > 64 {
		return errors.New("kept write " + w.ID)
	}
	if len(w.Body) > 8<<10 || !json.Valid(w.Body) {
		return errors.New("kept write body")
	}
	return nil
}

// resend is an answer or reject waiting to be sent again.
type resend struct {
	route api.Route
	body  any
	args  []string
	tries int
}

// send sends an answer or reject as id; it is sent again when the bridge
// answers that it may take it later.
func (c *Connector) send(id string, route api.Route, body any, args ...string) {
	if c.requests.resends == nil {
		c.requests.resends = map[string]*resend{}
	}
	c.requests.resends[id] = &resend{route: route, body: body, args: args}
	c.bridge(id, route, body, args...)
}

// keep sends a kept write (purposeWrapUp, purposeContext or purposeMatch for
// the call or interaction key) and keeps it until the bridge has it; a newer
// write of the same id replaces it.
func (c *Connector) keep(purpose purpose, key string, body any, caller string) {
	b, err := json.Marshal(body)
	if err != nil {
		c.logf("error", "%s %s: %v", purpose, key, err)
		return
	}
	w := Write{ID: purpose.id(key), Body: b, Caller: caller}
	replaced := false
	for i := range c.state.Writes {
		if c.state.Writes[i].ID == w.ID {
			c.state.Writes[i], replaced = w, true
		}
	}
	if !replaced {
		c.state.Writes = append(c.state.Writes, w)
	}
	delete(c.requests.inFlight, w.ID) // the newer body goes now
	c.sendKept(w.ID)
}

// kept is the kept write with this id, or nil.
func (c *Connector) kept(id string) *Write {
	for i := range c.state.Writes {
		if c.state.Writes[i].ID == id {
			return &c.state.Writes[i]
		}
	}
	return nil
}

// sendKept sends a kept write unless it is on its way already. Only the
// leading tab sends: it holds the session.
func (c *Connector) sendKept(id string) {
	w := c.kept(id)
	if w == nil || c.requests.inFlight[id] || !c.leader() || c.link.tok.access == "" {
		return
	}
	if c.requests.inFlight == nil {
		c.requests.inFlight = map[string]bool{}
	}
	c.requests.inFlight[id] = true
	purpose, key := w.purposeKey()
	c.bridge(id, keptRoutes[purpose], w.Body, key)
}

// sendAllKept sends every kept write: this tab has just taken the lead (a
// reload, a hand-over), and what an earlier tab kept is its to send now.
func (c *Connector) sendAllKept() {
	for _, w := range c.state.Writes {
		c.sendKept(w.ID)
	}
}

// keptAnswer handles the bridge's answer to a kept write and reports
// whether it is done with it: taken (2xx) and refused for good fall through
// to the ordinary handling (the write is dropped); anything that may turn
// into a yes is sent again later.
func (c *Connector) keptAnswer(r BridgeResult) (again bool) {
	w := c.kept(r.ID)
	if w == nil {
		return false
	}
	delete(c.requests.inFlight, r.ID)
	if r.Err == nil && r.Status < 300 {
		c.dropKept(r.ID)
		return false
	}
	if !c.keptMayLand(r, w.Tries) {
		c.dropKept(r.ID)
		return false
	}
	c.p.Clock.After(keptAfter[min(w.Tries, len(keptAfter)-1)], timerResend+r.ID)
	w.Tries++
	return true
}

// keptMayLand reports whether a kept write the bridge did not take may be
// taken later: it was not reached, or was unavailable or busy, or did not
// know the call yet, or the agent's token was refused (a new one comes with
// the refresh or the next sign-in).
func (c *Connector) keptMayLand(r BridgeResult, tries int) bool {
	switch {
	case r.Err != nil || r.Status == 0:
		return true
	case r.Status == 404:
		return tries < keptUnknownTries
	case r.Status == 401:
		return c.state.SignedIn
	}
	return c.mayTakeLater(r)
}

// dropKept forgets a kept write.
func (c *Connector) dropKept(id string) {
	delete(c.requests.inFlight, id)
	for i := range c.state.Writes {
		if c.state.Writes[i].ID == id {
			c.state.Writes = append(c.state.Writes[:i], c.state.Writes[i+1:]...)
			return
		}
	}
}

// resendLater reports whether a refused answer or reject will be sent
// again.
func (c *Connector) resendLater(id string, r BridgeResult) bool {
	w := c.requests.resends[id]
	if w == nil {
		return false
	}
	if r.Err == nil && !c.mayTakeLater(r) || w.tries >= len(resendAfter) {
		delete(c.requests.resends, id)
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
	if c.kept(id) != nil {
		c.sendKept(id)
		return
	}
	w := c.requests.resends[id]
	if w == nil {
		return
	}
	if purpose, key := splitID(id); purpose == purposeAccept || purpose == purposeReject {
		// An answer or reject is for a call still ringing: one withdrawn
		// meanwhile is not sent again.
		if call := c.state.call(key); call == nil || call.State != CallRinging || call.Pending == "" {
			delete(c.requests.resends, id)
			return
		}
	}
	c.bridge(id, w.route, w.body, w.args...)
}

// sent forgets a write the bridge took.
func (c *Connector) sent(id string) { delete(c.requests.resends, id) }
