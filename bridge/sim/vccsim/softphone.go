//go:build !js

package vccsim

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// serveSoftphone is the softphone signaling WebSocket at vccproto.Path: the
// protocol of package wasm/vcc. The connection must say hello within
// HelloTimeout; a message larger than vccproto.MaxMessage closes it (status
// 1009), anything else malformed gets an error message. Pages may connect
// from Config.PanelOrigins (and from this server's own origin).
func (s *Server) serveSoftphone(w http.ResponseWriter, r *http.Request) {
	a := s.acd
	if s.signalingDown() {
		http.Error(w, "The softphone service is unavailable; try again shortly.", http.StatusServiceUnavailable)
		return
	}
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: a.origin})
	if err != nil {
		return // Accept answered the request
	}
	ws.SetReadLimit(vccproto.MaxMessage)
	c := &conn{a: a, ws: ws, out: make(chan []byte, 256), done: make(chan struct{})}
	if !a.register(c) {
		ws.Close(websocket.StatusGoingAway, "the simulator is shutting down")
		return
	}
	defer a.dropped(c)
	defer c.closeNow()
	hello := a.cfg.AfterFunc(a.cfg.HelloTimeout, func() {
		if !a.hasSession(c) {
			c.closeWith(websocket.StatusPolicyViolation, "no hello in time")
		}
	})
	defer hello.Stop()
	for {
		typ, b, err := ws.Read(context.Background())
		if err != nil {
			return
		}
		if typ != websocket.MessageText {
			c.sendError("", vccproto.ErrCodeBadRequest, "Send signaling messages as JSON text frames.")
			continue
		}
		s.handleMessage(c, b)
	}
}

// register tracks a new connection and starts its writer and pinger.
func (a *acd) register(c *conn) bool {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return false
	}
	a.conns[c] = true
	a.mu.Unlock()
	return a.goTracked(c.writeLoop) && a.goTracked(c.pingLoop)
}

func (a *acd) hasSession(c *conn) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return c.sess != nil
}

// conn is one signaling connection. Messages go out through a queue that a
// writer goroutine drains, so sending never blocks (a client that does not
// read is disconnected when its queue is full).
type conn struct {
	a    *acd
	ws   *websocket.Conn
	out  chan []byte // a nil message closes the connection after the ones before it
	done chan struct{}
	once sync.Once
	sess *session // guarded by acd.mu
}

// send queues a message; it never blocks.
func (c *conn) send(typ, id string, data any) {
	b, err := vccproto.Encode(typ, id, data)
	if err != nil {
		c.a.s.log.Printf("softphone: %v", err)
		return
	}
	c.queue(b)
}

func (c *conn) queue(b []byte) {
	select {
	case <-c.done:
	case c.out <- b:
	default:
		c.a.s.log.Printf("softphone: a client does not read its messages; closing its connection")
		c.closeNow()
	}
}

// sendError reports a failed request (id) or a problem with a message.
func (c *conn) sendError(id, code, msg string) {
	c.send(vccproto.TypeError, id, vccproto.Error{Code: code, Message: msg})
}

// end tells the client its session ended and closes the connection once
// that message is out.
func (c *conn) end(e vccproto.Ended) {
	c.send(vccproto.TypeEnded, "", e)
	c.queue(nil)
}

func (c *conn) writeLoop() {
	for {
		select {
		case <-c.done:
			return
		case b := <-c.out:
			if b == nil {
				c.closeWith(websocket.StatusNormalClosure, "session ended")
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), c.a.cfg.WriteTimeout)
			err := c.ws.Write(ctx, websocket.MessageText, b)
			cancel()
			if err != nil {
				c.closeNow()
				return
			}
		}
	}
}

// pingLoop keeps the connection alive and notices a silent peer.
func (c *conn) pingLoop() {
	t := time.NewTicker(c.a.cfg.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), c.a.cfg.WriteTimeout)
			err := c.ws.Ping(ctx)
			cancel()
			if err != nil {
				c.closeNow()
				return
			}
		}
	}
}

// closeWith closes the connection with a close frame, waiting briefly for
// the peer's.
func (c *conn) closeWith(code websocket.StatusCode, reason string) {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close(code, reason)
	})
}

// closeNow closes the connection at once.
func (c *conn) closeNow() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.CloseNow()
	})
}
