//go:build !js

package bridge

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/bridge/store"
)

func TestMergeSync(t *testing.T) {
	chosen := &store.Match{Kind: "csm", Contact: "c2"}
	cases := map[string]struct {
		mine, latest, want store.Sync
	}{
		"the syncer's write survives a facts change": {
			mine:   store.Sync{InteractionSysID: "ix", State: "wrap_up", Correlated: true},
			latest: store.Sync{InteractionSysID: "ix", State: "work_in_progress", Correlated: true},
			want:   store.Sync{InteractionSysID: "ix", State: "wrap_up", Correlated: true},
		},
		"an accept moved the state on meanwhile": {
			mine:   store.Sync{InteractionSysID: "ix", State: "new", Correlated: true},
			latest: store.Sync{InteractionSysID: "ix", State: "work_in_progress", Correlated: true},
			want:   store.Sync{InteractionSysID: "ix", State: "work_in_progress", Correlated: true},
		},
		"a create is kept": {
			mine:   store.Sync{InteractionSysID: "ix", Number: "IMS1", State: "new", Correlated: true},
			latest: store.Sync{Creating: true, Correlated: true},
			want:   store.Sync{InteractionSysID: "ix", Number: "IMS1", State: "new", Correlated: true},
		},
		"the agent's choice of caller and link is kept": {
			mine:   store.Sync{InteractionSysID: "ix", State: "work_in_progress", Correlated: true, Match: &store.Match{Kind: "csm"}, Linked: []string{"a:1"}},
			latest: store.Sync{InteractionSysID: "ix", State: "new", Correlated: true, Match: chosen, Linked: []string{"a:1", "customer_contact:c2"}},
			want:   store.Sync{InteractionSysID: "ix", State: "work_in_progress", Correlated: true, Match: chosen, Linked: []string{"a:1", "customer_contact:c2"}},
		},
		"a correlation just made is kept": {
			mine:   store.Sync{Correlated: true, Match: chosen},
			latest: store.Sync{},
			want:   store.Sync{Correlated: true, Match: chosen},
		},
		"a transfer the syncer made puts the call back to new": {
			mine:   store.Sync{InteractionSysID: "ix", State: "new", Correlated: true, TransfersDone: 1},
			latest: store.Sync{InteractionSysID: "ix", State: "work_in_progress", Correlated: true},
			want:   store.Sync{InteractionSysID: "ix", State: "new", Correlated: true, TransfersDone: 1},
		},
		"an accept after the transfer moves it on": {
			mine:   store.Sync{InteractionSysID: "ix", State: "new", Correlated: true, TransfersDone: 1},
			latest: store.Sync{InteractionSysID: "ix", State: "work_in_progress", Correlated: true, TransfersDone: 1},
			want:   store.Sync{InteractionSysID: "ix", State: "work_in_progress", Correlated: true, TransfersDone: 1},
		},
		"a close is final": {
			mine:   store.Sync{InteractionSysID: "ix", State: "closed_abandoned", TransfersDone: 1},
			latest: store.Sync{InteractionSysID: "ix", State: "work_in_progress", TransfersDone: 2},
			want:   store.Sync{InteractionSysID: "ix", State: "closed_abandoned", TransfersDone: 2},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, mergeSync(tc.mine, tc.latest))
		})
	}
}
