//go:build !js

package bridge

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A webhook served with a ClaimAhead claims the outbox's next op in the
// write that queues it, and the run given the same ClaimAhead starts with
// that op; served without one (the native bridge), it claims nothing.
func TestWebhookClaimsAhead(t *testing.T) {
	w := newOutboxWorld(t, webhookConfig())
	ctx := context.Background()
	alerted := func(call string) []byte {
		return w.channelEvent("evt-"+call, "channel.alerted.v1", call, "customer", `,"address":"+14155550201"`)
	}
	post := func(ctx context.Context, body []byte) int { return w.post(t, ctx, body) }

	ahead := new(ClaimAhead)
	require.Equal(t, http.StatusOK, post(WithClaimAhead(ctx, ahead), alerted("ix-1")))
	require.NotNil(t, ahead.op, "the webhook's write claimed an op")
	assert.True(t, strings.HasSuffix(ahead.op.Key, ":ix-1"), ahead.op.Key)
	require.NotNil(t, ahead.op.Call, "with its call's row")
	claimed := *ahead.op

	// A duplicate queues nothing, so it claims nothing.
	again := new(ClaimAhead)
	require.Equal(t, http.StatusOK, post(WithClaimAhead(ctx, again), alerted("ix-1")))
	assert.Nil(t, again.op)

	// The claimed op is leased: no other run takes it.
	for {
		op, ok, err := w.st.ClaimNext(ctx, time.Minute)
		require.NoError(t, err)
		if !ok {
			break
		}
		assert.NotEqual(t, claimed.ID, op.ID)
		require.NoError(t, w.st.Done(ctx, op.ID))
	}
	// The run after the answer starts with it, and takes it.
	ran, err := w.s.RunOutbox(WithClaimAhead(ctx, ahead), 1)
	require.NoError(t, err)
	assert.Equal(t, 1, ran)
	assert.Nil(t, ahead.op)

	// Without a ClaimAhead, the webhook's ops are left for the outbox.
	require.Equal(t, http.StatusOK, post(ctx, alerted("ix-2")))
	op, ok, err := w.st.ClaimNext(ctx, time.Minute)
	require.NoError(t, err)
	require.True(t, ok, "nothing was claimed")
	assert.True(t, strings.HasSuffix(op.Key, ":ix-2"), op.Key)

	// An op claimed ahead whose run never starts is given back: the next
	// claim takes it at once, not when its lease ends.
	dropped := new(ClaimAhead)
	require.Equal(t, http.StatusOK, post(WithClaimAhead(ctx, dropped), alerted("ix-3")))
	require.NotNil(t, dropped.op)
	id := dropped.op.ID
	w.s.ReleaseClaimed(ctx, dropped)
	assert.Nil(t, dropped.op)
	op, ok, err = w.st.ClaimNext(ctx, time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, id, op.ID)
	w.s.ReleaseClaimed(ctx, dropped) // holds nothing now: does nothing
}
