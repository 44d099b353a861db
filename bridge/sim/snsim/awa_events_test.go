package snsim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAWAWorkspaceEvents(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	sub := f.subscribe(beth)

	ix := f.call("+14155550199", supportQueue)
	wi := f.item(ix["sys_id"])
	evs := drain(sub)
	require.Len(t, evs, 1)
	require.NotNil(t, evs[0].Offer)
	assert.Equal(t, "+14155550199", evs[0].Offer.Caller)
	assert.Equal(t, ix["number"], evs[0].Offer.Number)
	assert.Equal(t, "Support Phone", evs[0].Offer.Queue)
	assert.Equal(t, f.clock.Now().UnixMilli()+30000, evs[0].Offer.ExpiresAt)
	assert.JSONEq(t, `{"result":{"workItem":{"sys_id":"`+wi["sys_id"]+`","size":1,
		"serviceChannel":{"name":"Phone","sys_id":"`+phoneChannel+`"},
		"document":{"sys_id":"`+ix["sys_id"]+`","table":"interaction"},
		"isQueueTransferred":false,"isAutoAccepted":false}}}`, jsonOf(t, panelEvents(evs)["openframe_awa_workitem_offered"]))

	require.NoError(t, f.awa.Reject(beth, wi["sys_id"], reasonBusy))
	f.awa.Settle()
	evs = drain(sub)
	require.Len(t, evs, 1)
	assert.Equal(t, wi["sys_id"], evs[0].Closed)
	assert.JSONEq(t, `{"payload":{"workItem":{"sys_id":"`+wi["sys_id"]+`","size":1,
		"serviceChannel":{"name":"Phone","sys_id":"`+phoneChannel+`"},
		"document":{"sys_id":"`+ix["sys_id"]+`","table":"interaction"},
		"isQueueTransferred":false,"isAutoAccepted":false,
		"rejection":{"reason":"Busy","sys_id":"`+reasonBusy+`"}}}}`, jsonOf(t, panelEvents(evs)["openframe_awa_workitem_rejected"]))

	f.presence(beth, stateAway)
	evs = drain(sub)
	require.Len(t, evs, 1)
	assert.JSONEq(t, `{"result":{"presence":{"name":"Away","sys_id":"`+stateAway+`","available":false,"channels":[]}}}`,
		jsonOf(t, panelEvents(evs)["openframe_awa_agent_presence"]))
}

func TestAWAWorkspaceEventsOnAccept(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	ix := f.call("+14155550199", supportQueue)
	wi := f.item(ix["sys_id"])
	sub := f.subscribe(beth)

	f.accept(beth, wi["sys_id"])

	evs := drain(sub)
	panel := panelEvents(evs)
	require.Contains(t, panel, "openframe_awa_workitem_accepted")
	assert.Contains(t, jsonOf(t, panel["openframe_awa_workitem_accepted"]), `"sys_id":"`+wi["sys_id"]+`"`)
	var record *WorkspaceRecord
	for _, ev := range evs {
		if ev.Record != nil {
			record = ev.Record
		}
	}
	require.NotNil(t, record, "the interaction now assigned to Beth")
	assert.Equal(t, ix["sys_id"], record.SysID)
}

// Every change of AWA presence reaches the panel, AWA's own timeout
// presence included.
func TestAWAPresenceEventOnTimeout(t *testing.T) {
	f := newAWAFixture(t)
	f.presence(beth, stateAvail)
	f.call("+14155550199", supportQueue)
	sub := f.subscribe(beth)

	f.advance(30 * time.Second)

	panel := panelEvents(drain(sub))
	require.Contains(t, panel, "openframe_awa_agent_presence")
	assert.JSONEq(t, `{"result":{"presence":{"name":"Away","sys_id":"`+stateAway+`","available":false,"channels":[]}}}`,
		jsonOf(t, panel["openframe_awa_agent_presence"]))
}
