//go:build js && wasm

package vcc

import (
	"errors"
	"syscall/js"

	"github.com/vccnow/connector/wasm/jsutil"
)

// Socket is the signaling WebSocket in the browser (the WebSocket API,
// without Go's net stack). It implements cti.Signaling: Open connects, and
// the callbacks report what happens, each on a new goroutine.
type Socket struct {
	url      string
	onOpen   func()
	onMsg    func(Envelope)
	onClosed func(error)
	onBad    func(error)

	ws    js.Value
	funcs []js.Func
	gen   int // ignores events of a replaced socket
}

// SocketCallbacks receive the socket's events.
type SocketCallbacks struct {
	Open    func()
	Message func(Envelope)
	Closed  func(error)
	// Bad reports a message that could not be decoded (it is dropped).
	Bad func(error)
}

// NewSocket returns a socket for url (ws:// or wss://).
func NewSocket(url string, cb SocketCallbacks) *Socket {
	return &Socket{url: url, onOpen: cb.Open, onMsg: cb.Message, onClosed: cb.Closed, onBad: cb.Bad}
}

// Open connects, replacing any previous connection. The first Open after a
// reload takes over the socket the loader opened while the core loaded.
func (s *Socket) Open() {
	s.drop()
	s.gen++
	gen := s.gen
	early := jsutil.TakeEarly("socket")
	var ws js.Value
	if early.Truthy() && early.Get("url").String() == s.url && early.Get("closed").IsNull() {
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
	on("open", func(js.Value) { go s.onOpen() })
	on("message", func(ev js.Value) {
		data := ev.Get("data")
		if data.Type() != js.TypeString {
			go s.onBad(errors.New("vcc: binary signaling message dropped"))
			return
		}
		go s.receive(data.String())
	})
	closed := false
	on("close", func(ev js.Value) {
		if closed {
			return
		}
		closed = true
		code := ev.Get("code").Int()
		reason := ev.Get("reason").String()
		go s.onClosed(errors.New("signaling closed: " + itoa(code) + " " + reason))
	})
	if early.Truthy() {
		// What the socket did before the core took it, in order.
		opened := early.Get("opened").Bool()
		msgs := early.Get("messages")
		var queued []string
		for i := 0; i < msgs.Length(); i++ {
			if m := msgs.Index(i); m.Type() == js.TypeString {
				queued = append(queued, m.String())
			}
		}
		go func() {
			if opened {
				s.onOpen()
			}
			for _, raw := range queued {
				s.receive(raw)
			}
		}()
	}
}

func (s *Socket) receive(raw string) {
	env, err := Decode([]byte(raw))
	if err != nil {
		s.onBad(err)
		return
	}
	s.onMsg(env)
}

// Send writes one message; it is dropped when the socket is not open (the
// connector resends what matters after it reconnects).
func (s *Socket) Send(typ, id string, data any) {
	if s.ws.IsUndefined() || s.ws.Get("readyState").Int() != 1 {
		return
	}
	b, err := Encode(typ, id, data)
	if err != nil {
		go s.onBad(err)
		return
	}
	s.ws.Call("send", string(b))
}

// Close closes the connection without reporting it.
func (s *Socket) Close() {
	s.gen++
	s.drop()
}

func (s *Socket) drop() {
	if !s.ws.IsUndefined() && !s.ws.IsNull() {
		s.ws.Call("close", 1000, "closing")
	}
	for _, f := range s.funcs {
		f.Release()
	}
	s.funcs = nil
	s.ws = js.Undefined()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
