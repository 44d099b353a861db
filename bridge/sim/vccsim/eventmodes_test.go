//go:build !js

package vccsim

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// shape is the JSON shape of an event's data: every member's path with the
// value of the strings that name things ("channel.party.role=customer"),
// sorted, the ids left out.
func shape(t *testing.T, data json.RawMessage) []string {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(data, &v))
	var out []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			switch x := m[k].(type) {
			case map[string]any:
				walk(prefix+k+".", x)
			case string:
				if k == "role" || k == "reason" || k == "direction" || k == "disposition" || k == "name" {
					out = append(out, prefix+k+"="+x)
				} else {
					out = append(out, prefix+k)
				}
			default:
				out = append(out, prefix+k)
			}
		}
	}
	walk("", v)
	return out
}

// callShapes runs one call (queued, handed to Beth, held, resumed, hung
// up, wrapped up with a code) and one the caller abandons, and returns
// the shapes of their events as "<type> <shape>".
func callShapes(t *testing.T, extensions bool) []string {
	sim := startACDSim(t, func(c *Config) { c.WebhookExtensions = extensions })
	beth := sim.readyAgent("beth.anglin")
	id := sim.connectedCall(beth, "+14155550190")
	beth.mustAck(vccproto.TypeHold, vccproto.CallRef{CallID: id})
	beth.mustAck(vccproto.TypeResume, vccproto.CallRef{CallID: id})
	beth.mustAck(vccproto.TypeHangup, vccproto.CallRef{CallID: id})
	beth.mustAck(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: "Resolved"})
	gone := sim.placeCall("+14155550191", "support")
	status, b := sim.control(http.MethodPost, "/sim/calls/"+gone+"/hangup", nil)
	require.Equal(t, http.StatusOK, status, "%s", b)
	sim.awaitLifecycle(gone, "customer alerted", "customer disconnected", "customer ended "+map[bool]string{false: "released", true: "abandoned"}[extensions])
	sim.awaitLifecycle(id, "customer alerted", "agent alerted", "agent connected", "customer connected", "customer held",
		"customer retrieved", "agent disconnected", "agent wrapstarted", "customer disconnected", "customer ended released",
		"agent ended released")

	var out []string
	sim.events.mu.Lock()
	defer sim.events.mu.Unlock()
	for _, ev := range sim.events.events {
		line := ev.Type + " " + strings.Join(shape(t, ev.Data), " ")
		if !slices.Contains(out, line) {
			out = append(out, line)
		}
	}
	slices.Sort(out)
	return out
}

// TestDocumentedChannelEvents: by default every channel event carries
// exactly the documented fields; the customer's party is a role alone.
func TestDocumentedChannelEvents(t *testing.T) {
	const ids = "channel.channelId channel.conversationId channel.interactionId "
	agent := ids + "channel.party.agentId channel.party.role=agent channel.party.userId"
	customer := ids + "channel.party.role=customer"
	want := []string{
		"channel.alerted.v1 " + agent + " timestamp",
		"channel.alerted.v1 " + customer + " timestamp",
		"channel.connected.v1 " + agent + " timestamp",
		"channel.connected.v1 " + customer + " timestamp",
		"channel.disconnected.v1 " + agent + " timestamp",
		"channel.disconnected.v1 " + customer + " timestamp",
		"channel.ended.v1 " + agent + " reason=released timestamp",
		"channel.ended.v1 " + customer + " reason=released timestamp",
		"channel.held.v1 " + customer + " timestamp",
		"channel.retrieved.v1 " + customer + " timestamp",
		"channel.wrapstarted.v1 " + agent + " timestamp",
	}
	slices.Sort(want)
	assert.Equal(t, want, callShapes(t, false))
}

// TestChannelEventExtensions: with Config.WebhookExtensions the events add
// the caller's number, the queue, the direction, the disposition and the
// precise reasons.
func TestChannelEventExtensions(t *testing.T) {
	got := callShapes(t, true)
	for _, want := range []string{
		"channel.alerted.v1 channel.channelId channel.conversationId channel.direction=inbound channel.interactionId " +
			"channel.party.address channel.party.role=customer channel.queue.name=support channel.queue.queueId timestamp",
		"channel.ended.v1 channel.channelId channel.conversationId channel.direction=inbound channel.interactionId " +
			"channel.party.agentId channel.party.role=agent channel.party.userId channel.queue.name=support channel.queue.queueId " +
			"disposition=Resolved reason=released timestamp",
		"channel.ended.v1 channel.channelId channel.conversationId channel.direction=inbound channel.interactionId " +
			"channel.party.address channel.party.role=customer channel.queue.name=support channel.queue.queueId reason=abandoned timestamp",
	} {
		assert.Contains(t, got, want)
	}
}

// The switches: unknown names are refused, WebhookExtensions is one of
// them, the dev stack's variable reads "1".
func TestAssumptionSwitches(t *testing.T) {
	assert.Equal(t, []string{switchTokenClaims, switchWebMessage, switchWebhookExtensions}, Assumptions())
	_, err := New(Config{BaseURL: "http://127.0.0.1:1", SeedDir: repoSeedDir(t), Assume: []string{"psychic-routing"}})
	require.ErrorContains(t, err, `vcc sim: unknown assumption "psychic-routing" (known: `)
	set, err := assumeSet(Config{WebhookExtensions: true, Assume: []string{switchWebMessage}})
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{switchWebhookExtensions: true, switchWebMessage: true}, set)

	t.Setenv(EnvWebhookExtensions, "1")
	assert.True(t, WebhookExtensionsFromEnv())
	t.Setenv(EnvWebhookExtensions, "0")
	assert.False(t, WebhookExtensionsFromEnv())
}
