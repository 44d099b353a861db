//go:build !js

package bridgetest

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loginPage is what a single sign-on proxy answers in an instance's place,
// with 200.
const loginPage = `<!DOCTYPE html><html><head><title>Sign in to Acme</title></head><body><form action="/sso"></form></body></html>`

// outboxHealth is the outbox's part of /healthz.
type outboxHealth struct {
	OK            bool `json:"ok"`
	OutboxPending int  `json:"outboxPending"`
	OutboxFailing int  `json:"outboxFailing"`
	OutboxDead    int  `json:"outboxDead"`
}

func (e *Env) outboxHealth() (int, outboxHealth) {
	e.t.Helper()
	var h outboxHealth
	status := e.do("GET", e.BridgeURL+"/healthz", "", nil, nil, &h)
	return status, h
}

func (e *Env) metricsText() string {
	e.t.Helper()
	resp, err := e.client.Get(e.BridgeURL + "/metrics")
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return string(b)
}

// signInPageOnCreates makes ServiceNow answer every interaction create
// with a sign-in page and 200, until the faults are cleared.
func (e *Env) signInPageOnCreates() {
	e.t.Helper()
	e.control(e.SNURL, "POST", "/sim/faults", map[string]any{"status": 200, "body": loginPage, "count": 10000,
		"path_prefix": "/api/now/openframe/voice-interaction", "method": "POST"}, nil)
}

// ServiceNow answers the bridge's creates with a sign-in page (an SSO proxy
// after a configuration change) for a while: the call's sync is failing,
// and /healthz and /metrics say so, until ServiceNow recovers and the call
// syncs by itself. Before, the op was parked a year after 8 tries and the
// call never synced.
func TestServiceNowAnsweringAPageForAWhile(t *testing.T) {
	env := Start(t)
	env.signInPageOnCreates()
	id := env.PlaceCall("+14155550201", "support")
	env.Eventually("the call's sync to be failing", func() bool {
		_, h := env.outboxHealth()
		return h.OutboxFailing == 1
	})
	status, h := env.outboxHealth()
	assert.Equal(t, 200, status, "the bridge still takes events")
	assert.Equal(t, outboxHealth{OK: false, OutboxPending: 1, OutboxFailing: 1}, h)
	text := env.metricsText()
	assert.Equal(t, 1.0, metric(t, text, "vccnow_outbox_failing "))
	assert.Equal(t, 0.0, metric(t, text, "vccnow_outbox_dead "))
	assert.Empty(t, env.Interactions(id), "a page is no create")
	ops, err := env.Store.Unfinished(context.Background(), 10)
	require.NoError(t, err)
	require.Len(t, ops, 1)
	assert.Contains(t, ops[0].LastErr, `an HTML page titled "Sign in to Acme"`)

	env.ClearFaults()
	env.WaitInteraction(id, "created once ServiceNow answers again", InState("new"))
	env.WaitSettled()
	status, h = env.outboxHealth()
	assert.Equal(t, 200, status)
	assert.Equal(t, outboxHealth{OK: true}, h)
	assert.Equal(t, 0.0, metric(t, env.metricsText(), "vccnow_outbox_failing "))
}

// A call's sync that has failed with a sign-in page for longer than the
// dead-letter age becomes a dead letter (counted, listed, /healthz not ok);
// when ServiceNow is back and the caller hangs up, the newer sync of the
// call supersedes it and the call's records come out right.
func TestADeadLetterIsSupersededByTheCallsNextSync(t *testing.T) {
	env := Start(t)
	env.signInPageOnCreates()
	id := env.PlaceCall("+14155550201", "support")
	key := "call:" + id
	env.Eventually("the call's sync to be failing", func() bool {
		_, h := env.outboxHealth()
		return h.OutboxFailing == 1
	})
	// A day of failures later (the store's times, as the bridge writes
	// them), and due now.
	const storeTime = "2006-01-02T15:04:05.000000000Z"
	now := time.Now().UTC()
	_, err := env.Store.DB().ExecContext(context.Background(), `UPDATE outbox SET failing_since = ?, next_at = ? WHERE key = ? AND done_at IS NULL`,
		now.Add(-25*time.Hour).Format(storeTime), now.Format(storeTime), key)
	require.NoError(t, err)
	env.Eventually("the sync to be a dead letter", func() bool {
		_, h := env.outboxHealth()
		return h.OutboxDead == 1
	})
	status, h := env.outboxHealth()
	assert.Equal(t, 200, status)
	assert.Equal(t, outboxHealth{OK: false, OutboxDead: 1}, h, "nothing pending: the call's later work is not held back")
	assert.Equal(t, 1.0, metric(t, env.metricsText(), "vccnow_outbox_dead "))
	dead, err := env.Store.DeadLetters(context.Background(), 10)
	require.NoError(t, err)
	require.Len(t, dead, 1)
	assert.Equal(t, key, dead[0].Key)
	assert.Contains(t, dead[0].LastErr, "Sign in to Acme")

	env.ClearFaults()
	env.CallerHangsUp(id)
	env.WaitInteraction(id, "abandoned", InState("closed_abandoned"))
	env.WaitSettled()
	status, h = env.outboxHealth()
	assert.Equal(t, 200, status)
	assert.Equal(t, outboxHealth{OK: true}, h, "the dead letter was superseded")
	left, err := env.Store.DeadLetters(context.Background(), 10)
	require.NoError(t, err)
	assert.Empty(t, left)
}
