//go:build !js

package vcc

import (
	"runtime"
	"testing"
	"time"

	"github.com/pion/webrtc/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

func TestDTMFDecoder(t *testing.T) {
	type pkt struct {
		ts      uint32
		payload []byte
	}
	cases := []struct {
		name    string
		packets []pkt
		want    string
	}{
		{"one event, end packet repeated", []pkt{{100, []byte{5, 10, 0, 160}}, {100, []byte{5, 0x8a, 1, 64}}, {100, []byte{5, 0x8a, 1, 64}}}, "5"},
		{"star, hash and letters", []pkt{{1, []byte{10, 0, 0, 1}}, {2, []byte{11, 0, 0, 1}}, {3, []byte{12, 0, 0, 1}}, {4, []byte{15, 0, 0, 1}}}, "*#AD"},
		{"the same key twice", []pkt{{1, []byte{7, 0, 0, 1}}, {2, []byte{7, 0, 0, 1}}}, "77"},
		{"too short", []pkt{{1, []byte{1, 0}}}, ""},
		{"not a DTMF event", []pkt{{1, []byte{16, 0, 0, 1}}}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var d dtmfDecoder
			got := ""
			for _, p := range tc.packets {
				if digit, ok := d.feed(p.ts, p.payload); ok {
					got += string(digit)
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestTelephoneEventPTs(t *testing.T) {
	cases := []struct {
		name string
		sdp  string
		want map[uint8]bool
	}{
		{"chrome's offer", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000\r\n", map[uint8]bool{110: true, 126: true}},
		{"none", "v=0\r\na=rtpmap:111 opus/48000/2\r\n", map[uint8]bool{}},
		{"garbage", "v=0\na=rtpmap:x telephone-event/8000\na=rtpmap:300 telephone-event/8000\na=rtpmap:101", map[uint8]bool{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, telephoneEventPTs(tc.sdp))
		})
	}
}

func TestMediaStateOf(t *testing.T) {
	for pc, want := range map[webrtc.PeerConnectionState]string{
		webrtc.PeerConnectionStateNew: mediaNew, webrtc.PeerConnectionStateConnecting: mediaNew,
		webrtc.PeerConnectionStateConnected: mediaConnected, webrtc.PeerConnectionStateDisconnected: mediaFailed,
		webrtc.PeerConnectionStateFailed: mediaFailed, webrtc.PeerConnectionStateClosed: mediaClosed,
	} {
		assert.Equal(t, want, mediaStateOf(pc), pc.String())
	}
}

func TestCallerAudio(t *testing.T) {
	audio, err := loadCallerAudio(repoSeedDir(t))
	require.NoError(t, err)
	seconds := float64(len(audio.frames)) * frameDuration.Seconds()
	assert.InDelta(t, 10.5, seconds, 1, "about ten seconds of speech")
	assert.Equal(t, audio.frames[0], audio.frame(int64(len(audio.frames))), "it loops")

	_, err = loadCallerAudio(t.TempDir())
	assert.ErrorContains(t, err, "testdata/vcc")
}

func TestOpusFramesRefuses(t *testing.T) {
	page := func(segments []byte, body string) []byte {
		b := append([]byte("OggS"), make([]byte, 22)...)
		b = append(b, byte(len(segments)))
		b = append(b, segments...)
		return append(b, body...)
	}
	head := page([]byte{8, 8}, "OpusHeadOpusTags")
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"not ogg", []byte("RIFF....WAVE"), "no Ogg page header"},
		{"truncated segment table", page([]byte{1}, "")[:27], "truncated segment table"},
		{"truncated page", page([]byte{200}, "short"), "truncated"},
		{"no audio", head, "not an Ogg Opus stream"},
		{"a 60 ms frame", append(append([]byte{}, head...), page([]byte{2}, "\x18\x00")...), "not a single 20 ms Opus frame"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := opusFrames(tc.in)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestOpusPacketDuration(t *testing.T) {
	cases := []struct {
		toc  byte
		want time.Duration
	}{
		{1<<3 | 0, 20 * time.Millisecond},    // SILK NB 20 ms
		{3<<3 | 0, 60 * time.Millisecond},    // SILK NB 60 ms
		{13<<3 | 0, 20 * time.Millisecond},   // hybrid 20 ms
		{16<<3 | 0, 2500 * time.Microsecond}, // CELT 2.5 ms
		{31<<3 | 0, 20 * time.Millisecond},   // CELT FB 20 ms
		{31<<3 | 3, 0},                       // several frames
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, opusPacketDuration(tc.toc), "toc %08b", tc.toc)
	}
}

// TestCloseEndsEverything: Close ends sessions, media and timers and leaves
// no goroutine behind.
func TestCloseEndsEverything(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Run("a call in progress", func(t *testing.T) {
		sim := startACDSim(t, nil)
		beth := sim.readyAgent("beth.anglin")
		id := sim.placeCall("+14155550160", "support")
		sim.mustAssign(id, bethID)
		beth.awaitCall(id, vccproto.CallConnected)
		require.Eventually(t, func() bool { return sim.call(id).Media.RTPToAgent > 5 }, waitFor, 20*time.Millisecond)
		sim.http.Close()
		require.NoError(t, sim.srv.Close())
		beth.awaitClosed()
		assert.False(t, sim.srv.acd.goTracked(func() {}), "nothing starts after Close")
	})
	// Polled here rather than with require.Eventually, whose condition runs
	// in a goroutine of its own.
	deadline := time.Now().Add(waitFor)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines before, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}
