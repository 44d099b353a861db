//go:build js && wasm

// Command connector is the agent's panel: the Go core compiled to WebAssembly
// and wired to the browser. It only wires; behaviour lives in package cti.
package main

import (
	"context"
	"encoding/json"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/ui"
)

func main() {
	now := func() float64 { return js.Global().Get("performance").Call("now").Float() }
	start := now()

	doc := dom.GetWindow().Document()
	var painter *ui.Painter
	conn := cti.NewConnector(func(s cti.State) {
		painter.Render(cti.View(s)...)
	})
	painter = ui.NewPainter(doc.GetElementByID("app"), func(e ui.Event) {
		conn.Post(cti.UIAction{Action: e.Action, Value: e.Value})
	})
	expose(conn)

	ctx := context.Background()
	conn.Post(cti.Mark{Name: "wasmStart", Ms: start})
	painter.Render(cti.View(conn.State())...)
	conn.Post(cti.Mark{Name: "ready", Ms: now()})
	conn.Run(ctx)
}

// expose publishes window.vccConnector, the read-only surface tests and
// support use.
func expose(conn *cti.Connector) {
	api := js.Global().Get("Object").New()
	api.Set("state", js.FuncOf(func(js.Value, []js.Value) any {
		b, err := json.Marshal(conn.State())
		if err != nil {
			return js.Null()
		}
		return js.Global().Get("JSON").Call("parse", string(b))
	}))
	js.Global().Set("vccConnector", api)
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("vccconnectorready"))
}
