//go:build !js

package bridgetest

import (
	"context"
	"encoding/json"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// Softphone plays the agent panel's side of VCC's softphone signaling
// (package wasm/vcc's protocol): the WebSocket, and a pion peer connection
// in place of the browser's that sends silent Opus, so VCC sees connected
// media and lets the agent go Ready and take calls.
type Softphone struct {
	t       testing.TB
	ws      *websocket.Conn
	in      chan vccproto.Envelope // server messages but media signaling
	closed  chan struct{}
	backlog []vccproto.Envelope
	nextID  int
	Welcome vccproto.Welcome

	pc        *webrtc.PeerConnection
	sigMu     sync.Mutex
	offerSent bool
	pending   []vccproto.Candidate
}

// dialSoftphone opens the signaling socket and signs in with token, for a
// panel in the ServiceNow instance at instance.
func dialSoftphone(t testing.TB, vccURL, instance, token, clientID string) *Softphone {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(vccURL, "http")+vccproto.Path, nil)
	if err != nil {
		t.Fatalf("open VCC's softphone socket: %v", err)
	}
	ws.SetReadLimit(vccproto.MaxMessage)
	sp := &Softphone{t: t, ws: ws, in: make(chan vccproto.Envelope, 1000), closed: make(chan struct{})}
	go sp.readLoop()
	t.Cleanup(sp.Close)
	env := sp.request(vccproto.TypeHello, vccproto.Hello{Token: token, Takeover: true,
		Client: vccproto.Client{ID: clientID, Instance: instance, Browser: "bridgetest softphone"}})
	if env.Type != vccproto.TypeWelcome {
		t.Fatalf("softphone hello: got %s %s, want welcome", env.Type, env.Data)
	}
	if err := json.Unmarshal(env.Data, &sp.Welcome); err != nil {
		t.Fatalf("softphone welcome %s: %v", env.Data, err)
	}
	return sp
}

// readLoop applies the server's media signaling itself, as a browser
// would, and queues every other message.
func (sp *Softphone) readLoop() {
	defer close(sp.closed)
	for {
		_, b, err := sp.ws.Read(context.Background())
		if err != nil {
			return
		}
		env, err := vccproto.Decode(b)
		if err != nil {
			sp.t.Errorf("VCC sent a malformed message %s: %v", b, err)
			return
		}
		switch env.Type {
		case vccproto.TypeAnswer:
			var sdp vccproto.SDP
			if env.Into(&sdp) == nil && sp.pc != nil {
				if err := sp.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: sdp.SDP}); err != nil {
					sp.t.Errorf("apply VCC's media answer: %v", err)
				}
			}
			continue
		case vccproto.TypeCandidate:
			var c vccproto.Candidate
			if env.Into(&c) == nil && sp.pc != nil && c.Candidate != "" {
				_ = sp.pc.AddICECandidate(webrtc.ICECandidateInit{Candidate: c.Candidate, SDPMid: c.SDPMid, SDPMLineIndex: c.SDPMLineIndex})
			}
			continue
		}
		sp.in <- env
	}
}

func (sp *Softphone) send(typ, id string, data any) {
	b, err := vccproto.Encode(typ, id, data)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), Timeout)
		err = sp.ws.Write(ctx, websocket.MessageText, b)
		cancel()
	}
	if err != nil {
		sp.t.Errorf("softphone: send %s: %v", typ, err)
	}
}

// await returns the first message match accepts, backlog first; others
// stay in the backlog.
func (sp *Softphone) await(what string, match func(vccproto.Envelope) bool) vccproto.Envelope {
	sp.t.Helper()
	for i, env := range sp.backlog {
		if match(env) {
			sp.backlog = append(sp.backlog[:i:i], sp.backlog[i+1:]...)
			return env
		}
	}
	deadline := time.After(Timeout)
	for {
		select {
		case env := <-sp.in:
			if match(env) {
				return env
			}
			sp.backlog = append(sp.backlog, env)
		case <-sp.closed:
			if len(sp.in) == 0 {
				sp.t.Fatalf("softphone: VCC closed the socket while waiting for %s", what)
			}
		case <-deadline:
			sp.t.Fatalf("softphone: no %s within %v", what, Timeout)
		}
	}
}

// request sends a message with a fresh id and returns VCC's reply to it.
func (sp *Softphone) request(typ string, data any) vccproto.Envelope {
	sp.t.Helper()
	sp.nextID++
	id := "r" + strconv.Itoa(sp.nextID)
	sp.send(typ, id, data)
	return sp.await("the reply to "+typ, func(env vccproto.Envelope) bool { return env.ID == id })
}

// Do sends a request that must succeed.
func (sp *Softphone) Do(typ string, data any) {
	sp.t.Helper()
	if env := sp.request(typ, data); env.Type != vccproto.TypeAck {
		sp.t.Fatalf("softphone %s: got %s %s, want ack", typ, env.Type, env.Data)
	}
}

// AwaitCall waits for an update of the call (any call when id is "") in
// state.
func (sp *Softphone) AwaitCall(id, state string) vccproto.Call {
	sp.t.Helper()
	var c vccproto.Call
	sp.await("call "+id+" "+state, func(env vccproto.Envelope) bool {
		if env.Type != vccproto.TypeCall || json.Unmarshal(env.Data, &c) != nil {
			return false
		}
		return (id == "" || c.ID == id) && c.State == state
	})
	return c
}

// ConnectMedia offers a peer connection with a microphone that sends
// silence, as the panel does after welcome, and waits until ICE connects.
func (sp *Softphone) ConnectMedia() {
	t := sp.t
	t.Helper()
	pc, err := mediaAPI().NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	sp.pc = pc
	mic, err := webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2}, "mic", "panel")
	if err == nil {
		_, err = pc.AddTrack(mic)
	}
	if err != nil {
		t.Fatal(err)
	}
	pc.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		for {
			if _, _, err := tr.ReadRTP(); err != nil {
				return
			}
		}
	})
	connected := make(chan struct{})
	var once sync.Once
	pc.OnICEConnectionStateChange(func(s webrtc.ICEConnectionState) {
		if s == webrtc.ICEConnectionStateConnected {
			once.Do(func() { close(connected) })
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
	if err == nil {
		err = pc.SetLocalDescription(offer)
	}
	if err != nil {
		t.Fatal(err)
	}
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
	if reply := sp.await("the offer's ack", func(env vccproto.Envelope) bool { return env.ID == id }); reply.Type != vccproto.TypeAck {
		t.Fatalf("softphone offer: %s %s", reply.Type, reply.Data)
	}
	go talk(mic, sp.closed)
	select {
	case <-connected:
	case <-time.After(Timeout):
		t.Fatalf("softphone: media did not connect within %v", Timeout)
	}
}

// talk sends a silent Opus frame every 20 ms until done.
func talk(mic *webrtc.TrackLocalStaticSample, done <-chan struct{}) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			_ = mic.WriteSample(media.Sample{Data: []byte{0xf8, 0xff, 0xfe}, Duration: 20 * time.Millisecond})
		}
	}
}

// Close ends the client as a closing tab would: no goodbye.
func (sp *Softphone) Close() {
	if sp.pc != nil {
		_ = sp.pc.Close()
	}
	_ = sp.ws.CloseNow()
	<-sp.closed
}

// mediaAPI is pion with Opus, on loopback UDP only.
func mediaAPI() *webrtc.API {
	m := &webrtc.MediaEngine{}
	_ = m.RegisterCodec(webrtc.RTPCodecParameters{RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"}, PayloadType: 111}, webrtc.RTPCodecTypeAudio)
	var se webrtc.SettingEngine
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	return webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithSettingEngine(se))
}
