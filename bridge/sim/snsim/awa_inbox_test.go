package snsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The engine's accept and reject (awa_offer.go), as the AWA Inbox Actions
// API and the workspace's inbox use them.

func TestAWAAcceptRefusals(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	ix := f.call("+14155550199", supportQueue)
	wi := f.item(ix["sys_id"])

	tests := []struct {
		name, agent, item, want string
	}{
		{"unknown work item", beth, "nosuchitem", "Wrong work item ID"},
		{"someone else's offer", abel, wi["sys_id"], "Work item is assigned to a different agent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.awa.Accept(tt.agent, tt.item)
			var ae *awaError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, 400, ae.status)
			assert.Equal(t, tt.want, ae.detail)
		})
	}
	f.accept(beth, wi["sys_id"])
	_, err := f.awa.Accept(beth, wi["sys_id"])
	assert.EqualError(t, err, "Bad Request: Work item is not in pending accept state")
}

func TestAWARejectGoesToTheNextAgent(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	f.presence(abel, stateAvail)
	ix := f.call("+14155550199", supportQueue)
	wi := f.item(ix["sys_id"])
	require.Equal(t, beth, wi["assigned_to"], "equal capacity, never assigned: the lower sys_id first")

	require.NoError(t, f.awa.Reject(beth, wi["sys_id"], reasonBusy))
	f.awa.Settle()

	again := f.item(ix["sys_id"])
	assert.Equal(t, wi["sys_id"], again["sys_id"], "the same work item is re-queued")
	assert.Equal(t, "true", again["rejected"])
	assert.Equal(t, abel, again["assigned_to"])
	assert.Equal(t, wiPendingAccept, again["state"])
	assert.Equal(t, "2", again["offer_count"])
	rejections := f.awa.find(tWorkItemRejection, nil)
	require.Len(t, rejections, 1)
	assert.Equal(t, Record{"work_item": wi["sys_id"], "agent": beth, "reject_reason": reasonBusy}, pick(rejections[0], "work_item", "agent", "reject_reason"))

	require.NoError(t, f.awa.Reject(abel, wi["sys_id"], reasonBusy))
	f.awa.Settle()
	last := f.item(ix["sys_id"])
	assert.Equal(t, wiQueued, last["state"], "both agents rejected it: it waits")
	assert.Empty(t, last["assigned_to"])
}

func TestAWARejectRefusals(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	wi := f.item(f.call("+14155550199", supportQueue)["sys_id"])
	chatOnly, err := f.db.Insert(tRejectReason, Record{"name": "Chat only", "service_channel": "27f675e3739713004a905ee515f6a7c3", "order": "3"}, "admin")
	require.NoError(t, err)
	inactive, err := f.db.Insert(tRejectReason, Record{"name": "Retired", "active": "false", "order": "4"}, "admin")
	require.NoError(t, err)

	tests := []struct {
		name, agent, item, reason string
		status                    int
		detail                    string
	}{
		{"unknown agent", "nobody", wi["sys_id"], reasonBusy, 404, "There is no record for sys_user : nobody"},
		{"unknown work item", beth, "nosuchitem", reasonBusy, 404, "There is no record for awa_work_item : nosuchitem"},
		{"unknown reason", beth, wi["sys_id"], "nosuchreason", 404, "There is no record for awa_reject_reason : nosuchreason"},
		{"someone else's offer", abel, wi["sys_id"], reasonBusy, 400, "Work item is assigned to a different agent"},
		{"a reason of another channel", beth, wi["sys_id"], chatOnly["sys_id"], 400,
			"Reject reason " + chatOnly["sys_id"] + " is not an active reason for the work item's service channel"},
		{"an inactive reason", beth, wi["sys_id"], inactive["sys_id"], 400,
			"Reject reason " + inactive["sys_id"] + " is not an active reason for the work item's service channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.awa.Reject(tt.agent, tt.item, tt.reason)
			var ae *awaError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.status, ae.status)
			assert.Equal(t, tt.detail, ae.detail)
		})
	}
	f.accept(beth, wi["sys_id"])
	err = f.awa.Reject(beth, wi["sys_id"], reasonBusy)
	assert.EqualError(t, err, "Bad Request: Work item is not in pending accept state")
}
