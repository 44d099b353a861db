//go:build !js

package vccsim

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
	pionmedia "github.com/pion/webrtc/v4/pkg/media"
	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// media is a session's one WebRTC connection to the agent's panel (pion):
// it answers the panel's offer with Opus audio, sendrecv, trickling ICE
// candidates both ways. Calls are switched onto it by the ACD (active): the
// connected call's caller audio goes to the agent, the agent's RTP is
// counted for that call and its RFC 4733 telephone-events become the call's
// DTMF digits. Nothing flows while no call is connected (held, parked).
type media struct {
	a     *acd
	sess  *session
	conn  *conn // where candidates go: the connection that offered
	pc    *webrtc.PeerConnection
	track *webrtc.TrackLocalStaticSample
	state string // mediaNew, mediaConnected, ...; guarded by acd.mu

	active  atomic.Pointer[call]
	dtmfPTs atomic.Pointer[map[uint8]bool]

	sigMu    sync.Mutex // orders the answer before trickled candidates
	answered bool
	pending  []vccproto.Candidate

	done      chan struct{}
	closeOnce sync.Once
}

// agentAudioGap is how long the agent's packets must stop for their return
// to count as the audio beginning again (a browser sends one every 20 ms).
const agentAudioGap = 100 * time.Millisecond

// frameDuration is the length of one Opus frame of the caller's audio.
const frameDuration = 20 * time.Millisecond

const mimeTelephoneEvent = "audio/telephone-event"

// newMediaAPI is pion configured for the simulator: Opus and RFC 4733
// telephone-events (at 48 kHz and 8 kHz, as browsers offer both), host
// candidates on loopback only, no mDNS, no STUN.
func newMediaAPI() (*webrtc.API, error) {
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

// newMedia creates a session's peer connection, ready to answer an offer
// that arrived on c. It must be called without acd.mu held.
func (a *acd) newMedia(sess *session, c *conn) (*media, error) {
	pc, err := a.api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	track, err := webrtc.NewTrackLocalStaticSample(
		webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2}, "audio", "vcc-caller")
	if err == nil {
		_, err = pc.AddTrack(track)
	}
	if err != nil {
		_ = pc.Close()
		return nil, err
	}
	m := &media{a: a, sess: sess, conn: c, pc: pc, track: track, state: mediaNew, done: make(chan struct{})}
	pc.OnICECandidate(m.onCandidate)
	pc.OnConnectionStateChange(func(webrtc.PeerConnectionState) { a.mediaChanged(m) })
	pc.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		a.goTracked(func() { m.readAgent(tr) })
	})
	if !a.goTracked(m.pace) {
		m.close()
		return nil, errors.New("the simulator is shutting down")
	}
	return m, nil
}

// answer applies the panel's offer and returns the answer's SDP.
func (m *media) answer(offer string) (string, error) {
	if err := m.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer}); err != nil {
		return "", err
	}
	ans, err := m.pc.CreateAnswer(nil)
	if err != nil {
		return "", err
	}
	if err := m.pc.SetLocalDescription(ans); err != nil {
		return "", err
	}
	pts := telephoneEventPTs(offer)
	m.dtmfPTs.Store(&pts)
	return m.pc.LocalDescription().SDP, nil
}

// onCandidate trickles a local candidate to the panel (nil: gathering is
// complete, sent as an empty candidate), holding them until the answer is
// out.
func (m *media) onCandidate(cand *webrtc.ICECandidate) {
	var out vccproto.Candidate
	if cand != nil {
		init := cand.ToJSON()
		out = vccproto.Candidate{Candidate: init.Candidate, SDPMid: init.SDPMid,
			SDPMLineIndex: init.SDPMLineIndex, UsernameFragment: init.UsernameFragment}
	}
	m.sigMu.Lock()
	defer m.sigMu.Unlock()
	if !m.answered {
		m.pending = append(m.pending, out)
		return
	}
	m.conn.send(vccproto.TypeCandidate, "", out)
}

// answerSent releases the candidates gathered before the answer went out.
func (m *media) answerSent() {
	m.sigMu.Lock()
	defer m.sigMu.Unlock()
	m.answered = true
	for _, c := range m.pending {
		m.conn.send(vccproto.TypeCandidate, "", c)
	}
	m.pending = nil
}

// addCandidate applies one of the panel's candidates; an empty one ends
// the panel's gathering.
func (m *media) addCandidate(c vccproto.Candidate) error {
	return m.pc.AddICECandidate(webrtc.ICECandidateInit{Candidate: c.Candidate, SDPMid: c.SDPMid,
		SDPMLineIndex: c.SDPMLineIndex, UsernameFragment: c.UsernameFragment})
}

// mediaChanged follows the peer connection's state: calls park while the
// media is down and come back when it is up.
func (a *acd) mediaChanged(m *media) {
	st := mediaStateOf(m.pc.ConnectionState())
	a.locked(func(*later) {
		sess := m.sess
		if sess.media != m || sess.ended || m.state == st {
			return
		}
		was := m.state
		m.state = st
		switch {
		case st == mediaConnected:
			a.connectionBack(sess.user.ID)
			a.unparkLive(sess.user.ID)
			a.dispatch()
		case was == mediaConnected:
			a.parkLive(sess.user.ID)
		}
		a.bridge(sess.user.ID)
	})
}

// mediaStateOf maps the peer connection's state onto the four media states
// agentSessions reports (an ICE "disconnected" counts as failed: no audio
// flows, though it may come back).
func mediaStateOf(s webrtc.PeerConnectionState) string {
	switch s {
	case webrtc.PeerConnectionStateConnected:
		return mediaConnected
	case webrtc.PeerConnectionStateDisconnected, webrtc.PeerConnectionStateFailed:
		return mediaFailed
	case webrtc.PeerConnectionStateClosed:
		return mediaClosed
	}
	return mediaNew
}

// opusSilence is a 20 ms Opus frame of silence (RFC 6716 TOC 0xf8: CELT,
// fullband, 20 ms, one frame, with an empty body).
var opusSilence = []byte{0xf8, 0xff, 0xfe}

// pace sends the active call's caller audio to the agent, one Opus frame
// every 20 ms.
func (m *media) pace() {
	t := time.NewTicker(frameDuration)
	defer t.Stop()
	for {
		select {
		case <-m.done:
			return
		case <-t.C:
		}
		c := m.active.Load()
		if c == nil {
			// Between calls the line carries silence, as a softphone
			// connection does: the agent's jitter buffer stays steady, and
			// a caller is heard from their first word.
			_ = m.track.WriteSample(pionmedia.Sample{Data: opusSilence, Duration: frameDuration})
			continue
		}
		frame := m.a.audio.frame(c.audioPos.Add(1) - 1)
		if err := m.track.WriteSample(pionmedia.Sample{Data: frame, Duration: frameDuration}); err == nil {
			c.rtpToAgent.Add(1)
		}
	}
}

// readAgent counts the agent's RTP for the active call and decodes its
// telephone-events, until the peer connection closes.
func (m *media) readAgent(tr *webrtc.TrackRemote) {
	var dtmf dtmfDecoder
	for failures := 0; failures < 100; {
		pkt, _, err := tr.ReadRTP()
		if err != nil {
			if errors.Is(err, io.EOF) || m.isClosed() {
				return
			}
			failures++
			continue
		}
		failures = 0
		c := m.active.Load()
		if c == nil {
			continue
		}
		if pts := m.dtmfPTs.Load(); pts != nil && (*pts)[pkt.PayloadType] {
			if digit, ok := dtmf.feed(pkt.Timestamp, pkt.Payload); ok {
				c.addDTMF(digit)
			}
			continue
		}
		c.rtpFromAgent.Add(1)
		now := m.a.s.now().UnixNano()
		if last := c.lastFromAgent.Swap(now); now-last > int64(agentAudioGap) {
			c.agentSince.Store(now)
		}
	}
}

func (m *media) isClosed() bool {
	select {
	case <-m.done:
		return true
	default:
		return false
	}
}

// close ends the peer connection and the media's goroutines. It must be
// called without acd.mu held.
func (m *media) close() {
	m.closeOnce.Do(func() {
		close(m.done)
		_ = m.pc.Close()
	})
}
