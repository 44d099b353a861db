//go:build !js

package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/sim/snsim"
)

// The watch finds a call's interaction by its tag, whether the agent waits
// before or after the instance writes it, among other writes.
func TestInteractionWatch(t *testing.T) {
	for _, waitBefore := range []bool{false, true} {
		t.Run(map[bool]string{false: "waited for after", true: "waited for before"}[waitBefore], func(t *testing.T) {
			db := snsim.NewDB(nil)
			for _, table := range []string{"interaction", "incident"} {
				db.CreateTable(table)
			}
			w := watchInteractions(db)
			defer w.cancel()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			got := make(chan string, 1)
			if waitBefore {
				go func() { ix, _ := w.wait(ctx, "call-1"); got <- ix }()
				time.Sleep(10 * time.Millisecond)
			}
			insert := func(table string, r snsim.Record) {
				_, err := db.Insert(table, r, "test")
				require.NoError(t, err)
			}
			insert("incident", snsim.Record{"short_description": "unrelated " + records.Tag("call-1")})
			insert("interaction", snsim.Record{"short_description": "Call from nobody " + records.Tag("call-2")})
			ixID := snsim.NewSysID()
			insert("interaction", snsim.Record{"sys_id": ixID, "short_description": "Call from (415) 555-0199 in support " + records.Tag("call-1")})
			if !waitBefore {
				ix, err := w.wait(ctx, "call-1")
				require.NoError(t, err)
				got <- ix
			}
			assert.Equal(t, ixID, <-got)
		})
	}
}

// A call whose interaction never comes ends with the context.
func TestInteractionWatchGivesUp(t *testing.T) {
	w := watchInteractions(snsim.NewDB(nil))
	defer w.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := w.wait(ctx, "never")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}
