//go:build js && wasm

package ui

import (
	"strings"
	"syscall/js"
)

// listenKeys lets an element take typed keys as actions: a key among its
// data-keys, typed while focus is inside it (and, for a <details>, while it
// is open), sends its data-keys-action with "data-keys-value|key". The
// call's keypad uses it: digits typed on the keyboard send tones.
func (p *Painter) listenKeys(el js.Value) {
	p.on(el, "keydown", func(ev js.Value) {
		if ev.Get("altKey").Bool() || ev.Get("ctrlKey").Bool() || ev.Get("metaKey").Bool() {
			return
		}
		t := ev.Get("target")
		if t.IsNull() || t.IsUndefined() || t.Get("closest").IsUndefined() || isField(t) {
			return
		}
		box := t.Call("closest", "[data-keys]")
		if box.IsNull() || box.IsUndefined() {
			return
		}
		if box.Get("tagName").String() == "DETAILS" && !box.Get("open").Bool() {
			return
		}
		key := ev.Get("key").String()
		if len(key) != 1 || !strings.Contains(box.Call("getAttribute", "data-keys").String(), key) {
			return
		}
		ev.Call("preventDefault")
		go p.onEvent(Event{Action: box.Call("getAttribute", "data-keys-action").String(),
			Value: box.Call("getAttribute", "data-keys-value").String() + "|" + key})
	})
}
