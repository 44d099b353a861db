package cti

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNormalizeNumber(t *testing.T) {
	cases := []struct {
		in   string
		want string
		ok   bool
	}{
		{"+14155550100", "+14155550100", true},
		{"+1 (415) 555-0100", "+14155550100", true},
		{"415-555-0100", "+14155550100", true},
		{"1 415 555 0100", "+14155550100", true},
		{"0044 20 7183 8750", "+442071838750", true},
		{"+44 20 7183 8750 x12", "+442071838750", true},
		{"555-0100", "", false},
		{"call me", "", false},
		{"+0123456789", "", false},
		{"", "", false},
		{"+1234567890123456789", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := NormalizeNumber(tc.in, "1")
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}
