//go:build !js

package vccsim

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// callerAudioFile is the simulated caller's voice in the seed folder: an
// Ogg Opus file of 20 ms mono frames. pion has no Opus encoder, so the file
// is encoded once and kept with the seed; it was made with espeak-ng, sox
// and opus-tools (Debian packages):
//
//	espeak-ng -v en-gb -s 150 -w speech.wav "Hello? Hi, I am calling about my order. ..."
//	sox speech.wav -r 48000 -c 1 speech48.wav pad 0.3 1.2
//	opusenc --bitrate 24 --framesize 20 --max-delay 0 speech48.wav caller.opus
const callerAudioFile = "caller.opus"

// callerAudio is the caller's voice as Opus packets of 20 ms each, played
// in a loop.
type callerAudio struct {
	frames [][]byte
	// speech is the first frame with speech: a call starts there, as a
	// caller starts talking when answered (the file leads in with silence).
	speech int64
}

// speechFrameBytes tells speech from silence in the caller's file: its
// quiet frames take 14 to 31 bytes, its speech 39 to 80 (VBR at 24 kbit/s).
const speechFrameBytes = 36

func loadCallerAudio(seedDir string) (*callerAudio, error) {
	path := filepath.Join(seedDir, callerAudioFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("vcc sim: caller audio: %w (it belongs with the seed, in testdata/vcc)", err)
	}
	frames, err := opusFrames(b)
	if err != nil {
		return nil, fmt.Errorf("vcc sim: caller audio %s: %w", path, err)
	}
	ca := &callerAudio{frames: frames}
	for i, f := range frames {
		if len(f) >= speechFrameBytes {
			ca.speech = int64(i)
			break
		}
	}
	return ca, nil
}

// frame is the i-th frame of the endless loop, from the first speech.
func (ca *callerAudio) frame(i int64) []byte {
	return ca.frames[(ca.speech+i)%int64(len(ca.frames))]
}

// opusFrames reads the audio packets of an Ogg Opus stream (RFC 7845),
// leaving out its OpusHead and OpusTags headers, and checks that each is
// one 20 ms frame.
func opusFrames(b []byte) ([][]byte, error) {
	packets, err := oggPackets(b)
	if err != nil {
		return nil, err
	}
	if len(packets) < 3 || !bytes.HasPrefix(packets[0], []byte("OpusHead")) || !bytes.HasPrefix(packets[1], []byte("OpusTags")) {
		return nil, errors.New("not an Ogg Opus stream with audio")
	}
	frames := packets[2:]
	for i, p := range frames {
		if len(p) == 0 || opusPacketDuration(p[0]) != frameDuration {
			return nil, fmt.Errorf("packet %d is not a single 20 ms Opus frame; encode with --framesize 20", i)
		}
	}
	return frames, nil
}

// oggPackets splits an Ogg bitstream into its packets: each page holds a
// segment table, and a packet ends with a segment shorter than 255 bytes,
// possibly pages later (https://www.rfc-editor.org/rfc/rfc3533#section-6).
func oggPackets(b []byte) ([][]byte, error) {
	var (
		packets [][]byte
		cur     []byte
	)
	for page := 0; len(b) > 0; page++ {
		if len(b) < 27 || string(b[:4]) != "OggS" {
			return nil, fmt.Errorf("page %d: no Ogg page header", page)
		}
		n := int(b[26])
		if len(b) < 27+n {
			return nil, fmt.Errorf("page %d: truncated segment table", page)
		}
		segments, body := b[27:27+n], b[27+n:]
		off := 0
		for _, size := range segments {
			if off+int(size) > len(body) {
				return nil, fmt.Errorf("page %d: truncated", page)
			}
			cur = append(cur, body[off:off+int(size)]...)
			off += int(size)
			if size < 255 {
				packets = append(packets, cur)
				cur = nil
			}
		}
		b = body[off:]
	}
	return packets, nil
}

// opusPacketDuration is the duration of a single-frame Opus packet from its
// TOC byte (https://www.rfc-editor.org/rfc/rfc6716#section-3.1); 0 for a
// packet of several frames.
func opusPacketDuration(toc byte) time.Duration {
	if toc&3 != 0 {
		return 0
	}
	config := toc >> 3
	switch {
	case config < 12: // SILK: 10, 20, 40, 60 ms
		return []time.Duration{10, 20, 40, 60}[config%4] * time.Millisecond
	case config < 16: // hybrid: 10, 20 ms
		return []time.Duration{10, 20}[config%2] * time.Millisecond
	default: // CELT: 2.5, 5, 10, 20 ms
		return []time.Duration{2500, 5000, 10000, 20000}[config%4] * time.Microsecond
	}
}
