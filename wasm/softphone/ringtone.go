// The ringtone is made here, in pure Go shared by both builds, so the panel
// ships no sound file: media_js.go plays it from a Blob URL, looped, on the
// ringer the agent chose.
//
// (The package doc is in doc.go.)

package softphone

import (
	"encoding/binary"
	"math"
)

// Ringtone returns a WAV file (8 kHz, 16-bit mono) of one ring cadence: the
// North American 440 + 480 Hz tone, 2 s on and 4 s off, to be looped.
func Ringtone() []byte {
	const rate = 8000
	on, total := 2*rate, 6*rate
	pcm := make([]byte, total*2)
	for i := 0; i < on; i++ {
		t := float64(i) / rate
		// A short fade in and out avoids clicks.
		env := math.Min(1, math.Min(float64(i), float64(on-i))/400)
		v := 0.25 * env * (math.Sin(2*math.Pi*440*t) + math.Sin(2*math.Pi*480*t))
		binary.LittleEndian.PutUint16(pcm[i*2:], uint16(int16(v*32767)))
	}
	return wav(pcm, rate)
}

func wav(pcm []byte, rate int) []byte {
	h := make([]byte, 44)
	copy(h[0:], "RIFF")
	binary.LittleEndian.PutUint32(h[4:], uint32(36+len(pcm)))
	copy(h[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)
	binary.LittleEndian.PutUint16(h[20:], 1) // PCM
	binary.LittleEndian.PutUint16(h[22:], 1) // mono
	binary.LittleEndian.PutUint32(h[24:], uint32(rate))
	binary.LittleEndian.PutUint32(h[28:], uint32(rate*2))
	binary.LittleEndian.PutUint16(h[32:], 2)
	binary.LittleEndian.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[40:], uint32(len(pcm)))
	return append(h, pcm...)
}
