package bridge

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDeadLetterAge(t *testing.T) {
	cases := []struct {
		text string
		want time.Duration // 0: refused
	}{
		{"24h", 24 * time.Hour},
		{"2d", 48 * time.Hour},
		{"90m", 0},
		{"2h", 2 * time.Hour},
		{"0d", 0},
		{"-3d", 0},
		{"366d", 0},
		{"a while", 0},
		{"", 0},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			got, err := ParseDeadLetterAge(tc.text)
			if tc.want == 0 {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "from 2 hours to a year")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
