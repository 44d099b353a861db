//go:build js && wasm

// Package jsutil holds the small helpers every browser adapter needs: awaiting
// promises, turning JavaScript exceptions into errors, fetch without net/http
// (which would add megabytes to the connector), and JSON between Go and JS.
package jsutil

import (
	"encoding/json"
	"errors"
	"fmt"
	"syscall/js"
)

// Global is window.
var Global = js.Global()

// Await waits for a promise and returns its value, or its rejection as an
// error. Call it only from a goroutine, never from a js.FuncOf callback.
func Await(promise js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var onOK, onErr js.Func
	onOK = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: arg(args)}
		return nil
	})
	onErr = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: JSError(arg(args))}
		return nil
	})
	promise.Call("then", onOK, onErr)
	r := <-ch
	onOK.Release()
	onErr.Release()
	return r.v, r.err
}

func arg(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// JSError turns a thrown or rejected JavaScript value into an error that
// keeps its name ("NotAllowedError") and message.
func JSError(v js.Value) error {
	if v.Type() == js.TypeObject {
		name, msg := v.Get("name"), v.Get("message")
		if name.Type() == js.TypeString || msg.Type() == js.TypeString {
			return &Error{Name: str(name), Message: str(msg)}
		}
	}
	return &Error{Message: fmt.Sprint(v)}
}

// Error is a JavaScript error.
type Error struct{ Name, Message string }

func (e *Error) Error() string {
	if e.Name == "" {
		return e.Message
	}
	return e.Name + ": " + e.Message
}

// Named reports whether err is a JavaScript error of that name.
func Named(err error, name string) bool {
	var e *Error
	return errors.As(err, &e) && e.Name == name
}

func str(v js.Value) string {
	if v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

// Try calls f and turns a panic from syscall/js (a JavaScript exception) into
// an error.
func Try(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if jerr, ok := r.(js.Error); ok {
				err = JSError(jerr.Value)
				return
			}
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}

// ToJSON serialises a JavaScript value (JSON.stringify).
func ToJSON(v js.Value) []byte {
	if v.IsUndefined() {
		return []byte("null")
	}
	var out string
	if err := Try(func() { out = Global.Get("JSON").Call("stringify", v).String() }); err != nil {
		return []byte("null")
	}
	return []byte(out)
}

// FromGo converts a Go value to a JavaScript one through JSON.
func FromGo(v any) js.Value {
	b, err := json.Marshal(v)
	if err != nil {
		return js.Null()
	}
	return Global.Get("JSON").Call("parse", string(b))
}

// Response is what Fetch returns.
type Response struct {
	Status int
	Body   []byte
}

// Fetch performs an HTTP request with the browser's fetch. body, when not
// nil, is sent as is with contentType. It returns network failures as errors
// and every HTTP status as a Response.
func Fetch(method, url string, headers map[string]string, body []byte, contentType string) (Response, error) {
	init := js.Global().Get("Object").New()
	init.Set("method", method)
	init.Set("credentials", "omit")
	init.Set("cache", "no-store")
	h := js.Global().Get("Object").New()
	for k, v := range headers {
		h.Set(k, v)
	}
	if body != nil {
		h.Set("Content-Type", contentType)
		init.Set("body", string(body))
	}
	init.Set("headers", h)
	resp, err := Await(Global.Call("fetch", url, init))
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	text, err := Await(resp.Call("text"))
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: reading the answer: %w", method, url, err)
	}
	return Response{Status: resp.Get("status").Int(), Body: []byte(text.String())}, nil
}

// TakeEarly hands over, once, what the loader started after a reload before
// the core ran (window.__vccBoot.early: "lock", "mic", "socket"); it returns
// undefined when there is none or it was taken.
func TakeEarly(name string) js.Value {
	early := js.Global().Get("__vccBoot")
	if !early.Truthy() || !early.Get("early").Truthy() {
		return js.Undefined()
	}
	early = early.Get("early")
	v := early.Get(name)
	early.Delete(name)
	return v
}
