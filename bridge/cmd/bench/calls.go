//go:build !js

package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/e2e"
	"github.com/vccnow/connector/wasm/cti"
)

// epochMs is wall-clock time in milliseconds, comparable with a browser's
// performance.timeOrigin + performance.now() on the same machine.
func epochMs(t time.Time) float64 { return float64(t.UnixNano()) / 1e6 }

// measureCalls runs inbound calls through the whole product and measures the
// offer → ringing and accept → caller audio bars, and the ServiceNow
// requests each call costs (lookup to close).
func measureCalls(cfg config) ([]Row, error) {
	var ring, audio []float64
	// The calls take turns among the kinds of caller; requests is the most
	// each kind cost (every REST request, each Batch API inner request as
	// one), envelopes the Batch API envelopes among them.
	const answered = "answered in the panel, wrapped up with a disposition"
	kinds := []struct{ name, from, queue, note string }{
		{"CSM contact with an open case", "+14155550201", "support", "case lookup, create, accept, close, the case's note"},
		{"ITSM caller with an open incident", "+14155550121", "servicedesk", "incident and requested-item lookups, create, accept, close, the incident's note"},
		{"ITSM caller with an open requested item", "+14155550171", "servicedesk", "incident and requested-item lookups, create, accept, close, the item's note"},
		{"CSM contact without an open case", "+14155550221", "support", "case and contact lookups, create, accept, close"},
		{"CSM consumer with an open case, number stored the French way", "+33123456789", "support", "case lookup, create, accept, close, the case's note"},
		{"unknown caller, ITSM queue", "+14155550199", "servicedesk", "incident, requested-item and user lookups, create, accept, close"},
		{"unknown caller, CSM queue serving contacts and consumers", "+14155550199", "support",
			"case, contact and consumer lookups, create, accept, close; 5 on a CSM queue set to serve contacts or consumers only (rules: callers)"},
	}
	requests := make([]float64, len(kinds))
	envelopes := make([]float64, len(kinds))
	calls := 0
	r := e2e.NewRunner("bench-calls", cfg.log)
	err := r.Run(func(t e2e.T) {
		env := e2e.Start(t)
		ws := env.OpenWorkspace("beth.anglin")
		panel := ws.Panel()
		panel.GoReady("beth.anglin")
		tab := e2e.Eval[float64](t, ws.Context(), `performance.timeOrigin`)
		frame := e2e.Eval[float64](t, panel.Context(), `performance.timeOrigin`)
		for i := 0; i < cfg.runs; i++ {
			env.WaitBridgeSettled()
			env.ResetServiceNowStats()
			k := i % len(kinds)
			id := env.PlaceCall(kinds[k].from, kinds[k].queue)
			st := panel.WaitState("ringing", func(s cti.State) bool { c, ok := e2e.Call(s, ""); return ok && c.State == cti.CallRinging })
			offered := e2e.Eval[float64](t, ws.Context(), `(() => { const l = window.workspace.log.filter(e => e.eventName === "openframe_awa_workitem_offered"); return l[l.length-1].at; })()`)
			ring = append(ring, frame+st.Timings["ringing"]-offered)
			panel.Click("answer")
			st = panel.WaitState("the caller heard", func(s cti.State) bool {
				return s.Timings["callerAudio"] > s.Timings["answered"]
			})
			audio = append(audio, st.Timings["callerAudio"]-st.Timings["answered"])
			panel.WaitCall(id, cti.CallConnected)
			panel.Click("hangup")
			panel.WaitCall(id, cti.CallWrapUp)
			panel.Select("disposition", "Resolved")
			panel.Click("wrapup-submit")
			env.WaitInteraction(id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
			env.WaitBridgeSettled()
			n := env.ServiceNowRequestCounts("vcc.integration")
			requests[k] = max(requests[k], float64(n.Requests))
			envelopes[k] = max(envelopes[k], float64(n.Envelopes))
			calls++
		}
		_ = tab
	})
	if err != nil {
		return nil, err
	}
	rows := []Row{
		{Name: "AWA offer → panel ringing", Value: median(ring), Unit: "ms", Target: "< 100 ms", Met: bar(median(ring) < 100), Samples: len(ring)},
		{Name: "accept → first caller audio", Value: median(audio), Unit: "ms", Target: "< 500 ms", Met: bar(median(audio) < 500), Samples: len(audio)},
	}
	for k, kind := range kinds[:min(calls, len(kinds))] {
		rows = append(rows, Row{Name: "ServiceNow requests per call: " + kind.name, Value: requests[k], Unit: "requests",
			Target: "≤ 6", Met: bar(requests[k] <= 6),
			Note: fmt.Sprintf("%s (%s); %.0f Batch API envelopes", kind.note, answered, envelopes[k])})
	}
	return rows, nil
}

// measureReloads reloads the workspace mid-call: the panel repaints from its
// snapshot, then the audio comes back both ways.
func measureReloads(cfg config) ([]Row, error) {
	var painted, twoWay []float64
	// phases are the panel's timing marks, from the reload's navigation
	// start, for the note that says where the time goes; the loader's own
	// (window.__vccBoot) come first: fetched, when the module's response
	// began, compiled, when its compiled code was ready, and callerPlayed,
	// when the caller's audio first played on the connection it resumed
	// (helloSent and offerSent are the loader's when it resumed the
	// session). Two-way audio is the later of the caller's audio playing in
	// the panel (its first packet played out, callerPlayed) and the agent's
	// reaching VCC (its first packet after the gap): what the caller says
	// then is up to the caller (callerAudio, in the note, is when the
	// simulated caller's voice was next loud enough to be heard; the
	// recording pauses between sentences).
	phases := []string{"wasmStart", "led", "mediaStart", "helloSent", "online", "offerSent", "mediaConnected", "callerPlayed", "callerAudio"}
	at := map[string][]float64{"frame": nil}
	r := e2e.NewRunner("bench-reload", cfg.log)
	err := r.Run(func(t e2e.T) {
		env := e2e.Start(t)
		ws := env.OpenWorkspace("beth.anglin")
		panel := ws.Panel()
		panel.GoReady("beth.anglin")
		id := env.PlaceCall("+14155550111", "servicedesk")
		panel.WaitCall("", cti.CallRinging)
		panel.Click("answer")
		panel.WaitCall(id, cti.CallConnected)
		for i := 0; i < cfg.runs; i++ {
			panel = ws.ReloadAll()
			start := e2e.Eval[float64](t, ws.Context(), `performance.timeOrigin`)
			frame := e2e.Eval[float64](t, panel.Context(), `performance.timeOrigin`)
			st := panel.WaitState("the caller's audio playing again", func(s cti.State) bool { _, ok := s.Timings["callerPlayed"]; return ok })
			painted = append(painted, st.Timings["painted"]-st.Timings["wasmStart"])
			agentAt := env.WaitAgentAudioAfter(id, start)
			heard := frame + st.Timings["callerPlayed"]
			twoWay = append(twoWay, max(heard, agentAt)-start)
			at["frame"] = append(at["frame"], frame-start)
			for _, m := range []string{"fetched", "compiled", "callerPlayed"} {
				if c := e2e.Eval[float64](t, panel.Context(), `(window.__vccBoot && window.__vccBoot.`+m+`) || 0`); c > 0 {
					at["loader:"+m] = append(at["loader:"+m], frame+c-start)
				}
			}
			fmt.Fprintf(os.Stderr, "reload %d: two-way %.0f ms (heard %.0f, agent %.0f)\n", i, max(heard, agentAt)-start, heard-start, agentAt-start)
			for _, p := range phases {
				if v, ok := st.Timings[p]; ok {
					at[p] = append(at[p], frame+v-start)
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return []Row{
		{Name: "reload mid-call → UI restored from snapshot", Value: median(painted), Unit: "ms", Target: "< 150 ms after wasm start",
			Met: bar(median(painted) < 150), Samples: len(painted), Note: "relative to wasm start (negative: painted before it, by the loader)"},
		{Name: "reload mid-call → two-way audio again", Value: median(twoWay), Unit: "ms", Target: "≤ 400 ms", Met: bar(median(twoWay) <= 400), Samples: len(twoWay),
			Note: "from the reload's navigation start; medians of the panel's marks: " + phaseNote(at, append([]string{"frame", "loader:fetched", "loader:compiled", "loader:callerPlayed"}, phases...))},
	}, nil
}

// measureLeaderClose closes the leading tab, idle and in a call, and times
// the follower taking over.
func measureLeaderClose(cfg config) ([]Row, error) {
	var idle, inCall []float64
	r := e2e.NewRunner("bench-tabs", cfg.log)
	err := r.Run(func(t e2e.T) {
		env := e2e.Start(t)
		lead := env.OpenWorkspace("beth.anglin")
		leadPanel := lead.Panel()
		leadPanel.GoReady("beth.anglin")
		var id string
		for i := 0; i < 2*cfg.runs; i++ {
			withCall := i >= cfg.runs
			if withCall && id == "" {
				id = env.PlaceCall("+14155550201", "support")
				leadPanel.WaitCall("", cti.CallRinging)
				leadPanel.Click("answer")
				leadPanel.WaitCall(id, cti.CallConnected)
			}
			next := env.OpenWorkspace("beth.anglin")
			follow := next.Panel()
			follow.WaitState("following", func(s cti.State) bool { return s.TabRole == cti.RoleFollower && s.SignedIn })
			frame := e2e.Eval[float64](t, follow.Context(), `performance.timeOrigin`)
			closed := epochMs(time.Now())
			lead.Close()
			if withCall {
				st := follow.WaitState("the caller heard in the new leader", func(s cti.State) bool { _, ok := s.Timings["callerAudio"]; return ok })
				inCall = append(inCall, frame+st.Timings["callerAudio"]-closed)
			} else {
				st := follow.WaitState("leading and online", func(s cti.State) bool {
					return s.TabRole == cti.RoleLeader && s.Connection == cti.Online && s.Timings["online"] > s.Timings["led"]
				})
				idle = append(idle, frame+st.Timings["online"]-closed)
			}
			lead, leadPanel = next, follow
		}
	})
	if err != nil {
		return nil, err
	}
	return []Row{
		{Name: "leading tab closed → follower leads and is ready", Value: median(idle), Unit: "ms", Target: "< 300 ms", Met: bar(median(idle) < 300), Samples: len(idle)},
		{Name: "leading tab closed mid-call → audio back", Value: median(inCall), Unit: "ms", Target: "< 700 ms", Met: bar(median(inCall) < 700), Samples: len(inCall)},
	}, nil
}

// phaseNote lists the median time of each mark, in order.
func phaseNote(at map[string][]float64, order []string) string {
	var parts []string
	for _, p := range order {
		if len(at[p]) > 0 {
			parts = append(parts, fmt.Sprintf("%s %.0f", p, median(at[p])))
		}
	}
	return strings.Join(parts, ", ") + " ms"
}
