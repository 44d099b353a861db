package snsim

import "testing"

// The ledger keeps its own rules (a source for every row, a fallback for
// every assumption, a row for every switch) and CONTRACT.md says what the
// ledger says.
func TestContractLedger(t *testing.T) {
	// -update rewrites the golden files and CONTRACT.md
	for _, problem := range book.Verify("CONTRACT.md", ledgerPreamble,
		"go test ./bridge/sim/snsim -run TestContractLedger -update", *updateGolden) {
		t.Error(problem)
	}
}
