//go:build js && wasm

package vccphone

import (
	"errors"
	"strconv"
	"syscall/js"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/jsutil"
)

// NewBrowser returns the panel's softphone: a Phone over the browser's
// WebSocket to url (SignalingURL), posting what VCC says to post.
func NewBrowser(url string, post func(cti.Input), log cti.Logger) *Phone {
	s := &socket{url: url}
	p := New(s, post, log)
	s.phone = p
	return p
}

// socket is the signaling WebSocket in the browser (the WebSocket API,
// without Go's net stack): the Transport of the panel's Phone. Its events
// reach the Phone each on a new goroutine.
type socket struct {
	url   string
	phone *Phone

	ws    js.Value
	funcs []js.Func
	gen   int // ignores events of a replaced socket
}

var _ Transport = (*socket)(nil)

// Open connects, replacing any previous connection. The first Open after a
// reload takes over the socket the loader opened while the core loaded.
func (s *socket) Open() {
	s.drop()
	s.gen++
	gen := s.gen
	early := jsutil.TakeEarly("socket")
	var ws js.Value
	if early.Truthy() && early.Get("url").String() == s.url && early.Get("closed").IsNull() {
		early.Set("taken", true) // the loader sends no hello from now on
		ws = early.Get("ws")
		for _, h := range []string{"onopen", "onmessage", "onclose"} {
			ws.Set(h, js.Null())
		}
	} else {
		if early.Truthy() {
			early.Get("ws").Call("close", 1000, "not used")
		}
		early = js.Undefined()
		ws = js.Global().Get("WebSocket").New(s.url)
	}
	s.ws = ws
	s.listen(ws, gen)
	if early.Truthy() {
		s.replay(early)
	}
}

// listen forwards the socket's events to the Phone.
func (s *socket) listen(ws js.Value, gen int) {
	on := func(event string, f func(js.Value)) {
		fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
			if gen != s.gen {
				return nil
			}
			f(args[0])
			return nil
		})
		s.funcs = append(s.funcs, fn)
		ws.Call("addEventListener", event, fn)
	}
	on("open", func(js.Value) { go s.phone.Connected() })
	on("message", func(ev js.Value) {
		data := ev.Get("data")
		if data.Type() != js.TypeString {
			go s.phone.warn(errors.New("binary signaling message dropped"))
			return
		}
		go s.phone.Received([]byte(data.String()))
	})
	closed := false
	on("close", func(ev js.Value) {
		if closed {
			return
		}
		closed = true
		code := ev.Get("code").Int()
		reason := ev.Get("reason").String()
		go s.phone.Disconnected(errors.New("signaling closed: " + strconv.Itoa(code) + " " + reason))
	})
}

// replay delivers, in order, what the loader's socket did before the core
// took it.
func (s *socket) replay(early js.Value) {
	opened := early.Get("opened").Bool()
	hello := early.Get("hello").String()
	msgs := early.Get("messages")
	var queued [][]byte
	for i := 0; i < msgs.Length(); i++ {
		if m := msgs.Index(i); m.Type() == js.TypeString {
			queued = append(queued, []byte(m.String()))
		}
	}
	go func() {
		if opened {
			if at := js.Global().Get("__vccBoot").Get("helloSent"); hello != "" && at.Type() == js.TypeNumber {
				s.phone.post(cti.Mark{Name: "helloSent", Ms: at.Float()})
			}
			s.phone.connected(hello)
		}
		for _, msg := range queued {
			s.phone.Received(msg)
		}
	}()
}

// Send writes one message; it is dropped when the socket is not open (the
// core makes again what matters after it reconnects).
func (s *socket) Send(msg []byte) {
	if s.ws.IsUndefined() || s.ws.Get("readyState").Int() != 1 {
		return
	}
	s.ws.Call("send", string(msg))
}

// Close closes the connection without reporting it.
func (s *socket) Close() {
	s.gen++
	s.drop()
}

func (s *socket) drop() {
	if !s.ws.IsUndefined() && !s.ws.IsNull() {
		s.ws.Call("close", 1000, "closing")
	}
	for _, f := range s.funcs {
		f.Release()
	}
	s.funcs = nil
	s.ws = js.Undefined()
}
