package servicenow

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// instance answers with the given handlers in turn, then the last one again.
func instance(t *testing.T, handlers ...http.HandlerFunc) (*Client, *int32, *[]time.Duration) {
	var n int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(atomic.AddInt32(&n, 1)) - 1
		if i >= len(handlers) {
			i = len(handlers) - 1
		}
		handlers[i](w, r)
	}))
	t.Cleanup(srv.Close)
	var slept []time.Duration
	c := &Client{BaseURL: srv.URL, HTTP: srv.Client(), Auth: Basic{"u", "p"}, Retries: 3, RetryBudget: 10 * time.Second,
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	return c, &n, &slept
}

func reply(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

const rateLimited = `{"error":{"message":"Rate limit exceeded","detail":"Rate limit of 100 requests per hour for Table API exceeded"},"status":"failure"}`

func TestRetriesHonourRetryAfter(t *testing.T) {
	c, n, slept := instance(t, reply(429, rateLimited, "Retry-After", "2"), reply(200, `{"result":[{"sys_id":"a","number":"INC1"}]}`))
	rs, err := c.List(context.Background(), "incident", Where("active", "=", "true"), []string{"sys_id", "number"}, 5)
	require.NoError(t, err)
	assert.Equal(t, "INC1", rs[0]["number"])
	assert.EqualValues(t, 2, *n)
	assert.Equal(t, []time.Duration{2 * time.Second}, *slept)
}

func TestRetryAfterBeyondBudgetComesBack(t *testing.T) {
	c, n, _ := instance(t, reply(429, rateLimited, "Retry-After", "3600"))
	_, err := c.Insert(context.Background(), "interaction", Record{"type": "phone"})
	require.Error(t, err)
	assert.EqualValues(t, 1, *n, "no waiting an hour in a request")
	assert.True(t, IsTemporary(err))
	assert.Equal(t, time.Hour, RetryAfter(err))
	assert.Equal(t, 429, Status(err))
	assert.Contains(t, err.Error(), "Rate limit of 100 requests per hour")
}

func TestPostIsNotRepeatedAfterAServerError(t *testing.T) {
	c, n, _ := instance(t, reply(500, `{"error":{"message":"Internal error"}}`), reply(201, `{"result":{}}`))
	_, err := c.Insert(context.Background(), "interaction", Record{})
	require.Error(t, err)
	assert.EqualValues(t, 1, *n, "a 500 may have created the record")
	assert.True(t, IsTemporary(err), "the outbox decides")
}

func TestGetIsRepeatedAfterAServerError(t *testing.T) {
	c, n, _ := instance(t, reply(502, `bad gateway`), reply(200, `{"result":{"sys_id":"x"}}`))
	r, err := c.Get(context.Background(), "incident", "x", nil)
	require.NoError(t, err)
	assert.Equal(t, "x", r["sys_id"])
	assert.EqualValues(t, 2, *n)
}

func TestErrorsCarryServiceNowsMessage(t *testing.T) {
	c, _, _ := instance(t, reply(404, `{"error":{"message":"No Record found","detail":"Record doesn't exist or ACL restricts the record retrieval"},"status":"failure"}`))
	_, err := c.Get(context.Background(), "incident", "nope", nil)
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "No Record found", e.Message)
	assert.Equal(t, "Record doesn't exist or ACL restricts the record retrieval", e.Detail)
	assert.False(t, e.Temporary())
}

func TestOAuthRefreshesAndRetriesOn401(t *testing.T) {
	var grants []string
	var calls int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth_token.do" {
			require.NoError(t, r.ParseForm())
			grants = append(grants, r.PostForm.Get("grant_type"))
			fmt.Fprintf(w, `{"access_token":"tok%d","refresh_token":"r","token_type":"Bearer","expires_in":1799}`, len(grants))
			return
		}
		if atomic.AddInt32(&calls, 1) == 1 {
			assert.Equal(t, "Bearer tok1", r.Header.Get("Authorization"))
			reply(401, `{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"}}`)(w, r)
			return
		}
		assert.Equal(t, "Bearer tok2", r.Header.Get("Authorization"))
		reply(200, `{"result":{"sys_id":"x"}}`)(w, r)
	}))
	defer srv.Close()
	auth := &OAuth{BaseURL: srv.URL, ClientID: "id", ClientSecret: "s", User: "vcc.integration", Password: "p", HTTP: srv.Client()}
	c := &Client{BaseURL: srv.URL, HTTP: srv.Client(), Auth: auth}
	_, err := c.Get(context.Background(), "incident", "x", nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"password", "password"}, grants, "a refused token is dropped and a new one fetched")
}

func TestOAuthUsesRefreshToken(t *testing.T) {
	var grants []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		grants = append(grants, r.PostForm.Get("grant_type"))
		fmt.Fprint(w, `{"access_token":"a","refresh_token":"r","expires_in":1799}`)
	}))
	defer srv.Close()
	now := time.Unix(0, 0)
	auth := &OAuth{BaseURL: srv.URL, ClientID: "id", ClientSecret: "s", HTTP: srv.Client(), Now: func() time.Time { return now }}
	req, _ := http.NewRequest("GET", "/", nil)
	require.NoError(t, auth.Authorize(context.Background(), req))
	require.NoError(t, auth.Authorize(context.Background(), req))
	now = now.Add(30 * time.Minute)
	require.NoError(t, auth.Authorize(context.Background(), req))
	assert.Equal(t, []string{"client_credentials", "refresh_token"}, grants)
}
