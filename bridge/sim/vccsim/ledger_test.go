//go:build !js

package vccsim

import (
	"flag"
	"testing"
)

var updateContract = flag.Bool("update", false, "rewrite CONTRACT.md from the ledger")

// The ledger keeps its own rules (a source for every row, a fallback for
// every assumption, a row for every switch) and CONTRACT.md says what the
// ledger says.
func TestContractLedger(t *testing.T) {
	for _, problem := range book.Verify("CONTRACT.md", ledgerPreamble,
		"go test ./bridge/sim/vccsim -run TestContractLedger -update", *updateContract) {
		t.Error(problem)
	}
}
