//go:build !js

package vccsim

import (
	"runtime"
	"testing"
	"time"

	"github.com/pion/webrtc/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	assert.Equal(t, audio.frame(0), audio.frame(int64(len(audio.frames))), "it loops")
	assert.Greater(t, audio.speech, int64(0), "a call starts at the first word, after the file's lead-in")
	assert.GreaterOrEqual(t, len(audio.frame(0)), speechFrameBytes)

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
		id := sim.connectedCall(beth, "+14155550160")
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

// chromeOffer is an audio offer as Chrome makes it: Opus, RED, G.722,
// G.711, comfort noise and telephone-events at 48 and 8 kHz.
const chromeOffer = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
	"a=extmap-allow-mixed\r\na=msid-semantic: WMS\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n" +
	"c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:Zw1x\r\na=ice-pwd:QqkzQnS5tG8Jm1zT0yJ8nE7d\r\n" +
	"a=ice-options:trickle\r\na=fingerprint:sha-256 " +
	"6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n" +
	"a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=msid:- 6c0b7f7e-mic\r\na=rtcp-mux\r\n" +
	"a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n" +
	"a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n" +
	"a=rtpmap:8 PCMA/8000\r\na=rtpmap:13 CN/8000\r\na=rtpmap:110 telephone-event/48000\r\n" +
	"a=rtpmap:126 telephone-event/8000\r\na=ssrc:3735928559 cname:panel\r\n"

// TestAnswerToABrowserOffer: the answer keeps Opus and the telephone-events
// the browser offered, so that its RTCDTMFSender can send keys.
func TestAnswerToABrowserOffer(t *testing.T) {
	api, err := newMediaAPI()
	require.NoError(t, err)
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	require.NoError(t, err)
	defer pc.Close()
	m := &media{pc: pc}
	track, err := webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2}, "audio", "caller")
	require.NoError(t, err)
	_, err = pc.AddTrack(track)
	require.NoError(t, err)

	answer, err := m.answer(chromeOffer)
	require.NoError(t, err)
	for _, want := range []string{"a=rtpmap:111 opus/48000/2", "a=rtpmap:110 telephone-event/48000", "a=rtpmap:126 telephone-event/8000", "a=sendrecv"} {
		assert.Contains(t, answer, want)
	}
	assert.Equal(t, map[uint8]bool{110: true, 126: true}, *m.dtmfPTs.Load())
	assert.NotContains(t, answer, "G722", "only Opus audio")
}
