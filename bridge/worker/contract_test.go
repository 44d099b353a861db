//go:build !js

package worker_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/bridgetest"
	"github.com/vccnow/connector/bridge/sim/vccsim"
)

// The bridge's end-to-end contract, with the bridge as a Worker in workerd:
// every call is the seed's CSM contact calling about their open case
// (+14155550201, queue support, case CS0000101), taken by beth.anglin, and
// must leave the records a clean call leaves.

// An inbound call from webhook to closed interaction. The cron trigger
// never fires (but once, to subscribe VCC's webhooks): each ServiceNow
// write is made by the outbox run inside waitUntil after the webhook or
// agent request that queued it.
func TestWorkerInboundCall(t *testing.T) {
	t.Parallel()
	env := startWorker(t, 0)
	c := env.readyForCall()
	id := env.PlaceCall(c.from, c.queue)
	c.take(id)
	c.checkClosed(id)
}

// Duplicated and reordered webhooks (VCC's chaos mode) leave the same
// records.
func TestWorkerDuplicateAndReorderedWebhooks(t *testing.T) {
	t.Parallel()
	env := startWorker(t, cronEvery)
	c := env.readyForCall()
	env.SetChaos(vccsim.Chaos{Duplicate: 1, Reorder: true, DelayMS: 150, Seed: 4})
	id := env.PlaceCall(c.from, c.queue)
	c.take(id)
	env.WaitSettled() // duplicates may still be on their way
	var duplicates int
	for _, d := range env.Deliveries() {
		if d.Duplicate {
			duplicates++
		}
	}
	assert.Positive(t, duplicates, "no event was delivered twice")
	c.checkClosed(id)
}

// A storm of ServiceNow 429s with Retry-After on the caller lookup, the
// create and the state writes: the outbox retries each write (the cron
// trigger runs them when they come due) until it is applied once.
func TestWorker429Storm(t *testing.T) {
	t.Parallel()
	env := startWorker(t, cronEvery)
	c := env.readyForCall()
	for _, f := range []bridgetest.Fault{
		{Status: 429, Count: 3, RetryAfter: 1, PathPrefix: "/api/now/table/sn_customerservice_case", Method: "GET"},
		{Status: 429, Count: 2, RetryAfter: 1, PathPrefix: "/api/now/openframe/voice-interaction", Method: "POST"},
		{Status: 429, Count: 3, RetryAfter: 1, PathPrefix: "/api/now/table/sn_customerservice_case/", Method: "PATCH"},
	} {
		env.AddFault(f)
	}
	id := env.PlaceCall(c.from, c.queue)
	c.take(id)
	c.checkClosed(id)
	assert.Zero(t, env.ActiveFaults(), "faults left unused: the storm missed the call")
	assert.Positive(t, env.Stats().ByStatus["429"], "ServiceNow answered no 429")
}

// The runtime killed mid-call (SIGKILL) and started again on the same D1
// loses nothing: the call's state is in D1, and the webhooks VCC sends
// while the runtime is down wait in the listener's backlog.
func TestWorkerRestartMidCall(t *testing.T) {
	t.Parallel()
	env := startWorker(t, cronEvery)
	c := env.readyForCall()
	id := env.PlaceCall(c.from, c.queue)
	ix := env.WaitInteraction(id, "created", bridgetest.InState("new"))
	c.agent.Answer(ix["sys_id"], id)
	env.WaitInteraction(id, "answered", bridgetest.InState("work_in_progress"))
	env.WaitSettled()

	env.Kill()
	c.agent.HangUp(id)
	env.Start()

	env.WaitHungUp(id)
	c.wrapUp(id)
	c.checkClosed(id)
}

// A Worker without its settings answers every request with what is
// missing, rather than failing silently.
func TestWorkerMisconfigured(t *testing.T) {
	t.Parallel()
	w := startBareWorker(t, map[string]string{"VCCNOW_INSTANCE_URL": "https://acme.service-now.com"})
	status, body := w.get("/healthz")
	assert.Equal(t, 503, status)
	for _, name := range []string{"VCCNOW_VCC_AUTH_URL", "VCCNOW_PUBLIC_URL", "VCCNOW_WEBHOOK_SECRET"} {
		assert.Contains(t, body, name)
	}
	require.Contains(t, body, `"code":"unavailable"`)
}
