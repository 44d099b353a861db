package snsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A seed queue's routing condition is "queue=<its own sys_id>" and the
// Phone channel's "type=phone^state=new": only those conditions route.
func TestAWARoutesByChannelAndQueueConditions(t *testing.T) {
	tests := []struct {
		name      string
		ix        Record
		wantQueue string // "" when the document is not routed
	}{
		{"phone call for the support queue", Record{"type": "phone", "state": "new", "queue": supportQueue}, supportQueue},
		{"phone call for the service desk", Record{"type": "phone", "state": "new", "queue": serviceDesk}, serviceDesk},
		{"chat interaction naming a phone queue", Record{"type": "chat", "state": "new", "queue": supportQueue}, ""},
		{"phone interaction matching no queue condition", Record{"type": "phone", "state": "new"}, ""},
		{"phone interaction naming an unknown queue", Record{"type": "phone", "state": "new", "queue": "nosuchqueue"}, ""},
		{"phone interaction already being worked", Record{"type": "phone", "state": "work_in_progress", "queue": supportQueue}, ""},
		{"closed phone interaction", Record{"type": "phone", "state": "closed_complete", "queue": supportQueue}, ""},
		{"phone interaction on hold", Record{"type": "phone", "state": "on_hold", "queue": supportQueue}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAWAFixture(t)
			ix, err := f.db.Insert(tInteraction, tt.ix, "vcc.integration")
			require.NoError(t, err)
			f.awa.Settle()
			items := f.items(ix["sys_id"])
			if tt.wantQueue == "" {
				assert.Empty(t, items, "not routed")
				return
			}
			require.Len(t, items, 1)
			assert.Equal(t, Record{"queue": tt.wantQueue, "service_channel": phoneChannel, "state": wiQueued},
				pick(items[0], "queue", "service_channel", "state"))
		})
	}
}

func TestAWAQueueConditions(t *testing.T) {
	phoneCall := Record{"type": "phone", "state": "new", "direction": "inbound", "queue": supportQueue}
	tests := []struct {
		name      string
		assume    []string
		changes   map[string]Record // awa_queue sys_id -> changes
		wantQueue string
	}{
		{"the queue whose condition matches", nil, nil, supportQueue},
		{"queues are tried by order: the first match wins", nil,
			map[string]Record{serviceDesk: {"condition": "direction=inbound", "order": "50"}}, serviceDesk},
		{"a later queue matching too does not matter", nil,
			map[string]Record{serviceDesk: {"condition": "direction=inbound"}}, supportQueue},
		{"an inactive queue is skipped", nil,
			map[string]Record{supportQueue: {"active": "false"}, serviceDesk: {"condition": "type=phone"}}, serviceDesk},
		{"a queue without a condition routes nothing", nil,
			map[string]Record{supportQueue: {"condition": ""}}, ""},
		{"switch on: a queue without a condition takes everything", []string{assumeUnconditionedQueue},
			map[string]Record{supportQueue: {"condition": ""}, serviceDesk: {"condition": ""}}, supportQueue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assume, err := assumeSet(tt.assume)
			require.NoError(t, err)
			f := newAWAFixtureWith(t, AWAOptions{Assume: assume})
			for id, changes := range tt.changes {
				f.update(tQueue, id, changes)
			}
			ix, err := f.db.Insert(tInteraction, phoneCall, "vcc.integration")
			require.NoError(t, err)
			f.awa.Settle()
			items := f.items(ix["sys_id"])
			if tt.wantQueue == "" {
				assert.Empty(t, items)
				return
			}
			require.Len(t, items, 1)
			assert.Equal(t, tt.wantQueue, items[0]["queue"])
		})
	}
}

func TestAWAChannelConditions(t *testing.T) {
	tests := []struct {
		name      string
		channel   Record // changes to the Phone channel
		wantRoute bool
	}{
		{"the seed's condition", nil, true},
		{"a channel without a condition takes every document of its table", Record{"condition": ""}, true},
		{"a condition the document does not match", Record{"condition": "type=phone^direction=outbound"}, false},
		{"an inactive channel routes nothing", Record{"active": "false"}, false},
		{"a channel of another table", Record{"table": "incident"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAWAFixture(t)
			if tt.channel != nil {
				f.update(tServiceChannel, phoneChannel, tt.channel)
			}
			ix := f.call("+14155550199", supportQueue)
			assert.Equal(t, tt.wantRoute, len(f.items(ix["sys_id"])) == 1)
		})
	}
}

func TestAWARoutesADocumentOnlyOnce(t *testing.T) {
	f := newAWAFixture(t)
	ix := f.call("+14155550199", supportQueue)
	f.update(tInteraction, ix["sys_id"], Record{"short_description": "still waiting"})
	assert.Len(t, f.items(ix["sys_id"]), 1, "an active work item: not routed again")
}
