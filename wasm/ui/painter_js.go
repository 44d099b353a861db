//go:build js && wasm

package ui

import (
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/vccnow/connector/wasm/jsutil"
)

// shortcutKeys are the letters the panel uses with Alt (the browser's own
// use of them is prevented).
const shortcutKeys = "arhmp"

// Event is a control the agent used: the element's data-action and its value
// (data-value, or the value of an input, select or textarea, after
// "<data-key>|" when the field has a data-key).
type Event struct {
	Action string
	Value  string
}

// Painter is the browser DOM behind a Tree. It owns the element it paints
// into and forwards the agent's input as Events; it never decides anything.
//
// The nodes it paints are dom/v2's: elements are *dom.BasicHTMLElement (see
// jsutil.Element for why not each element's own type) and texts *dom.Text.
// Events are read as they come (js.Value): dom/v2 would find each event's
// type and target through switches over every constructor, on every key.
type Painter struct {
	doc     dom.Document
	els     map[int]*dom.BasicHTMLElement
	texts   map[int]*dom.Text
	last    int
	root    int
	tree    *Tree
	funcs   []js.Func
	onEvent func(Event)
}

var _ DOM = (*Painter)(nil)

// NewPainter paints into el and sends input to onEvent (called on a new
// goroutine, so a slow handler never blocks the page).
func NewPainter(root *dom.BasicHTMLElement, onEvent func(Event)) *Painter {
	p := &Painter{doc: jsutil.Document(), els: map[int]*dom.BasicHTMLElement{}, texts: map[int]*dom.Text{}, onEvent: onEvent}
	root.Call("replaceChildren")
	root.Class().Remove("restoring")
	p.root = p.add(root)
	p.tree = NewTree(p, p.root)
	p.listen(root.Underlying())
	return p
}

// active is the document's focused element, if any.
func (p *Painter) active() *dom.BasicHTMLElement {
	return jsutil.Element(p.doc.Underlying().Get("activeElement"))
}

// hasFocus reports whether the panel's document has the keyboard.
func (p *Painter) hasFocus() bool { return p.doc.Underlying().Call("hasFocus").Bool() }

// inPanel reports whether el is an element of the panel other than the
// page's body (where focus falls when its element goes).
func (p *Painter) inPanel(el *dom.BasicHTMLElement) bool {
	return el != nil && !el.Underlying().Equal(p.doc.Underlying().Get("body")) && p.els[p.root].Contains(el)
}

// Render paints the view. A control the agent had focus on that the new
// view removes (Answer once the call is answered) hands focus to a stable
// place in the panel rather than to the page's body, so the next key the
// agent presses lands somewhere harmless and visible; it never takes focus
// the panel did not have.
func (p *Painter) Render(nodes ...*Node) {
	hadFocus := p.hasFocus() && p.inPanel(p.active())
	p.tree.Render(nodes...)
	if !hadFocus || p.inPanel(p.active()) {
		return
	}
	p.focusHome(p.els[p.root])
}

// focusHome focuses the panel's resting place for the keyboard: the first
// call card, otherwise the first other element marked data-focus-home.
// Neither acts on a key: a card is a plain region (tabindex -1).
func (p *Painter) focusHome(root *dom.BasicHTMLElement) {
	for _, q := range []string{`[data-focus-home="call"]`, `[data-focus-home]`} {
		if el := jsutil.Element(root.Call("querySelector", q)); el != nil {
			el.Call("focus", map[string]any{"preventScroll": true})
			return
		}
	}
}

// mayMoveFocus reports whether the panel may move focus inside itself: only
// while its document has focus (the agent is in the panel, not in the
// workspace around it) and the agent is not typing in one of its fields.
func (p *Painter) mayMoveFocus() bool {
	if !p.hasFocus() {
		return false
	}
	active := p.active()
	return active == nil || !isField(active.Underlying()) && !active.IsContentEditable()
}

// add gives an element a handle. The painter makes the fewest calls out of
// WebAssembly it can, as each one is slow: a handle's node is kept, never
// looked up again.
func (p *Painter) add(el *dom.BasicHTMLElement) int {
	p.last++
	p.els[p.last] = el
	return p.last
}

// node is the element or text with handle h.
func (p *Painter) node(h int) dom.Node {
	if el, ok := p.els[h]; ok {
		return el
	}
	return p.texts[h]
}

// on adds a listener to target and keeps its function for release.
func (p *Painter) on(target js.Value, event string, f func(e js.Value)) {
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		f(args[0])
		return nil
	})
	p.funcs = append(p.funcs, fn)
	target.Call("addEventListener", event, fn)
}

// actionTarget is the element with a data-action that an event happened
// in, and whether there is one the agent may use.
func actionTarget(e js.Value) (js.Value, bool) {
	t := e.Get("target")
	if t.IsNull() || t.IsUndefined() || t.Get("closest").IsUndefined() {
		return js.Null(), false
	}
	target := t.Call("closest", "[data-action]")
	if target.IsNull() || target.IsUndefined() {
		return js.Null(), false
	}
	if target.Get("disabled").Truthy() || target.Call("getAttribute", "aria-disabled").String() == "true" {
		return js.Null(), false
	}
	return target, true
}

func isField(el js.Value) bool {
	tag := el.Get("tagName").String()
	return tag == "INPUT" || tag == "SELECT" || tag == "TEXTAREA"
}

// send forwards what the control el does.
func (p *Painter) send(el js.Value) {
	ev := Event{Action: el.Call("getAttribute", "data-action").String()}
	if v := el.Call("getAttribute", "data-value"); !v.IsNull() {
		ev.Value = v.String()
	} else if isField(el) {
		ev.Value = el.Get("value").String()
		// A field about one item (a call's notes) names it in data-key.
		if k := el.Call("getAttribute", "data-key"); !k.IsNull() {
			ev.Value = k.String() + "|" + ev.Value
		}
	}
	go p.onEvent(ev)
}

func (p *Painter) listen(el js.Value) {
	fire := func(e js.Value, kinds ...string) {
		target, ok := actionTarget(e)
		if !ok {
			return
		}
		field := isField(target)
		ok = false
		for _, k := range kinds {
			if (k == "field") == field {
				ok = true
			}
		}
		if !ok {
			return
		}
		if e.Get("type").String() == "submit" {
			e.Call("preventDefault")
		}
		p.send(target)
	}
	p.on(el, "click", func(e js.Value) { fire(e, "control") })
	p.on(el, "change", func(e js.Value) {
		if t, ok := actionTarget(e); ok && committed(t) {
			p.commitChange(t)
			return
		}
		fire(e, "field")
	})
	p.listenCommits(el)
	p.listenKeys(el)
	p.on(el, "input", func(e js.Value) {
		// Text fields report as they are typed, so a draft (wrap-up notes)
		// survives a reload; selects report on change only.
		if tag := e.Get("target").Get("tagName").String(); tag == "TEXTAREA" || tag == "INPUT" {
			fire(e, "field")
		}
	})
	p.on(el, "submit", func(e js.Value) { e.Call("preventDefault") })
	// Keyboard shortcuts: Alt plus a letter, anywhere in the panel.
	p.on(js.Global(), "keydown", func(ev js.Value) {
		if !ev.Get("altKey").Bool() || ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool() {
			return
		}
		key := strings.ToLower(ev.Get("key").String())
		if len(key) != 1 || key < "a" || key > "z" {
			return
		}
		if strings.Contains(shortcutKeys, key) {
			ev.Call("preventDefault")
		}
		go p.onEvent(Event{Action: "key", Value: "alt+" + key})
	})
}

// CreateElement implements DOM.
func (p *Painter) CreateElement(tag string) int {
	return p.add(jsutil.Element(p.doc.Underlying().Call("createElement", tag)))
}

// CreateText implements DOM.
func (p *Painter) CreateText(text string) int {
	p.last++
	p.texts[p.last] = &dom.Text{BasicNode: &dom.BasicNode{Value: p.doc.Underlying().Call("createTextNode", text)}}
	return p.last
}

// SetAttr implements DOM. value and checked are also set as properties, but
// never under the agent's cursor: a field being typed in keeps its text.
func (p *Painter) SetAttr(h int, name, value string) {
	v := p.els[h]
	v.SetAttribute(name, value)
	switch name {
	case "value":
		if !p.isActive(v) && v.Get("value").String() != value {
			v.Set("value", value)
		}
		// The panel holds a new value: what a select sent before is history
		// (commit_js.go).
		v.Set(propBase, js.Undefined())
	case "checked":
		v.Set("checked", true)
	case "data-focus":
		// Focus moves to a control when it appears (Use this panel, after
		// the agent's own Sign in), after the browser has laid it out, and
		// only when the agent is in the panel and not typing: the panel
		// never takes the keyboard from the workspace (a ringing call rings
		// without taking it).
		var fn js.Func
		fn = js.FuncOf(func(js.Value, []js.Value) any {
			fn.Release()
			if p.mayMoveFocus() {
				v.Focus()
			}
			return nil
		})
		js.Global().Call("queueMicrotask", fn)
	}
}

// RemoveAttr implements DOM.
func (p *Painter) RemoveAttr(h int, name string) {
	v := p.els[h]
	v.RemoveAttribute(name)
	if name == "checked" {
		v.Set("checked", false)
	}
}

// SetText implements DOM.
func (p *Painter) SetText(h int, text string) { p.texts[h].SetNodeValue(text) }

// InsertBefore implements DOM.
func (p *Painter) InsertBefore(parent, child, before int) {
	var b dom.Node
	if before != 0 {
		b = p.node(before)
	}
	p.els[parent].InsertBefore(p.node(child), b)
}

// Remove implements DOM.
func (p *Painter) Remove(parent, h int) {
	p.els[parent].RemoveChild(p.node(h))
	p.Forget(h)
}

// Forget implements DOM.
func (p *Painter) Forget(h int) {
	delete(p.els, h)
	delete(p.texts, h)
}

// isActive reports whether el has the document's focus.
func (p *Painter) isActive(el *dom.BasicHTMLElement) bool {
	return el.Underlying().Equal(p.doc.Underlying().Get("activeElement"))
}

// Live implements DOM. The agent is changing a text field while it has
// focus (their typing is theirs until it reaches the model), and a
// data-commit select while they step through it with the keys (commit_js.go).
func (p *Painter) Live(h int, prop string) (string, bool) {
	v := p.els[h]
	if prop == PropChecked {
		return strconv.FormatBool(v.Get("checked").Bool()), false
	}
	switch v.TagName() {
	case "INPUT", "TEXTAREA":
		if p.isActive(v) {
			return "", true
		}
	case "SELECT":
		if v.Get(propKeyed).Truthy() {
			return "", true
		}
	}
	return v.Get("value").String(), false
}

// SetLive implements DOM. A select put back to the panel's value forgets
// what it sent (commit_js.go), so picking the same option again sends it
// again.
func (p *Painter) SetLive(h int, prop, value string) {
	v := p.els[h]
	if prop == PropChecked {
		v.Set("checked", value == "true")
		return
	}
	v.Set("value", value)
	v.Set(propBase, js.Undefined())
}
