//go:build !js

package bridgetest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
)

// The adversarial suite: each finding of the security and reliability
// review, played as an attacker or a fault would, against the whole stack
// (the bridge, ServiceNow's and VCC's simulators) where a whole stack can
// show it, and against the one part that holds the defence where it
// cannot (a socket's timeout, a file's mode). Finding by finding:
//
//  1. The first token taking the instance: TestFirstTokenDoesNotTakeTheInstance,
//     TestAgentTokensRefused (auth_test.go).
//  2. Another agent taking or closing a queued call: TestQueuedCallIsTheOfferedAgents
//     (here), TestAnotherAgentsCall (auth_test.go).
//  3. The outbox giving up silently: TestServiceNowAnsweringAPageForAWhile,
//     TestADeadLetterIsSupersededByTheCallsNextSync (outbox_test.go); the
//     classes and ages in bridge/outbox_test.go, bridge/failureclass_test.go.
//  4. Junk key ids refetching VCC's keys: TestJunkTokensCostNoKeyFetches (here);
//     the verifier's fetch discipline in bridge/vccapi/signingkeys_test.go.
//  5. Facts for a call VCC never had, and floods: TestFactsOfAnUnknownCallCostNothing,
//     TestAgentFloodIsRateLimited (here); bridge/ratelimit_test.go.
//  6. regarding naming any record: TestRegardingIsBounded (here).
//  7. Slow bodies, slow headers, idle keep-alives: TestSlowBodyIsCutOff,
//     TestSlowHeadersAreCutOff, TestIdleConnectionIsClosed (bridge/cmd/bridge/serve_test.go).
//  8. Nothing purged: bridge/store/purge_test.go, TestPurgeEvery (serve_test.go).
//  9. Tokens not checked fully: TestAnotherClientsTokenIsRefused (here),
//     TestVerifier, TestVerifySignature (bridge/vccapi/vccapi_test.go).
//  10. Retry-After overflowing or parking: TestAnAbsurdRetryAfterIsNoImmediateRetry
//     (bridge/servicenow/retryafter_test.go), TestRetryAfterIsTheLeastWait,
//     TestRetryDelayIsJittered (bridge).
//  11. A world-readable database: TestNewDatabaseIsOwnersOnly,
//     TestExistingDatabaseIsNarrowed (bridge/store/sqlite_test.go).
//  12. Values escaped into encoded queries: TestQueryRejects
//     (bridge/servicenow/query_test.go) and the FuzzQuery, FuzzPrefill targets.
//  13. Every Worker POST starting an outbox run: TestOnlyAcceptedWorkStartsAnOutboxRun
//     (bridge/worker/afterresponse_test.go).

// Finding 2: another agent of the account can neither learn who calls nor
// take, close or redirect a call that waits in the queue; the agent AWA
// offers it to can.
func TestQueuedCallIsTheOfferedAgents(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	abel := env.SignIn("abel.tuter") // signed in, not Ready: AWA offers him nothing
	abel.OpenPanel()
	id := env.PlaceCall("+14155550201", "support")
	ix := env.WaitInteraction(id, "created", InState("new"))
	wi := beth.WaitOffer(ix["sys_id"])

	// Abel knows the interaction's sys_id (say, from the interaction list):
	// he learns that it waits, not who calls or about what.
	var seen api.Interaction
	require.Equal(t, http.StatusOK, abel.API("GET", "/api/v1/interactions/"+ix["sys_id"], nil, &seen))
	assert.True(t, seen.Open)
	assert.Equal(t, "support", seen.Queue)
	assert.Empty(t, seen.From, "the caller's number")
	assert.Empty(t, seen.CallerName)
	assert.Nil(t, seen.Record, "the case to pop")
	assert.Empty(t, seen.Matches)

	refused := map[string]struct {
		method, path string
		body         any
		code         string
	}{
		"accept Beth's work item": {"POST", "/api/v1/interactions/" + ix["sys_id"] + "/accept", api.Accept{WorkItemID: wi}, api.CodeNotYourCall},
		"claim it was accepted in the inbox": {"POST", "/api/v1/interactions/" + ix["sys_id"] + "/accept", api.Accept{InWorkspace: true},
			api.CodeNotYourCall},
		"reject Beth's work item": {"POST", "/api/v1/interactions/" + ix["sys_id"] + "/reject", api.Reject{WorkItemID: wi}, api.CodeNotYourCall},
		"read the call":           {"GET", "/api/v1/calls/" + id, nil, api.CodeNotYourCall},
		"wrap it up":              {"POST", "/api/v1/calls/" + id + "/wrapup", api.WrapUp{Disposition: "Resolved"}, api.CodeNotYourCall},
		"link it to a record":     {"POST", "/api/v1/calls/" + id + "/context", api.Context{Regarding: "incident:" + anySysID}, api.CodeNotYourCall},
		"choose its caller":       {"POST", "/api/v1/interactions/" + ix["sys_id"] + "/match", api.Match{Table: "customer_contact", SysID: anySysID}, api.CodeNotYourCall},
	}
	for name, tc := range refused {
		t.Run(name, func(t *testing.T) {
			var e api.Error
			status := abel.API(tc.method, tc.path, tc.body, &e)
			assert.Equal(t, api.Status(tc.code), status)
			assert.Equal(t, tc.code, e.Error.Code)
		})
	}
	// The caller still waits, still offered to Beth, who takes the call.
	assert.Equal(t, "new", env.Record("interaction", ix["sys_id"])["state"])
	assert.Equal(t, "pending_accept", env.Record("awa_work_item", wi)["state"])
	taken := beth.Answer(ix["sys_id"], id)
	assert.Equal(t, "+14155550201", taken.From, "the accept brings the caller's details")
	require.NotNil(t, taken.Record)
	assert.Equal(t, "sn_customerservice_case", taken.Record.Table)
}

// Finding 5: a wrap-up or context for a call VCC never told the bridge of
// creates nothing and costs no ServiceNow request.
func TestFactsOfAnUnknownCallCostNothing(t *testing.T) {
	env := Start(t)
	beth := env.SignIn("beth.anglin")
	beth.OpenPanel()
	env.WaitSettled()
	env.ResetStats()
	const never = "0f2b6a4e-8d1c-4b7e-9a3f-5c6d7e8f9a0b"
	for _, tc := range []struct {
		path string
		body any
	}{
		{"/api/v1/calls/" + never + "/wrapup", api.WrapUp{Disposition: "Resolved", Notes: "nothing"}},
		{"/api/v1/calls/" + never + "/context", api.Context{Regarding: "incident:" + anySysID}},
		{"/api/v1/calls/" + never + "/transfer", api.Transfer{ToType: "queue", To: "support"}},
		{"/api/v1/calls/not-a-call-id/wrapup", api.WrapUp{Disposition: "Resolved"}},
	} {
		var e api.Error
		assert.Equal(t, http.StatusNotFound, beth.API("POST", tc.path, tc.body, &e), tc.path)
		assert.Equal(t, api.CodeNotFound, e.Error.Code, tc.path)
	}
	env.WaitSettled()
	assert.Zero(t, env.Stats().Total, "ServiceNow requests")
	c, err := env.Store.LoadCall(context.Background(), never)
	require.NoError(t, err)
	assert.Zero(t, c.Version, "a call was stored")
}

// Finding 6: an outbound call's "regarding" names only a record of the
// tables the connector links, by sys_id, and only on the agent's own call;
// a case it names gets the note but is never resolved.
func TestRegardingIsBounded(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	id, _ := beth.TakeCall("+14155550201", "support")
	for name, regarding := range map[string]string{
		"a table the connector never links": "sys_properties:" + anySysID,
		"an encoded query":                  "incident:" + anySysID + "^ORactive=true",
		"not a sys_id":                      "incident:INC0010001",
		"no table":                          anySysID,
	} {
		var e api.Error
		assert.Equal(t, http.StatusBadRequest, beth.API("POST", "/api/v1/calls/"+id+"/context", api.Context{Regarding: regarding}, &e), name)
		assert.Equal(t, api.CodeBadRequest, e.Error.Code, name)
	}
}

// Finding 4: tokens with unknown key ids, and tokens that are no JWT at
// all, arriving together, cost VCC at most one key fetch, and the agents
// with good tokens are served meanwhile.
func TestJunkTokensCostNoKeyFetches(t *testing.T) {
	env := Start(t)
	beth := env.SignIn("beth.anglin")
	beth.OpenPanel()
	jwks := "/Auth/.well-known/openid-configuration/jwks"
	before := env.VCCRequests(jwks)
	claims := map[string]any{"iss": env.VCC.Issuer(), "aud": "vcc-api", "sub": "someone", "client_id": connectorClient,
		"exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix()}
	var tokens []string
	for i := range 20 {
		tokens = append(tokens, forge(t, fmt.Sprintf("rotated-%d", i), claims), "not.a.jwt", strings.Repeat("A", 2000))
	}
	var wg sync.WaitGroup
	statuses := make([]int, len(tokens))
	for i, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], _ = apiAs(env, "Bearer "+tok, "POST", "/api/v1/agent/session", api.Session{Client: "junk"})
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		assert.Contains(t, []int{http.StatusUnauthorized, http.StatusTooManyRequests}, st, "junk token %d", i)
	}
	assert.LessOrEqual(t, env.VCCRequests(jwks)-before, 1, "VCC's keys fetched for junk")
	var info api.SessionInfo
	assert.Equal(t, http.StatusOK, beth.API("POST", "/api/v1/agent/session", api.Session{Client: "test"}, &info))
}

// Finding 9: a token VCC issued to another client (here the bridge's own
// client-credentials token) is no agent's token.
func TestAnotherClientsTokenIsRefused(t *testing.T) {
	env := Start(t)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {vccBridgeClient}, "client_secret": {vccBridgeSecret},
		"scope": {"users:read"}}
	resp, err := http.PostForm(env.VCC.Issuer()+"/connect/token", form)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	status, e := apiAs(env, "Bearer "+tok.AccessToken, "POST", "/api/v1/agent/session", api.Session{Client: "test"})
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, api.CodeUnauthorized, e.Error.Code)
}

// Finding 5: an agent's panel gone wild is slowed down (429 with
// Retry-After); other agents are not.
func TestAgentFloodIsRateLimited(t *testing.T) {
	env := Start(t)
	beth, abel := env.SignIn("beth.anglin"), env.SignIn("abel.tuter")
	beth.OpenPanel()
	abel.OpenPanel()
	const unknown = "0f2b6a4e-8d1c-4b7e-9a3f-5c6d7e8f9a0b"
	limited := 0
	retryAfter := ""
	for range 100 {
		req, err := http.NewRequest("GET", env.BridgeURL+"/api/v1/calls/"+unknown, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+beth.Token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
			retryAfter = resp.Header.Get("Retry-After")
		}
	}
	assert.Positive(t, limited, "100 requests at once were all served")
	assert.NotEmpty(t, retryAfter)
	var info api.SessionInfo
	assert.Equal(t, http.StatusOK, abel.API("POST", "/api/v1/agent/session", api.Session{Client: "test"}, &info), "another agent")
}
