package vccapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeVCC answers the token endpoint (one scope per token) and records the
// API requests it gets; reply answers them.
type fakeVCC struct {
	t     *testing.T
	mu    sync.Mutex
	reqs  []fakeReq
	reply func(w http.ResponseWriter, r *http.Request)
}

type fakeReq struct {
	Method, Path, Accept, Scope string
	Body                        map[string]any
}

func newFakeVCC(t *testing.T, reply func(w http.ResponseWriter, r *http.Request)) (*fakeVCC, *Client) {
	f := &fakeVCC{t: t, reply: reply}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, &Client{TokenURL: srv.URL + "/Auth/connect/token", APIURL: srv.URL, AccountKey: "acme1", ClientID: "bridge", ClientSecret: "s", HTTP: srv.Client()}
}

func (f *fakeVCC) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/Auth/connect/token" {
		require.NoError(f.t, r.ParseForm())
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "tok-" + r.PostForm.Get("scope"), "expires_in": 7200, "token_type": "Bearer"})
		return
	}
	req := fakeReq{Method: r.Method, Path: r.URL.Path, Accept: r.Header.Get("Accept"), Scope: r.Header.Get("Authorization")[len("Bearer tok-"):]}
	if b, _ := io.ReadAll(r.Body); len(b) > 0 {
		require.NoError(f.t, json.Unmarshal(b, &req.Body))
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	f.reply(w, r)
}

func (f *fakeVCC) last() fakeReq {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reqs[len(f.reqs)-1]
}

func answer(status int, body string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// The documented calls go where VCC's pages say, with their media types and
// one scope each, and read VCC's answers.
func TestDocumentedCalls(t *testing.T) {
	ctx := context.Background()
	t.Run("User Admin API", func(t *testing.T) {
		f, c := newFakeVCC(t, answer(200, `{"userId":"u1","username":"beth.anglin","name":"Beth Anglin","active":true,
			"userAccountConfiguration":{"role":"Agent","agentConfiguration":{"agentDisplayId":"1544","webrtc":true}}}`))
		u, err := c.User(ctx, "u1")
		require.NoError(t, err)
		assert.Equal(t, User{UserID: "u1", Username: "beth.anglin", Name: "Beth Anglin", Active: true, AgentDisplayID: "1544"}, u)
		assert.Equal(t, fakeReq{Method: "GET", Path: "/useradmin/users/u1", Accept: AcceptUserAdmin, Scope: "users:read"}, f.last())
	})
	t.Run("a user of another account is not found", func(t *testing.T) {
		_, c := newFakeVCC(t, answer(404, `{"message":"The requested resource was not found."}`))
		_, err := c.User(ctx, "u9")
		assert.Equal(t, http.StatusNotFound, StatusOf(err))
	})
	t.Run("call detail of an inbound call", func(t *testing.T) {
		f, c := newFakeVCC(t, answer(200, `{"id":"i1","links":[],"from":{"telephoneNumber":"+14155550201"},"to":{"telephoneNumber":"+18005550100"},
			"status":null,"recordingStatus":null,"result":null,"dispositionCode":null}`))
		d, err := c.CallDetail(ctx, "i1")
		require.NoError(t, err)
		assert.Equal(t, "inbound", d.Direction())
		assert.Equal(t, "+14155550201", d.Customer())
		assert.Equal(t, "+18005550100", d.Dialled())
		assert.Equal(t, fakeReq{Method: "GET", Path: "/v0/acme1/calls/i1", Accept: AcceptCallDetail, Scope: callsScope}, f.last())
	})
	t.Run("call detail of an outbound call", func(t *testing.T) {
		_, c := newFakeVCC(t, answer(200, `{"id":"o1","from":{"agentId":"1544"},"to":{"telephoneNumber":"+14155550199"}}`))
		d, err := c.CallDetail(ctx, "o1")
		require.NoError(t, err)
		assert.Equal(t, "outbound", d.Direction())
		assert.Equal(t, "+14155550199", d.Customer())
		assert.Empty(t, d.Dialled())
	})
	t.Run("disposition code", func(t *testing.T) {
		f, c := newFakeVCC(t, answer(200, `{"dispositionCode":"Resolved"}`))
		require.NoError(t, c.SetDisposition(ctx, "i1", "Resolved", "1544"))
		assert.Equal(t, fakeReq{Method: "POST", Path: "/v0/acme1/calls/i1/dispositionCode", Accept: "application/json", Scope: callsScope,
			Body: map[string]any{"dispositionCode": "Resolved", "agentId": "1544"}}, f.last())
	})
	t.Run("a disposition VCC refuses", func(t *testing.T) {
		_, c := newFakeVCC(t, answer(400, `{"message":"Disposition code field was expected. "}`))
		err := c.SetDisposition(ctx, "i1", "", "")
		assert.Equal(t, http.StatusBadRequest, StatusOf(err))
		assert.Contains(t, err.Error(), "Disposition code field was expected")
	})
	t.Run("set presence", func(t *testing.T) {
		f, c := newFakeVCC(t, answer(200, `{"userId":"u1","updated":"2021-10-22T13:16:26.730Z","presence":{"presenceId":"p-ready","selectable":true,
			"category":{"categoryType":"Ready","description":"Ready"},"description":"Ready"}}`))
		p, err := c.SetPresence(ctx, "u1", "p-ready")
		require.NoError(t, err)
		assert.Equal(t, "p-ready", p.PresenceID)
		assert.Equal(t, "Ready", p.Category.CategoryType)
		assert.Equal(t, fakeReq{Method: "PATCH", Path: "/agents/u1/presence", Accept: AcceptV1, Scope: "users:write",
			Body: map[string]any{"presenceId": "p-ready"}}, f.last())
	})
}

// A token endpoint's refusal reads as its OAuth error code, whichever status
// carries it (RFC 6749 §5.2: 400, or 401 when the client used HTTP Basic).
func TestOAuthError(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   string
	}{
		{400, `{"error":"invalid_client"}`, "invalid_client"},
		{401, `{"error":"invalid_client","error_description":"unknown client"}`, "invalid_client"},
		{400, `{"error":"invalid_scope"}`, "invalid_scope"},
		{500, `<html>oops</html>`, ""},
	} {
		srv := httptest.NewServer(http.HandlerFunc(answer(tc.status, tc.body)))
		c := &Client{TokenURL: srv.URL, ClientID: "bridge", ClientSecret: "wrong", HTTP: srv.Client()}
		err := c.CheckScope(context.Background(), "users:read")
		assert.Error(t, err, tc.body)
		assert.Equal(t, tc.want, OAuthError(err), tc.body)
		srv.Close()
	}
	assert.Empty(t, OAuthError(nil))
}
