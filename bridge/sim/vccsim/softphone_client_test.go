//go:build !js

package vccsim

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/pion/webrtc/v4"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// waitFor bounds every wait of these tests.
const waitFor = 10 * time.Second

// softphone is a test client that plays the agent's panel: the signaling
// WebSocket and a pion peer connection in place of the browser's, sending
// Opus frames and RFC 4733 DTMF and counting the audio it receives.
type softphone struct {
	t        *testing.T
	clientID string
	ws       *websocket.Conn
	in       chan vccproto.Envelope // server messages, except media signaling
	closed   chan struct{}
	readErr  error // why the connection closed, once closed is
	backlog  []vccproto.Envelope
	nextID   int
	welcome  vccproto.Welcome

	pc       *webrtc.PeerConnection
	mic      *rawAudioTrack
	received atomic.Int64 // RTP packets from the server

	sigMu     sync.Mutex
	offerSent bool
	pending   []vccproto.Candidate
}

// dialSoftphone opens a signaling connection for a panel with clientID.
func dialSoftphone(t *testing.T, baseURL, clientID string) *softphone {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(baseURL, "http")+vccproto.Path, nil)
	require.NoError(t, err)
	ws.SetReadLimit(1 << 20)
	sp := &softphone{t: t, clientID: clientID, ws: ws, in: make(chan vccproto.Envelope, 1000), closed: make(chan struct{})}
	go sp.readLoop()
	t.Cleanup(sp.close)
	return sp
}

// readLoop handles the media signaling itself, as a browser would, and
// queues every other message for the test.
func (sp *softphone) readLoop() {
	defer close(sp.closed)
	for {
		_, b, err := sp.ws.Read(context.Background())
		if err != nil {
			sp.readErr = err
			return
		}
		env, err := vccproto.Decode(b)
		if err != nil {
			sp.t.Errorf("the server sent a malformed message %s: %v", b, err)
			return
		}
		switch env.Type {
		case vccproto.TypeAnswer:
			var sdp vccproto.SDP
			if err := env.Into(&sdp); err == nil && sp.pc != nil {
				err = sp.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: sdp.SDP})
				if err != nil {
					sp.t.Errorf("apply the server's answer: %v", err)
				}
			}
		case vccproto.TypeCandidate:
			var c vccproto.Candidate
			if err := env.Into(&c); err != nil {
				sp.t.Errorf("bad candidate from the server: %v", err)
			}
			if sp.pc != nil {
				if err := sp.pc.AddICECandidate(webrtc.ICECandidateInit{Candidate: c.Candidate, SDPMid: c.SDPMid, SDPMLineIndex: c.SDPMLineIndex}); err != nil {
					sp.t.Errorf("the server's candidate came before its answer or is bad: %v", err)
				}
			}
			continue
		}
		sp.in <- env
	}
}

// send writes one message; id "" for notifications. It may run in any
// goroutine.
func (sp *softphone) send(typ, id string, data any) {
	b, err := vccproto.Encode(typ, id, data)
	if err == nil {
		err = sp.write(b)
	}
	if err != nil {
		sp.t.Errorf("send %s: %v", typ, err)
	}
}

func (sp *softphone) write(b []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	return sp.ws.Write(ctx, websocket.MessageText, b)
}

// await returns the first message (backlog first) that match accepts;
// others stay in the backlog.
func (sp *softphone) await(what string, match func(vccproto.Envelope) bool) vccproto.Envelope {
	sp.t.Helper()
	for i, env := range sp.backlog {
		if match(env) {
			sp.backlog = append(sp.backlog[:i:i], sp.backlog[i+1:]...)
			return env
		}
	}
	deadline := time.After(waitFor)
	for {
		select {
		case env := <-sp.in:
			if match(env) {
				return env
			}
			sp.backlog = append(sp.backlog, env)
		case <-sp.closed:
			// readLoop queued everything it read before it closed.
			if len(sp.in) == 0 {
				sp.t.Fatalf("connection closed while waiting for %s; got %v", what, sp.backlog)
			}
		case <-deadline:
			sp.t.Fatalf("no %s within %s; got %v", what, waitFor, sp.backlog)
		}
	}
}

// request sends a message with a fresh id and returns the server's reply
// to it (ack, error, welcome, conflict or pong).
func (sp *softphone) request(typ string, data any) vccproto.Envelope {
	sp.t.Helper()
	sp.nextID++
	id := "r" + strconv.Itoa(sp.nextID)
	sp.send(typ, id, data)
	return sp.await("reply to "+typ, func(env vccproto.Envelope) bool { return env.ID == id })
}

// mustAck sends a request that must succeed; it returns the ack's call.
func (sp *softphone) mustAck(typ string, data any) *vccproto.Call {
	sp.t.Helper()
	env := sp.request(typ, data)
	require.Equal(sp.t, vccproto.TypeAck, env.Type, "%s: %s", typ, env.Data)
	var ack vccproto.Ack
	require.NoError(sp.t, json.Unmarshal(env.Data, &ack))
	return ack.Call
}

// mustFail sends a request that must fail with code.
func (sp *softphone) mustFail(typ string, data any, code string) vccproto.Error {
	sp.t.Helper()
	env := sp.request(typ, data)
	return errorOf(sp.t, env, code)
}

func errorOf(t *testing.T, env vccproto.Envelope, code string) vccproto.Error {
	t.Helper()
	require.Equal(t, vccproto.TypeError, env.Type, "expected error %s, got %s %s", code, env.Type, env.Data)
	var e vccproto.Error
	require.NoError(t, json.Unmarshal(env.Data, &e))
	require.Equal(t, code, e.Code, e.Message)
	require.NotEmpty(t, e.Message)
	return e
}

// hello signs in; it returns the reply (welcome, conflict or error).
func (sp *softphone) hello(token, resumeToken string, takeover bool) vccproto.Envelope {
	sp.t.Helper()
	return sp.request(vccproto.TypeHello, vccproto.Hello{Token: token, ResumeToken: resumeToken, Takeover: takeover,
		Client: vccproto.Client{ID: sp.clientID, Instance: "http://localhost:8701", Browser: "pion test client"}})
}

// mustWelcome signs in and expects a welcome.
func (sp *softphone) mustWelcome(token, resumeToken string, takeover bool) vccproto.Welcome {
	sp.t.Helper()
	env := sp.hello(token, resumeToken, takeover)
	require.Equal(sp.t, vccproto.TypeWelcome, env.Type, "hello: %s", env.Data)
	require.NoError(sp.t, json.Unmarshal(env.Data, &sp.welcome))
	return sp.welcome
}

// awaitCall waits for a "call" update of a call in a state.
func (sp *softphone) awaitCall(callID, state string) vccproto.Call {
	sp.t.Helper()
	var c vccproto.Call
	sp.await("call "+callID+" "+state, func(env vccproto.Envelope) bool {
		if env.Type != vccproto.TypeCall || json.Unmarshal(env.Data, &c) != nil {
			return false
		}
		return c.ID == callID && c.State == state
	})
	return c
}

// connectMedia offers a peer connection with a microphone track, as the
// panel does after welcome, and starts sending audio.
func (sp *softphone) connectMedia() {
	sp.t.Helper()
	api, err := newMediaAPI()
	require.NoError(sp.t, err)
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	require.NoError(sp.t, err)
	sp.pc = pc
	sp.mic = &rawAudioTrack{}
	_, err = pc.AddTrack(sp.mic)
	require.NoError(sp.t, err)
	pc.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		for {
			if _, _, err := tr.ReadRTP(); err != nil {
				return
			}
			sp.received.Add(1)
		}
	})
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		var out vccproto.Candidate
		if c != nil {
			init := c.ToJSON()
			out = vccproto.Candidate{Candidate: init.Candidate, SDPMid: init.SDPMid, SDPMLineIndex: init.SDPMLineIndex}
		}
		sp.sigMu.Lock()
		defer sp.sigMu.Unlock()
		if !sp.offerSent {
			sp.pending = append(sp.pending, out)
			return
		}
		sp.send(vccproto.TypeCandidate, "", out)
	})
	offer, err := pc.CreateOffer(nil)
	require.NoError(sp.t, err)
	require.NoError(sp.t, pc.SetLocalDescription(offer))
	sp.sigMu.Lock()
	sp.nextID++
	id := "offer" + strconv.Itoa(sp.nextID)
	sp.send(vccproto.TypeOffer, id, vccproto.SDP{Type: "offer", SDP: offer.SDP})
	sp.offerSent = true
	for _, c := range sp.pending {
		sp.send(vccproto.TypeCandidate, "", c)
	}
	sp.pending = nil
	sp.sigMu.Unlock()
	reply := sp.await("offer ack", func(env vccproto.Envelope) bool { return env.ID == id })
	require.Equal(sp.t, vccproto.TypeAck, reply.Type, "offer: %s", reply.Data)
	go sp.mic.talk(sp.closed)
}

// awaitClosed waits until the server closed the connection.
func (sp *softphone) awaitClosed() {
	sp.t.Helper()
	select {
	case <-sp.closed:
	case <-time.After(waitFor):
		sp.t.Fatal("the server left the connection open")
	}
}

// close ends the client as a closing tab would: no goodbye.
func (sp *softphone) close() {
	if sp.pc != nil {
		_ = sp.pc.Close()
	}
	_ = sp.ws.CloseNow()
	<-sp.closed
}
