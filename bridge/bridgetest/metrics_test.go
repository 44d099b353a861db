//go:build !js

package bridgetest

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// metric sums the samples of /metrics whose line starts with prefix (a
// name, or a name and the start of its labels).
func metric(t *testing.T, text, prefix string) float64 {
	t.Helper()
	var sum float64
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		v, err := strconv.ParseFloat(line[strings.LastIndex(line, " ")+1:], 64)
		require.NoError(t, err, line)
		sum += v
	}
	return sum
}

// /metrics after a call: every ServiceNow request the simulator counted for
// the integration user, the webhooks VCC delivered, the agent API's
// latencies and an empty outbox.
func TestMetricsAfterACall(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	env.ResetStats()
	c := takeCall(t, env, beth, "+14155550201", "support")
	require.Equal(t, 5, c.steps.total())
	env.WaitSettled()

	resp, err := env.client.Get(env.BridgeURL + "/metrics")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	text := string(body)
	t.Logf("/metrics:\n%s", regexp.MustCompile(`(?m)^(# .*|.*_bucket.*)\n`).ReplaceAllString(text, ""))

	// Sign-in and warm-up requests came before the reset.
	assert.GreaterOrEqual(t, metric(t, text, "vccnow_servicenow_requests_total"), float64(env.BridgeRequests()))
	assert.Equal(t, 2.0, metric(t, text, `vccnow_servicenow_requests_total{api="awa",status="200"}`), "AWA presence when Beth went Ready, and the accept")
	assert.Equal(t, 2.0, metric(t, text, `vccnow_servicenow_requests_total{api="openframe",status="200"}`), "create and close")
	for _, ev := range []string{"channel.alerted", "channel.connected", "channel.disconnected", "channel.ended"} {
		assert.Positive(t, metric(t, text, `vccnow_webhook_events_total{type="`+ev+`",outcome="accepted"}`), ev)
	}
	assert.Equal(t, 1.0, metric(t, text, `vccnow_agent_api_request_duration_seconds_count{route="POST /api/v1/interactions/{sys_id}/accept"}`))
	assert.Equal(t, 1.0, metric(t, text, `vccnow_agent_api_request_duration_seconds_count{route="POST /api/v1/calls/{vcc_id}/wrapup"}`))
	assert.Equal(t, 0.0, metric(t, text, "vccnow_outbox_pending"))
	assert.Equal(t, 0.0, metric(t, text, "vccnow_outbox_oldest_age_seconds"))
}
