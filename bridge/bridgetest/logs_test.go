//go:build !js

package bridgetest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bridge's logs are JSON lines with a level and a message, and carry no
// secret, through refused tokens and webhooks, a rate-limited call and its
// retries: not the agents' tokens, the bridge's own ServiceNow and VCC
// tokens, the client and webhook secrets, or an Authorization header.
func TestLogsCarryNoSecrets(t *testing.T) {
	logs := &lockedBuffer{}
	env := Start(t, Options{BridgeLog: logs})
	beth := env.ReadyAgent("beth.anglin")

	kid, claims := tokenParts(t, beth.Token)
	forged := forge(t, kid, claims)
	env.ShiftVCCClock(-3 * time.Hour)
	expired := env.MintToken("beth.anglin")
	env.ShiftVCCClock(0)
	for _, tok := range []string{forged, expired} {
		status, _ := apiAs(env, "Bearer "+tok, "POST", "/api/v1/agent/session", nil)
		require.Equal(t, 401, status)
	}
	body := alerted("evt-forged", "ix-forged")
	req := signWebhook(t, base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", 32))), body, time.Now().Add(time.Minute))
	status := env.do("POST", env.BridgeURL+"/webhooks/vcc", "", map[string][]string{"Vonage-Signature": {req}}, json.RawMessage(body), nil)
	require.Equal(t, 401, status)
	env.AddFault(Fault{Status: 429, Count: 3, RetryAfter: 1, PathPrefix: "/api/now/table/sn_customerservice_case/", Method: "PATCH"})
	takeCall(t, env, beth, "+14155550201", "support")

	secrets := map[string]string{
		"the agent's token":        beth.Token,
		"a forged token":           forged,
		"an expired token":         expired,
		"the webhook secret":       env.WebhookSecret,
		"a webhook signature":      strings.TrimPrefix(req, "Bearer "),
		"the client secrets":       snClientSecret,
		"the integration password": `"` + snPassword + `"`,
		"a Basic credential":       base64.StdEncoding.EncodeToString([]byte(IntegrationUser + ":" + snPassword)),
		"an Authorization header":  "Authorization",
		"a bearer token":           "Bearer ",
	}
	for _, key := range []string{"servicenow:token", "vcc:token:admin:write", "vcc:token:interactions:write"} {
		v, ok, err := env.Store.Get(context.Background(), key)
		require.NoError(t, err)
		if ok {
			secrets["the cached "+key] = v[:min(len(v), 60)]
			var tok struct {
				Access string `json:"access"`
				Token  string `json:"token"`
			}
			if json.Unmarshal([]byte(v), &tok) == nil {
				secrets["the bridge's token in "+key] = tok.Access + tok.Token
			}
		}
	}

	out := logs.String()
	require.NotEmpty(t, out)
	for what, secret := range secrets {
		if strings.TrimSpace(secret) != "" {
			assert.NotContains(t, out, secret, "the logs hold %s", what)
		}
	}
	var messages []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct {
			Level, Msg string
		}
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		require.NotEmpty(t, rec.Level, line)
		require.NotEmpty(t, rec.Msg, line)
		messages = append(messages, rec.Msg)
	}
	assert.Contains(t, messages, "agent API request refused")
	assert.Contains(t, messages, "webhook refused")
	assert.Contains(t, messages, "outbox op failed; it will run again")
}
