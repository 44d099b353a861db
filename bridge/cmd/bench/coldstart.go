//go:build !js

package main

import (
	"fmt"

	"github.com/vccnow/connector/bridge/e2e"
)

// measureColdStart opens the workspace in a fresh browser (empty cache and
// profile) each run and measures from the workspace's navigation start to the
// connector's sign-in button being drawn and usable (the core's "ready").
// It also reloads the panel once per run to measure a warm start.
func measureColdStart(cfg config) ([]Row, error) {
	var cold, warm []float64
	for i := 0; i < cfg.runs; i++ {
		r := e2e.NewRunner(fmt.Sprintf("bench-cold-%d", i), cfg.log)
		err := r.Run(func(t e2e.T) {
			env := e2e.Start(t)
			ws := env.OpenWorkspace("beth.anglin")
			panel := ws.Panel()
			panel.WaitVisible("login")
			cold = append(cold, panel.ReadyAfterNavigation())
			ws.Reload()
			panel = ws.Panel()
			panel.WaitVisible("login")
			warm = append(warm, panel.ReadyAfterNavigation())
		})
		if err != nil {
			return nil, err
		}
	}
	return []Row{
		{Name: "cold start: navigation → sign-in usable", Value: median(cold), Unit: "ms", Target: "< 1000 ms",
			Met: bar(median(cold) < 1000), Samples: len(cold), Note: "empty cache"},
		{Name: "warm start: reload → sign-in usable", Value: median(warm), Unit: "ms", Samples: len(warm), Note: "cached wasm"},
	}, nil
}
