//go:build !js

package vccsim

import (
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/vccnow/connector/wasm/softphone/softphonetest"
	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// waitFor bounds every wait of these tests.
const waitFor = 10 * time.Second

// softphone is the test panel of package softphonetest (the signaling
// WebSocket and a softphone.Session on a pion peer, sending Opus and RFC
// 4733 DTMF and counting the audio it receives) under the names these
// tests use. It is strict about the order of the server's media signaling:
// a candidate trickled before the answer fails the test.
type softphone struct {
	c  *softphonetest.Client
	t  *testing.T
	ws *websocket.Conn
	// welcome is the last welcome mustWelcome got.
	welcome vccproto.Welcome
	// mic sends DTMF; received counts the RTP packets from the server.
	mic      dtmfKeys
	received rtpCount
	// readErr is why the connection closed, once awaitClosed or close
	// returned.
	readErr error
}

// dialSoftphone opens a signaling connection for a panel with clientID.
func dialSoftphone(t *testing.T, baseURL, clientID string) *softphone {
	t.Helper()
	return dialWatched(t, baseURL, clientID, nil)
}

// dialWatched is dialSoftphone with onMessage seeing every message the
// server sends, media signaling included (nil: none).
func dialWatched(t *testing.T, baseURL, clientID string, onMessage func(vccproto.Envelope)) *softphone {
	t.Helper()
	c := softphonetest.Dial(t, baseURL, clientID, softphonetest.Options{
		Instance: "http://localhost:8701", Browser: "pion test client",
		Timeout: waitFor, ReadLimit: 1 << 20, StrictOrder: true, OnMessage: onMessage,
	})
	return &softphone{c: c, t: t, ws: c.Conn(), mic: dtmfKeys{c}, received: rtpCount{c}}
}

// dtmfKeys sends RFC 4733 events by code (0-9, 10 for *, 11 for #, 12-15
// for A-D).
type dtmfKeys struct{ c *softphonetest.Client }

func (k dtmfKeys) sendDTMF(event byte) { k.c.SendDTMF(string("0123456789*#ABCD"[event])) }

// rtpCount is the number of RTP packets the panel received.
type rtpCount struct{ c *softphonetest.Client }

func (r rtpCount) Load() int64 { return r.c.Received() }

func (sp *softphone) write(b []byte) error { return sp.c.Write(b) }

// await returns the first message (backlog first) that match accepts;
// others stay in the backlog.
func (sp *softphone) await(what string, match func(vccproto.Envelope) bool) vccproto.Envelope {
	sp.t.Helper()
	return sp.c.Await(what, match)
}

// request sends a message with a fresh id and returns the server's reply.
func (sp *softphone) request(typ string, data any) vccproto.Envelope {
	sp.t.Helper()
	return sp.c.Request(typ, data)
}

// mustAck sends a request that must succeed; it returns the ack's call.
func (sp *softphone) mustAck(typ string, data any) *vccproto.Call {
	sp.t.Helper()
	return sp.c.Do(typ, data)
}

// mustFail sends a request that must fail with code.
func (sp *softphone) mustFail(typ string, data any, code string) vccproto.Error {
	sp.t.Helper()
	return sp.c.Fail(typ, data, code)
}

// errorOf checks that env is an error with code and a message.
func errorOf(t *testing.T, env vccproto.Envelope, code string) vccproto.Error {
	t.Helper()
	return softphonetest.MustError(t, env, code)
}

// hello signs in; it returns the reply (welcome, conflict or error).
func (sp *softphone) hello(token, resumeToken string, takeover bool) vccproto.Envelope {
	sp.t.Helper()
	return sp.c.Hello(token, resumeToken, takeover)
}

// mustWelcome signs in and expects a welcome.
func (sp *softphone) mustWelcome(token, resumeToken string, takeover bool) vccproto.Welcome {
	sp.t.Helper()
	sp.welcome = sp.c.SignIn(token, resumeToken, takeover)
	return sp.welcome
}

// awaitCall waits for a "call" update of a call in a state.
func (sp *softphone) awaitCall(callID, state string) vccproto.Call {
	sp.t.Helper()
	return sp.c.AwaitCall(callID, state)
}

// connectMedia offers the session's audio, as the panel does after
// welcome, and returns once the server acknowledged the offer (the
// connection may still be forming).
func (sp *softphone) connectMedia() {
	sp.t.Helper()
	sp.c.OfferMedia()
}

// awaitClosed waits until the server closed the connection.
func (sp *softphone) awaitClosed() {
	sp.t.Helper()
	sp.readErr = sp.c.AwaitClosed()
}

// close ends the client as a closing tab would: no goodbye.
func (sp *softphone) close() {
	sp.c.Close()
	sp.readErr = sp.c.Err()
}
