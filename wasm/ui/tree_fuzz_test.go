package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzTreeRender is the painter's diff property, on the Tree and the
// in-memory DOM (the browser painter, painter_js.go, only maps the same DOM
// operations onto syscall/js): rendering tree B over a rendering of tree A,
// then C over that, gives the document a fresh render of each gives, with
// no handle left behind; rendering the same tree again changes nothing.
// Trees come from the fuzzer's bytes: elements and texts, keyed and not,
// with attributes, three levels deep.
func FuzzTreeRender(f *testing.F) {
	f.Add([]byte{1, 2, 3}, []byte{3, 2, 1}, []byte{})
	f.Add([]byte{0x41, 0x52, 0x13, 0x24, 0x35}, []byte{0x35, 0x24, 0x13, 0x52, 0x41}, []byte{0x41})
	f.Add([]byte{9, 9, 9, 9, 9, 9, 9, 9}, []byte{7, 7, 7}, []byte{9, 9, 9, 9})
	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		dom := NewMemDOM()
		tree := NewTree(dom, 1)
		for i, src := range [][]byte{a, b, c} {
			nodes := fuzzNodes(&fuzzBytes{b: src}, 0)
			tree.Render(nodes...)

			fresh := NewMemDOM()
			NewTree(fresh, 1).Render(fuzzNodes(&fuzzBytes{b: src}, 0)...)
			require.Equal(t, fresh.HTML(1), dom.HTML(1), "render %d", i)
			require.Equal(t, len(fresh.nodes), len(dom.nodes), "handles held after render %d", i)

			dom.ResetOps()
			tree.Render(fuzzNodes(&fuzzBytes{b: src}, 0)...)
			assert.Empty(t, dom.Ops, "the same tree again, render %d", i)
		}
	})
}

// fuzzBytes reads the fuzzer's bytes as choices; past the end every choice
// is 0 (which ends a list of children).
type fuzzBytes struct {
	b []byte
	i int
}

func (s *fuzzBytes) next(n int) int {
	if s.i >= len(s.b) {
		return 0
	}
	c := int(s.b[s.i]) % n
	s.i++
	return c
}

// fuzzNodes reads a list of up to four siblings. A key is mostly unique
// among siblings, as the view-model means its keys to be, and sometimes
// repeated, as data from outside (a device id, a sys_id) can make it.
func fuzzNodes(s *fuzzBytes, depth int) []*Node {
	tags := []string{"div", "span", "button", "li"}
	texts := []string{"", "Ready", "+1 415-555-0201", "<b>&"}
	attrs := []string{"class", "data-testid", "value", "disabled"}
	values := []string{"", "a", "b c"}
	keys := []string{"k1", "k2", "k3", "k4"}
	var out []*Node
	used := map[string]bool{}
	for range 4 {
		kind := s.next(4)
		if kind == 0 {
			break
		}
		if kind == 1 || depth == 3 {
			out = append(out, Text(texts[s.next(len(texts))]))
			continue
		}
		n := &Node{Tag: tags[s.next(len(tags))]}
		if kind == 3 {
			if k := keys[s.next(len(keys))]; !used[k] || s.next(4) == 0 {
				used[k] = true
				n.Key = k
			}
		}
		for a := s.next(3); a > 0; a-- {
			n.Attrs = append(n.Attrs, Attr{Name: attrs[s.next(len(attrs))], Value: values[s.next(len(values))]})
		}
		n.Kids = fuzzNodes(s, depth+1)
		out = append(out, n)
	}
	return out
}
