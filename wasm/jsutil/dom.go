//go:build js && wasm

package jsutil

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// The panel's DOM goes through dom/v2's types. Elements are given the type
// every HTML element shares, *dom.BasicHTMLElement, directly:
// dom.WrapElement and the dom/v2 methods that return an Element (Document's
// GetElementByID and CreateElement, Body, Closest, an event's Target) pick
// the element's own type in a switch over every HTML element constructor,
// which links about a hundred types and their methods into the connector
// (some 40 KB brotli) for nothing the panel uses.

// Element is v as a dom/v2 HTML element; nil for null or undefined.
func Element(v js.Value) *dom.BasicHTMLElement {
	if v.IsNull() || v.IsUndefined() {
		return nil
	}
	return &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: v}}}
}

// Document is the page's document.
func Document() dom.Document { return dom.GetWindow().Document() }

// ByID is the page's element with this id, or nil.
func ByID(id string) *dom.BasicHTMLElement {
	return Element(Document().Underlying().Call("getElementById", id))
}

// CreateElement makes an element of this tag.
func CreateElement(tag string) *dom.BasicHTMLElement {
	return Element(Document().Underlying().Call("createElement", tag))
}

// Body is the page's body.
func Body() *dom.BasicHTMLElement { return Element(Document().Underlying().Get("body")) }

// Event is v as a dom/v2 event. dom/v2's AddEventListener finds the event's
// own type in a switch over 45 event constructors, one JavaScript lookup
// each, on every event: a listener of the panel's wraps the event it gets
// in the type it expects instead (&dom.KeyboardEvent{UIEvent: ...}).
func Event(v js.Value) *dom.BasicEvent { return &dom.BasicEvent{Value: v} }
