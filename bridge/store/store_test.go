//go:build !js

package store

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/calls"
)

func open(t *testing.T) (*Store, *time.Time) {
	t.Helper()
	s, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "bridge.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	return s, &now
}

func TestMigrationsAreIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridge.db")
	for i := 0; i < 2; i++ {
		s, err := OpenSQLite(context.Background(), path)
		require.NoError(t, err)
		require.NoError(t, s.Close())
	}
}

func TestEventsAreStoredOnce(t *testing.T) {
	s, _ := open(t)
	ctx := context.Background()
	e := Event{Source: "/channel", ID: "2Ve", Type: "channel.alerted.v1", Key: "call-1", At: time.Unix(10, 0), Body: []byte(`{}`)}
	ok, err := s.AddEvent(ctx, e)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = s.AddEvent(ctx, e)
	require.NoError(t, err)
	assert.False(t, ok, "a redelivery is a duplicate")
	early := Event{Source: "/channel", ID: "2Va", Type: "channel.x.v1", Key: "call-1", At: time.Unix(5, 0), Body: []byte(`{}`)}
	_, _ = s.AddEvent(ctx, early)
	evs, err := s.PendingEvents(ctx, "call-1")
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.Equal(t, "2Va", evs[0].ID, "oldest event time first")
	require.NoError(t, s.MarkProcessed(ctx, evs[0]))
	keys, err := s.PendingKeys(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"call-1"}, keys)
}

func TestCallsConflict(t *testing.T) {
	s, _ := open(t)
	ctx := context.Background()
	a, err := s.LoadCall(ctx, "call-1")
	require.NoError(t, err)
	b := a
	a.Facts.From = "+1"
	require.NoError(t, s.SaveCall(ctx, &a))
	b.Facts.From = "+2"
	assert.ErrorIs(t, s.SaveCall(ctx, &b), ErrConflict)

	// Concurrent updaters all land.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := s.UpdateCall(ctx, "call-1", func(c *Call) error {
				c.Facts.Apply(calls.Event{ID: string(rune('a' + i)), Kind: calls.Held, At: time.Unix(int64(i+1), 0)})
				return nil
			})
			assert.NoError(t, err)
		}(i)
	}
	wg.Wait()
	c, err := s.LoadCall(ctx, "call-1")
	require.NoError(t, err)
	assert.Len(t, c.Facts.Held, 8)

	c.Sync.InteractionSysID = "ix1"
	require.NoError(t, s.SaveCall(ctx, &c))
	of, ok, err := s.CallOfInteraction(ctx, "ix1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "call-1", of.Facts.VCCID)
	assert.Equal(t, c.Version, of.Version)
	assert.Len(t, of.Facts.Held, 8)
	_, ok, err = s.CallOfInteraction(ctx, "ix2")
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestOutbox(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	require.NoError(t, s.Enqueue(ctx, "call:1", "sync", "", *now, true))
	require.NoError(t, s.Enqueue(ctx, "call:1", "note", "later", *now, false))
	pending, _, err := s.OutboxStats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, pending, "one sync per call is enough")

	op, ok, err := s.Claim(ctx, "call:1", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "sync", op.Kind)
	_, ok, _ = s.Claim(ctx, "call:1", time.Minute)
	assert.False(t, ok, "a claimed op is not handed out twice")

	require.NoError(t, s.Retry(ctx, op.ID, now.Add(30*time.Second), errors.New("429")))
	_, ok, _ = s.Claim(ctx, "call:1", time.Minute)
	assert.False(t, ok, "the key waits for its first op: order per key")
	keys, _ := s.DueKeys(ctx, 10)
	assert.Empty(t, keys)

	*now = now.Add(31 * time.Second)
	op2, ok, _ := s.Claim(ctx, "call:1", time.Minute)
	require.True(t, ok)
	assert.Equal(t, op.ID, op2.ID)
	assert.Equal(t, 1, op2.Attempts)
	assert.Equal(t, "429", op2.LastErr)
	require.NoError(t, s.Done(ctx, op2.ID))
	op3, ok, _ := s.Claim(ctx, "call:1", time.Minute)
	require.True(t, ok)
	assert.Equal(t, "note", op3.Kind)
}

func TestLeases(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	ok, _ := s.Acquire(ctx, "call:1", "a", 10*time.Second)
	assert.True(t, ok)
	ok, _ = s.Acquire(ctx, "call:1", "b", 10*time.Second)
	assert.False(t, ok)
	ok, _ = s.Acquire(ctx, "call:1", "a", 10*time.Second)
	assert.True(t, ok, "the holder renews")
	*now = now.Add(11 * time.Second)
	ok, _ = s.Acquire(ctx, "call:1", "b", 10*time.Second)
	assert.True(t, ok, "an expired lease is free")
	require.NoError(t, s.Release(ctx, "call:1", "b"))
	ok, _ = s.Acquire(ctx, "call:1", "a", 10*time.Second)
	assert.True(t, ok)
}

func TestAgentsAndKV(t *testing.T) {
	s, now := open(t)
	ctx := context.Background()
	require.NoError(t, s.SaveAgentIdentity(ctx, Agent{UserName: "beth.anglin", VCCUserID: "u1", SysID: "s1"}))
	require.NoError(t, s.SetAgentPanel(ctx, "beth.anglin", now.Add(time.Minute)))
	a, ok, err := s.AgentByVCCID(ctx, "u1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "s1", a.SysID)
	assert.True(t, a.PanelUntil.Equal(now.Add(time.Minute)))
	_, ok, _ = s.AgentByName(ctx, "nobody")
	assert.False(t, ok)

	// Each setter changes its own columns: a late presence is ignored, and
	// the identity and the AWA state never undo the presence.
	set, err := s.SetAgentPresence(ctx, "beth.anglin", "Away", now.Add(2*time.Second))
	require.NoError(t, err)
	assert.True(t, set)
	set, _ = s.SetAgentPresence(ctx, "beth.anglin", "Ready", now.Add(time.Second))
	assert.False(t, set, "older than the one known")
	require.NoError(t, s.SaveAgentIdentity(ctx, Agent{UserName: "beth.anglin", VCCUserID: "u1", SysID: "s1", Name: "Beth Anglin"}))
	require.NoError(t, s.SetAgentAWAState(ctx, "beth.anglin", "Away"))
	require.NoError(t, s.SetAgentPanel(ctx, "beth.anglin", now.Add(time.Hour)))
	a, _, _ = s.AgentByName(ctx, "beth.anglin")
	assert.Equal(t, "Away", a.Presence)
	assert.True(t, a.PresenceAt.Equal(now.Add(2*time.Second)))
	assert.Equal(t, "Away", a.AWAState)
	assert.Equal(t, "Beth Anglin", a.Name)
	assert.True(t, a.PanelUntil.Equal(now.Add(time.Hour)))
	require.NoError(t, s.SaveAgentIdentity(ctx, Agent{UserName: "abel.tuter", VCCUserID: "u2", SysID: "s2"}))
	a, ok, _ = s.AgentByVCCID(ctx, "u2")
	assert.True(t, ok, "a new agent is inserted")
	assert.Empty(t, a.Presence)

	require.NoError(t, s.Put(ctx, "tok", "abc", now.Add(time.Minute)))
	v, ok, _ := s.Get(ctx, "tok")
	assert.True(t, ok)
	assert.Equal(t, "abc", v)
	*now = now.Add(2 * time.Minute)
	_, ok, _ = s.Get(ctx, "tok")
	assert.False(t, ok, "expired")
}
