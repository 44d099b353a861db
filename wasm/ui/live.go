package ui

import "strings"

// Controls keep a live value apart from the tree: a select's choice, a
// field's text, a checkbox's tick change when the agent uses them, without
// the tree knowing. When the model does not take the change (a Ready the
// panel refuses) the tree's value has not changed, so a diff of trees alone
// would never put the control back, and it would go on showing what is not
// (and a select would fire no change when the agent picks the same option
// again). After every render the Tree therefore reads each control's live
// value and puts the model's back where they differ, except while the agent
// is in the midst of changing it (typing in the field, stepping through a
// data-commit select with the keys): that value is still theirs.

// Live properties of a control.
const (
	// PropValue is the value of a select, input or textarea.
	PropValue = "value"
	// PropChecked is the tick of a checkbox or radio button, "true" or
	// "false".
	PropChecked = "checked"
)

// ModelValue is the value a control shows when the model has its say:
// which live property and its value, and false for a node that is no
// control or whose value the tree does not set (a text field without a
// value attribute is the agent's alone).
func ModelValue(n *Node) (prop, value string, ok bool) {
	switch n.Tag {
	case "input":
		if t, _ := n.Attr("type"); strings.EqualFold(t, "checkbox") || strings.EqualFold(t, "radio") {
			_, on := n.Attr("checked")
			if on {
				return PropChecked, "true", true
			}
			return PropChecked, "false", true
		}
		fallthrough
	case "textarea":
		v, ok := lastAttr(n, "value")
		return PropValue, v, ok
	case "select":
		if v, ok := lastAttr(n, "value"); ok {
			return PropValue, v, true
		}
		// No value named: the option marked selected (the last one, as the
		// browser has it), otherwise the first.
		var first, chosen *Node
		eachOption(n, func(o *Node) {
			if first == nil {
				first = o
			}
			if _, sel := o.Attr("selected"); sel {
				chosen = o
			}
		})
		if chosen == nil {
			chosen = first
		}
		if chosen == nil {
			return "", "", false
		}
		return PropValue, optionValue(chosen), true
	}
	return "", "", false
}

// lastAttr is the last value given to the attribute, as the DOM keeps it.
func lastAttr(n *Node, name string) (string, bool) {
	v, ok := "", false
	for _, a := range n.Attrs {
		if a.Name == name {
			v, ok = a.Value, true
		}
	}
	return v, ok
}

// eachOption calls f for the select's options, those in groups included.
func eachOption(n *Node, f func(*Node)) {
	for _, k := range n.Kids {
		switch k.Tag {
		case "option":
			f(k)
		case "optgroup":
			eachOption(k, f)
		}
	}
}

// optionValue is an option's value: its value attribute, else its text.
func optionValue(o *Node) string {
	if v, ok := lastAttr(o, "value"); ok {
		return v
	}
	return strings.TrimSpace(o.TextContent())
}

// reconcile puts the model's value back into every control below ms whose
// live value differs from it, unless the agent is changing that control now.
func (t *Tree) reconcile(ms []*mounted) {
	for _, m := range ms {
		if m.node.Tag == "" {
			continue
		}
		if prop, want, ok := ModelValue(m.node); ok {
			if got, busy := t.dom.Live(m.h, prop); !busy && got != want {
				t.dom.SetLive(m.h, prop, want)
			}
		}
		t.reconcile(m.kids)
	}
}
