package softphone

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRingtone(t *testing.T) {
	w := Ringtone()
	assert.Equal(t, "RIFF", string(w[:4]))
	assert.Equal(t, "WAVE", string(w[8:12]))
	data := int(binary.LittleEndian.Uint32(w[40:]))
	assert.Equal(t, 6*8000*2, data, "six seconds of 16-bit samples")
	assert.Len(t, w, 44+data)
	loud := func(i int) bool { return int16(binary.LittleEndian.Uint16(w[44+2*i:])) != 0 }
	assert.True(t, loud(8003), "ringing in the first two seconds")
	assert.False(t, loud(3*8000), "silent after")
}
