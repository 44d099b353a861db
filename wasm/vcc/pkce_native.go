//go:build !js

package vcc

import (
	"crypto/rand"
	"crypto/sha256"
)

// NewRandomPKCE makes a PKCE with Go's crypto, for native programs that
// sign in as the panel does (the simulators' tests, the browser harness).
func NewRandomPKCE() (PKCE, error) {
	random := make([]byte, PKCERandomBytes)
	if _, err := rand.Read(random); err != nil {
		return PKCE{}, err
	}
	return NewPKCE(random, func(s string) ([]byte, error) {
		sum := sha256.Sum256([]byte(s))
		return sum[:], nil
	})
}
