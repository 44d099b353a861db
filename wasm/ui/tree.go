package ui

// DOM is what the painter needs from a document. Handles are small integers
// the implementation maps to its elements; 0 means none. The browser
// implementation is in painter_js.go; tests use an in-memory one.
type DOM interface {
	CreateElement(tag string) int
	CreateText(text string) int
	SetAttr(h int, name, value string)
	RemoveAttr(h int, name string)
	SetText(h int, text string)
	// InsertBefore puts child into parent before the sibling before, or at the
	// end when before is 0; a child already in the document moves.
	InsertBefore(parent, child, before int)
	// Remove detaches h from its parent and forgets h.
	Remove(parent, h int)
	// Forget drops the handle of a node inside a removed subtree.
	Forget(h int)
	// Live reads a control's live property (PropValue, PropChecked) as the
	// agent sees it, and whether the agent is changing it right now (typing
	// in the field, stepping through a data-commit select with the keys).
	Live(h int, prop string) (value string, busy bool)
	// SetLive puts the model's value into a control's live property.
	SetLive(h int, prop, value string)
}

// Tree keeps a rendered Node tree in step with a DOM subtree: each Render
// changes only what differs from the previous render, so focus, selection and
// what the agent is typing survive state updates. The Tree is the only writer
// of its subtree, so it knows the document order without asking the DOM (in a
// browser every question is a slow call out of WebAssembly).
type Tree struct {
	dom  DOM
	root int
	kids []*mounted
}

type mounted struct {
	node *Node
	h    int
	kids []*mounted
}

// NewTree manages the children of the root element h.
func NewTree(dom DOM, root int) *Tree { return &Tree{dom: dom, root: root} }

// Render makes the root's children match nodes; nil nodes are skipped.
// Every control then shows the model's value (live.go), whatever the agent
// did to it that the model did not take.
func (t *Tree) Render(nodes ...*Node) {
	kids := make([]*Node, 0, len(nodes))
	for _, n := range nodes {
		if n != nil {
			kids = append(kids, n)
		}
	}
	t.kids = t.patchKids(t.root, t.kids, kids)
	t.reconcile(t.kids)
}

func (t *Tree) create(n *Node) *mounted {
	if n.Tag == "" {
		return &mounted{node: n, h: t.dom.CreateText(n.Text)}
	}
	m := &mounted{node: n, h: t.dom.CreateElement(n.Tag)}
	for _, a := range n.Attrs {
		t.dom.SetAttr(m.h, a.Name, a.Value)
	}
	for _, k := range n.Kids {
		km := t.create(k)
		t.dom.InsertBefore(m.h, km.h, 0)
		m.kids = append(m.kids, km)
	}
	return m
}

// same reports whether old can be updated in place to become n.
func same(old, n *Node) bool {
	return old.Tag == n.Tag && old.Key == n.Key && (old.Tag != "" || n.Tag == "")
}

func (t *Tree) patch(m *mounted, n *Node) {
	if n.Tag == "" {
		if m.node.Text != n.Text {
			t.dom.SetText(m.h, n.Text)
		}
		m.node = n
		return
	}
	t.patchAttrs(m.h, m.node.Attrs, n.Attrs)
	m.kids = t.patchKids(m.h, m.kids, n.Kids)
	m.node = n
}

// patchAttrs sets the attributes that changed and removes those that went.
// An attribute named twice has its last value, as create (one SetAttr after
// another) leaves it.
func (t *Tree) patchAttrs(h int, old, attrs []Attr) {
	prev, next := lastValues(old), lastValues(attrs)
	for _, a := range attrs {
		v := next[a.Name]
		if p, ok := prev[a.Name]; a.Value == v && (!ok || p != v) {
			t.dom.SetAttr(h, a.Name, v)
			prev[a.Name] = v // once, however often it is named
		}
	}
	for _, a := range old {
		if _, ok := next[a.Name]; !ok {
			if _, ok := prev[a.Name]; ok {
				t.dom.RemoveAttr(h, a.Name)
				delete(prev, a.Name)
			}
		}
	}
}

// lastValues maps each attribute's name to its last value.
func lastValues(attrs []Attr) map[string]string {
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Name] = a.Value
	}
	return m
}

// patchKids reconciles the children of parent. Keyed children match by key;
// unkeyed ones match in order among unkeyed siblings of the same tag.
func (t *Tree) patchKids(parent int, old []*mounted, nodes []*Node) []*mounted {
	// A key named twice among siblings (a view-model mistake, or ids from
	// outside that repeat) matches its old namesakes in order, so nothing
	// is mounted twice.
	byKey := map[string][]*mounted{}
	var unkeyed []*mounted
	for _, m := range old {
		if m.node.Key != "" {
			byKey[m.node.Key] = append(byKey[m.node.Key], m)
		} else {
			unkeyed = append(unkeyed, m)
		}
	}
	used := map[*mounted]bool{}
	next := make([]*mounted, len(nodes))
	for i, n := range nodes {
		var m *mounted
		if n.Key != "" {
			for _, c := range byKey[n.Key] {
				if !used[c] && same(c.node, n) {
					m = c
					break
				}
			}
		} else {
			for j, c := range unkeyed {
				if c != nil && same(c.node, n) {
					m = c
					unkeyed[j] = nil
					break
				}
			}
		}
		if m != nil {
			used[m] = true
			t.patch(m, n)
		} else {
			m = t.create(n)
		}
		next[i] = m
	}
	// cur is the document order of the parent's children as the moves and
	// insertions below change it.
	cur := make([]*mounted, 0, len(nodes))
	for _, m := range old {
		if used[m] {
			cur = append(cur, m)
		} else {
			t.dom.Remove(parent, m.h)
			t.forgetKids(m)
		}
	}
	var before *mounted
	for i := len(next) - 1; i >= 0; i-- {
		m := next[i]
		if !used[m] || after(cur, m) != before {
			bh := 0
			if before != nil {
				bh = before.h
			}
			t.dom.InsertBefore(parent, m.h, bh)
			cur = moveBefore(cur, m, before)
		}
		before = m
	}
	return next
}

// forgetKids drops the handles of a removed node's descendants.
func (t *Tree) forgetKids(m *mounted) {
	for _, k := range m.kids {
		t.dom.Forget(k.h)
		t.forgetKids(k)
	}
}

// after is the sibling after m in order, nil when m is last or absent.
func after(order []*mounted, m *mounted) *mounted {
	for i, o := range order {
		if o == m && i+1 < len(order) {
			return order[i+1]
		}
	}
	return nil
}

// moveBefore moves (or inserts) m before the sibling before, or to the end
// when before is nil.
func moveBefore(order []*mounted, m, before *mounted) []*mounted {
	for i, o := range order {
		if o == m {
			order = append(order[:i], order[i+1:]...)
			break
		}
	}
	for i, o := range order {
		if o == before {
			return append(order[:i], append([]*mounted{m}, order[i:]...)...)
		}
	}
	return append(order, m)
}
