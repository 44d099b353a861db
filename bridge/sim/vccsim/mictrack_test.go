//go:build !js

package vccsim

import (
	"strings"
	"sync"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// rawAudioTrack is a microphone track that writes RTP itself, so that it
// can send RFC 4733 telephone-events on the audio's SSRC with their own
// payload type, as browsers do (pion's static tracks rewrite the payload
// type).
type rawAudioTrack struct {
	mu     sync.Mutex
	out    webrtc.TrackLocalWriter
	ssrc   uint32
	opusPT uint8
	dtmfPT uint8
	seq    uint16
	ts     uint32
}

func (t *rawAudioTrack) ID() string                            { return "mic" }
func (t *rawAudioTrack) RID() string                           { return "" }
func (t *rawAudioTrack) StreamID() string                      { return "panel" }
func (t *rawAudioTrack) Kind() webrtc.RTPCodecType             { return webrtc.RTPCodecTypeAudio }
func (t *rawAudioTrack) Unbind(webrtc.TrackLocalContext) error { return nil }

func (t *rawAudioTrack) Bind(ctx webrtc.TrackLocalContext) (webrtc.RTPCodecParameters, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var opus webrtc.RTPCodecParameters
	for _, c := range ctx.CodecParameters() {
		switch {
		case strings.EqualFold(c.MimeType, webrtc.MimeTypeOpus) && opus.PayloadType == 0:
			opus = c
		case strings.EqualFold(c.MimeType, mimeTelephoneEvent) && c.ClockRate == 48000:
			t.dtmfPT = uint8(c.PayloadType)
		}
	}
	if opus.PayloadType == 0 {
		return opus, webrtc.ErrUnsupportedCodec
	}
	t.out, t.ssrc, t.opusPT = ctx.WriteStream(), uint32(ctx.SSRC()), uint8(opus.PayloadType)
	return opus, nil
}

// talk sends a silent Opus frame every 20 ms until done.
func (t *rawAudioTrack) talk(done <-chan struct{}) {
	tick := time.NewTicker(frameDuration)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			t.write(t.opusPT, false, []byte{0xf8, 0xff, 0xfe}, 960)
		}
	}
}

// sendDTMF sends one key as an RFC 4733 event lasting 100 ms: a start
// packet and the end packet three times, all with the event's timestamp.
func (t *rawAudioTrack) sendDTMF(event byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := 0; i < 4; i++ {
		flags := byte(10) // volume -10 dBm0
		if i > 0 {
			flags |= 0x80 // E: end of event
		}
		t.writeLocked(t.dtmfPT, i == 0, []byte{event, flags, 0x12, 0xc0}) // duration 4800 (100 ms)
	}
	t.ts += 4800
}

func (t *rawAudioTrack) write(pt uint8, marker bool, payload []byte, advance uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.writeLocked(pt, marker, payload)
	t.ts += advance
}

func (t *rawAudioTrack) writeLocked(pt uint8, marker bool, payload []byte) {
	if t.out == nil {
		return
	}
	t.seq++
	_, _ = t.out.WriteRTP(&rtp.Header{Version: 2, PayloadType: pt, Marker: marker,
		SequenceNumber: t.seq, Timestamp: t.ts, SSRC: t.ssrc}, payload)
}
