//go:build !js

package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/sim/snsim"
)

// The watch finds a call's interaction whichever row the instance writes
// first, whether the agent waits before or after.
func TestInteractionWatch(t *testing.T) {
	cases := []struct {
		name        string
		logFirst    bool
		waitBefore  bool
		otherWrites bool
	}{
		{"phone log first, waited for after", true, false, false},
		{"interaction first, waited for after", false, false, false},
		{"phone log first, waited for before", true, true, false},
		{"interaction first, waited for before", false, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := snsim.NewDB(nil)
			for _, table := range []string{"sn_openframe_phone_log", "interaction", "incident"} {
				db.CreateTable(table)
			}
			w := watchInteractions(db)
			defer w.cancel()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			got := make(chan string, 1)
			if tc.waitBefore {
				go func() { ix, _ := w.wait(ctx, "call-1"); got <- ix }()
				time.Sleep(10 * time.Millisecond)
			}
			logID, ixID := snsim.NewSysID(), snsim.NewSysID()
			insertLog := func() {
				_, err := db.Insert("sn_openframe_phone_log", snsim.Record{"sys_id": logID, "call_id": "call-1"}, "test")
				require.NoError(t, err)
			}
			insertIx := func() {
				_, err := db.Insert("interaction", snsim.Record{"sys_id": ixID, "channel_metadata_document": logID}, "test")
				require.NoError(t, err)
			}
			if tc.otherWrites {
				_, err := db.Insert("incident", snsim.Record{"short_description": "unrelated"}, "test")
				require.NoError(t, err)
			}
			if tc.logFirst {
				insertLog()
				insertIx()
			} else {
				insertIx()
				insertLog()
			}
			if !tc.waitBefore {
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
