//go:build !js

package softphone

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// mimeTelephoneEvent is RFC 4733's payload format.
const mimeTelephoneEvent = "audio/telephone-event"

// frame is one Opus frame of the microphone.
const frame = 20 * time.Millisecond

// silence is a 20 ms Opus frame of digital silence, as libopus encodes it
// (TOC 0xf8: CELT, fullband, 20 ms, one frame; RFC 6716 §3.1).
var silence = []byte{0xf8, 0xff, 0xfe}

// micTrack is the native microphone: a track that writes its own RTP, so
// RFC 4733 telephone-events go out on the audio's SSRC with their own
// payload type, as browsers send them (pion's static tracks rewrite every
// packet to the track's codec).
type micTrack struct {
	mu     sync.Mutex
	out    webrtc.TrackLocalWriter
	ssrc   uint32
	opusPT uint8
	dtmfPT uint8
	seq    uint16
	ts     uint32

	sent atomic.Int64 // RTP packets written
}

var _ webrtc.TrackLocal = (*micTrack)(nil)

func (m *micTrack) ID() string                            { return "mic" }
func (m *micTrack) RID() string                           { return "" }
func (m *micTrack) StreamID() string                      { return "panel" }
func (m *micTrack) Kind() webrtc.RTPCodecType             { return webrtc.RTPCodecTypeAudio }
func (m *micTrack) Unbind(webrtc.TrackLocalContext) error { return nil }

// Bind picks Opus for the audio and the 48 kHz telephone-event for DTMF
// from what the answer negotiated.
func (m *micTrack) Bind(ctx webrtc.TrackLocalContext) (webrtc.RTPCodecParameters, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var opus webrtc.RTPCodecParameters
	for _, c := range ctx.CodecParameters() {
		switch {
		case strings.EqualFold(c.MimeType, webrtc.MimeTypeOpus) && opus.PayloadType == 0:
			opus = c
		case strings.EqualFold(c.MimeType, mimeTelephoneEvent) && c.ClockRate == 48000:
			m.dtmfPT = uint8(c.PayloadType)
		}
	}
	if opus.PayloadType == 0 {
		return opus, webrtc.ErrUnsupportedCodec
	}
	m.out, m.ssrc, m.opusPT = ctx.WriteStream(), uint32(ctx.SSRC()), uint8(opus.PayloadType)
	return opus, nil
}

// talk sends a silent Opus frame every 20 ms until done is closed; nothing
// goes out before the track is bound.
func (m *micTrack) talk(done <-chan struct{}) {
	tick := time.NewTicker(frame)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			m.mu.Lock()
			m.writeLocked(m.opusPT, false, silence)
			m.ts += 960 // 20 ms at 48 kHz
			m.mu.Unlock()
		}
	}
}

// dtmfEvents maps keys to RFC 4733 §3.2 event codes.
const dtmfEvents = "0123456789*#ABCD"

// sendDTMF sends each key as a 100 ms RFC 4733 event: a start packet (the
// marker bit set) and the end packet three times, all with the event's
// timestamp. Keys other than 0-9, *, #, A-D are skipped; nothing is sent
// when the answer negotiated no 48 kHz telephone-event.
func (m *micTrack) sendDTMF(keys string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.dtmfPT == 0 {
		return
	}
	for _, k := range strings.ToUpper(keys) {
		event := strings.IndexRune(dtmfEvents, k)
		if event < 0 {
			continue
		}
		for i := 0; i < 4; i++ {
			flags := byte(10) // volume: -10 dBm0
			if i > 0 {
				flags |= 0x80 // E: the end of the event
			}
			// Duration 4800 (100 ms at 48 kHz), big-endian.
			m.writeLocked(m.dtmfPT, i == 0, []byte{byte(event), flags, 0x12, 0xc0})
		}
		m.ts += 4800
	}
}

func (m *micTrack) writeLocked(pt uint8, marker bool, payload []byte) {
	if m.out == nil {
		return
	}
	m.seq++
	h := &rtp.Header{Version: 2, PayloadType: pt, Marker: marker, SequenceNumber: m.seq, Timestamp: m.ts, SSRC: m.ssrc}
	if _, err := m.out.WriteRTP(h, payload); err == nil {
		m.sent.Add(1)
	}
}
