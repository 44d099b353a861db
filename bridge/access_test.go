//go:build !js

package bridge

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
	"github.com/vccnow/connector/wasm/api"
)

// What each agent may do with a call, as the call goes from offer to accept
// to connected, and back to a queue.
func TestAccess(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	beth, abel, sam := caller{claims: vccapi.Claims{UserID: "beth"}}, caller{claims: vccapi.Claims{UserID: "abel"}}, caller{claims: vccapi.Claims{UserID: "sam"}}
	// call is a call with these events, whose sync has written state and
	// recorded every transfer but the last untold ones.
	call := func(state string, untold int, events ...calls.Event) store.Call {
		c := store.Call{Sync: store.Sync{State: state}}
		for _, e := range events {
			c.Facts.Apply(e)
		}
		c.Sync.TransfersDone = len(c.Facts.Transfers) - untold
		return c
	}
	queued := calls.Event{Kind: calls.CustomerQueued, At: t0, From: "+14155550201", Queue: "support", Direction: "inbound"}
	bethAccepts := calls.Event{Kind: calls.Accepted, Agent: "beth"}
	bethConnected := calls.Event{Kind: calls.AgentConnected, At: t0.Add(time.Second), Agent: "beth"}
	requeued := calls.Event{Kind: calls.CustomerQueued, At: t0.Add(time.Minute), Queue: "servicedesk", TransferredFrom: "beth"}
	abelAccepts := calls.Event{Kind: calls.Accepted, Agent: "abel"}
	bethDials := calls.Event{Kind: calls.AgentConnected, At: t0, Agent: "beth", Direction: "outbound"}
	const (
		none, waiting, part, own = accessNone, accessWaiting, accessPart, accessOwn
	)
	cases := map[string]struct {
		call            store.Call
		beth, abel, sam access
	}{
		"waiting for AWA's offer":             {call(calls.StateNew, 0, queued), waiting, waiting, waiting},
		"accepted by Beth, VCC's events late": {call(calls.StateWorkInProgress, 0, queued, bethAccepts), own, none, none},
		"connected to Beth":                   {call(calls.StateWorkInProgress, 0, queued, bethAccepts, bethConnected), own, none, none},
		"sent back to a queue: offered again": {call(calls.StateNew, 0, queued, bethConnected, requeued), part, waiting, waiting},
		// AWA offers it again before the bridge has recorded the transfer.
		"sent back, transfer not yet recorded": {call(calls.StateWorkInProgress, 1, queued, bethConnected, requeued), part, waiting, waiting},
		// Beth handed it on and still wraps up her part.
		"accepted again, by Abel": {call(calls.StateWorkInProgress, 0, queued, bethConnected, requeued, abelAccepts), part, own, none},
		"Beth's outbound call":    {call("", 0, bethDials), own, none, none},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.beth, accessOf(tc.call, beth), "Beth")
			assert.Equal(t, tc.abel, accessOf(tc.call, abel), "Abel")
			assert.Equal(t, tc.sam, accessOf(tc.call, sam), "Sam")
		})
	}
}

// An agent API body over its cap is answered 413 too_large, malformed JSON
// 400 bad_request; neither is decoded into the request.
func TestReadJSONRefusals(t *testing.T) {
	read := func(body string) (bool, int, string) {
		w := httptest.NewRecorder()
		var v struct{ Notes string }
		ok := readJSON(w, httptest.NewRequest("POST", "/api/v1/calls/x/wrapup", strings.NewReader(body)), &v)
		var e api.Error
		_ = json.Unmarshal(w.Body.Bytes(), &e)
		return ok, w.Code, e.Error.Code
	}
	ok, _, _ := read(`{"Notes":"` + strings.Repeat("n", maxAgentBody-20) + `"}`)
	assert.True(t, ok, "a body under the cap")
	ok, status, code := read(`{"Notes":"` + strings.Repeat("n", maxAgentBody) + `"}`)
	assert.False(t, ok)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.Equal(t, api.CodeTooLarge, code)
	ok, status, code = read(`{"Notes":`)
	assert.False(t, ok)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, api.CodeBadRequest, code)
}
