package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func statusSelect(value string) *Node {
	return El("select", TestID("presence"), A("value", value),
		El("option", A("value", "away"), If(value == "away", A("selected", "")), "Away").WithKey("away"),
		El("option", A("value", "ready"), If(value == "ready", A("selected", "")), "Ready").WithKey("ready"))
}

func TestRenderPutsBackWhatTheModelRefused(t *testing.T) {
	d := NewMemDOM()
	tr := NewTree(d, 1)
	tr.Render(statusSelect("away"))
	h := d.ByTestID("presence")
	v, _ := d.Live(h, PropValue)
	assert.Equal(t, "away", v)

	// The agent picks Ready; the model refuses it and renders the same tree.
	d.AgentSet(h, PropValue, "ready")
	tr.Render(statusSelect("away"))
	v, _ = d.Live(h, PropValue)
	assert.Equal(t, "away", v, "the refused pick is put back")

	// Taken: the control shows it.
	d.AgentSet(h, PropValue, "ready")
	tr.Render(statusSelect("ready"))
	v, _ = d.Live(h, PropValue)
	assert.Equal(t, "ready", v)
}

func TestRenderLeavesWhatTheAgentIsChanging(t *testing.T) {
	d := NewMemDOM()
	tr := NewTree(d, 1)
	notes := func(v string) *Node { return El("textarea", TestID("notes"), A("value", v)) }
	tr.Render(notes("draft"), statusSelect("away"))
	n, s := d.ByTestID("notes"), d.ByTestID("presence")

	d.SetBusy(n, true)
	d.AgentSet(n, PropValue, "draft and more")
	d.SetBusy(s, true) // stepping through with the arrow keys
	d.AgentSet(s, PropValue, "ready")
	tr.Render(notes("draft"), statusSelect("away"))
	v, _ := d.Live(n, PropValue)
	assert.Equal(t, "draft and more", v, "typing is not overwritten")
	v, _ = d.Live(s, PropValue)
	assert.Equal(t, "ready", v, "a choice being made with the keys stays")

	d.SetBusy(s, false) // Escape, or the commit refused
	tr.Render(notes("draft"), statusSelect("away"))
	v, _ = d.Live(s, PropValue)
	assert.Equal(t, "away", v)
}

func TestRenderPutsBackACheckbox(t *testing.T) {
	d := NewMemDOM()
	tr := NewTree(d, 1)
	box := func(on bool) *Node {
		return El("input", TestID("box"), A("type", "checkbox"), If(on, A("checked", "")))
	}
	tr.Render(box(false))
	h := d.ByTestID("box")
	d.AgentSet(h, PropChecked, "true")
	tr.Render(box(false))
	v, _ := d.Live(h, PropChecked)
	assert.Equal(t, "false", v)
	tr.Render(box(true))
	v, _ = d.Live(h, PropChecked)
	assert.Equal(t, "true", v)
}

func TestModelValue(t *testing.T) {
	cases := []struct {
		name       string
		n          *Node
		prop, want string
		ok         bool
	}{
		{"select's value", statusSelect("ready"), PropValue, "ready", true},
		{"select without value: marked option", El("select", El("option", A("value", "a"), "A"), El("option", A("value", "b"), A("selected", ""), "B")), PropValue, "b", true},
		{"select without value: first option", El("select", El("option", "A"), El("option", "B")), PropValue, "A", true},
		{"text field the tree does not set", El("input", A("type", "text")), "", "", false},
		{"textarea", El("textarea", A("value", "x")), PropValue, "x", true},
		{"not a control", El("p", "x"), "", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prop, got, ok := ModelValue(c.n)
			assert.Equal(t, c.ok, ok)
			if ok {
				assert.Equal(t, c.prop, prop)
				assert.Equal(t, c.want, got)
			}
		})
	}
}
