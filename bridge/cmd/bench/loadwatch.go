//go:build !js

package main

import (
	"context"
	"sync"

	"github.com/vccnow/connector/bridge/sim/snsim"
)

// interactionWatch learns each call's interaction from the simulated
// instance, as the agent's panel does in production: AWA's offer names the
// interaction the bridge created. (The simulated AWA routes to the demo
// agents only, so the watch stands in for the offer.) It reads the
// instance's writes — the phone log carrying the VCC call id and the
// interaction pointing at that log — without a request to the bridge.
type interactionWatch struct {
	mu        sync.Mutex
	callOfLog map[string]string        // phone log sys_id → VCC call id
	logOfIx   map[string]string        // interaction sys_id → phone log sys_id
	found     map[string]string        // VCC call id → interaction sys_id
	waiting   map[string]chan struct{} // VCC call id → closed once found
	cancel    func()
}

func watchInteractions(db *snsim.DB) *interactionWatch {
	w := &interactionWatch{callOfLog: map[string]string{}, logOfIx: map[string]string{},
		found: map[string]string{}, waiting: map[string]chan struct{}{}}
	w.cancel = db.Subscribe(w.change)
	return w
}

func (w *interactionWatch) change(c snsim.Change) {
	if c.Op != "insert" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch c.Table {
	case "sn_openframe_phone_log":
		w.callOfLog[c.New["sys_id"]] = c.New["call_id"]
	case "interaction":
		w.logOfIx[c.New["sys_id"]] = c.New["channel_metadata_document"]
	default:
		return
	}
	// The two rows come in either order; match what can be matched.
	for ix, log := range w.logOfIx {
		call, ok := w.callOfLog[log]
		if !ok {
			continue
		}
		w.found[call] = ix
		delete(w.logOfIx, ix)
		delete(w.callOfLog, log)
		if ch, ok := w.waiting[call]; ok {
			close(ch)
			delete(w.waiting, call)
		}
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
