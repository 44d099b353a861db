//go:build !js

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/records"
)

// SimCall is a call as the VCC simulator reports it (GET /sim/calls/{id}).
type SimCall struct {
	ID          string `json:"id"`
	State       string `json:"state"`
	Agent       string `json:"agent"`
	From        string `json:"from"`
	Queue       string `json:"queue"`
	Direction   string `json:"direction"`
	DTMF        string `json:"dtmf"`
	Disposition string `json:"disposition"`
	Media       struct {
		RTPFromAgent       uint64 `json:"rtpFromAgent"`
		RTPToAgent         uint64 `json:"rtpToAgent"`
		LastRTPFromAgentAt string `json:"lastRtpFromAgentAt"`
		AgentAudioSince    string `json:"agentAudioSince"`
	} `json:"media"`
}

// control calls a simulator's loopback control API and decodes the answer.
func (e *Env) control(base, method, path string, body, out any) {
	e.tb.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		e.tb.Fatalf("%s %s: %v", method, path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		e.tb.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, strings.TrimSpace(string(data)))
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			e.tb.Fatalf("%s %s: unreadable answer %q: %v", method, path, data, err)
		}
	}
}

// PlaceCall rings VCC from a caller's number into a queue and returns the
// VCC interaction id.
func (e *Env) PlaceCall(from, queue string) string {
	e.tb.Helper()
	var out struct {
		ID string `json:"id"`
	}
	e.control(e.Stack.VCCURL, "POST", "/sim/calls", map[string]string{"from": from, "queue": queue}, &out)
	if out.ID == "" {
		e.tb.Fatalf("placing a call from %s gave no id", from)
	}
	return out.ID
}

// SimCall returns the simulator's view of a call.
func (e *Env) SimCall(id string) SimCall {
	e.tb.Helper()
	var c SimCall
	e.control(e.Stack.VCCURL, "GET", "/sim/calls/"+id, nil, &c)
	return c
}

// CallerHangsUp ends the call from the caller's side.
func (e *Env) CallerHangsUp(id string) {
	e.tb.Helper()
	e.control(e.Stack.VCCURL, "POST", "/sim/calls/"+id+"/hangup", nil, nil)
}

// WaitSimCall waits until the simulator's call satisfies pred.
func (e *Env) WaitSimCall(id, what string, pred func(SimCall) bool) SimCall {
	e.tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		c := e.SimCall(id)
		if pred(c) {
			return c
		}
		if time.Now().After(deadline) {
			e.tb.Fatalf("VCC call %s: waited %v for %s; it is %+v", id, Timeout, what, c)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// Interaction returns the call's interaction, found as the bridge finds its
// own: its short description ends with the VCC interaction id
// (records.TaggedQuery). ok is false until the bridge has created it.
func (e *Env) Interaction(vccID string) (map[string]string, bool) {
	e.tb.Helper()
	var ixs []map[string]string
	e.Records("interaction", records.TaggedQuery(vccID), &ixs)
	if len(ixs) != 1 {
		if len(ixs) > 1 {
			e.tb.Fatalf("call %s has %d interactions; want exactly one", vccID, len(ixs))
		}
		return nil, false
	}
	return ixs[0], true
}

// WaitInteraction waits until the call's interaction satisfies pred.
func (e *Env) WaitInteraction(vccID, what string, pred func(map[string]string) bool) map[string]string {
	e.tb.Helper()
	deadline := time.Now().Add(Timeout)
	var last map[string]string
	for {
		if ix, ok := e.Interaction(vccID); ok {
			last = ix
			if pred(ix) {
				return ix
			}
		}
		if time.Now().After(deadline) {
			e.tb.Fatalf("interaction of call %s: waited %v for %s; last %v", vccID, Timeout, what, summary(last))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Records reads records of a table matching an encoded query, as the admin
// (so the integration user's request counts stay the bridge's own).
func (e *Env) Records(table, query string, out any) {
	e.tb.Helper()
	req, err := http.NewRequest("GET", e.Stack.ServiceNowURL+"/api/now/table/"+table+"?sysparm_exclude_reference_link=true&sysparm_query="+url.QueryEscape(query), nil)
	if err != nil {
		e.tb.Fatal(err)
	}
	req.SetBasicAuth("admin", "admin")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.tb.Fatalf("read %s: %v", table, err)
	}
	defer resp.Body.Close()
	var env struct {
		Result json.RawMessage `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || resp.StatusCode != 200 {
		e.tb.Fatalf("read %s: %d %v", table, resp.StatusCode, err)
	}
	if err := json.Unmarshal(env.Result, out); err != nil {
		e.tb.Fatalf("read %s: %v", table, err)
	}
}

// WorkNotes returns the work notes journaled on a record (sys_journal_field,
// where a journal field's entries live; the field itself reads back empty),
// oldest first, joined by blank lines.
func (e *Env) WorkNotes(table, sysID string) string {
	e.tb.Helper()
	var rows []map[string]string
	e.Records("sys_journal_field", "name="+table+"^element_id="+sysID+"^element=work_notes^ORDERBYsys_created_on", &rows)
	notes := make([]string, len(rows))
	for i, r := range rows {
		notes[i] = r["value"]
	}
	return strings.Join(notes, "\n\n")
}

func summary(ix map[string]string) string {
	if ix == nil {
		return "none"
	}
	return fmt.Sprintf("%s state=%s assigned_to=%s", ix["number"], ix["state"], ix["assigned_to"])
}

// WaitLinked waits until the interaction is related to the record.
func (e *Env) WaitLinked(interaction, table, sysID string) {
	e.tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		var links []map[string]string
		e.Records("interaction_related_record", "interaction="+interaction+"^document_id="+sysID, &links)
		if len(links) > 0 && links[0]["document_table"] == table {
			return
		}
		if time.Now().After(deadline) {
			e.tb.Fatalf("interaction %s: no link to %s %s after %v", interaction, table, sysID, Timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// SetOfferTimeout shortens AWA's offer timeout (the assignment rules' timeout)
// so a test does not wait 30 seconds for an agent to miss a call.
func (e *Env) SetOfferTimeout(d time.Duration) {
	e.tb.Helper()
	var rules []map[string]string
	e.Records("awa_assignment_rule", "active=true", &rules)
	for _, r := range rules {
		e.adminREST("PATCH", "/api/now/table/awa_assignment_rule/"+r["sys_id"], map[string]string{"timeout": fmt.Sprint(int(d.Seconds()))})
	}
}

// adminREST writes to the instance as the admin.
func (e *Env) adminREST(method, path string, body any) {
	e.tb.Helper()
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(method, e.Stack.ServiceNowURL+path, bytes.NewReader(b))
	if err != nil {
		e.tb.Fatal(err)
	}
	req.SetBasicAuth("admin", "admin")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.tb.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		e.tb.Fatalf("%s %s: %s", method, path, resp.Status)
	}
}

// ResetServiceNowStats zeroes the ServiceNow simulator's request counts.
func (e *Env) ResetServiceNowStats() {
	e.tb.Helper()
	e.control(e.Stack.ServiceNowURL, "POST", "/sim/stats/reset", nil, nil)
}

// ServiceNowRequests is how many REST requests a user made since the last
// reset (every API; each Batch API inner request counts).
func (e *Env) ServiceNowRequests(user string) int {
	e.tb.Helper()
	return e.ServiceNowRequestCounts(user).Requests
}

// RequestCounts are a user's ServiceNow requests since the last stats
// reset: Requests counts every REST request, each Batch API inner request as
// one (what ServiceNow's per-user rate limits are about); Envelopes counts
// the Batch API envelopes that carried some of them.
type RequestCounts struct {
	Requests, Envelopes int
}

// ServiceNowRequestCounts reads the simulator's counts for user.
func (e *Env) ServiceNowRequestCounts(user string) RequestCounts {
	e.tb.Helper()
	var st struct {
		ByUser        map[string]int `json:"byUser"`
		BatchesByUser map[string]int `json:"batchesByUser"`
	}
	e.control(e.Stack.ServiceNowURL, "GET", "/sim/stats", nil, &st)
	return RequestCounts{Requests: st.ByUser[user], Envelopes: st.BatchesByUser[user]}
}

// WaitAgentAudioAfter waits until VCC receives the agent's audio again after
// the epoch time (ms) and returns when it began to flow again (ms since the
// epoch): the first packet after the gap, not the latest one.
func (e *Env) WaitAgentAudioAfter(id string, after float64) float64 {
	e.tb.Helper()
	var at float64
	e.WaitSimCall(id, "the agent's audio", func(c SimCall) bool {
		t, err := time.Parse(time.RFC3339Nano, c.Media.AgentAudioSince)
		if err != nil {
			return false
		}
		at = float64(t.UnixNano()) / 1e6
		return at > after
	})
	return at
}
