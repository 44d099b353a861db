// Package ledger is the contract ledger the simulators keep: one Row for
// every endpoint, event, payload field and behaviour a simulator implements,
// each with its public source. What no source describes is marked Assumed,
// with what the product does if the assumption is wrong; an assumed
// behaviour a simulator can perform sits behind a named switch (its
// Config.Assume), off by default, so every suite runs without it and shows
// the product needs none of them.
//
// A simulator keeps one Book. Its rows live beside the code they describe
// (ledger_*.go files that call Book.Add from init); its CONTRACT.md is
// rendered from them by Render and kept up to date by a test that compares
// the file with Render's output and reports Check's problems.
package ledger

import "sort"

// Status says how well a row is founded.
type Status string

// Row statuses.
const (
	// Documented: the vendor documents it (Source names the page).
	Documented Status = "documented"
	// Assumed: no source describes it; IfWrong says what the product does
	// if it is wrong. The product's paths never depend on an assumed row
	// unless the row says why they must.
	Assumed Status = "assumed"
	// StandIn: the simulator's own plumbing for what the vendor does
	// internally and the product never sees (a vendor's UI, the control
	// API); Source says what it stands for.
	StandIn Status = "stand-in"
)

// Row is one line of a ledger.
type Row struct {
	// Area groups rows (a section of CONTRACT.md): "Table API", "AWA", ...
	Area string
	// Item is what the row is about: an endpoint ("POST /api/now/..."), an
	// event, a field, a behaviour.
	Item string
	// What the simulator does, in a sentence.
	What string
	// Source is the public reference; for an assumed row, what little
	// there is.
	Source string
	Status Status
	// Switch names the Config.Assume switch that turns an assumed behaviour
	// on ("" when the simulator does not perform it at all).
	Switch string
	// IfWrong says, for an assumed row, what the product does if the
	// assumption does not hold.
	IfWrong string
}

// Book is one simulator's ledger: its rows and its assumption switches.
// Rows and switches are added from init functions, so a Book needs no
// locking; read it only after init.
type Book struct {
	rows     []Row
	switches map[string]string // name → what the assumed behaviour does
}

// NewBook returns an empty ledger.
func NewBook() *Book { return &Book{switches: map[string]string{}} }

// Add registers rows.
func (b *Book) Add(rows ...Row) { b.rows = append(b.rows, rows...) }

// Rows returns every row, sorted by area, then in the order registered.
func (b *Book) Rows() []Row {
	out := make([]Row, len(b.rows))
	copy(out, b.rows)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Area < out[j].Area })
	return out
}
