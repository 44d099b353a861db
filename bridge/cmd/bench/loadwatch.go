//go:build !js

package main

import (
	"context"
	"sync"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/sim/snsim"
)

// interactionWatch learns each call's interaction from the simulated
// instance, as the agent's panel does in production: AWA's offer names the
// interaction the bridge created. (The simulated AWA routes to the demo
// agents only, so the watch stands in for the offer.) It reads the
// instance's writes — the interaction whose short description carries the
// call's tag (records.Tag) — without a request to the bridge.
type interactionWatch struct {
	mu      sync.Mutex
	found   map[string]string        // VCC call id → interaction sys_id
	waiting map[string]chan struct{} // VCC call id → closed once found
	cancel  func()
}

func watchInteractions(db *snsim.DB) *interactionWatch {
	w := &interactionWatch{found: map[string]string{}, waiting: map[string]chan struct{}{}}
	w.cancel = db.Subscribe(w.change)
	return w
}

func (w *interactionWatch) change(c snsim.Change) {
	if c.Op != "insert" || c.Table != "interaction" {
		return
	}
	call := records.CallOf(c.New["short_description"])
	if call == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.found[call]; !ok {
		w.found[call] = c.New["sys_id"]
	}
	if ch, ok := w.waiting[call]; ok {
		close(ch)
		delete(w.waiting, call)
	}
}

// wait returns the interaction of the VCC call once the instance has it.
func (w *interactionWatch) wait(ctx context.Context, callID string) (string, error) {
	w.mu.Lock()
	if ix, ok := w.found[callID]; ok {
		w.mu.Unlock()
		return ix, nil
	}
	ch, ok := w.waiting[callID]
	if !ok {
		ch = make(chan struct{})
		w.waiting[callID] = ch
	}
	w.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.found[callID], nil
}
