//go:build !js

package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestPercentile(t *testing.T) {
	var l latencies
	l.add(kindWebhook, time.Second) // not recording yet: dropped
	l.record(true)
	for i := 1; i <= 100; i++ {
		l.add(kindWebhook, time.Duration(i)*time.Millisecond)
	}
	l.add(kindAgentAPI, 500*time.Millisecond)
	l.record(false)
	l.add(kindAgentAPI, time.Hour) // stopped: dropped

	cases := []struct {
		name  string
		p     float64
		kinds []requestKind
		want  float64
		n     int
	}{
		{"median of webhooks", 50, []requestKind{kindWebhook}, 50, 100},
		{"p99 of webhooks", 99, []requestKind{kindWebhook}, 99, 100},
		{"p100 of both", 100, []requestKind{kindWebhook, kindAgentAPI}, 500, 101},
		{"p0 is the least", 0, []requestKind{kindWebhook}, 1, 100},
		{"only the agent API", 50, []requestKind{kindAgentAPI}, 500, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, n := l.percentile(tc.p, tc.kinds...)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.n, n)
		})
	}
	var empty latencies
	got, n := empty.percentile(99, kindWebhook)
	assert.Zero(t, got)
	assert.Zero(t, n)
}
