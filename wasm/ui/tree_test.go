package ui

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTreeRender(t *testing.T) {
	cases := []struct {
		name       string
		first      []*Node
		second     []*Node
		want       string
		wantCreate int
	}{
		{
			name:   "text change only touches the text",
			first:  []*Node{El("p", TestID("x"), "one")},
			second: []*Node{El("p", TestID("x"), "two")},
			want:   `<p data-testid="x">two</p>`,
		},
		{
			name:   "attribute added and removed",
			first:  []*Node{El("button", A("disabled", ""), "go")},
			second: []*Node{El("button", A("title", "t"), "go")},
			want:   `<button title="t">go</button>`,
		},
		{
			name:       "tag change replaces the element",
			first:      []*Node{El("p", "a")},
			second:     []*Node{El("div", "a")},
			want:       `<div>a</div>`,
			wantCreate: 2,
		},
		{
			name:       "keyed children reorder without re-creating",
			first:      []*Node{El("li", "a").WithKey("a"), El("li", "b").WithKey("b"), El("li", "c").WithKey("c")},
			second:     []*Node{El("li", "c").WithKey("c"), El("li", "a").WithKey("a"), El("li", "b").WithKey("b")},
			want:       `<li>c</li><li>a</li><li>b</li>`,
			wantCreate: 0,
		},
		{
			name:       "inserting in the middle creates one element",
			first:      []*Node{El("p", "a"), El("div", "z")},
			second:     []*Node{El("p", "a"), El("span", "new"), El("div", "z")},
			want:       `<p>a</p><span>new</span><div>z</div>`,
			wantCreate: 2,
		},
		{
			name:   "removing a child",
			first:  []*Node{El("p", "a"), El("span", "b"), El("div", "c")},
			second: []*Node{El("p", "a"), El("div", "c")},
			want:   `<p>a</p><div>c</div>`,
		},
		{
			name:   "markup in text stays text",
			first:  []*Node{El("p", "x")},
			second: []*Node{El("p", "<img src=x onerror=alert(1)>")},
			want:   `<p>&lt;img src=x onerror=alert(1)&gt;</p>`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := NewMemDOM()
			tr := NewTree(d, 1)
			tr.Render(tc.first...)
			d.ResetOps()
			tr.Render(tc.second...)
			assert.Equal(t, tc.want, d.HTML(1))
			assert.Equal(t, tc.wantCreate, d.Ops["create"], "elements created by the second render")
		})
	}
}

func TestTreeUnchangedRenderDoesNothing(t *testing.T) {
	d := NewMemDOM()
	tr := NewTree(d, 1)
	view := func() *Node {
		return El("main", Class("panel"), El("button", TestID("login"), Action("login"), "Sign in"))
	}
	tr.Render(view())
	d.ResetOps()
	tr.Render(view())
	assert.Empty(t, d.Ops)
}

func TestNodeFind(t *testing.T) {
	n := El("div", El("span", TestID("a"), "hello ", El("b", "world")))
	assert.Equal(t, "hello world", n.Find("a").TextContent())
	assert.Nil(t, n.Find("missing"))
}

func TestTreeSkipsNilNodes(t *testing.T) {
	d := NewMemDOM()
	NewTree(d, 1).Render(nil, El("p", "a"), nil)
	assert.Equal(t, `<p>a</p>`, d.HTML(1))
}

// The Tree tracks the document order itself; whatever sequence of moves,
// insertions and removals the renders ask for, the DOM must match the last
// render exactly, and hold nothing that was removed.
func TestTreeKeepsOrderThroughShuffles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	d := NewMemDOM()
	tr := NewTree(d, 1)
	for round := range 300 {
		var keys []string
		for k := range 8 {
			if rng.IntN(3) > 0 {
				keys = append(keys, string(rune('a'+k)))
			}
		}
		rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		var nodes []*Node
		want := ""
		for _, k := range keys {
			nodes = append(nodes, El("li", El("b", k)).WithKey(k))
			want += "<li><b>" + k + "</b></li>"
		}
		tr.Render(nodes...)
		require.Equal(t, want, d.HTML(1), "round %d", round)
		require.Len(t, d.nodes, 1+3*len(keys), "round %d: the root and li, b and text per key", round)
	}
}
