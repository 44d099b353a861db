// Package ui describes the panel as a tree of plain values and computes the
// smallest set of changes that turns one tree into the next. It is pure Go:
// the view-model (package cti) builds trees, Diff compares them, and the
// browser painter (painter_js.go) applies the resulting operations to the DOM.
//
// Controls do not carry Go callbacks. An element that acts names its action in
// a data-action attribute; the painter listens once at the root and forwards
// the action (and the element's value) to the connector core, so painting and
// behaviour stay separate and both are testable without a browser.
package ui

import "strings"

// Node is one element or text node of the panel.
type Node struct {
	// Tag is the element name; empty for a text node.
	Tag string
	// Attrs are the element's attributes, in the order they were given.
	Attrs []Attr
	// Text is the content of a text node.
	Text string
	// Kids are the child nodes.
	Kids []*Node
	// Key, when set, identifies the node among its siblings across renders,
	// so a list that changes order moves elements instead of rewriting them.
	Key string
}

// Attr is one attribute. Properties that the browser keeps apart from the
// attribute (value, checked) are written as attributes here and set as
// properties by the painter.
type Attr struct{ Name, Value string }

// El builds an element; items are Attr, []Attr, *Node, []*Node or string (a
// text child). Nil nodes are skipped, so optional parts read naturally.
func El(tag string, items ...any) *Node {
	n := &Node{Tag: tag}
	for _, it := range items {
		switch v := it.(type) {
		case Attr:
			n.Attrs = append(n.Attrs, v)
		case []Attr:
			n.Attrs = append(n.Attrs, v...)
		case *Node:
			if v != nil {
				n.Kids = append(n.Kids, v)
			}
		case []*Node:
			for _, k := range v {
				if k != nil {
					n.Kids = append(n.Kids, k)
				}
			}
		case string:
			n.Kids = append(n.Kids, Text(v))
		case nil:
		default:
			panic("ui.El: unsupported item")
		}
	}
	return n
}

// Text builds a text node. Text is always set as text, never parsed as HTML,
// so caller-supplied strings (names, numbers) cannot inject markup.
func Text(s string) *Node { return &Node{Text: s} }

// A builds an attribute.
func A(name, value string) Attr { return Attr{Name: name, Value: value} }

// TestID is the data-testid attribute the browser tests and support rely on.
func TestID(id string) Attr { return Attr{Name: "data-testid", Value: id} }

// Action names what a control does when used; the painter forwards it.
func Action(name string) Attr { return Attr{Name: "data-action", Value: name} }

// FieldKey names the item a field is about (a call): its events carry
// "<key>|<value>".
func FieldKey(key string) Attr { return Attr{Name: "data-key", Value: key} }

// Class joins the non-empty class names.
func Class(names ...string) Attr {
	var b []string
	for _, n := range names {
		if n != "" {
			b = append(b, n)
		}
	}
	return Attr{Name: "class", Value: strings.Join(b, " ")}
}

// If returns a when cond holds, otherwise nothing (an empty attribute list).
func If(cond bool, a Attr) []Attr {
	if cond {
		return []Attr{a}
	}
	return nil
}

// WithKey sets the node's key and returns it.
func (n *Node) WithKey(k string) *Node { n.Key = k; return n }

// Attr returns the value of the named attribute and whether it is set.
func (n *Node) Attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// Find returns the first node in the tree (depth first) whose data-testid is
// id, or nil.
func (n *Node) Find(id string) *Node {
	if n == nil {
		return nil
	}
	if v, ok := n.Attr("data-testid"); ok && v == id {
		return n
	}
	for _, k := range n.Kids {
		if f := k.Find(id); f != nil {
			return f
		}
	}
	return nil
}

// TextContent is the concatenated text below n, as the DOM's textContent.
func (n *Node) TextContent() string {
	if n == nil {
		return ""
	}
	if n.Tag == "" {
		return n.Text
	}
	var b strings.Builder
	for _, k := range n.Kids {
		b.WriteString(k.TextContent())
	}
	return b.String()
}
