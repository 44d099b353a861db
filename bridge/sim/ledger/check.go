package ledger

import "fmt"

// Check reports the rows that break the ledger's own rules, one line per
// problem (none when the ledger is sound):
//
//   - every row has an area, an item, a sentence of what it does, a known
//     status and a source;
//   - an assumed row says what the product does if it is wrong;
//   - only assumed rows name a switch, and only a switch of the book;
//   - no area and item is listed twice;
//   - every switch of the book has a row.
func (b *Book) Check(rows []Row) []string {
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
		case r.Switch != "" && !b.Known(r.Switch):
			bad = append(bad, fmt.Sprintf("%s: switch %q is not one of the simulator's assumptions", id, r.Switch))
		}
		if seen[id] {
			bad = append(bad, id+": listed twice")
		}
		seen[id] = true
	}
	for _, a := range b.Switches() {
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
