package snsim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAWAOffersAPhoneCallToTheAvailableAgent(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)

	ix := f.call("+14155550199", supportQueue)

	wi := f.item(ix["sys_id"])
	assert.Equal(t, wiPendingAccept, wi["state"])
	assert.Equal(t, beth, wi["assigned_to"])
	assert.Equal(t, tInteraction, wi["document_table"])
	assert.Equal(t, supportQueue, wi["queue"])
	assert.Equal(t, phoneChannel, wi["service_channel"])
	assert.Equal(t, "1", wi["offer_count"])
	assert.Equal(t, Timestamp(f.clock.Now()), wi["offered_on"])
	assert.Equal(t, "30", wi["offer_timeout"], "the Most Capacity rule's timeout")
	assert.Equal(t, "Interaction: "+ix["number"], wi["display_name"])
}

func TestAWARoutesOnlyWhatMatchesAChannelAndAQueue(t *testing.T) {
	tests := []struct {
		name string
		ix   Record
	}{
		{"chat interaction in a phone queue", Record{"type": "chat", "state": "new", "queue": supportQueue}},
		{"phone interaction without a queue", Record{"type": "phone", "state": "new"}},
		{"phone interaction in an unknown queue", Record{"type": "phone", "state": "new", "queue": "nosuchqueue"}},
		{"phone interaction already being worked", Record{"type": "phone", "state": "work_in_progress", "queue": supportQueue}},
		{"closed phone interaction", Record{"type": "phone", "state": "closed_complete", "queue": supportQueue}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAWAFixture(t)
			f.presence(beth, stateAvail)
			ix, err := f.db.Insert(tInteraction, tt.ix, "vcc.integration")
			require.NoError(t, err)
			f.awa.Settle()
			assert.Empty(t, f.items(ix["sys_id"]))
		})
	}
}

func TestAWAAcceptAssignsTheInteractionAndUsesCapacity(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	ix := f.call("+14155550199", supportQueue)
	wi := f.item(ix["sys_id"])

	f.accept(beth, wi["sys_id"])

	wi = f.item(ix["sys_id"])
	assert.Equal(t, wiAccepted, wi["state"])
	got, err := f.db.Get(tInteraction, ix["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, beth, got["assigned_to"])
	assert.Equal(t, ixWorkInProgress, got["state"])
	assert.Zero(t, f.clock.pending(), "an accepted offer has no timeout")

	capacity := f.awa.capacities(beth)
	assert.Nil(t, capacity.UniversalWorkload, "no universal capacity record")
	assert.Contains(t, capacity.Channels, channelCapacity{ChannelSysID: phoneChannel, CurrentWorkload: 1, MaxCapacity: 1})

	second := f.call("+14155550198", supportQueue)
	assert.Equal(t, wiQueued, f.item(second["sys_id"])["state"], "Beth's phone capacity is 1 and Abel is offline")
}

func TestAWATimeoutSetsAwayAndRequeues(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	ix := f.call("+14155550199", supportQueue)
	first := f.item(ix["sys_id"])

	f.advance(29 * time.Second)
	assert.Equal(t, wiPendingAccept, f.item(ix["sys_id"])["state"], "not yet")

	f.advance(time.Second)
	old, err := f.db.Get(tWorkItem, first["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, Record{"state": wiCancelled, "cancel_reason": "Time out", "timed_out": "true", "active": "false"},
		pick(old, "state", "cancel_reason", "timed_out", "active"))
	assert.Equal(t, "Away", f.awa.PresenceOf(beth).Name, "the rule's timeout presence")
	next := f.item(ix["sys_id"])
	assert.Equal(t, wiQueued, next["state"])
	assert.Equal(t, first["sys_id"], next["previous_work_item"])

	f.presence(abel, stateAvail)
	assert.Equal(t, abel, f.item(ix["sys_id"])["assigned_to"], "an agent becoming available gets the waiting item")
}

func TestAWACallerHangsUp(t *testing.T) {
	tests := []struct {
		name    string
		agent   bool // an agent is available, so the item is offered
		changes Record
	}{
		{"abandoned while queued", false, Record{"state": "closed_abandoned"}},
		{"abandoned while offered", true, Record{"state": "closed_abandoned"}},
		{"deactivated while queued", false, Record{"active": "false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAWAFixture(t)
			if tt.agent {
				f.presence(beth, stateAvail)
			}
			ix := f.call("+14155550199", supportQueue)
			id := f.item(ix["sys_id"])["sys_id"]

			f.update(tInteraction, ix["sys_id"], tt.changes)

			wi, err := f.db.Get(tWorkItem, id)
			require.NoError(t, err)
			assert.Equal(t, Record{"state": wiCancelled, "active": "false", "cancel_reason": cancelDisqualified},
				pick(wi, "state", "active", "cancel_reason"))
			assert.Zero(t, f.clock.pending(), "no offer timeout left running")
			f.advance(time.Minute)
			assert.Equal(t, "Offline", f.awa.PresenceOf(abel).Name)
		})
	}
}

func TestAWACapacityIsReleasedWhenTheInteractionEnds(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	first := f.call("+14155550199", supportQueue)
	f.accept(beth, f.item(first["sys_id"])["sys_id"])
	second := f.call("+14155550198", supportQueue)

	f.update(tInteraction, first["sys_id"], Record{"state": ixWrapUp})
	assert.Equal(t, wiQueued, f.item(second["sys_id"])["state"], "wrap-up still holds capacity")

	f.update(tInteraction, first["sys_id"], Record{"state": "closed_complete"})
	assert.Empty(t, f.awa.activeItems(tInteraction, first["sys_id"]))
	assert.Equal(t, beth, f.item(second["sys_id"])["assigned_to"], "the freed capacity takes the waiting call")
}

func TestAWAServesQueuedItemsInOrder(t *testing.T) {
	f := newAWAFixture(t)
	first := f.call("+14155550101", supportQueue)
	second := f.call("+14155550102", serviceDesk)

	f.presence(beth, stateAvail)
	assert.Equal(t, beth, f.item(first["sys_id"])["assigned_to"])
	assert.Equal(t, wiQueued, f.item(second["sys_id"])["state"])

	f.presence(abel, stateAvail)
	assert.Equal(t, abel, f.item(second["sys_id"])["assigned_to"])
}

func TestAWARanksAgentsByTheRule(t *testing.T) {
	// Beth can take 3 calls, Abel 1; both are available.
	tests := []struct {
		name     string
		assignBy string
		want     []string // who gets calls 1 and 2
	}{
		{"most capacity: the most spare capacity first", assignMostCapacity, []string{beth, beth}},
		{"last assigned: whoever waited longest first", assignLastAssigned, []string{beth, abel}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAWAFixture(t)
			f.update(tAssignmentRule, mostCapacity, Record{"assign_by": tt.assignBy})
			require.NoError(t, f.awa.do(func() error {
				f.awa.setCapacity(beth, phoneChannel, 3)
				return nil
			}))
			f.presence(beth, stateAvail)
			f.presence(abel, stateAvail)
			var got []string
			for range tt.want {
				ix := f.call("+14155550199", supportQueue)
				got = append(got, f.item(ix["sys_id"])["assigned_to"])
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAWATwoAgentsShareTheCalls(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	f.presence(abel, stateAvail)
	first := f.call("+14155550101", supportQueue)
	second := f.call("+14155550102", supportQueue)
	third := f.call("+14155550103", supportQueue)

	assert.Equal(t, beth, f.item(first["sys_id"])["assigned_to"], "equal capacity, never assigned: the lower sys_id")
	assert.Equal(t, abel, f.item(second["sys_id"])["assigned_to"], "Beth's capacity of 1 is used")
	assert.Equal(t, wiQueued, f.item(third["sys_id"])["state"], "nobody has capacity left")
}

func TestAWAAgentOutsideThePoolGetsNothing(t *testing.T) {
	f := newAWAFixture(t)
	members := f.awa.find(tGroupMember, func(r Record) bool { return r["user"] == beth && r["group"] == serviceDeskGr })
	require.Len(t, members, 1)
	require.NoError(t, f.db.Delete(tGroupMember, members[0]["sys_id"], "admin"))
	f.presence(beth, stateAvail)

	ix := f.call("+14155550199", supportQueue)
	assert.Equal(t, wiQueued, f.item(ix["sys_id"])["state"])
}

func TestAWAChannelTurnedOffGetsNothing(t *testing.T) {
	f := newAWAFixture(t)
	_, err := f.awa.SetPresence(beth, stateAvail, []ChannelSetting{{SysID: phoneChannel, Available: false}})
	require.NoError(t, err)
	f.awa.Settle()
	ix := f.call("+14155550199", supportQueue)
	assert.Equal(t, wiQueued, f.item(ix["sys_id"])["state"])

	f.presence(beth, stateAvail) // unchanged: no effect
	_, err = f.awa.SetPresence(beth, stateAvail, []ChannelSetting{{SysID: phoneChannel, Available: true}})
	require.NoError(t, err)
	f.awa.Settle()
	assert.Equal(t, beth, f.item(ix["sys_id"])["assigned_to"])
}

func TestAWAAutoAccept(t *testing.T) {
	f := newAWAFixture(t)
	f.update(tAssignmentRule, mostCapacity, Record{"auto_accept": "true"})
	f.presence(beth, stateAvail)
	ix := f.call("+14155550199", supportQueue)

	wi := f.item(ix["sys_id"])
	assert.Equal(t, wiAccepted, wi["state"])
	assert.Equal(t, "true", wi["auto_accepted"])
	got, err := f.db.Get(tInteraction, ix["sys_id"])
	require.NoError(t, err)
	assert.Equal(t, ixWorkInProgress, got["state"])
}

func TestAWAFollowsAReset(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	ix := f.call("+14155550199", supportQueue)
	require.Equal(t, wiPendingAccept, f.item(ix["sys_id"])["state"])
	sub := f.subscribe(beth)

	require.NoError(t, f.db.Reset(f.seed))
	f.awa.Settle()

	assert.Zero(t, f.clock.pending(), "the offer's timer stopped")
	assert.Equal(t, "Offline", f.awa.PresenceOf(beth).Name, "presence is the seed's again")
	select {
	case <-sub.done:
	default:
		t.Fatal("a workspace page was not told to start again")
	}
	f.presence(beth, stateAvail)
	again := f.call("+14155550199", supportQueue)
	assert.Equal(t, beth, f.item(again["sys_id"])["assigned_to"], "routing works on the restored seed")
}

func TestAWACloseStopsEverything(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	f.call("+14155550199", supportQueue)
	require.Equal(t, 1, f.clock.pending())

	f.awa.Close()
	assert.Zero(t, f.clock.pending())
	_, err := f.awa.SetPresence(beth, stateAway, nil)
	assert.ErrorIs(t, err, errAWAClosed)
	f.awa.Close() // again is harmless
}
