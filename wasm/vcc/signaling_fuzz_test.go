package vcc

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzDecode reads any bytes as a signaling message, from either side: it
// never panics; what it refuses is one of its errors; an envelope it takes
// has the version and a type; and a payload that decodes (and validates) as
// its type's message encodes back to an envelope that decodes to the same
// message. Seeds: the golden fixtures, as the wire carries them.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	require.NoError(f, err)
	require.NotEmpty(f, files)
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"v":2,"type":"hello"}`))
	f.Add([]byte(`{"v":1}`))
	f.Add([]byte(`{"v":1,"type":"dial","data":{"number":"+0123"}}`))
	f.Add([]byte(`{"v":1,"type":"call","data":null}`))
	f.Add([]byte(`[]`))

	// The message types each message type may carry, from either side
	// ("answer" and "presence" differ by direction).
	payloads := map[string][]reflect.Type{}
	for _, g := range goldens() {
		if g.want != nil {
			payloads[g.typ] = append(payloads[g.typ], reflect.TypeOf(g.want).Elem())
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		env, err := Decode(b)
		if err != nil {
			require.True(t, errors.Is(err, ErrTooLarge) || errors.Is(err, ErrBadEnvelope) || errors.Is(err, ErrVersion), "%v", err)
			return
		}
		require.LessOrEqual(t, len(b), MaxMessage)
		require.Equal(t, Version, env.V)
		require.NotEmpty(t, env.Type)
		for _, typ := range payloads[env.Type] {
			msg := reflect.New(typ).Interface()
			if err := env.Into(msg); err != nil {
				require.ErrorIs(t, err, ErrBadEnvelope)
				continue
			}
			wire, err := Encode(env.Type, env.ID, msg)
			require.NoError(t, err)
			again, err := Decode(wire)
			require.NoError(t, err, "%s", wire)
			assert.Equal(t, env.Type, again.Type)
			assert.Equal(t, env.ID, again.ID)
			back := reflect.New(typ).Interface()
			require.NoError(t, again.Into(back), "%s", wire)
			assert.Equal(t, msg, back, "%s as %s", env.Type, typ)
			// Encoding is stable: the same message, the same bytes.
			wire2, err := Encode(again.Type, again.ID, back)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(wire, wire2), "%s\n%s", wire, wire2)
		}
		if env.Type == TypeDial {
			var d Dial
			if env.Into(&d) == nil {
				assert.True(t, IsE164(d.Number), "a dial is to a number in E.164")
			}
		}
	})
}

// FuzzIsE164: what it takes is "+", then 8 to 15 digits, the first not 0.
func FuzzIsE164(f *testing.F) {
	for _, s := range []string{"+14155550201", "+442079460958", "+0123456789", "+1234567", "+1234567890123456", "14155550201", "+1 415", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !IsE164(s) {
			return
		}
		digits := strings.TrimPrefix(s, "+")
		require.True(t, strings.HasPrefix(s, "+"))
		require.True(t, len(digits) >= 8 && len(digits) <= 15, "%q", s)
		require.NotEqual(t, byte('0'), digits[0])
		require.Equal(t, -1, strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' }), "%q", s)
	})
}
