package snsim

import (
	"os"
	"testing"
)

// The ledger keeps its own rules (a source for every row, a fallback for
// every assumption, a row for every switch) and CONTRACT.md says what the
// ledger says.
func TestContractLedger(t *testing.T) {
	rows := Ledger()
	for _, problem := range checkLedger(rows) {
		t.Error(problem)
	}
	want := renderLedger(rows)
	if *updateGolden { // -update rewrites the golden files and CONTRACT.md
		if err := os.WriteFile("CONTRACT.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("CONTRACT.md")
	if err != nil || string(got) != want {
		t.Errorf("CONTRACT.md is out of date with the ledger: go test ./bridge/sim/snsim -run TestContractLedger -update")
	}
}
