package ledger

import (
	"fmt"
	"os"
	"strings"
)

// Render writes a CONTRACT.md: the preamble as given (a title and what the
// statuses mean for this simulator), then one section per area, each a
// table of its rows. An assumed row's status cell names its switch and says
// what the product does if it is wrong.
func Render(preamble string, rows []Row) string {
	var b strings.Builder
	b.WriteString(preamble)
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

// cell escapes a table cell: pipes, and line breaks as spaces.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}

// Verify is what a simulator's TestContractLedger runs: it checks the
// book's rows (Check) and compares the file at path (CONTRACT.md) with what
// Render makes of them. With update, it rewrites the file instead of
// comparing. It returns the problems, none when the ledger is sound and the
// file up to date; regen is the command that rewrites the file, for the
// message.
func (b *Book) Verify(path, preamble, regen string, update bool) []string {
	rows := b.Rows()
	problems := b.Check(rows)
	want := Render(preamble, rows)
	if update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			problems = append(problems, fmt.Sprintf("write %s: %v", path, err))
		}
		return problems
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		problems = append(problems, fmt.Sprintf("%s is out of date with the ledger: %s", path, regen))
	}
	return problems
}
