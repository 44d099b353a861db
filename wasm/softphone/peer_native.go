//go:build !js

package softphone

import (
	"net"
	"sync"
	"sync/atomic"

	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"

	"github.com/vccnow/connector/wasm/vcc"
)

// PionPeer is a pion PeerConnection in place of the browser's
// RTCPeerConnection (peer_js.go), so a Session runs natively: one sendrecv
// audio transceiver carrying a microphone that sends silent Opus every
// 20 ms and RFC 4733 DTMF, the caller's audio read and counted. It is for
// tests (package softphonetest); the panel never links it.
type PionPeer struct {
	pc       *webrtc.PeerConnection
	mic      *micTrack
	received atomic.Int64 // RTP packets of the caller's audio

	done      chan struct{}
	closeOnce sync.Once
}

var _ Peer = (*PionPeer)(nil)

// NewLoopbackAPI is pion as native tests need it: Opus and RFC 4733
// telephone-events (48 kHz and 8 kHz, as browsers offer both), host
// candidates on loopback UDP only, no mDNS.
func NewLoopbackAPI() (*webrtc.API, error) {
	m := &webrtc.MediaEngine{}
	for _, c := range []webrtc.RTPCodecParameters{
		{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"}, PayloadType: 111},
		{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: mimeTelephoneEvent, ClockRate: 48000, SDPFmtpLine: "0-15"}, PayloadType: 110},
		{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: mimeTelephoneEvent, ClockRate: 8000, SDPFmtpLine: "0-15"}, PayloadType: 126},
	} {
		if err := m.RegisterCodec(c, webrtc.RTPCodecTypeAudio); err != nil {
			return nil, err
		}
	}
	var se webrtc.SettingEngine
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	return webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithSettingEngine(se)), nil
}

// NewPionPeer makes a peer with api for a session's ICE servers. The
// microphone starts at once and sends as soon as the answer is applied.
func NewPionPeer(api *webrtc.API, ice []vcc.ICEServer) (*PionPeer, error) {
	cfg := webrtc.Configuration{BundlePolicy: webrtc.BundlePolicyMaxBundle, RTCPMuxPolicy: webrtc.RTCPMuxPolicyRequire}
	for _, s := range ice {
		cfg.ICEServers = append(cfg.ICEServers, webrtc.ICEServer{URLs: s.URLs, Username: s.Username, Credential: s.Credential})
	}
	pc, err := api.NewPeerConnection(cfg)
	if err != nil {
		return nil, err
	}
	p := &PionPeer{pc: pc, mic: &micTrack{}, done: make(chan struct{})}
	if _, err := pc.AddTransceiverFromTrack(p.mic, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendrecv}); err != nil {
		_ = pc.Close()
		return nil, err
	}
	pc.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		for {
			if _, _, err := tr.ReadRTP(); err != nil {
				return
			}
			p.received.Add(1)
		}
	})
	go p.mic.talk(p.done)
	return p, nil
}

// OnCandidate implements Peer. Like the browser's peer it reports no
// end-of-gathering marker.
func (p *PionPeer) OnCandidate(f func(vcc.Candidate)) {
	p.pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		init := c.ToJSON()
		f(vcc.Candidate{Candidate: init.Candidate, SDPMid: init.SDPMid, SDPMLineIndex: init.SDPMLineIndex, UsernameFragment: init.UsernameFragment})
	})
}

// OnState implements Peer with the connection's state, named as the
// browser's connectionState ("connecting", "connected", "failed", ...).
func (p *PionPeer) OnState(f func(string)) {
	p.pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) { f(s.String()) })
}

// Offer implements Peer: the offer is returned as set, before any
// candidate, which trickle (OnCandidate).
func (p *PionPeer) Offer() (string, error) {
	offer, err := p.pc.CreateOffer(nil)
	if err != nil {
		return "", err
	}
	if err := p.pc.SetLocalDescription(offer); err != nil {
		return "", err
	}
	return offer.SDP, nil
}

// SetAnswer implements Peer.
func (p *PionPeer) SetAnswer(sdp string) error {
	return p.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: sdp})
}

// AddCandidate implements Peer.
func (p *PionPeer) AddCandidate(c vcc.Candidate) error {
	return p.pc.AddICECandidate(webrtc.ICECandidateInit{Candidate: c.Candidate, SDPMid: c.SDPMid,
		SDPMLineIndex: c.SDPMLineIndex, UsernameFragment: c.UsernameFragment})
}

// SendDTMF plays keys (0-9, *, #, A-D) as RFC 4733 telephone-events in the
// microphone's stream, 100 ms each.
func (p *PionPeer) SendDTMF(keys string) { p.mic.sendDTMF(keys) }

// Received is how many RTP packets of the caller's audio arrived.
func (p *PionPeer) Received() int64 { return p.received.Load() }

// Sent is how many RTP packets the microphone sent (audio and DTMF).
func (p *PionPeer) Sent() int64 { return p.mic.sent.Load() }

// Close implements Peer; it stops the microphone. It is safe to call more
// than once.
func (p *PionPeer) Close() error {
	var err error
	p.closeOnce.Do(func() {
		close(p.done)
		err = p.pc.Close()
	})
	return err
}
