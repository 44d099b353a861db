//go:build !js

package bridgetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/sim/vccsim"
)

// Helpers for the simulators' loopback control APIs (VCC: /sim/calls,
// /sim/tokens, /sim/agents, /sim/webhooks; ServiceNow: /sim/faults,
// /sim/stats).

// do sends a JSON request and decodes a JSON answer into out (nil to
// ignore it); it returns the status. user, when set, is a Basic-auth
// "name:password".
func (e *Env) do(method, url, user string, header http.Header, body, out any) int {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatalf("encode the body of %s %s: %v", method, url, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, url, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if name, pass, ok := strings.Cut(user, ":"); ok {
		req.SetBasicAuth(name, pass)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("%s %s: unreadable answer %d %q: %v", method, url, resp.StatusCode, data, err)
		}
	}
	return resp.StatusCode
}

// control calls a control API that must succeed.
func (e *Env) control(base, method, path string, body, out any) {
	e.t.Helper()
	var raw json.RawMessage
	if status := e.do(method, base+path, "", nil, body, &raw); status >= 300 {
		e.t.Fatalf("%s %s: %d %s", method, path, status, raw)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: %s: %v", method, path, raw, err)
		}
	}
}

// SimCall is a call as the VCC simulator shows it (GET /sim/calls/{id}).
type SimCall struct {
	ID          string `json:"id"`
	State       string `json:"state"`
	Agent       string `json:"agent"`
	From        string `json:"from"`
	Queue       string `json:"queue"`
	Disposition string `json:"disposition"`
}

// PlaceCall rings VCC from a caller's number into a queue and returns the
// VCC interaction id.
func (e *Env) PlaceCall(from, queue string) string {
	e.t.Helper()
	var out struct {
		ID string `json:"id"`
	}
	e.control(e.VCCURL, "POST", "/sim/calls", map[string]string{"from": from, "queue": queue}, &out)
	if out.ID == "" {
		e.t.Fatalf("placing a call from %s gave no id", from)
	}
	return out.ID
}

// SimCall returns the VCC simulator's view of a call.
func (e *Env) SimCall(id string) SimCall {
	e.t.Helper()
	var c SimCall
	e.control(e.VCCURL, "GET", "/sim/calls/"+id, nil, &c)
	return c
}

// WaitSimCall waits until the VCC simulator's call is in state.
func (e *Env) WaitSimCall(id, state string) SimCall {
	e.t.Helper()
	var c SimCall
	e.Eventually("VCC call "+id+" "+state, func() bool { c = e.SimCall(id); return c.State == state })
	return c
}

// CallerHangsUp ends the call from the caller's side.
func (e *Env) CallerHangsUp(id string) {
	e.t.Helper()
	e.control(e.VCCURL, "POST", "/sim/calls/"+id+"/hangup", nil, nil)
}

// MintToken returns a VCC access token for a user of the seed, as if they
// had signed in to the connector.
func (e *Env) MintToken(userName string) string {
	e.t.Helper()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	e.control(e.VCCURL, "POST", "/sim/tokens", map[string]string{"user_name": userName}, &out)
	return out.AccessToken
}

// SupervisorSetsPresence changes an agent's VCC presence by its
// description ("Break"), as a supervisor does.
func (e *Env) SupervisorSetsPresence(userName, presence string) {
	e.t.Helper()
	e.control(e.VCCURL, "POST", "/sim/agents/"+userName+"/presence", map[string]string{"presence": presence}, nil)
}

// SetChaos makes VCC's webhook delivery duplicate and reorder events.
func (e *Env) SetChaos(c vccsim.Chaos) {
	e.t.Helper()
	e.control(e.VCCURL, "POST", "/sim/webhooks/chaos", c, nil)
}

// Fault is POST /sim/faults's body.
type Fault struct {
	Status     int    `json:"status,omitempty"`
	Count      int    `json:"count,omitempty"`
	RetryAfter int    `json:"retry_after,omitempty"`
	LatencyMS  int    `json:"latency_ms,omitempty"`
	PathPrefix string `json:"path_prefix,omitempty"`
	Method     string `json:"method,omitempty"`
}

// AddFault makes the next matching ServiceNow requests fail.
func (e *Env) AddFault(f Fault) {
	e.t.Helper()
	e.control(e.SNURL, "POST", "/sim/faults", f, nil)
}

// ClearFaults removes every fault.
func (e *Env) ClearFaults() {
	e.t.Helper()
	e.control(e.SNURL, "DELETE", "/sim/faults", nil, nil)
}

// ActiveFaults counts the faults not used up yet.
func (e *Env) ActiveFaults() int {
	e.t.Helper()
	var fs []json.RawMessage
	e.control(e.SNURL, "GET", "/sim/faults", nil, &fs)
	return len(fs)
}

// Stats is the part of GET /sim/stats the tests read.
type Stats struct {
	Total    int                       `json:"total"`
	Tables   map[string]map[string]int `json:"tables"`
	ByUser   map[string]int            `json:"byUser"`
	ByPath   map[string]int            `json:"byPath"`
	ByStatus map[string]int            `json:"byStatus"`
}

// Stats returns ServiceNow's request counts since the last reset.
func (e *Env) Stats() Stats {
	e.t.Helper()
	var s Stats
	e.control(e.SNURL, "GET", "/sim/stats", nil, &s)
	return s
}

// ResetStats zeroes ServiceNow's request counts.
func (e *Env) ResetStats() {
	e.t.Helper()
	e.control(e.SNURL, "POST", "/sim/stats/reset", nil, nil)
}

// BridgeRequests is how many ServiceNow REST requests the bridge's
// integration user made since the last reset.
func (e *Env) BridgeRequests() int {
	e.t.Helper()
	return e.Stats().ByUser[IntegrationUser]
}

// Eventually polls cond every 20 ms until it holds, for at most Timeout.
func (e *Env) Eventually(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(Timeout)
	for !cond() {
		if time.Now().After(deadline) {
			e.t.Fatalf("waited %v for %s", Timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Health is the bridge's /healthz.
type Health struct {
	OK            bool `json:"ok"`
	OutboxPending int  `json:"outboxPending"`
}

// WaitSettled waits until the bridge has nothing left to write to
// ServiceNow (its outbox is empty and stays so for 100 ms, so a write
// queued by an event in flight is seen).
func (e *Env) WaitSettled() {
	e.t.Helper()
	quiet := 0
	e.Eventually("the bridge's outbox to drain", func() bool {
		var h Health
		if e.do("GET", e.BridgeURL+"/healthz", "", nil, nil, &h) != http.StatusOK || h.OutboxPending > 0 {
			quiet = 0
			return false
		}
		quiet++
		return quiet >= 5
	})
}

func (s Stats) String() string { return fmt.Sprintf("%d requests by path %v", s.Total, s.ByPath) }

// Delivery is one webhook delivery as VCC's simulator logged it (GET
// /sim/webhooks/deliveries).
type Delivery struct {
	EventID     string    `json:"eventId"`
	Type        string    `json:"type"`
	Duplicate   bool      `json:"duplicate"`
	Status      string    `json:"status"`
	Queued      time.Time `json:"queued"`
	LastAttempt time.Time `json:"lastAttempt"`
}

// Deliveries returns VCC's recent webhook deliveries, oldest first.
func (e *Env) Deliveries() []Delivery {
	e.t.Helper()
	var out struct {
		Deliveries []Delivery `json:"deliveries"`
	}
	e.control(e.VCCURL, "GET", "/sim/webhooks/deliveries", nil, &out)
	return out.Deliveries
}
