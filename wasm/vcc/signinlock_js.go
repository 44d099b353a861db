//go:build js && wasm

package vcc

import (
	"syscall/js"

	"github.com/vccnow/connector/wasm/jsutil"
)

// signInLockName is the Web Lock held while a sign-in window is open.
const signInLockName = "vccnow-signin"

// webLock takes the Web Lock name if no tab of this site holds it
// (navigator.locks.request with ifAvailable), so that one sign-in window at
// most is open across the agent's tabs; the browser lets go of it when the
// tab closes or crashes. It returns false when another tab holds it. Where
// the browser has no Web Locks it holds nothing and returns true: the
// window's name then keeps a second sign-in in the same window. Call it from
// a goroutine, never from a js.FuncOf callback.
func webLock(name string) (release func(), ok bool) {
	nav := js.Global().Get("navigator")
	if !nav.Truthy() || !nav.Get("locks").Truthy() {
		return func() {}, true
	}
	// hold is the promise the lock's callback returns: the lock is held
	// until it resolves.
	var resolve js.Value
	executor := js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve = args[0]
		return nil
	})
	hold := js.Global().Get("Promise").New(executor)
	executor.Release()

	const (
		held = iota
		taken
		unavailable
	)
	got := make(chan int, 1)
	report := func(v int) {
		select {
		case got <- v:
		default:
		}
	}
	granted := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 || !args[0].Truthy() {
			report(taken)
			return nil
		}
		report(held)
		return hold
	})
	failed := js.FuncOf(func(js.Value, []js.Value) any {
		report(unavailable)
		return nil
	})
	done := func() {
		resolve.Invoke()
		granted.Release()
		failed.Release()
	}
	opts := js.Global().Get("Object").New()
	opts.Set("ifAvailable", true)
	err := jsutil.Try(func() {
		nav.Get("locks").Call("request", name, opts, granted).Call("catch", failed)
	})
	if err != nil {
		done()
		return func() {}, true
	}
	switch <-got {
	case held:
		return done, true
	case taken:
		done()
		return func() {}, false
	default:
		// The request failed (a sandbox without storage): a sign-in
		// without the cross-tab guard beats none. failed may still be
		// called, so it is not released.
		resolve.Invoke()
		granted.Release()
		return func() {}, true
	}
}
