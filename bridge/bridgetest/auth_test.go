//go:build !js

package bridgetest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/sim/vccsim"
	"github.com/vccnow/connector/wasm/api"
)

// apiAs calls the agent API with a raw Authorization header value.
func apiAs(env *Env, authorization, method, path string, body any) (int, api.Error) {
	var e api.Error
	h := http.Header{}
	if authorization != "" {
		h.Set("Authorization", authorization)
	}
	status := env.do(method, env.BridgeURL+path, "", h, body, &e)
	return status, e
}

// forge signs claims with a key VCC never published, under kid.
func forge(t *testing.T, kid string, claims map[string]any) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	opts := (&jose.SignerOptions{}).WithType("at+jwt").WithHeader("kid", kid)
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, opts)
	require.NoError(t, err)
	raw, err := jwt.Signed(s).Claims(claims).Serialize()
	require.NoError(t, err)
	return raw
}

// tokenParts reads a genuine token's header kid and claims.
func tokenParts(t *testing.T, raw string) (string, map[string]any) {
	t.Helper()
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.ES256})
	require.NoError(t, err)
	var claims map[string]any
	require.NoError(t, tok.UnsafeClaimsWithoutVerification(&claims))
	return tok.Headers[0].KeyID, claims
}

// Forged, expired and other-account agent tokens are refused by the agent
// API, with a message the agent can act on.
func TestAgentTokensRefused(t *testing.T) {
	env := Start(t)
	beth := env.SignIn("beth.anglin")
	kid, claims := tokenParts(t, beth.Token)

	env.ShiftVCCClock(-3 * time.Hour) // tokens live 2 hours
	expired := env.MintToken("beth.anglin")
	env.ShiftVCCClock(0)
	withClaims := func(change func(map[string]any)) map[string]any {
		c := map[string]any{}
		for k, v := range claims {
			c[k] = v
		}
		change(c)
		return c
	}
	unsigned := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"at+jwt"}`)) + "." +
		base64.RawURLEncoding.EncodeToString(mustJSON(t, claims)) + "."

	cases := map[string]struct {
		authorization string
		status        int
		code, message string
	}{
		"no token":                   {"", 401, api.CodeUnauthorized, "Sign in to Vonage Contact Center again."},
		"not a JWT":                  {"Bearer not-a-token", 401, api.CodeUnauthorized, "Sign in to Vonage Contact Center again."},
		"unsigned (alg none)":        {"Bearer " + unsigned, 401, api.CodeUnauthorized, "Sign in to Vonage Contact Center again."},
		"forged with VCC's key id":   {"Bearer " + forge(t, kid, claims), 401, api.CodeUnauthorized, "Sign in to Vonage Contact Center again."},
		"forged with an unknown key": {"Bearer " + forge(t, "not-vccs", claims), 401, api.CodeUnauthorized, "Sign in to Vonage Contact Center again."},
		"forged for another audience": {"Bearer " + forge(t, kid, withClaims(func(c map[string]any) { c["aud"] = "https://example.com" })),
			401, api.CodeUnauthorized, "Sign in to Vonage Contact Center again."},
		"expired":       {"Bearer " + expired, 401, api.CodeUnauthorized, "Your Vonage sign-in has expired. Sign in again."},
		"other account": {"Bearer " + env.MintToken("zoe.other"), 403, api.CodeAccountMismatch, "works with another Vonage Contact Center account"},
		"genuine":       {"Bearer " + beth.Token, 200, "", ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			status, e := apiAs(env, tc.authorization, "POST", "/api/v1/agent/session", api.Session{Client: "test"})
			assert.Equal(t, tc.status, status)
			assert.Equal(t, tc.code, e.Error.Code)
			assert.Contains(t, e.Error.Message, tc.message)
			assert.NotContains(t, e.Error.Message, "vccdemo01", "a refusal names no account")
			assert.NotContains(t, e.Error.Message, "otherorg7", "a refusal names no account")
		})
	}
}

// On a fresh bridge, the first token to arrive does not decide which VCC
// account the instance works with: the bridge's setting (its credentials'
// account) does. A user of another account is refused first and after.
func TestFirstTokenDoesNotTakeTheInstance(t *testing.T) {
	env := Start(t)
	zoe := env.MintToken("zoe.other")
	status, e := apiAs(env, "Bearer "+zoe, "POST", "/api/v1/agent/session", api.Session{Client: "test"})
	require.Equal(t, 403, status)
	assert.Equal(t, api.CodeAccountMismatch, e.Error.Code)
	beth := env.SignIn("beth.anglin")
	info := beth.OpenPanel()
	assert.Equal(t, "beth.anglin", info.UserName, "the user name comes from VCC's User Admin API")
	status, _ = apiAs(env, "Bearer "+zoe, "POST", "/api/v1/agent/session", api.Session{Client: "test"})
	assert.Equal(t, 403, status)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// signWebhook signs body the way VCC does (Vonage-Signature: Bearer
// <HS256 JWT> whose payload_hash is the body's SHA-256), with secret
// (base64) and an expiry.
func signWebhook(t *testing.T, secret string, body []byte, exp time.Time) string {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(secret)
	require.NoError(t, err)
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: key}, nil)
	require.NoError(t, err)
	sum := sha256.Sum256(body)
	raw, err := jwt.Signed(s).Claims(map[string]any{
		"payload_hash": hex.EncodeToString(sum[:]), "iat": exp.Add(-5 * time.Minute).Unix(), "exp": exp.Unix(),
	}).Serialize()
	require.NoError(t, err)
	return "Bearer " + raw
}

// alerted is a customer's channel.alerted in a queue, as VCC sends it.
func alerted(eventID, interactionID string) []byte {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	return []byte(`{"specversion":"1.0","type":"channel.alerted.v1","id":"` + eventID + `","source":"/channel",` +
		`"subject":"c1","time":"` + now + `","datacontenttype":"application/json","data":{"timestamp":"` + now + `",` +
		`"channel":{"conversationId":"conv","interactionId":"` + interactionID + `","channelId":"c1",` +
		`"party":{"role":"customer","address":"+14155550201"},"queue":{"queueId":"q","name":"support"},"direction":"inbound"}}}`)
}

// Forged, expired and body-altered webhook signatures are refused with
// 401, and nothing of theirs is stored or reaches ServiceNow.
func TestWebhookSignaturesRefused(t *testing.T) {
	env := Start(t)
	ctx := context.Background()
	genuine := alerted("evt-genuine", "ix-genuine")
	cases := map[string]struct {
		body      []byte
		signature string
		status    int
	}{
		"no signature": {alerted("evt-1", "ix-1"), "", 401},
		"forged with another secret": {alerted("evt-2", "ix-2"),
			signWebhook(t, base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32))), alerted("evt-2", "ix-2"), time.Now().Add(5*time.Minute)), 401},
		"expired": {alerted("evt-3", "ix-3"), signWebhook(t, env.WebhookSecret, alerted("evt-3", "ix-3"), time.Now().Add(-5*time.Minute)), 401},
		"body altered after signing": {[]byte(strings.Replace(string(alerted("evt-4", "ix-4")), "+14155550201", "+14155550111", 1)),
			signWebhook(t, env.WebhookSecret, alerted("evt-4", "ix-4"), time.Now().Add(5*time.Minute)), 401},
		"genuine": {genuine, signWebhook(t, env.WebhookSecret, genuine, time.Now().Add(5*time.Minute)), 200},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest("POST", env.BridgeURL+"/webhooks/vcc", strings.NewReader(string(tc.body)))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/cloudevents+json")
			if tc.signature != "" {
				req.Header.Set("Vonage-Signature", tc.signature)
			}
			resp, err := env.client.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tc.status, resp.StatusCode)

			var ev struct {
				ID string `json:"id"`
			}
			require.NoError(t, json.Unmarshal(tc.body, &ev))
			var stored int
			require.NoError(t, env.Store.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE id = ?`, ev.ID).Scan(&stored))
			if tc.status != 200 {
				assert.Zero(t, stored, "the refused notification was stored")
				return
			}
			assert.Equal(t, 1, stored)
		})
	}
	env.WaitSettled()
	for _, id := range []string{"ix-1", "ix-2", "ix-3", "ix-4"} {
		assert.Empty(t, env.Interactions(id), "an interaction for a refused notification")
	}
	assert.Len(t, env.Interactions("ix-genuine"), 1, "the genuine notification's interaction")
}

// anySysID is a well-formed sys_id of nothing.
const anySysID = "0123456789abcdef0123456789abcdef"

// An agent can neither read nor change another agent's call.
func TestAnotherAgentsCall(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	ix := env.WaitInteraction(id, "created", InState("new"))
	// VCC's events that say Beth is on the call are late: the bridge has
	// only her accept to go by.
	env.SetChaos(vccsim.Chaos{DelayMS: 3000})
	beth.Answer(ix["sys_id"], id)
	env.WaitInteraction(id, "answered", InState("work_in_progress"))

	abel := &Agent{env: env, UserName: "abel.tuter", Token: env.MintToken("abel.tuter")}
	cases := map[string]struct {
		method, path string
		body         any
	}{
		"read the call":          {"GET", "/api/v1/calls/" + id, nil},
		"read the interaction":   {"GET", "/api/v1/interactions/" + ix["sys_id"], nil},
		"accept it":              {"POST", "/api/v1/interactions/" + ix["sys_id"] + "/accept", api.Accept{WorkItemID: anySysID}},
		"accept it in the inbox": {"POST", "/api/v1/interactions/" + ix["sys_id"] + "/accept", api.Accept{InWorkspace: true}},
		"choose its caller":      {"POST", "/api/v1/interactions/" + ix["sys_id"] + "/match", api.Match{Table: "customer_contact", SysID: "x"}},
		"link it to a record":    {"POST", "/api/v1/calls/" + id + "/context", api.Context{Regarding: "incident:" + anySysID}},
		"transfer it":            {"POST", "/api/v1/calls/" + id + "/transfer", api.Transfer{ToType: "queue", To: "servicedesk"}},
		"wrap it up":             {"POST", "/api/v1/calls/" + id + "/wrapup", api.WrapUp{Disposition: "Resolved"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var e api.Error
			status := abel.API(tc.method, tc.path, tc.body, &e)
			assert.Equal(t, http.StatusForbidden, status)
			assert.Equal(t, api.CodeNotYourCall, e.Error.Code)
			assert.Contains(t, e.Error.Message, "another agent's")
		})
	}
	// Beth's call is untouched.
	var view api.Interaction
	beth.MustAPI("GET", "/api/v1/calls/"+id, nil, &view)
	assert.Equal(t, "work_in_progress", view.State)
	assert.True(t, view.Open)
}
