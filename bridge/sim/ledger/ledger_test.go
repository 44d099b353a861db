package ledger

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleBook() *Book {
	b := NewBook()
	b.AddSwitch("loud", "the thing shouts")
	return b
}

// A sound row of each status, and what Check says of each broken one.
func TestCheck(t *testing.T) {
	ok := Row{Area: "API", Item: "GET /x", What: "answers x", Source: "page x", Status: Documented}
	loud := Row{Area: "API", Item: "shouting", What: "shouts", Source: "none", Status: Assumed, Switch: "loud", IfWrong: "nothing"}
	tests := []struct {
		name string
		rows []Row
		want []string
	}{
		{"sound", []Row{ok, loud}, nil},
		{"no what", []Row{{Area: "API", Item: "GET /y", Source: "s", Status: Documented}, loud},
			[]string{"API / GET /y: area, item and what are required"}},
		{"unknown status", []Row{{Area: "A", Item: "i", What: "w", Source: "s", Status: "maybe"}, loud},
			[]string{`A / i: unknown status "maybe"`}},
		{"no source", []Row{{Area: "A", Item: "i", What: "w", Status: StandIn}, loud}, []string{"A / i: no source"}},
		{"assumed without if-wrong", []Row{{Area: "A", Item: "i", What: "w", Source: "s", Status: Assumed}, loud},
			[]string{"A / i: an assumed row says what the product does if it is wrong"}},
		{"documented with a switch", []Row{{Area: "A", Item: "i", What: "w", Source: "s", Status: Documented, Switch: "loud"}},
			[]string{"A / i: only assumed behaviours have switches"}},
		{"unknown switch", []Row{{Area: "A", Item: "i", What: "w", Source: "s", Status: Assumed, Switch: "quiet", IfWrong: "x"}, loud},
			[]string{`A / i: switch "quiet" is not one of the simulator's assumptions`}},
		{"twice", []Row{ok, ok, loud}, []string{"API / GET /x: listed twice"}},
		{"switch without row", []Row{ok}, []string{`assumption switch "loud" has no ledger row`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sampleBook().Check(tt.rows))
		})
	}
}

// Rows come sorted by area and keep their order within one.
func TestRowsSortedByArea(t *testing.T) {
	b := NewBook()
	b.Add(Row{Area: "b", Item: "1"}, Row{Area: "a", Item: "2"}, Row{Area: "b", Item: "3"})
	var got []string
	for _, r := range b.Rows() {
		got = append(got, r.Area+r.Item)
	}
	assert.Equal(t, []string{"a2", "b1", "b3"}, got)
}

func TestRender(t *testing.T) {
	rows := []Row{
		{Area: "API", Item: "GET /a|b", What: "line\nbreak", Source: "p", Status: Documented},
		{Area: "API", Item: "x", What: "y", Source: "none", Status: Assumed, Switch: "loud", IfWrong: "nothing"},
		{Area: "Control", Item: "/sim/", What: "tests", Source: "DESIGN.md", Status: StandIn},
		{Area: "Control", Item: "z", What: "w", Source: "none", Status: Assumed, IfWrong: "retry"},
	}
	want := "# Title\n" +
		"\n## API\n\n| item | what the simulator does | source | status |\n|---|---|---|---|\n" +
		"| GET /a\\|b | line break | p | documented |\n" +
		"| x | y | none | **assumed** (switch `loud`). If wrong: nothing |\n" +
		"\n## Control\n\n| item | what the simulator does | source | status |\n|---|---|---|---|\n" +
		"| /sim/ | tests | DESIGN.md | stand-in |\n" +
		"| z | w | none | **assumed**. If wrong: retry |\n"
	assert.Equal(t, want, Render("# Title\n", rows))
}

func TestSet(t *testing.T) {
	b := sampleBook()
	b.AddSwitch("early", "it starts early")
	got, err := b.Set([]string{"loud"})
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"loud": true}, got)
	_, err = b.Set([]string{"loud", "late"})
	require.EqualError(t, err, `unknown assumption "late" (known: early, loud)`)
	assert.Equal(t, "it starts early", b.Describe("early"))
}

// Verify writes the file with update and finds it up to date afterwards;
// a changed file is reported with the command that regenerates it.
func TestVerify(t *testing.T) {
	b := sampleBook()
	b.Add(Row{Area: "API", Item: "shouting", What: "shouts", Source: "none", Status: Assumed, Switch: "loud", IfWrong: "nothing"})
	path := filepath.Join(t.TempDir(), "CONTRACT.md")
	assert.Equal(t, []string{path + " is out of date with the ledger: regen"}, b.Verify(path, "# T\n", "regen", false))
	assert.Empty(t, b.Verify(path, "# T\n", "regen", true))
	assert.Empty(t, b.Verify(path, "# T\n", "regen", false))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(got), "# T\n\n## API\n"))
	require.NoError(t, os.WriteFile(path, []byte("stale"), 0o644))
	assert.Len(t, b.Verify(path, "# T\n", "regen", false), 1)
}
