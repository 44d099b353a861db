package snsim

import "github.com/vccnow/connector/bridge/sim/ledger"

// The contract ledger (package ledger): one Row for every endpoint, event,
// payload field and behaviour the simulator implements, each with its public
// source. What no source describes is marked Assumed, with what the product
// does if the assumption is wrong; an assumed behaviour the simulator can
// perform sits behind a named switch (Config.Assume), off by default, so
// every suite runs without it and shows the product needs none of them.
//
// Rows live beside the code they describe (ledger_*.go, registered with
// addLedger); CONTRACT.md is rendered from them (TestContractLedger keeps it
// up to date: go test ./bridge/sim/snsim -run TestContractLedger -update).

// Row is one line of the ledger; Status says how well it is founded.
type (
	Row    = ledger.Row
	Status = ledger.Status
)

// Row statuses (see package ledger): Documented rows name a page under
// markdown/ in the ServiceNow/ServiceNowDocs repository (release australia)
// or another public reference.
const (
	Documented = ledger.Documented
	Assumed    = ledger.Assumed
	StandIn    = ledger.StandIn
)

// book is this simulator's ledger: its rows and its assumption switches.
var book = ledger.NewBook()

// addLedger registers rows (called from the ledger_*.go files' init).
func addLedger(rows ...Row) { book.Add(rows...) }

// Ledger returns every row, sorted by area, then in the order registered.
func Ledger() []Row { return book.Rows() }

// ledgerPreamble opens CONTRACT.md.
const ledgerPreamble = `# The ServiceNow simulator's contract ledger

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
`
