package ui

import (
	"html"
	"sort"
	"strings"
)

// MemDOM is an in-memory DOM for tests: it records every operation so a test
// can check that a render touched only what changed. Its controls keep live
// values apart from their attributes, as a browser's do, which a test
// changes as the agent would (AgentSet) to check that every control ends up
// showing the model.
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
	// live is the control's live value once set (by the panel or the
	// agent); checked its live tick once set. busy is true while the agent
	// is changing it: the painter does not write under the agent's cursor.
	live    *string
	checked *bool
	busy    bool
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

// SetAttr implements DOM. As the painter does, value and checked set the
// live property too, value not while the agent is changing it.
func (d *MemDOM) SetAttr(h int, name, value string) {
	d.Ops["setattr"]++
	n := d.nodes[h]
	n.attrs[name] = value
	switch {
	case name == "value" && isControl(n.tag) && !n.busy:
		v := value
		n.live = &v
	case name == "checked" && n.tag == "input":
		on := true
		n.checked = &on
	}
}

// RemoveAttr implements DOM.
func (d *MemDOM) RemoveAttr(h int, name string) {
	d.Ops["removeattr"]++
	n := d.nodes[h]
	delete(n.attrs, name)
	if name == "checked" && n.tag == "input" {
		off := false
		n.checked = &off
	}
}

func isControl(tag string) bool { return tag == "select" || tag == "input" || tag == "textarea" }

// Live implements DOM: the value the agent sees. A select shows the option
// its live value names; with none (never set, or no such option) the last
// option marked selected, else the first, as a browser does.
func (d *MemDOM) Live(h int, prop string) (string, bool) {
	d.Ops["live"]++
	n := d.nodes[h]
	if prop == PropChecked {
		on := n.checked != nil && *n.checked || n.checked == nil && hasAttr(n, "checked")
		if on {
			return "true", n.busy
		}
		return "false", n.busy
	}
	if n.tag != "select" {
		if n.live != nil {
			return *n.live, n.busy
		}
		return n.attrs["value"], n.busy
	}
	var first, chosen string
	found, marked, seen := false, false, false
	d.eachOption(h, func(o *memNode) {
		v, ok := o.attrs["value"]
		if !ok {
			v = strings.TrimSpace(d.textOf(o))
		}
		if !seen {
			first, seen = v, true
		}
		if n.live != nil && v == *n.live {
			chosen, found = v, true
		}
		if _, sel := o.attrs["selected"]; sel && !found {
			chosen, marked = v, true
		}
	})
	switch {
	case found, marked:
		return chosen, n.busy
	}
	return first, n.busy
}

// SetLive implements DOM.
func (d *MemDOM) SetLive(h int, prop, value string) {
	d.Ops["setlive"]++
	n := d.nodes[h]
	if prop == PropChecked {
		on := value == "true"
		n.checked = &on
		return
	}
	v := value
	n.live = &v
}

// AgentSet changes a control's live property as the agent does: picks an
// option, types text, ticks a box. The tree is not told.
func (d *MemDOM) AgentSet(h int, prop, value string) {
	n := d.nodes[h]
	if prop == PropChecked {
		on := value == "true"
		n.checked = &on
		return
	}
	v := value
	n.live = &v
}

// SetBusy says whether the agent is changing the control now (typing in
// it, stepping through it with the keys).
func (d *MemDOM) SetBusy(h int, busy bool) { d.nodes[h].busy = busy }

// ByTestID returns the handle of the first element below the root whose
// data-testid is id, or 0.
func (d *MemDOM) ByTestID(id string) int { return d.find(1, id) }

// AllByTestID returns the handles of the elements whose data-testid is id,
// in document order.
func (d *MemDOM) AllByTestID(id string) []int { return d.findAll(1, id, nil) }

func (d *MemDOM) findAll(h int, id string, out []int) []int {
	for _, k := range d.nodes[h].kids {
		if d.nodes[k].attrs["data-testid"] == id && d.nodes[k].tag != "" {
			out = append(out, k)
		}
		out = d.findAll(k, id, out)
	}
	return out
}

func (d *MemDOM) find(h int, id string) int {
	for _, k := range d.nodes[h].kids {
		if d.nodes[k].attrs["data-testid"] == id && d.nodes[k].tag != "" {
			return k
		}
		if f := d.find(k, id); f != 0 {
			return f
		}
	}
	return 0
}

// Attr returns an element's attribute and whether it is set.
func (d *MemDOM) Attr(h int, name string) (string, bool) {
	v, ok := d.nodes[h].attrs[name]
	return v, ok
}

func hasAttr(n *memNode, name string) bool { _, ok := n.attrs[name]; return ok }

// eachOption calls f for the options of the select h, in groups too.
func (d *MemDOM) eachOption(h int, f func(*memNode)) {
	for _, k := range d.nodes[h].kids {
		switch o := d.nodes[k]; o.tag {
		case "option":
			f(o)
		case "optgroup":
			d.eachOption(k, f)
		}
	}
}

func (d *MemDOM) textOf(n *memNode) string {
	if n.tag == "" {
		return n.text
	}
	var b strings.Builder
	for _, k := range n.kids {
		b.WriteString(d.textOf(d.nodes[k]))
	}
	return b.String()
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
