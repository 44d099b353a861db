//go:build !js

package softphonetest

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/vccnow/connector/wasm/softphone"
	"github.com/vccnow/connector/wasm/vcc"
)

// Options tune a Client; the zero value works.
type Options struct {
	// Instance is the ServiceNow instance the panel says it runs in
	// (hello's client.instance).
	Instance string
	// Browser describes the panel in hello (default "pion test softphone").
	Browser string
	// Timeout bounds every wait (default 10 s).
	Timeout time.Duration
	// ReadLimit bounds one message from VCC (default vcc.MaxMessage).
	ReadLimit int64
	// StrictOrder makes a candidate VCC trickles before its answer a test
	// error; otherwise the session holds it until the answer, as the panel
	// does.
	StrictOrder bool
	// OnMessage, when set, sees every message VCC sends, media signaling
	// included, on the client's read goroutine.
	OnMessage func(vcc.Envelope)
}

// Client plays an agent's panel. Its Await, Request and the methods built
// on them are for the test's goroutine; Send, Write and the media's
// counters may be used from any.
type Client struct {
	// Welcome is VCC's answer to the last successful SignIn.
	Welcome vcc.Welcome

	tb      testing.TB
	id      string
	opt     Options
	ws      *websocket.Conn
	in      chan vcc.Envelope // VCC's messages but media signaling
	closed  chan struct{}
	readErr error // why reading stopped, once closed is
	closing atomic.Bool
	backlog []vcc.Envelope
	nextID  atomic.Int64

	media
}

// Dial opens the signaling socket at VCC's API base baseURL (http:// or
// https://) for a panel whose client id is clientID. The client closes when
// the test ends.
func Dial(tb testing.TB, baseURL, clientID string, opt Options) *Client {
	tb.Helper()
	if opt.Timeout <= 0 {
		opt.Timeout = 10 * time.Second
	}
	if opt.ReadLimit <= 0 {
		opt.ReadLimit = vcc.MaxMessage
	}
	if opt.Browser == "" {
		opt.Browser = "pion test softphone"
	}
	api, err := softphone.NewLoopbackAPI()
	if err != nil {
		tb.Fatalf("softphone: pion: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), opt.Timeout)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(baseURL, "http")+vcc.Path, nil)
	if err != nil {
		tb.Fatalf("softphone: open VCC's signaling socket: %v", err)
	}
	ws.SetReadLimit(opt.ReadLimit)
	c := &Client{tb: tb, id: clientID, opt: opt, ws: ws, in: make(chan vcc.Envelope, 1000), closed: make(chan struct{})}
	c.initMedia(api)
	go c.readLoop()
	tb.Cleanup(c.Close)
	return c
}

// readLoop applies VCC's media signaling to the session, as the panel
// does, and queues every other message.
func (c *Client) readLoop() {
	defer close(c.closed)
	for {
		_, b, err := c.ws.Read(context.Background())
		if err != nil {
			c.readErr = err
			return
		}
		env, err := vcc.Decode(b)
		if err != nil {
			c.tb.Errorf("softphone: VCC sent a malformed message %s: %v", b, err)
			c.readErr = err
			return
		}
		if c.opt.OnMessage != nil {
			c.opt.OnMessage(env)
		}
		switch env.Type {
		case vcc.TypeAnswer:
			c.onAnswer(env)
		case vcc.TypeCandidate:
			c.onRemoteCandidate(env)
		default:
			c.in <- env
		}
	}
}

// Send writes one message; id is "" for a notification.
func (c *Client) Send(typ, id string, data any) {
	b, err := vcc.Encode(typ, id, data)
	if err == nil {
		err = c.Write(b)
	}
	if err != nil && !c.closing.Load() {
		c.tb.Errorf("softphone: send %s: %v", typ, err)
	}
}

// Write sends raw bytes as one text message.
func (c *Client) Write(b []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), c.opt.Timeout)
	defer cancel()
	return c.ws.Write(ctx, websocket.MessageText, b)
}

// Conn is the signaling WebSocket, for tests that send what no panel would.
func (c *Client) Conn() *websocket.Conn { return c.ws }

// Await returns the first message, backlog first, that match accepts; the
// others stay in the backlog for later waits. It fails the test when none
// comes within the timeout or the socket closes first.
func (c *Client) Await(what string, match func(vcc.Envelope) bool) vcc.Envelope {
	c.tb.Helper()
	for i, env := range c.backlog {
		if match(env) {
			c.backlog = append(c.backlog[:i:i], c.backlog[i+1:]...)
			return env
		}
	}
	deadline := time.After(c.opt.Timeout)
	for {
		select {
		case env := <-c.in:
			if match(env) {
				return env
			}
			c.backlog = append(c.backlog, env)
		case <-c.closed:
			// The read loop queued everything it read before it closed.
			if len(c.in) == 0 {
				c.tb.Fatalf("softphone: VCC closed the socket while we waited for %s (%v); got %s", what, c.readErr, c.describeBacklog())
			}
		case <-deadline:
			c.tb.Fatalf("softphone: no %s within %v; got %s", what, c.opt.Timeout, c.describeBacklog())
		}
	}
}

func (c *Client) describeBacklog() string {
	parts := make([]string, 0, len(c.backlog))
	for _, env := range c.backlog {
		parts = append(parts, env.Type+" "+string(env.Data))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// newID is a fresh request id with a prefix.
func (c *Client) newID(prefix string) string {
	return prefix + strconv.FormatInt(c.nextID.Add(1), 10)
}

// AwaitClosed waits until VCC closed the socket and returns why reading
// stopped.
func (c *Client) AwaitClosed() error {
	c.tb.Helper()
	select {
	case <-c.closed:
		return c.readErr
	case <-time.After(c.opt.Timeout):
		c.tb.Fatalf("softphone: VCC left the socket open for %v", c.opt.Timeout)
		return nil
	}
}

// Err is why reading stopped, once it has (nil before).
func (c *Client) Err() error {
	select {
	case <-c.closed:
		return c.readErr
	default:
		return nil
	}
}

// Close ends the client as a closing tab does: no goodbye, the peer
// connection closed. It is safe to call more than once.
func (c *Client) Close() {
	c.closing.Store(true)
	c.session.Close()
	_ = c.ws.CloseNow()
	<-c.closed
}
