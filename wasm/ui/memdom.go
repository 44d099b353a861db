package ui

import (
	"html"
	"sort"
	"strings"
)

// MemDOM is an in-memory DOM for tests: it records every operation so a test
// can check that a render touched only what changed.
type MemDOM struct {
	nodes map[int]*memNode
	last  int
	// Ops counts operations by kind ("create", "setattr", "insert", ...).
	Ops map[string]int
}

type memNode struct {
	tag, text string
	attrs     map[string]string
	parent    int
	kids      []int
}

var _ DOM = (*MemDOM)(nil)

// NewMemDOM returns a document holding one root element, handle 1.
func NewMemDOM() *MemDOM {
	d := &MemDOM{nodes: map[int]*memNode{}, Ops: map[string]int{}}
	d.CreateElement("root")
	d.Ops = map[string]int{}
	return d
}

func (d *MemDOM) add(n *memNode) int {
	d.last++
	d.nodes[d.last] = n
	return d.last
}

// CreateElement implements DOM.
func (d *MemDOM) CreateElement(tag string) int {
	d.Ops["create"]++
	return d.add(&memNode{tag: tag, attrs: map[string]string{}})
}

// CreateText implements DOM.
func (d *MemDOM) CreateText(text string) int {
	d.Ops["create"]++
	return d.add(&memNode{text: text})
}

// SetAttr implements DOM.
func (d *MemDOM) SetAttr(h int, name, value string) {
	d.Ops["setattr"]++
	d.nodes[h].attrs[name] = value
}

// RemoveAttr implements DOM.
func (d *MemDOM) RemoveAttr(h int, name string) {
	d.Ops["removeattr"]++
	delete(d.nodes[h].attrs, name)
}

// SetText implements DOM.
func (d *MemDOM) SetText(h int, text string) {
	d.Ops["settext"]++
	d.nodes[h].text = text
}

func (d *MemDOM) detach(h int) {
	n := d.nodes[h]
	if n.parent == 0 {
		return
	}
	p := d.nodes[n.parent]
	for i, k := range p.kids {
		if k == h {
			p.kids = append(p.kids[:i], p.kids[i+1:]...)
			break
		}
	}
	n.parent = 0
}

// InsertBefore implements DOM.
func (d *MemDOM) InsertBefore(parent, child, before int) {
	d.Ops["insert"]++
	d.detach(child)
	p := d.nodes[parent]
	d.nodes[child].parent = parent
	if before == 0 {
		p.kids = append(p.kids, child)
		return
	}
	for i, k := range p.kids {
		if k == before {
			p.kids = append(p.kids[:i], append([]int{child}, p.kids[i:]...)...)
			return
		}
	}
	p.kids = append(p.kids, child)
}

// Remove implements DOM.
func (d *MemDOM) Remove(parent, h int) {
	d.Ops["remove"]++
	d.detach(h)
	delete(d.nodes, h) // its descendants stay until forgotten, as in the painter
}

// Forget implements DOM.
func (d *MemDOM) Forget(h int) {
	d.Ops["forget"]++
	delete(d.nodes, h)
}

// ResetOps clears the operation counts.
func (d *MemDOM) ResetOps() { d.Ops = map[string]int{} }

// HTML serialises the children of h (1 = the root) with attributes sorted.
func (d *MemDOM) HTML(h int) string {
	var b strings.Builder
	for _, k := range d.nodes[h].kids {
		d.write(&b, k)
	}
	return b.String()
}

func (d *MemDOM) write(b *strings.Builder, h int) {
	n := d.nodes[h]
	if n.tag == "" {
		b.WriteString(html.EscapeString(n.text))
		return
	}
	b.WriteString("<" + n.tag)
	names := make([]string, 0, len(n.attrs))
	for k := range n.attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		b.WriteString(" " + k + `="` + html.EscapeString(n.attrs[k]) + `"`)
	}
	b.WriteString(">")
	for _, k := range n.kids {
		d.write(b, k)
	}
	b.WriteString("</" + n.tag + ">")
}
