//go:build !js

package vcc

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRandomPKCE(t *testing.T) {
	a, err := NewRandomPKCE()
	require.NoError(t, err)
	b, err := NewRandomPKCE()
	require.NoError(t, err)
	assert.NotEqual(t, a.Verifier, b.Verifier)
	assert.NotEqual(t, a.State, b.State)
	assert.Len(t, a.Verifier, 43, "RFC 7636 wants 43 to 128 characters")
	sum, _ := goSHA256(a.Verifier)
	assert.Equal(t, base64.RawURLEncoding.EncodeToString(sum), a.Challenge)
}
