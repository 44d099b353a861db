package vcc

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnvelopeRoundTrip(t *testing.T) {
	b, err := Encode(TypeHello, "1", Hello{Token: "t", Client: Client{ID: "c"}})
	require.NoError(t, err)
	env, err := Decode(b)
	require.NoError(t, err)
	assert.Equal(t, TypeHello, env.Type)
	assert.Equal(t, "1", env.ID)
	var h Hello
	require.NoError(t, env.Into(&h))
	assert.Equal(t, "t", h.Token)
}

func TestDecodeRejects(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want error
	}{
		{"not json", `{"v":1,`, ErrBadEnvelope},
		{"wrong version", `{"v":2,"type":"hello"}`, ErrVersion},
		{"no version", `{"type":"hello"}`, ErrVersion},
		{"no type", `{"v":1}`, ErrBadEnvelope},
		{"too large", `{"v":1,"type":"x","data":"` + strings.Repeat("a", MaxMessage) + `"}`, ErrTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.in))
			assert.True(t, errors.Is(err, tc.want), "got %v", err)
		})
	}
}

func TestPayloadValidation(t *testing.T) {
	cases := []struct {
		name string
		typ  string
		data string
		into any
		ok   bool
	}{
		{"hello without token", TypeHello, `{"client":{"id":"c"}}`, &Hello{}, false},
		{"hello", TypeHello, `{"token":"x","client":{"id":"c"}}`, &Hello{}, true},
		{"dial not e164", TypeDial, `{"number":"555-1234"}`, &Dial{}, false},
		{"dial", TypeDial, `{"number":"+14155550100"}`, &Dial{}, true},
		{"transfer to nowhere", TypeTransfer, `{"callId":"a","target":{"type":"planet","id":"x"}}`, &Transfer{}, false},
		{"sdp garbage", TypeOffer, `{"type":"offer","sdp":"<script>"}`, &SDP{}, false},
		{"missing data", TypeHangup, ``, &CallRef{}, false},
		{"wrong shape", TypeHangup, `{"callId":5}`, &CallRef{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := Envelope{V: Version, Type: tc.typ}
			if tc.data != "" {
				env.Data = []byte(tc.data)
			}
			err := env.Into(tc.into)
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrBadEnvelope)
			}
		})
	}
}

func TestIsE164(t *testing.T) {
	for s, want := range map[string]bool{
		"+14155550100": true, "+442071838750": true, "14155550100": false, "+0123456789": false,
		"+1415555": false, "+1234567890123456": false, "+1415555010a": false, "": false,
	} {
		assert.Equal(t, want, IsE164(s), s)
	}
}
