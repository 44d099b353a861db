package cti_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/openframe"
)

// A call Beth transferred rings at Abel's with its own story: who
// transferred it and from where, the wait since the transfer; answered, its
// talk timer counts from Abel's answer, not from Beth's.
func TestTransferredCallTellsItsStory(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	firstConnect := a.f.Clock.Now().Add(-3 * time.Minute).UTC().Format(time.RFC3339)
	transferAt := a.f.Clock.Now().Add(-5 * time.Second).UTC().Format(time.RFC3339)
	view, _ := json.Marshal(api.Interaction{SysID: "ix1", VCCID: "call-1", State: "new", Queue: "servicedesk", QueuedAt: transferAt,
		TransferredBy: "Beth Anglin", TransferredFrom: "support", Open: true, Limited: true})
	st := a.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: view})
	root := paint(a, st)
	assert.Equal(t, "Transferred by Beth Anglin from support", root.Find("transferred-by").TextContent())
	assert.Equal(t, "Queue: servicedesk · waited 0:35", root.Find("call-meta").TextContent())

	a.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
	st = a.in(cti.CallUpdated{Call: cti.PhoneCall{ID: "call-1", State: cti.CallStateConnected, Direction: cti.DirectionInbound,
		ConnectedAt: firstConnect}})
	require.Len(t, st.Calls, 1)
	assert.NotEmpty(t, st.Calls[0].AnsweredAt)
	root = paint(a, st)
	assert.Equal(t, "0:30", root.Find("call-timer").TextContent(), "from Abel's answer (render is 30 s later), not the call's first connect")
	assert.Equal(t, "Transferred by Beth Anglin from support", root.Find("transferred-by").TextContent())
}

// The agent who transferred is told where the caller went, not that the
// call ended; their own card never says "Transferred by" themselves.
func TestTransferringAgentsStory(t *testing.T) {
	a := newAgent(t)
	a.signedIn()
	connected(t, a)
	a.in(cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|queue:support"},
		cti.UIAction{Action: cti.ActTransfer, Value: "call-1"}, cti.UIAction{Action: cti.ActTransferConfirm, Value: "call-1"})
	st := a.ack(fake.OpTransfer, &cti.PhoneCall{ID: "call-1", State: cti.CallStateWrapUp})
	view, _ := json.Marshal(api.Interaction{SysID: "ix1", VCCID: "call-1", Queue: "support", TransferredBy: "Beth Anglin", TransferredFrom: "support", Open: true})
	st = a.in(cti.BridgeResult{ID: "transfer:call-1", Status: 200, Body: view})
	root := paint(a, st)
	assert.Equal(t, "Transferred to the support queue.", root.Find("transfer-result").TextContent())
	assert.Nil(t, root.Find("transferred-by"))
	assert.NotContains(t, root.TextContent(), "ended")
	assert.NotEmpty(t, root.Find("wrapup-timer").TextContent(), "a wrap-up timer")
}

// The record link opens the record in the workspace of the tab where the
// agent clicked it, leader or follower.
func TestOpenRecordFromTheCard(t *testing.T) {
	_, follow := followingACall(t)
	follow.in(cti.UIAction{Action: cti.ActOpenRecord, Value: "call-1"})
	assert.Contains(t, follow.f.Host.Take(), "OpenForm sn_customerservice_case sys_id=case1 ix1")
}

// "Use here" opens the call's record in the new tab's workspace.
func TestUseHereOpensTheRecordAgain(t *testing.T) {
	_, follow := followingACall(t)
	follow.in(cti.UIAction{Action: cti.ActUseHere}, cti.TabLed{})
	assert.Contains(t, follow.f.Host.Take(), "OpenForm sn_customerservice_case sys_id=case1 ix1")
}

// A wrap-up the bridge cannot take is kept in the snapshot with the
// agent's notes, shown as pending, sent again after a reload, and dropped
// once the bridge has it.
func TestWrapUpKeptAcrossAReload(t *testing.T) {
	before := newTab(t, "tab-a")
	before.in(cti.TabLed{})
	before.signedIn()
	connected(t, before)
	before.in(update(cti.CallStateWrapUp), cti.UIAction{Action: cti.ActNotes, Value: "call-1|router reset"},
		cti.UIAction{Action: cti.ActWrapUp, Value: "call-1"})
	st := before.in(cti.BridgeResult{ID: "wrapup:call-1", Err: errors.New("TypeError: Failed to fetch")})
	before.ack(fake.OpWrapUp, nil)
	st = before.c.State()
	assert.Empty(t, st.Calls, "the call is done at the contact centre")
	require.Len(t, st.Writes, 1)
	assert.Contains(t, paint(before, st).Find("saving").TextContent(), "Saving your wrap-up of the call with Ada Lovelace")
	snap := before.f.Snapshots.Last
	assert.Contains(t, string(snap), "router reset")
	assert.NotContains(t, string(snap), `"refresh"`, "the refresh token is never stored")

	after := newTab(t, "tab-a")
	st = after.in(cti.Restore{Snapshot: snap, Ms: 1})
	require.Len(t, st.Writes, 1, "still pending after the reload")
	after.in(cti.TabLed{})
	req, ok := after.f.Bridge.Find("wrapup:call-1")
	require.True(t, ok, "the reloaded leader sends it")
	assert.Equal(t, "router reset", bodyOf[api.WrapUp](t, req.Body).Notes)
	st = after.in(cti.BridgeResult{ID: "wrapup:call-1", Status: 200, Body: interaction(false)})
	assert.Empty(t, st.Writes)
	assert.Nil(t, paint(after, st).Find("saving"))
}

// Signing out in the leader signs every tab out: a follower forgets the
// tokens (its snapshot holds none) and cannot resume the session when it
// comes to lead.
func TestSignOutEndsEveryTab(t *testing.T) {
	lead := newTab(t, "tab-a")
	follow := newTab(t, "tab-b")
	lead.in(cti.TabLed{})
	lead.signedIn()
	deliver(lead, follow)
	require.Contains(t, string(follow.f.Snapshots.Last), "jwt")

	lead.in(cti.UIAction{Action: cti.ActSignOut})
	_, ok := lead.f.Tabs.Last(cti.TabSignedOut)
	require.True(t, ok)
	st := deliver(lead, follow)
	assert.False(t, st.SignedIn)
	assert.NotContains(t, string(follow.f.Snapshots.Last), "jwt")
	assert.NotContains(t, string(follow.f.Snapshots.Last), "resume-1")

	st = follow.in(cti.TabLed{})
	assert.False(t, st.SignedIn)
	assert.Empty(t, follow.f.Softphone.Take(), "nothing to resume")
}

// A reloaded leader gets the refresh token back from a follower, which
// holds it in memory only.
func TestRefreshTokenHandedBack(t *testing.T) {
	lead := newTab(t, "tab-a")
	follow := newTab(t, "tab-b")
	lead.in(cti.TabLed{})
	lead.signedIn()
	deliver(lead, follow)
	snap := lead.f.Snapshots.Last

	reloaded := newTab(t, "tab-a")
	reloaded.in(cti.Restore{Snapshot: snap, Ms: 1}, cti.TabLed{})
	reloaded.f.Tabs.Lock()
	hello := reloaded.f.Tabs.Sent[0]
	reloaded.f.Tabs.Sent = nil
	reloaded.f.Tabs.Unlock()
	require.Equal(t, cti.TabHello, hello.Kind)
	follow.in(cti.TabReceived{Msg: hello})
	m, ok := follow.f.Tabs.Last(cti.TabSession)
	require.True(t, ok)
	assert.Equal(t, "rt", m.Session.Refresh)
	reloaded.in(cti.TabReceived{Msg: m})
	reloaded.in(cti.Timer{Name: "refresh"})
	assert.True(t, strings.Contains(strings.Join(reloaded.f.Auth.Take(), ","), "Refresh rt"), "the refresh token is used again")
}

// followingACall is a leading tab on a connected call and a follower that
// has its state, with the follower's workspace calls so far taken.
func followingACall(t *testing.T) (lead, follow *agent) {
	lead, follow = newTab(t, "tab-a"), newTab(t, "tab-b")
	lead.in(cti.TabLed{})
	lead.signedIn()
	connected(t, lead)
	deliver(lead, follow)
	follow.f.Host.Take()
	return lead, follow
}
