//go:build !js

package bridge

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/wasm/api"
)

// The agent API's request bodies as the contract states them (wasm/api and
// the handlers' messages), written apart from the handlers.
var (
	sysIDForm = regexp.MustCompile(`^[0-9a-f]{32}$`)
	guidForm  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// The call the fuzzed requests name: well-formed ids the bridge never heard
// of from VCC.
const (
	fuzzSysID = "9d7f3c2a1b0e4f5a8c6d2e1f0a9b8c7d"
	fuzzVCCID = "5b1f0c3e-2a4d-4e6f-9b8a-7c6d5e4f3a21"
)

// bodyRoute is an agent API route that reads a body: where to send it, how
// its body reads (the first JSON value, as the bridge reads it), what a
// well-formed one is, and a request of its type made of two strings and a
// flag.
type bodyRoute struct {
	route api.Route
	path  string
	read  func(body []byte) (any, error)
	valid func(v any) bool
	build func(a, b string, flag bool) any
}

// firstValue reads the first JSON value of body as a T.
func firstValue[T any](body []byte) (any, error) {
	var v T
	err := json.NewDecoder(bytes.NewReader(body)).Decode(&v)
	return v, err
}

var bodyRoutes = []bodyRoute{
	{api.RoutePresence, api.RoutePresence.Path(), firstValue[api.SetPresence], func(v any) bool {
		return guidForm.MatchString(v.(api.SetPresence).PresenceID)
	}, func(a, _ string, _ bool) any { return api.SetPresence{PresenceID: a} }},
	{api.RouteAccept, api.RouteAccept.Path(fuzzSysID), firstValue[api.Accept], func(v any) bool {
		a := v.(api.Accept)
		return a.InWorkspace || sysIDForm.MatchString(a.WorkItemID)
	}, func(a, _ string, flag bool) any { return api.Accept{WorkItemID: a, InWorkspace: flag} }},
	{api.RouteReject, api.RouteReject.Path(fuzzSysID), firstValue[api.Reject], func(v any) bool {
		r := v.(api.Reject)
		return sysIDForm.MatchString(r.WorkItemID) && (r.ReasonID == "" || sysIDForm.MatchString(r.ReasonID))
	}, func(a, b string, _ bool) any { return api.Reject{WorkItemID: a, ReasonID: b} }},
	{api.RouteMatch, api.RouteMatch.Path(fuzzSysID), firstValue[api.Match], func(any) bool { return true },
		func(a, b string, _ bool) any { return api.Match{Table: a, SysID: b} }},
	{api.RouteContext, api.RouteContext.Path(fuzzVCCID), firstValue[api.Context], func(v any) bool {
		table, id, ok := strings.Cut(v.(api.Context).Regarding, ":")
		return ok && slices.Contains(records.LinkableTables, table) && sysIDForm.MatchString(id)
	}, func(a, b string, flag bool) any {
		if flag {
			return api.Context{Regarding: a + ":" + b}
		}
		return api.Context{Regarding: a + b}
	}},
	{api.RouteTransfer, api.RouteTransfer.Path(fuzzVCCID), firstValue[api.Transfer], func(v any) bool {
		t := v.(api.Transfer)
		return (t.ToType == "queue" || t.ToType == "agent") && t.To != "" && len(t.To) <= 128 && !strings.ContainsAny(t.To, "^\r\n")
	}, func(a, b string, _ bool) any { return api.Transfer{ToType: a, To: b} }},
	{api.RouteWrapUp, api.RouteWrapUp.Path(fuzzVCCID), firstValue[api.WrapUp], func(v any) bool {
		w := v.(api.WrapUp)
		return len(w.Notes) <= 4000 && len(w.Disposition) <= 64
	}, func(a, b string, flag bool) any {
		w := api.WrapUp{Disposition: a, Notes: b, Transferred: flag}
		if flag {
			w.Source = api.WrapUpSourceWorkspace
		}
		return w
	}},
}

// agentAPIWorld is the bridge serving one signed-in agent (Beth, known to
// the store, so no one is asked who she is) against a server that plays
// VCC (keys, tokens and the Agents API's presence) and ServiceNow (which
// knows no record), counting the requests that are not about keys or
// tokens: reads (GET) and writes.
type agentAPIWorld struct {
	s             *Server
	token         string
	reads, writes atomic.Int32
}

func newAgentAPIWorld(tb testing.TB) *agentAPIWorld {
	d := sha256.Sum256([]byte("the agent API fuzz target's VCC key"))
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d[:])
	require.NoError(tb, err)
	w := &agentAPIWorld{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/Auth/.well-known/openid-configuration":
			_ = json.NewEncoder(rw).Encode(map[string]string{"jwks_uri": srv.URL + "/Auth/jwks"})
		case r.URL.Path == "/Auth/jwks":
			_ = json.NewEncoder(rw).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key.Public(), KeyID: "k1", Algorithm: "ES256", Use: "sig"}}})
		case r.URL.Path == "/Auth/connect/token":
			_ = json.NewEncoder(rw).Encode(map[string]any{"access_token": "bridge-token", "expires_in": 3600})
		case r.Method == http.MethodPatch && r.URL.Path == "/agents/u-beth/presence":
			w.writes.Add(1)
			var req api.SetPresence
			_ = json.NewDecoder(r.Body).Decode(&req)
			_ = json.NewEncoder(rw).Encode(map[string]any{"presence": map[string]any{"presenceId": req.PresenceID, "description": "Ready",
				"selectable": true, "category": map[string]string{"categoryType": "Ready"}}})
		case r.Method == http.MethodGet:
			w.reads.Add(1)
			http.NotFound(rw, r)
		default:
			w.writes.Add(1)
			http.NotFound(rw, r)
		}
	}))
	tb.Cleanup(srv.Close)

	st, err := store.OpenSQLite(context.Background(), filepath.Join(tb.TempDir(), "bridge.db"))
	require.NoError(tb, err)
	tb.Cleanup(func() { st.Close() })
	require.NoError(tb, st.SaveAgentIdentity(context.Background(),
		store.Agent{UserName: "beth", VCCUserID: "u-beth", AgentID: "1001", SysID: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", Name: "Beth Agent"}))
	cfg := testConfig()
	cfg.InstanceURL, cfg.VCCAuthURL, cfg.VCCAPIURL = srv.URL, srv.URL+"/Auth", srv.URL
	w.s, err = New(cfg, Deps{Store: st, HTTP: srv.Client()})
	require.NoError(tb, err)
	// The handlers' clock moves a second each time it is read: a wait for
	// a call that is being created ends at once, and the agent's rate
	// limit never runs out. Keys and tokens keep the real time.
	clock := &steppingClock{now: time.Now(), step: time.Second}
	w.s.now, w.s.limits.now = clock.Now, clock.Now

	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
	require.NoError(tb, err)
	w.token, err = jwt.Signed(signer).Claims(map[string]any{"iss": cfg.VCCAuthURL, "aud": "https://api.cc.vonage.com", "sub": "u-beth",
		"client_id": cfg.VCCClientID, "exp": time.Now().Add(24 * time.Hour).Unix()}).Serialize()
	require.NoError(tb, err)
	return w
}

type steppingClock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

// answer is an agent API answer: its status, error code (if any) and body.
type answer struct {
	status int
	code   string
	body   []byte
}

func (w *agentAPIWorld) send(rt bodyRoute, body []byte) answer {
	r := httptest.NewRequest(rt.route.Method, rt.path, bytes.NewReader(body))
	r.RemoteAddr = "203.0.113.7:4000"
	r.Header.Set("Authorization", "Bearer "+w.token)
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, r)
	var e api.Error
	if rec.Code >= 400 {
		_ = json.Unmarshal(rec.Body.Bytes(), &e)
	}
	return answer{status: rec.Code, code: e.Error.Code, body: rec.Body.Bytes()}
}

// FuzzAgentBody sends any body, and a request of the route's type made of
// any strings, to each agent API route that reads a body, through the
// bridge's own handler (token check, body reader, validation). It never
// panics, and every refusal is an API error whose status is its code's. A
// body is refused, 400 bad_request with nothing asked of VCC or ServiceNow,
// exactly when its first JSON value is not the route's request or breaks
// the contract's rules (sys_ids, a presence GUID, a linkable record, a
// transfer's target, the wrap-up's lengths); behind a body over the 64 KB
// cap it is 413 too_large. A body taken leads to the call, which the bridge
// never heard of: 404 not_found, no call created, nothing queued, nothing
// written to VCC or ServiceNow, nothing read for a VCC call id, and at most
// one read for an interaction (the bridge may look for one it created
// without hearing the answer); for a presence, the one write to VCC's
// Agents API.
// What a taken body reads as writes back as JSON that reads the same and
// gets the same answer.
func FuzzAgentBody(f *testing.F) {
	const sysID, guid = "4f6a8b2c1d3e5f7091a2b3c4d5e6f708", "3c8e4a1b-9d2f-4e7a-b6c5-0f1e2d3c4b5a"
	for _, s := range []struct {
		route uint8
		body  string
		a, b  string
		flag  bool
	}{
		{0, `{"presenceId":"` + guid + `"}`, strings.ToUpper(guid), "", false},
		{0, `{"presenceId":"Ready"}`, "Ready", "", false},
		{1, `{"workItemId":"` + sysID + `"}`, sysID, "", false},
		{1, `{"inWorkspace":true}`, "", "", true},
		{1, `{"workItemId":"` + strings.ToUpper(sysID) + `"}`, strings.ToUpper(sysID), "", false},
		{1, `{"inWorkspace":true} and more`, sysID + "\n", "", false},
		{2, `{"workItemId":"` + sysID + `","reasonId":"` + sysID + `"}`, sysID, sysID, false},
		{2, `{"workItemId":"` + sysID + `","reasonId":"busy"}`, sysID, "busy", false},
		{3, `{"table":"customer_contact","sysId":"` + sysID + `"}`, "customer_contact", sysID, false},
		{4, `{"regarding":"incident:` + sysID + `"}`, "incident", sysID, true},
		{4, `{"regarding":"sys_user_has_role:` + sysID + `"}`, "sys_user_has_role", sysID, true},
		{5, `{"toType":"queue","to":"support"}`, "queue", "support", false},
		{5, `{"toType":"queue","to":"support\n"}`, "queue", "support\n", false},
		{5, `{"toType":"agent","to":"abel^ORuser_name=beth"}`, "agent", "abel\r\nbeth", false},
		{6, `{"disposition":"Resolved","notes":"Reset the customer's password."}`, "Resolved", "Reset the customer's password.", false},
		{6, `{"disposition":"Resolved","notes":"","transferred":true,"source":"workspace"}`, "Resolved", strings.Repeat("n", 4000), true},
		{6, `{"notes":`, strings.Repeat("d", 65), "", false},
		{6, `null`, "", "", false},
		{2, `[]`, "", "", false},
		{5, ``, "agent", strings.Repeat("a", 128), false},
	} {
		f.Add(s.route, []byte(s.body), false, s.a, s.b, s.flag)
	}
	f.Add(uint8(6), []byte(`{"disposition":"Resolved"}`), true, "", "", false)
	f.Add(uint8(0), []byte(``), true, "", "", false)
	w := newAgentAPIWorld(f)

	f.Fuzz(func(t *testing.T, route uint8, body []byte, huge bool, a, b string, flag bool) {
		rt := bodyRoutes[int(route)%len(bodyRoutes)]
		if huge {
			// Room before the value: the reader must go past the cap.
			body = append(bytes.Repeat([]byte{' '}, maxAgentBody+1), body...)
		}
		w.check(t, rt, body, huge)
		made, err := json.Marshal(rt.build(a, b, flag))
		require.NoError(t, err)
		w.check(t, rt, made, false)
	})
}

// check sends body to rt and checks the answer against what the body is.
func (w *agentAPIWorld) check(t *testing.T, rt bodyRoute, body []byte, huge bool) {
	t.Helper()
	ctx := context.Background()
	reads, writes := w.reads.Load(), w.writes.Load()
	got := w.send(rt, body)
	reads, writes = w.reads.Load()-reads, w.writes.Load()-writes
	if got.status >= 400 {
		require.NotEqual(t, 500, api.Status(got.code), "an answer without an API error code: %d %s", got.status, got.body)
		require.Equal(t, api.Status(got.code), got.status, "the status of %s", got.code)
	}

	v, err := rt.read(body)
	switch {
	case huge:
		require.Equal(t, api.CodeTooLarge, got.code, "a body over the cap: %d %s", got.status, got.body)
		require.Zero(t, reads+writes)
		return
	case err != nil || !rt.valid(v):
		require.Equal(t, api.CodeBadRequest, got.code, "%s %q read as %+v (%v): %d %s", rt.route.Mux(), body, v, err, got.status, got.body)
		require.Zero(t, reads+writes, "a refused body asked VCC or ServiceNow")
		return
	case rt.route == api.RoutePresence:
		require.Equal(t, http.StatusOK, got.status, "%q: %s", body, got.body)
		var p api.Presence
		require.NoError(t, json.Unmarshal(got.body, &p))
		assert.Equal(t, v.(api.SetPresence).PresenceID, p.PresenceID)
		require.Equal(t, int32(1), writes, "the presence is set at VCC, once")
		require.Zero(t, reads)
	default:
		require.Equal(t, api.CodeNotFound, got.code, "%s %q: %d %s", rt.route.Mux(), body, got.status, got.body)
		require.Zero(t, writes, "a body for a call the bridge never heard of wrote to VCC or ServiceNow")
		if strings.Contains(rt.route.Pattern, "{vcc_id}") {
			require.Zero(t, reads, "a body for a call VCC never told of asked VCC or ServiceNow")
		} else {
			require.LessOrEqual(t, reads, int32(1), "a body for an interaction the bridge does not know read more than the interaction")
		}
		c, err := w.s.store.LoadCall(ctx, fuzzVCCID)
		require.NoError(t, err)
		require.Zero(t, c.Version, "a call was created")
		_, known, err := w.s.store.CallOfInteraction(ctx, fuzzSysID)
		require.NoError(t, err)
		require.False(t, known, "a call was created")
		counts, err := w.s.store.Counts(ctx)
		require.NoError(t, err)
		require.Equal(t, store.OutboxCounts{}, counts, "work was queued")
	}

	again, err := json.Marshal(v)
	require.NoError(t, err)
	back, err := rt.read(again)
	require.NoError(t, err)
	require.Equal(t, v, back, "%s written back as %s", body, again)
	second := w.send(rt, again)
	assert.Equal(t, got.status, second.status, "%s written back as %s: %s", body, again, second.body)
	assert.Equal(t, got.code, second.code)
}

// Every route that may carry a body is one FuzzAgentBody sends bodies to,
// but for the two whose handlers read none.
func TestEveryBodyRouteIsFuzzed(t *testing.T) {
	var fuzzed, want []api.Route
	for _, rt := range bodyRoutes {
		fuzzed = append(fuzzed, rt.route)
	}
	for _, r := range api.Routes {
		if r.Method != http.MethodGet && r != api.RouteSession && r != api.RoutePresenceSync {
			want = append(want, r)
		}
	}
	assert.ElementsMatch(t, want, fuzzed, "a route that reads a body belongs in bodyRoutes")
}
