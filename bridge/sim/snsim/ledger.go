package snsim

import (
	"fmt"
	"sort"
	"strings"
)

// The contract ledger: one Row for every endpoint, event, payload field and
// behaviour the simulator implements, each with its public source. What no
// source describes is marked Assumed, with what the product does if the
// assumption is wrong; an assumed behaviour the simulator can perform sits
// behind a named switch (Config.Assume), off by default, so every suite runs
// without it and shows the product needs none of them.
//
// Rows live beside the code they describe (ledger_*.go, registered with
// addLedger); CONTRACT.md is rendered from them (TestContractLedger keeps it
// up to date: go test ./bridge/sim/snsim -run TestContractLedger -update).

// Status says how well a row is founded.
type Status string

// Row statuses.
const (
	// Documented: ServiceNow documents it (Source names the page).
	Documented Status = "documented"
	// Assumed: no source describes it; IfWrong says what the product does
	// if it is wrong. The product's paths never depend on an assumed row.
	Assumed Status = "assumed"
	// Stand-in: the simulator's own plumbing for what ServiceNow does
	// internally and the product never sees (the workspace page's UI, the
	// control API); Source says what it stands for.
	StandIn Status = "stand-in"
)

// Row is one line of the ledger.
type Row struct {
	// Area groups rows (a section of CONTRACT.md): "Table API", "AWA", ...
	Area string
	// Item is what the row is about: an endpoint ("POST /api/now/..."), an
	// event, a field, a behaviour.
	Item string
	// What the simulator does, in a sentence.
	What string
	// Source is the public reference: a path under markdown/ in the
	// ServiceNow/ServiceNowDocs repository (release australia), or another
	// public reference; for an assumed row, what little there is.
	Source string
	Status Status
	// Switch names the Config.Assume switch that turns an assumed behaviour
	// on ("" when the simulator does not perform it at all).
	Switch string
	// IfWrong says, for an assumed row, what the product does if the
	// assumption does not hold.
	IfWrong string
}

var ledgerRows []Row

// addLedger registers rows (called from the ledger_*.go files' init).
func addLedger(rows ...Row) { ledgerRows = append(ledgerRows, rows...) }

// Ledger returns every row, sorted by area, then in the order registered.
func Ledger() []Row {
	out := make([]Row, len(ledgerRows))
	copy(out, ledgerRows)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Area < out[j].Area })
	return out
}

// checkLedger reports rows that break the ledger's own rules.
func checkLedger(rows []Row) []string {
	var bad []string
	seen := map[string]bool{}
	for _, r := range rows {
		id := r.Area + " / " + r.Item
		switch {
		case r.Area == "" || r.Item == "" || r.What == "":
			bad = append(bad, id+": area, item and what are required")
		case r.Status != Documented && r.Status != Assumed && r.Status != StandIn:
			bad = append(bad, fmt.Sprintf("%s: unknown status %q", id, r.Status))
		case r.Source == "":
			bad = append(bad, id+": no source")
		case r.Status == Assumed && r.IfWrong == "":
			bad = append(bad, id+": an assumed row says what the product does if it is wrong")
		case r.Status != Assumed && r.Switch != "":
			bad = append(bad, id+": only assumed behaviours have switches")
		case r.Switch != "" && !knownAssumption(r.Switch):
			bad = append(bad, fmt.Sprintf("%s: switch %q is not one of the simulator's assumptions", id, r.Switch))
		}
		if seen[id] {
			bad = append(bad, id+": listed twice")
		}
		seen[id] = true
	}
	for _, a := range Assumptions() {
		found := false
		for _, r := range rows {
			found = found || r.Switch == a
		}
		if !found {
			bad = append(bad, fmt.Sprintf("assumption switch %q has no ledger row", a))
		}
	}
	return bad
}

// renderLedger writes CONTRACT.md.
func renderLedger(rows []Row) string {
	var b strings.Builder
	b.WriteString(`# The ServiceNow simulator's contract ledger

Generated from the ` + "`ledger_*.go`" + ` files of this package by ` + "`go test ./bridge/sim/snsim -run TestContractLedger -update`" + `; do
not edit by hand.

Every endpoint, event, payload field and behaviour the simulator implements, with its public source: a path
under ` + "`markdown/`" + ` in the ServiceNow/ServiceNowDocs repository (release *australia*) unless the row says otherwise.

- **documented**: ServiceNow documents it; the simulator does exactly that, and is strict where the page is
  silent (it refuses rather than guesses).
- **assumed**: no public source describes it. The row says what the product does if the assumption is wrong.
  An assumed behaviour the simulator can perform is behind a switch (` + "`snsim.Config.Assume`" + `), off by
  default: every suite (` + "`bridgetest`" + `, the browser shift, the Worker) runs without any, which shows that no
  path of the product needs one.
- **stand-in**: the simulator's own plumbing for what an instance does internally and the product never
  calls (the Agent Workspace page, the control API under ` + "`/sim/`" + `).
`)
	area := ""
	for _, r := range rows {
		if r.Area != area {
			area = r.Area
			fmt.Fprintf(&b, "\n## %s\n\n| item | what the simulator does | source | status |\n|---|---|---|---|\n", area)
		}
		status := string(r.Status)
		if r.Status == Assumed {
			status = "**assumed**"
			if r.Switch != "" {
				status += " (switch `" + r.Switch + "`)"
			}
			status += ". If wrong: " + r.IfWrong
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(r.Item), cell(r.What), cell(r.Source), cell(status))
	}
	return b.String()
}

func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}
