//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/chromedp/chromedp"
)

// Helpers for the ServiceNow side of a story: the simulated instance's
// REST API as the bridge's integration user, and the workspace page itself.

// ServiceNowREST calls the simulated instance's REST API as vcc.integration
// (Basic auth) and decodes {"result": ...} into result (nil to ignore it).
// Any status but 200 or 201 fails the test.
func (e *Env) ServiceNowREST(method, path string, body, result any) {
	e.tb.Helper()
	if result == nil {
		e.ServiceNowRESTRaw(method, path, body, nil)
		return
	}
	e.ServiceNowRESTRaw(method, path, body, &struct{ Result any }{Result: result})
}

// ServiceNowRESTRaw is ServiceNowREST decoding the whole answer into out,
// for APIs that answer without the "result" envelope (the Wrap Up API's
// segments).
func (e *Env) ServiceNowRESTRaw(method, path string, body, out any) {
	e.tb.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.tb.Fatalf("encode the body of %s %s: %v", method, path, err)
		}
		r = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, e.Stack.ServiceNowURL+path, r)
	if err != nil {
		e.tb.Fatalf("%s %s: %v", method, path, err)
	}
	req.SetBasicAuth("vcc.integration", "integration")
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusCreated {
		e.tb.Fatalf("%s %s: HTTP %d: %s", method, path, res.StatusCode, b)
	}
	if out == nil {
		return
	}
	if err := json.Unmarshal(b, out); err != nil {
		e.tb.Fatalf("%s %s: decode %s: %v", method, path, b, err)
	}
}

// InsertPhoneCall creates an inbound phone interaction waiting in the AWA
// queue whose external_id is queue (for example "support"), as the bridge
// does when VCC queues a call, and returns its sys_id.
func (e *Env) InsertPhoneCall(from, queue string) string {
	e.tb.Helper()
	var queues []struct {
		SysID string `json:"sys_id"`
	}
	e.ServiceNowREST(http.MethodGet, "/api/now/table/awa_queue?sysparm_fields=sys_id&sysparm_query="+url.QueryEscape("external_id="+queue), nil, &queues)
	if len(queues) != 1 {
		e.tb.Fatalf("want one AWA queue with external_id %q, found %d", queue, len(queues))
	}
	var ix struct {
		SysID string `json:"sys_id"`
	}
	e.ServiceNowREST(http.MethodPost, "/api/now/table/interaction", map[string]string{
		"type": "phone", "state": "new", "direction": "inbound", "caller_phone_number": from, "queue": queues[0].SysID,
	}, &ix)
	return ix.SysID
}

// WaitFor waits until the JavaScript expression is true in the workspace
// page; what names the condition in the failure message.
func (w *Workspace) WaitFor(what, expr string) {
	tb := w.env.tb
	tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		ok, err := chromedp.Run(w.ctx, chromedp.Evaluate[bool]("Boolean("+expr+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s's workspace: waited %v for %s (%s); last error: %v", w.User, Timeout, what, expr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Click clicks the first element matching the CSS selector in the
// workspace page with real mouse input.
func (w *Workspace) Click(selector string) {
	tb := w.env.tb
	tb.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible)); err != nil {
		tb.Fatalf("%s's workspace: click %s: %v", w.User, selector, err)
	}
}

// PanelEvents returns the args of every event of that name the workspace
// sent to its OpenFrame panel, oldest first (window.workspace.log).
func (w *Workspace) PanelEvents(eventName string) []json.RawMessage {
	w.env.tb.Helper()
	return Eval[[]json.RawMessage](w.env.tb, w.ctx, fmt.Sprintf(
		`window.workspace.log.filter(e => e.eventName === %q).map(e => e.args)`, eventName))
}
