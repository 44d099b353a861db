//go:build !js

package vccsim

import (
	"encoding/json"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// channelEvents are the v1 channel event types, by name.
var channelEvents = []string{evAlerted, evConnected, evConnectionFailed, evHeld, evRetrieved,
	"channel.interrupted.v1", "channel.resumed.v1", evDisconnected, evWrapStarted, evEnded}

// eventLog is what a webhook receiver got.
type eventLog struct {
	mu     sync.Mutex
	events []CloudEvent
}

func (l *eventLog) add(ev CloudEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !slices.ContainsFunc(l.events, func(e CloudEvent) bool { return e.ID == ev.ID }) {
		l.events = append(l.events, ev)
	}
}

// lifecycle is a call's events as "<role> <event>" in delivery order, the
// reason appended when there is one.
func (l *eventLog) lifecycle(t *testing.T, callID string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, ev := range l.events {
		var d ChannelData
		require.NoError(t, json.Unmarshal(ev.Data, &d))
		if d.Channel.InteractionID != callID {
			continue
		}
		line := d.Channel.Party.Role + " " + ev.Type[len("channel."):len(ev.Type)-len(".v1")]
		if d.Reason != "" {
			line += " " + d.Reason
		}
		out = append(out, line)
	}
	return out
}

// agentEvents are the event names ("alerted", "ended") of a call's agent
// channels of one user, in delivery order.
func (l *eventLog) agentEvents(t *testing.T, callID, userID string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, ev := range l.events {
		var d ChannelData
		require.NoError(t, json.Unmarshal(ev.Data, &d))
		if d.Channel.InteractionID == callID && d.Channel.Party.UserID == userID {
			out = append(out, ev.Type[len("channel."):len(ev.Type)-len(".v1")])
		}
	}
	return out
}

// find returns the first event of a call matching type and role.
func (l *eventLog) find(t *testing.T, callID, typ, role string) (ChannelData, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, ev := range l.events {
		var d ChannelData
		require.NoError(t, json.Unmarshal(ev.Data, &d))
		if d.Channel.InteractionID == callID && ev.Type == typ && d.Channel.Party.Role == role {
			return d, true
		}
	}
	return ChannelData{}, false
}
