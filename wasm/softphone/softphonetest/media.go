//go:build !js

package softphonetest

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/vccnow/connector/wasm/softphone"
	"github.com/vccnow/connector/wasm/vcc"
)

// media is the client's audio: a softphone.Session on pion peers, whose
// offer and candidates go out on the client's socket.
type media struct {
	api     *webrtc.API
	session *softphone.Session

	sigMu     sync.Mutex // orders the offer before the candidates
	offerID   string
	offerSent bool
	pending   []vcc.Candidate
	answered  bool

	peer        atomic.Pointer[softphone.PionPeer]
	state       atomic.Value // string: the peer's connection state
	retiredRecv atomic.Int64 // packets received by replaced peers
	retiredSent atomic.Int64
}

func (c *Client) initMedia(api *webrtc.API) {
	c.api = api
	c.state.Store("new")
	c.session = softphone.NewSession(c.newPeer, softphone.Events{
		Offer:     c.onOffer,
		Candidate: c.onLocalCandidate,
		State:     func(st string) { c.state.Store(st) },
	})
}

func (c *Client) newPeer(ice []vcc.ICEServer) (softphone.Peer, error) {
	p, err := softphone.NewPionPeer(c.api, ice)
	if err != nil {
		return nil, err
	}
	if old := c.peer.Swap(p); old != nil {
		c.retiredRecv.Add(old.Received())
		c.retiredSent.Add(old.Sent())
	}
	return p, nil
}

// OfferMedia starts the session's audio as the panel does after welcome:
// a new peer, its offer (candidates trickled after it), and VCC's ack,
// which comes after its answer. Any earlier peer is closed.
func (c *Client) OfferMedia() {
	c.tb.Helper()
	c.sigMu.Lock()
	c.offerID, c.offerSent, c.pending, c.answered = "", false, nil, false
	c.sigMu.Unlock()
	c.state.Store("new")
	c.session.Start(c.Welcome.ICEServers) // calls onOffer before it returns
	c.sigMu.Lock()
	id := c.offerID
	c.sigMu.Unlock()
	if id == "" {
		c.tb.Fatalf("softphone: the peer made no offer (media %s)", c.MediaState())
	}
	if reply := c.Await("the offer's ack", func(env vcc.Envelope) bool { return env.ID == id }); reply.Type != vcc.TypeAck {
		c.tb.Fatalf("softphone offer: got %s %s, want ack", reply.Type, reply.Data)
	}
}

// ConnectMedia offers the audio and waits until the peer connection is
// connected.
func (c *Client) ConnectMedia() {
	c.tb.Helper()
	c.OfferMedia()
	c.AwaitMedia("connected")
}

// AwaitMedia waits until the peer connection reaches state ("connected",
// "failed", ...: the browser's connectionState names).
func (c *Client) AwaitMedia(state string) {
	c.tb.Helper()
	deadline := time.Now().Add(c.opt.Timeout)
	for c.MediaState() != state {
		if time.Now().After(deadline) {
			c.tb.Fatalf("softphone: media %s, not %s, after %v", c.MediaState(), state, c.opt.Timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// MediaState is the current peer's connection state ("new" before any).
func (c *Client) MediaState() string { return c.state.Load().(string) }

// Received is how many RTP packets of the caller's audio arrived, over
// every peer the client made.
func (c *Client) Received() int64 {
	n := c.retiredRecv.Load()
	if p := c.peer.Load(); p != nil {
		n += p.Received()
	}
	return n
}

// Sent is how many RTP packets the microphone sent, over every peer.
func (c *Client) Sent() int64 {
	n := c.retiredSent.Load()
	if p := c.peer.Load(); p != nil {
		n += p.Sent()
	}
	return n
}

// SendDTMF plays keys (0-9, *, #, A-D) as RFC 4733 telephone-events on the
// current peer, as the panel's keypad does.
func (c *Client) SendDTMF(keys string) {
	c.tb.Helper()
	p := c.peer.Load()
	if p == nil {
		c.tb.Fatalf("softphone: DTMF %q without media", keys)
	}
	p.SendDTMF(keys)
}

// onOffer sends the session's offer, then the candidates that came first.
func (c *Client) onOffer(sdp string) {
	c.sigMu.Lock()
	defer c.sigMu.Unlock()
	id := c.newID("offer")
	c.Send(vcc.TypeOffer, id, vcc.SDP{Type: "offer", SDP: sdp})
	c.offerID, c.offerSent = id, true
	for _, cand := range c.pending {
		c.Send(vcc.TypeCandidate, "", cand)
	}
	c.pending = nil
}

// onLocalCandidate trickles a candidate, held until the offer is out (VCC
// refuses candidates before an offer).
func (c *Client) onLocalCandidate(cand vcc.Candidate) {
	c.sigMu.Lock()
	defer c.sigMu.Unlock()
	if !c.offerSent {
		c.pending = append(c.pending, cand)
		return
	}
	c.Send(vcc.TypeCandidate, "", cand)
}

// onAnswer applies VCC's answer (read goroutine).
func (c *Client) onAnswer(env vcc.Envelope) {
	var sdp vcc.SDP
	if err := env.Into(&sdp); err != nil {
		c.tb.Errorf("softphone: VCC's answer: %v", err)
		return
	}
	c.sigMu.Lock()
	c.answered = true
	c.sigMu.Unlock()
	c.session.SetAnswer(sdp.SDP)
}

// onRemoteCandidate adds VCC's candidate (read goroutine); the session
// holds one that comes before the answer.
func (c *Client) onRemoteCandidate(env vcc.Envelope) {
	var cand vcc.Candidate
	if err := env.Into(&cand); err != nil {
		c.tb.Errorf("softphone: VCC's candidate: %v", err)
		return
	}
	c.sigMu.Lock()
	early := !c.answered
	c.sigMu.Unlock()
	if early && cand.Candidate != "" && c.opt.StrictOrder {
		c.tb.Errorf("softphone: VCC trickled a candidate before its answer: %s", cand.Candidate)
	}
	c.session.AddCandidate(cand)
}
