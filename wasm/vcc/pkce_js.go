//go:build js && wasm

package vcc

import (
	"errors"
	"syscall/js"

	"github.com/vccnow/connector/wasm/jsutil"
)

// newBrowserPKCE makes a sign-in attempt's PKCE with WebCrypto:
// crypto.getRandomValues and crypto.subtle.digest. It waits for the digest,
// so call it from a goroutine, never from a js.FuncOf callback.
func newBrowserPKCE() (PKCE, error) {
	c := js.Global().Get("crypto")
	if !c.Truthy() || !c.Get("subtle").Truthy() {
		return PKCE{}, errors.New("vcc: this browser has no WebCrypto here (the panel must be served over https)")
	}
	arr := js.Global().Get("Uint8Array").New(PKCERandomBytes)
	if err := jsutil.Try(func() { c.Call("getRandomValues", arr) }); err != nil {
		return PKCE{}, err
	}
	random := make([]byte, PKCERandomBytes)
	js.CopyBytesToGo(random, arr)
	return NewPKCE(random, func(s string) ([]byte, error) {
		data := js.Global().Get("TextEncoder").New().Call("encode", s)
		digest, err := jsutil.Await(c.Get("subtle").Call("digest", "SHA-256", data))
		if err != nil {
			return nil, err
		}
		u := js.Global().Get("Uint8Array").New(digest)
		sum := make([]byte, u.Length())
		js.CopyBytesToGo(sum, u)
		return sum, nil
	})
}
