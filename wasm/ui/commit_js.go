//go:build js && wasm

package ui

import (
	"syscall/js"
)

// Selects that act (Status, the audio outputs) carry data-commit: their
// value is sent once the agent has chosen, not on every step. Chrome fires
// change on each arrow key or typed letter on a closed select, so a key
// only moves the choice; Enter or leaving the control commits it, and a
// pick with the mouse commits at once. Escape puts the committed value back.
//
// The value the panel holds is the select's value attribute (the tree sets
// it from the state); a value is committed when it differs from that and
// from the value sent last, which the painter keeps on the element itself
// (a property the tree never sees, dropped whenever the tree sets the value
// again), with whether the last input was a key.
const (
	propBase  = "__vccCommitted"
	propKeyed = "__vccKeyed"
)

// committed reports whether el is a select whose changes wait for a commit.
func committed(el js.Value) bool {
	return el.Get("tagName").String() == "SELECT" && el.Call("hasAttribute", "data-commit").Bool()
}

// commitTarget is the data-commit select an event happened on.
func commitTarget(e js.Value) (js.Value, bool) {
	t, ok := actionTarget(e)
	if !ok || !committed(t) {
		return js.Null(), false
	}
	return t, true
}

// commitChange follows a change of a data-commit select: a step made with a
// key waits; a pick with the mouse (or a script) is the agent's choice.
func (p *Painter) commitChange(el js.Value) {
	if el.Get(propKeyed).Truthy() {
		return
	}
	p.commit(el)
}

// commit sends the select's value unless the panel holds it already or it
// was just sent.
func (p *Painter) commit(el js.Value) {
	v := el.Get("value").String()
	if held := el.Call("getAttribute", "value"); !held.IsNull() && held.String() == v {
		return
	}
	if sent := el.Get(propBase); sent.Type() == js.TypeString && sent.String() == v {
		return
	}
	el.Set(propBase, v)
	p.send(el)
}

func (p *Painter) listenCommits(root js.Value) {
	p.on(root, "focusin", func(e js.Value) {
		t, ok := actionTarget(e)
		if !ok {
			return
		}
		if committed(t) {
			t.Set(propKeyed, false)
		}
		// A control that needs fresh data when the agent comes to it (the
		// Transfer list: who can take a call now) says so.
		if a := t.Call("getAttribute", "data-focus-action"); !a.IsNull() {
			ev := Event{Action: a.String()}
			if k := t.Call("getAttribute", "data-key"); !k.IsNull() {
				ev.Value = k.String()
			}
			go p.onEvent(ev)
		}
	})
	p.on(root, "focusout", func(e js.Value) {
		if t, ok := commitTarget(e); ok {
			t.Set(propKeyed, false)
			p.commit(t)
		}
	})
	p.on(root, "pointerdown", func(e js.Value) {
		if t, ok := commitTarget(e); ok {
			t.Set(propKeyed, false)
		}
	})
	p.on(root, "keydown", func(e js.Value) {
		t, ok := commitTarget(e)
		if !ok {
			return
		}
		switch e.Get("key").String() {
		case "Tab", "Shift", "Control", "Alt", "Meta", " ":
			// Leaving (focusout commits), a modifier, or opening the list:
			// no step.
		case "Enter":
			// After the browser has done its own part of the key (an
			// open list picks its highlighted option). Until then the
			// choice stays the agent's: a render meanwhile must not put
			// the held value back under it (Live).
			var fn js.Func
			fn = js.FuncOf(func(js.Value, []js.Value) any {
				fn.Release()
				t.Set(propKeyed, false)
				p.commit(t)
				return nil
			})
			js.Global().Call("setTimeout", fn, 0)
		case "Escape":
			// Back to what the panel holds.
			if held := t.Call("getAttribute", "value"); !held.IsNull() && t.Get(propKeyed).Truthy() {
				t.Set("value", held)
			}
			t.Set(propKeyed, false)
		default:
			if !e.Get("altKey").Bool() && !e.Get("ctrlKey").Bool() && !e.Get("metaKey").Bool() {
				t.Set(propKeyed, true)
			}
		}
	})
}
