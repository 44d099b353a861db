//go:build js && wasm

package openframe

import (
	"errors"
	"syscall/js"

	"github.com/vccnow/connector/wasm/jsutil"
)

// Host is the connector's OpenFrame: window.openFrameAPI, loaded from the
// ServiceNow instance. Calls made before init succeeds are dropped (the
// library refuses them). It implements cti.Host.
type Host struct {
	api     js.Value
	onReady func(topDomain, config string, err error)
	onEvent func(name string, payload []byte)
	ready   bool
	funcs   []js.Func
}

// Callbacks receive OpenFrame's answers; both run on new goroutines.
type Callbacks struct {
	// Ready reports init: the hosting page's origin and the configuration's
	// JSON, or why OpenFrame is unavailable.
	Ready func(topDomain, config string, err error)
	// Event delivers a subscribed event with its payload as JSON.
	Event func(name string, payload []byte)
}

// ErrNoOpenFrame means the panel is not inside a ServiceNow workspace.
var ErrNoOpenFrame = errors.New("openFrameAPI is not loaded: the panel is not running inside ServiceNow")

// Start initialises OpenFrame and subscribes to its events.
func Start(cb Callbacks, width, height int) *Host {
	h := &Host{api: js.Global().Get("openFrameAPI"), onReady: cb.Ready, onEvent: cb.Event}
	if h.api.Type() != js.TypeObject {
		go h.onReady("", "", ErrNoOpenFrame)
		return h
	}
	cfg := js.Global().Get("Object").New()
	cfg.Set("title", "Phone")
	cfg.Set("subTitle", "Vonage Contact Center")
	cfg.Set("width", width)
	cfg.Set("height", height)
	var ok, fail js.Func
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		h.ready = true
		for _, name := range Subscribed {
			h.subscribe(name)
		}
		var conf string
		if len(args) > 0 && args[0].Type() == js.TypeObject {
			if c := args[0].Get("configuration"); c.Type() == js.TypeString {
				conf = c.String()
			}
		}
		go h.onReady(parentOrigin(), conf, nil)
		return nil
	})
	fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "OpenFrame init failed"
		if len(args) > 0 {
			msg += ": " + jsutil.JSError(args[0]).Error()
		}
		go h.onReady("", "", errors.New(msg))
		return nil
	})
	h.funcs = append(h.funcs, ok, fail)
	if err := jsutil.Try(func() { h.api.Call("init", cfg, ok, fail) }); err != nil {
		go h.onReady("", "", err)
	}
	return h
}

// parentOrigin is the origin of the page hosting the panel (Chrome's
// location.ancestorOrigins; the referrer's origin elsewhere).
func parentOrigin() string {
	if ao := js.Global().Get("location").Get("ancestorOrigins"); ao.Type() == js.TypeObject && ao.Length() > 0 {
		return ao.Index(0).String()
	}
	ref := js.Global().Get("document").Get("referrer").String()
	if ref == "" {
		return ""
	}
	var origin string
	_ = jsutil.Try(func() { origin = js.Global().Get("URL").New(ref).Get("origin").String() })
	return origin
}

func (h *Host) subscribe(name string) {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		payload := []byte("null")
		if len(args) > 0 {
			payload = jsutil.ToJSON(args[0])
		}
		go h.onEvent(name, payload)
		return nil
	})
	h.funcs = append(h.funcs, f)
	if err := jsutil.Try(func() { h.api.Call("subscribe", name, f) }); err != nil {
		js.Global().Get("console").Call("warn", "OpenFrame: cannot subscribe to "+name+": "+err.Error())
	}
}

func (h *Host) call(method string, args ...any) {
	if !h.ready {
		return
	}
	if err := jsutil.Try(func() { h.api.Call(method, args...) }); err != nil {
		js.Global().Get("console").Call("warn", "OpenFrame "+method+": "+err.Error())
	}
}

// Show implements cti.Host.
func (h *Host) Show() { h.call("show") }

// SetTitle implements cti.Host.
func (h *Host) SetTitle(title, subtitle string) {
	h.call("setTitle", title)
	h.call("setSubtitle", subtitle)
}

// SetPresenceIndicator implements cti.Host.
func (h *Host) SetPresenceIndicator(state, color string) {
	h.call("setPresenceIndicator", state, color)
}

// OpenForm implements cti.Host.
func (h *Host) OpenForm(entity, query, interactionSysID string) {
	d := js.Global().Get("Object").New()
	d.Set("entity", entity)
	d.Set("query", query)
	if interactionSysID != "" {
		d.Set("interaction_sys_id", interactionSysID)
	}
	h.call("openServiceNowForm", d)
}
