//go:build js && wasm

package softphone

import (
	"encoding/json"
	"errors"
	"sync"
	"syscall/js"

	"github.com/vccnow/connector/wasm/jsutil"
	"github.com/vccnow/connector/wasm/vcc"
)

// jsPeer is the browser's RTCPeerConnection, used directly through
// syscall/js: one audio transceiver carrying the microphone, the caller's
// audio sent to an <audio> element. (pion's browser build wraps the same
// object but links all of pion into the panel: 550 KB more brotli, measured,
// for nothing it would use.)
type jsPeer struct {
	pc      js.Value
	sender  js.Value
	mic     js.Value // MediaStreamTrack, may be undefined
	onTrack func(stream js.Value)
	funcs   []js.Func
	// ready, for a peer the loader made, resolves to its offer's SDP.
	ready js.Value

	mu    sync.Mutex
	cands func(vcc.Candidate)
	held  []vcc.Candidate // gathered before OnCandidate
}

var _ Peer = (*jsPeer)(nil)

func newJSPeer(ice []vcc.ICEServer, mic js.Value, onTrack func(js.Value)) (*jsPeer, error) {
	if ice == nil {
		ice = []vcc.ICEServer{} // null would make the constructor throw
	}
	cfg := map[string]any{"iceServers": jsutil.FromGo(ice), "bundlePolicy": "max-bundle", "rtcpMuxPolicy": "require"}
	var pc js.Value
	if err := jsutil.Try(func() { pc = js.Global().Get("RTCPeerConnection").New(js.ValueOf(cfg)) }); err != nil {
		return nil, err
	}
	p := &jsPeer{pc: pc, mic: mic, onTrack: onTrack}
	p.listen()
	init := map[string]any{"direction": "sendrecv"}
	var tr js.Value
	if err := jsutil.Try(func() { tr = pc.Call("addTransceiver", "audio", js.ValueOf(init)) }); err != nil {
		pc.Call("close")
		return nil, err
	}
	p.sender = tr.Get("sender")
	return p, nil
}

// adoptJSPeer takes over the peer connection the loader made after a reload
// (web/static/loader.js, startEarlyMedia): the same transceiver, the
// candidates it gathered but did not send, and the caller's stream if it
// arrived already.
func adoptJSPeer(early js.Value, onTrack func(js.Value)) *jsPeer {
	pc := early.Get("pc")
	p := &jsPeer{pc: pc, onTrack: onTrack, ready: early.Get("ready")}
	p.sender = pc.Call("getTransceivers").Index(0).Get("sender")
	p.listen()
	unsent := early.Call("detach")
	for i := 0; i < unsent.Length(); i++ {
		var cand vcc.Candidate
		if json.Unmarshal(jsutil.ToJSON(unsent.Index(i)), &cand) == nil && cand.Candidate != "" {
			p.held = append(p.held, cand)
		}
	}
	if stream := early.Get("stream"); stream.Truthy() {
		onTrack(stream)
	}
	return p
}

// listen follows the caller's track and the local candidates, which are
// held until OnCandidate.
func (p *jsPeer) listen() {
	p.handle("track", func(ev js.Value) {
		streams := ev.Get("streams")
		if streams.Length() > 0 {
			p.onTrack(streams.Index(0))
			return
		}
		p.onTrack(js.Global().Get("MediaStream").New(js.ValueOf([]any{ev.Get("track")})))
	})
	p.handle("icecandidate", func(ev js.Value) {
		c := ev.Get("candidate")
		if c.IsNull() {
			return // end of gathering; trickle needs no marker here
		}
		var cand vcc.Candidate
		if json.Unmarshal(jsutil.ToJSON(c), &cand) != nil || cand.Candidate == "" {
			return
		}
		p.mu.Lock()
		f := p.cands
		if f == nil {
			p.held = append(p.held, cand)
		}
		p.mu.Unlock()
		if f != nil {
			go f(cand)
		}
	})
}

func (p *jsPeer) handle(event string, f func(js.Value)) {
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		f(args[0])
		return nil
	})
	p.funcs = append(p.funcs, fn)
	p.pc.Call("addEventListener", event, fn)
}

// OnCandidate reports the local candidates, those gathered before first.
func (p *jsPeer) OnCandidate(f func(vcc.Candidate)) {
	p.mu.Lock()
	p.cands = f
	held := p.held
	p.held = nil
	p.mu.Unlock()
	for _, c := range held {
		go f(c)
	}
}

// OnState reports the connection's states; an adopted peer's current one
// first, as it may be connecting or connected already.
func (p *jsPeer) OnState(f func(string)) {
	p.handle("connectionstatechange", func(js.Value) {
		go f(p.pc.Get("connectionState").String())
	})
	if st := p.pc.Get("connectionState").String(); st != "new" {
		go f(st)
	}
}

func (p *jsPeer) Offer() (string, error) {
	if p.ready.Truthy() {
		// The loader's peer: its offer is made (and may be out already).
		sdp, err := jsutil.Await(p.ready)
		if err != nil {
			return "", err
		}
		return sdp.String(), nil
	}
	if p.mic.Truthy() {
		if _, err := jsutil.Await(p.sender.Call("replaceTrack", p.mic)); err != nil {
			return "", err
		}
	}
	offer, err := jsutil.Await(p.pc.Call("createOffer"))
	if err != nil {
		return "", err
	}
	if _, err := jsutil.Await(p.pc.Call("setLocalDescription", offer)); err != nil {
		return "", err
	}
	sdp := p.pc.Get("localDescription").Get("sdp")
	if sdp.Type() != js.TypeString {
		return "", errors.New("no local description")
	}
	return sdp.String(), nil
}

// setMic sends the microphone on the live connection: the audio may connect
// before the browser grants it (after a reload the caller is heard first),
// and replacing a sender's track needs no new negotiation.
func (p *jsPeer) setMic(track js.Value) {
	p.mic = track
	p.sender.Call("replaceTrack", track).Call("catch", ignore)
}

func (p *jsPeer) SetAnswer(sdp string) error {
	desc := map[string]any{"type": "answer", "sdp": sdp}
	_, err := jsutil.Await(p.pc.Call("setRemoteDescription", js.ValueOf(desc)))
	return err
}

func (p *jsPeer) AddCandidate(c vcc.Candidate) error {
	_, err := jsutil.Await(p.pc.Call("addIceCandidate", jsutil.FromGo(c)))
	return err
}

func (p *jsPeer) Close() error {
	p.pc.Call("close")
	for _, f := range p.funcs {
		f.Release()
	}
	p.funcs = nil
	return nil
}
