package cti_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
)

// Inputs that arrive together are applied together and painted once, and
// the paint shows all of them.
func TestRunPaintsABurstOnce(t *testing.T) {
	f := fake.NewPorts()
	var mu sync.Mutex
	var paints []cti.State
	c := cti.NewConnector(cti.Config{Instance: "https://acme.service-now.com", ClientID: "tab-1"}, f.Ports(), func(s cti.State) {
		mu.Lock()
		paints = append(paints, s)
		mu.Unlock()
	})
	// The burst is queued before the loop runs, as a reload's resumption is.
	for _, name := range []string{"one", "two", "three"} {
		c.Post(cti.Mark{Name: name, Ms: 1})
	}
	c.Post(cti.UIAction{Action: cti.ActSignIn})
	c.Post(cti.Devices{Outputs: []cti.Device{{ID: "a", Label: "Headset"}}})
	c.Post(cti.Devices{Outputs: []cti.Device{{ID: "a", Label: "Headset"}, {ID: "b", Label: "Speakers"}}})
	c.Post(cti.Mark{Name: "four", Ms: 1})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.Run(ctx)
	require.Eventually(t, func() bool { _, ok := c.State().Timings["four"]; return ok }, 5*time.Second, time.Millisecond)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, paints, 2, "the first paint, then one for the whole burst")
	last := paints[len(paints)-1]
	assert.Equal(t, "signing-in", last.Busy, "the burst's click is painted")
	assert.Contains(t, last.Timings, "three")
	assert.Len(t, last.Outputs, 2)
}
