//go:build !js

package bridge

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/store"
)

// An event that leaves ServiceNow nothing to write (here the agent's
// channel ringing on a call whose interaction exists) queues no sync, and
// no run follows it; it finishes a sync that was postponed to wait for
// news. An event that leaves a write to make queues one.
func TestAnEventThatChangesNothingQueuesNothing(t *testing.T) {
	w := newOutboxWorld(t, webhookConfig())
	ctx := context.Background()
	c := store.Call{}
	c.Facts.VCCID = "ix-1"
	c.Facts.Apply(calls.Event{ID: "q", Kind: calls.CustomerQueued, At: *w.now, From: "+14155550201", Queue: "support", Direction: "inbound"})
	c.Sync = store.Sync{InteractionSysID: "i1", State: calls.StateNew, Correlated: true}
	require.NoError(t, w.st.SaveCall(ctx, &c))
	// A sync postponed until a minute from now, as one waiting for a late
	// event is.
	require.NoError(t, w.st.Enqueue(ctx, "call:ix-1", opSync, "", *w.now, true))
	op, ok, err := w.st.ClaimNext(ctx, time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, w.st.Postpone(ctx, op, w.now.Add(time.Minute)))

	event := func(id, typ, role, party string) []byte { return w.channelEvent(id, typ, "ix-1", role, party) }
	post := func(body []byte) {
		t.Helper()
		require.Equal(t, http.StatusOK, w.post(t, ctx, body))
	}

	w.s.QueuedWork()
	post(event("e1", "channel.alerted.v1", "agent", `,"userId":"u-beth"`))
	assert.False(t, w.s.QueuedWork(), "no run follows")
	ops, err := w.st.Unfinished(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, ops, "no sync queued, and the postponed one is finished")

	// The customer hangs up in the queue: the interaction is to be closed
	// as abandoned, a write, so a sync is queued.
	post(event("e2", "channel.ended.v1", "customer", `,"address":"+14155550201"`))
	assert.True(t, w.s.QueuedWork())
	ops, err = w.st.Unfinished(ctx, 10)
	require.NoError(t, err)
	require.Len(t, ops, 1)
	assert.Equal(t, "call:ix-1", ops[0].Key)
}
