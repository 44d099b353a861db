//go:build !js

package main

import (
	"math"
	"sort"
	"sync"
	"time"
)

// requestKind sorts the load suite's requests into the bridge.
type requestKind int

const (
	kindWebhook  requestKind = iota // VCC's notifications (POST /webhooks/vcc)
	kindAgentAPI                    // the panel's agent API (/api/v1/...)
	kindCount
)

// latencies records request round trips, by kind, while recording is on.
type latencies struct {
	mu        sync.Mutex
	recording bool
	byKind    [kindCount][]time.Duration
}

// record turns recording on or off.
func (l *latencies) record(on bool) {
	l.mu.Lock()
	l.recording = on
	l.mu.Unlock()
}

func (l *latencies) add(k requestKind, d time.Duration) {
	l.mu.Lock()
	if l.recording {
		l.byKind[k] = append(l.byKind[k], d)
	}
	l.mu.Unlock()
}

// percentile is the p-th percentile (0-100, nearest rank) of the kinds'
// latencies in milliseconds, and how many there were.
func (l *latencies) percentile(p float64, kinds ...requestKind) (float64, int) {
	l.mu.Lock()
	var all []time.Duration
	for _, k := range kinds {
		all = append(all, l.byKind[k]...)
	}
	l.mu.Unlock()
	if len(all) == 0 {
		return 0, 0
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	rank := int(math.Ceil(p/100*float64(len(all)))) - 1
	rank = min(max(rank, 0), len(all)-1)
	return float64(all[rank].Microseconds()) / 1000, len(all)
}
