//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/vccnow/connector/bridge/records"
)

// loadOutcome is what the calls of the load suite left in ServiceNow.
type loadOutcome struct {
	calls int
	// lost calls have no interaction; unclosed ones have one that never
	// closed; duplicated ones have more than one interaction or phone log.
	lost, unclosed, duplicated int
	// unfinished are the unclosed calls whose flow the suite did not
	// finish (an agent's request failed or the flow was cut): no wrap-up
	// was sent, so nothing can close them.
	unfinished int
}

func (o loadOutcome) bad() int { return o.lost + o.unclosed + o.duplicated }

// settled says that waiting longer changes nothing: every call has one
// interaction, and each one whose flow ended is closed.
func (o loadOutcome) settled() bool {
	return o.lost == 0 && o.duplicated == 0 && o.unclosed == o.unfinished
}

// outcome waits up to settle until every call's interaction is closed,
// then counts what each call left: its phone logs (by call_id) and the
// interactions that point at them.
func (w *loadWorld) outcome(ctx context.Context, calls []*loadCall, settle time.Duration) (loadOutcome, error) {
	deadline := time.Now().Add(settle)
	for {
		o, err := w.count(ctx, calls)
		if err != nil || o.settled() || time.Now().After(deadline) || !sleepUntil(ctx, time.Now().Add(time.Second)) {
			return o, err
		}
	}
}

func (w *loadWorld) count(ctx context.Context, calls []*loadCall) (loadOutcome, error) {
	var ixs []map[string]string
	if err := w.table(ctx, "interaction", "type=phone^short_descriptionLIKE[VCC ", "sys_id,state,short_description", &ixs); err != nil {
		return loadOutcome{}, err
	}
	ixsOf := map[string][]map[string]string{}
	for _, ix := range ixs {
		call := records.CallOf(ix["short_description"])
		ixsOf[call] = append(ixsOf[call], ix)
	}
	o := loadOutcome{calls: len(calls)}
	for _, c := range calls {
		found := ixsOf[c.id]
		switch {
		case len(found) == 0:
			o.lost++
		case len(found) > 1:
			o.duplicated++
		case found[0]["state"] != "closed_complete":
			o.unclosed++
			if !c.finished {
				o.unfinished++
			}
		}
	}
	return o, nil
}

// table reads every row of a table matching query, as the admin.
func (w *loadWorld) table(ctx context.Context, table, query, fields string, out any) error {
	u := w.snURL + "/api/now/table/" + table + "?sysparm_limit=1000000&sysparm_exclude_reference_link=true" +
		"&sysparm_fields=" + url.QueryEscape(fields) + "&sysparm_query=" + url.QueryEscape(query)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.SetBasicAuth("admin", "admin")
	req.Header.Set("Accept", "application/json")
	res, err := w.hc.Do(req)
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("read %s: HTTP %d", table, res.StatusCode)
	}
	return decodeResult(res, out)
}

// loadRows turns the suite's measurements into the report's rows (the
// bridge's memory rows follow them).
func loadRows(target loadTarget, w *loadWorld, o loadOutcome, window, took time.Duration, flowErr error, used loadCPU) []Row {
	p50, n := w.lat.percentile(50, kindWebhook, kindAgentAPI)
	p99, _ := w.lat.percentile(99, kindWebhook, kindAgentAPI)
	hookP99, hooks := w.lat.percentile(99, kindWebhook)
	apiP99, apis := w.lat.percentile(99, kindAgentAPI)
	setting := fmt.Sprintf("%d agents, a call each every %v for %v: %d calls (%.1f/s), the last one done after %v",
		len(w.agents), loadInterval, window, o.calls, float64(o.calls)/window.Seconds(), took.Round(time.Second))
	failures := ""
	if flowErr != nil {
		failures = "; failed call flows, first: " + flowErr.Error()
	}
	if f := w.acd.failures.Load(); f > 0 {
		failures += fmt.Sprintf("; %d webhooks refused 5 times", f)
	}
	return []Row{
		{Name: target.name + ": request latency p99", Value: p99, Unit: "ms", Target: "< 50 ms", Met: bar(p99 < 50),
			Note: fmt.Sprintf("%s; %d requests: %d webhooks (p99 %.0f ms), %d agent API (p99 %.0f ms); round trips timed by the load "+
				"generator on loopback; %s, the simulators and the generator share the CPUs with it; %s",
				setting, n, hooks, hookP99, apis, apiP99, target.where, used)},
		{Name: target.name + ": request latency p50", Value: p50, Unit: "ms", Note: setting},
		{Name: target.name + ": calls lost or duplicated", Value: float64(o.bad()), Unit: "calls", Target: "0", Met: bar(o.bad() == 0),
			Note: fmt.Sprintf("%d calls: %d without an interaction, %d not closed (%d of them left unfinished by the suite, so never wrapped up), "+
				"%d with more than one interaction or phone log; every 10th call's first webhook delivered twice%s",
				o.calls, o.lost, o.unclosed, o.unfinished, o.duplicated, failures)},
		{Name: target.name + ": CPU per call", Value: used.perCall(), Unit: "ms",
			Note: "the processor time of the bridge's processes while calls were placed, over the calls placed; " +
				"200 agents (20 calls a second) need less than 50 ms to be served by one core"},
	}
}

// decodeResult decodes a Table API answer's {"result": ...} into out.
func decodeResult(res *http.Response, out any) error {
	return json.NewDecoder(res.Body).Decode(&struct {
		Result any `json:"result"`
	}{Result: out})
}
