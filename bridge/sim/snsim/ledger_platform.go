package snsim

// Ledger rows for the simulator's own plumbing.
func init() {
	addLedger(
		Row{Area: "Simulator control", Item: "/sim/* (faults, stats, reset, rate limits, tokens)",
			What:   "Loopback-only JSON control API for tests and the benchmark (control.go).",
			Source: "the project's DESIGN.md (simulator control API)", Status: StandIn},
	)
}
