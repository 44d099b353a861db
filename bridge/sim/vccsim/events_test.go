//go:build !js

package vccsim

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKSUID(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	a, b := newKSUID(at), newKSUID(at.Add(time.Second))
	assert.Len(t, a, 27)
	assert.True(t, isKSUID(a))
	assert.NotEqual(t, a, newKSUID(at), "random part")
	assert.Less(t, a[:6], b[:6], "ordered by time")
	assert.False(t, isKSUID("2VejGqWZPqHXHVNcfUPUO8IASA"), "26 characters")
	assert.False(t, isKSUID("2VejGqWZPqHXHVNcfUPUO8IAS-p"))
	assert.True(t, isKSUID("2VejGqWZPqHXHVNcfUPUO8IASAp"), "VCC's example")
}

func TestEventTime(t *testing.T) {
	at := time.Date(2023, 9, 20, 9, 49, 6, 613432100, time.FixedZone("CEST", 7200))
	assert.Equal(t, "2023-09-20T07:49:06.6134321Z", eventTime(at))
}

func TestWithTimestamp(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		data any
		want string
	}{
		"struct without":   {ChannelData{Reason: "released"}, `{"timestamp":"2026-03-02T09:00:00.0000000Z","channel":{"conversationId":"","interactionId":"","channelId":"","party":{"role":""}},"reason":"released"}`},
		"map with its own": {map[string]string{"timestamp": "x"}, `{"timestamp":"x"}`},
		"not an object":    {[]int{1}, `[1]`},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := withTimestamp(tc.data, at)
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(got))
		})
	}
	_, err := withTimestamp(func() {}, at)
	assert.Error(t, err)
}

func TestEventTypeNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"channel.alerted.v1", true},
		{"channel.alerted.v0", true},
		{"agent.presencechanged.v1", true},
		{"channel.*.v1", false},
		{"*.*.*", false},
		{"channel.alerted.v2", false},
		{"channel.ended.extra.v1", false},
	} {
		assert.Equal(t, tc.want, isEventType(tc.name), tc.name)
	}
	base, ok := eventBase("channel.wrapstarted.v0")
	assert.True(t, ok)
	assert.Equal(t, "channel.wrapstarted", base)
	for _, bad := range []string{"channel.wrapstarted.v2", "channel.started.v1", "nodots"} {
		_, ok := eventBase(bad)
		assert.False(t, ok, bad)
	}
	assert.Len(t, eventTypes(), 22)
}

// An unknown event type is a programming error: logged, never delivered.
func TestPublishUnknownType(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	rc := startReceiver(t, nil)
	sim.subscribe(rc.srv.URL, []string{"channel.held.v1"}, "")
	sim.srv.publish("call.started.v1", "x", map[string]string{})
	sim.srv.publish("channel.held.v1", "chan", json.RawMessage(`{"channel":{}}`))
	got := rc.waitFor(1)
	assert.Equal(t, "channel.held.v1", got[0].event.Type)
}
