// Package vccapi is the bridge's client for Vonage Contact Center: access
// tokens per scope (client credentials, one scope per token as VCC requires),
// the Agents API, the User Admin API (users.go), the v0 Web API's call
// detail and disposition code (calls.go), webhook subscriptions, the agents'
// token verification (verify.go), webhook signatures and events (webhook.go,
// with the assumed event extensions read in one place: extensions.go), and
// the routing hand-off (handoff.go: assumed, VCC publishes none). It works
// over an injected *http.Client.
//
// References: VCC Authentication API, Agents API, User Admin API, Web API
// (v0) "Retrieving the call detail" and "Setting disposition code for the
// call", Webhooks API and "Webhook consumer best practice"
// (docs-vcc.atlassian.net, space VCCA).
package vccapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// AcceptV1 is the media type VCC's gateway APIs require.
const AcceptV1 = "application/vnd.newvoicemedia.v1+json"

// Client calls VCC's APIs with client credentials.
type Client struct {
	TokenURL string // {issuer}/connect/token
	APIURL   string // https://emea.api.cc.vonage.com
	// AccountKey is the account's API key, which the v0 Web API takes in
	// its paths (/v0/{accountKey}/calls/...).
	AccountKey   string
	ClientID     string
	ClientSecret string
	HTTP         *http.Client
	Now          func() time.Time
	// Tokens caches one token per scope (the store on Workers).
	Tokens TokenCache

	mu sync.Mutex
}

// TokenCache keeps access tokens per scope between requests.
type TokenCache interface {
	Load(ctx context.Context, scope string) (token string, expiry time.Time, ok bool)
	Save(ctx context.Context, scope, token string, expiry time.Time)
}

// MemoryTokens is a TokenCache in memory.
type MemoryTokens struct {
	mu sync.Mutex
	m  map[string]struct {
		tok string
		exp time.Time
	}
}

// Load implements TokenCache.
func (m *MemoryTokens) Load(_ context.Context, scope string) (string, time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.m[scope]
	return t.tok, t.exp, ok
}

// Save implements TokenCache.
func (m *MemoryTokens) Save(_ context.Context, scope, tok string, exp time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]struct {
			tok string
			exp time.Time
		}{}
	}
	m.m[scope] = struct {
		tok string
		exp time.Time
	}{tok, exp}
}

// Error is a failed VCC request.
type Error struct {
	Method, URL string
	Status      int
	Message     string
	Err         error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("vcc: %s %s: %v", e.Method, e.URL, e.Err)
	}
	return fmt.Sprintf("vcc: %s %s: %d %s", e.Method, e.URL, e.Status, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether trying again later may succeed.
func (e *Error) Temporary() bool {
	return e.Err != nil || e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// StatusOf returns the HTTP status of a VCC error, 0 otherwise.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) hc() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

// token returns a cached or new access token for one scope.
func (c *Client) token(ctx context.Context, scope string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Tokens == nil {
		c.Tokens = &MemoryTokens{}
	}
	if tok, exp, ok := c.Tokens.Load(ctx, scope); ok && c.now().Add(time.Minute).Before(exp) {
		return tok, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {scope}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.SetBasicAuth(url.QueryEscape(c.ClientID), url.QueryEscape(c.ClientSecret))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.hc().Do(req)
	if err != nil {
		return "", &Error{Method: "POST", URL: c.TokenURL, Err: err}
	}
	defer resp.Body.Close()
	var body struct {
		Access    string `json:"access_token"`
		ExpiresIn int    `json:"expires_in"`
		Error     string `json:"error"`
		Desc      string `json:"error_description"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusOK || body.Access == "" {
		return "", &Error{Method: "POST", URL: c.TokenURL, Status: resp.StatusCode, Message: strings.TrimSpace(body.Error + " " + body.Desc)}
	}
	if body.ExpiresIn <= 0 {
		body.ExpiresIn = 7200
	}
	c.Tokens.Save(ctx, scope, body.Access, c.now().Add(time.Duration(body.ExpiresIn)*time.Second))
	return body.Access, nil
}

// do calls a gateway API (media type AcceptV1) with a token of scope; out
// receives the JSON answer.
func (c *Client) do(ctx context.Context, scope, method, path string, body, out any) error {
	return c.doAccept(ctx, scope, AcceptV1, method, path, body, out)
}

// doAccept is do with the API's own media type (the User Admin API's v4,
// the v0 Web API's "application/json;version=N").
func (c *Client) doAccept(ctx context.Context, scope, accept, method, path string, body, out any) error {
	for attempt := 0; ; attempt++ {
		tok, err := c.token(ctx, scope)
		if err != nil {
			return err
		}
		var rd io.Reader
		if body != nil {
			b, err := json.Marshal(body)
			if err != nil {
				return err
			}
			rd = bytes.NewReader(b)
		}
		u := strings.TrimSuffix(c.APIURL, "/") + path
		req, err := http.NewRequestWithContext(ctx, method, u, rd)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept", accept)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.hc().Do(req)
		if err != nil {
			return &Error{Method: method, URL: u, Err: err}
		}
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
		resp.Body.Close()
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 {
			// VCC's guidance: on 401 fetch a new token and retry.
			c.Tokens.Save(ctx, scope, "", time.Time{})
			continue
		}
		if resp.StatusCode >= 300 {
			var e struct {
				Message string `json:"message"`
				Error   struct {
					Message string `json:"message"`
				} `json:"error"`
			}
			_ = json.Unmarshal(data, &e)
			msg := e.Message
			if msg == "" {
				msg = e.Error.Message
			}
			if msg == "" {
				msg = http.StatusText(resp.StatusCode)
			}
			return &Error{Method: method, URL: u, Status: resp.StatusCode, Message: msg}
		}
		if out != nil && len(data) > 0 {
			if err := json.Unmarshal(data, out); err != nil {
				return &Error{Method: method, URL: u, Status: resp.StatusCode, Message: "unreadable answer: " + err.Error()}
			}
		}
		return nil
	}
}

// Presence is an Agents API presence.
type Presence struct {
	PresenceID string `json:"presenceId"`
	Selectable bool   `json:"selectable"`
	Category   struct {
		CategoryType string `json:"categoryType"`
		Description  string `json:"description"`
	} `json:"category"`
	Description string `json:"description"`
}

// PresenceDefinitions lists the account's presences.
func (c *Client) PresenceDefinitions(ctx context.Context) ([]Presence, error) {
	var out struct {
		Definitions []Presence `json:"presenceDefinitions"`
	}
	err := c.do(ctx, "users:read", http.MethodGet, "/agents/presence-definitions", nil, &out)
	return out.Definitions, err
}

// SetPresence sets an agent's presence, PATCH /agents/{userId}/presence
// {"presenceId"} (scope users:write; "Set agent's presence"), and returns the
// presence VCC now holds.
func (c *Client) SetPresence(ctx context.Context, userID, presenceID string) (Presence, error) {
	var out struct {
		Presence Presence `json:"presence"`
	}
	err := c.do(ctx, "users:write", http.MethodPatch, "/agents/"+url.PathEscape(userID)+"/presence", map[string]string{"presenceId": presenceID}, &out)
	return out.Presence, err
}

// UserPresence is one user's presence in the Agents API's answers.
type UserPresence struct {
	UserID   string   `json:"userId"`
	Presence Presence `json:"presence"`
}

// maxUsersPerQuery is the Agents API's limit on users per presence query.
const maxUsersPerQuery = 50

// Presences reads the presences of users, GET /agents/presences/users
// ?userId=a,b (scope users:read; "Get presences of users"), at most 50 a
// request; users VCC does not know are left out of the answer.
func (c *Client) Presences(ctx context.Context, userIDs []string) ([]UserPresence, error) {
	var out []UserPresence
	for len(userIDs) > 0 {
		n := min(len(userIDs), maxUsersPerQuery)
		var page []UserPresence
		q := url.Values{"userId": {strings.Join(userIDs[:n], ",")}}
		if err := c.do(ctx, "users:read", http.MethodGet, "/agents/presences/users?"+q.Encode(), nil, &page); err != nil {
			return nil, err
		}
		out = append(out, page...)
		userIDs = userIDs[n:]
	}
	return out, nil
}

// Subscription is a webhook subscription.
type Subscription struct {
	ID      string   `json:"subscriptionId,omitempty"`
	Name    string   `json:"name"`
	URL     string   `json:"url"`
	Events  []string `json:"events"`
	Enabled bool     `json:"enabled"`
	Secret  string   `json:"secret,omitempty"`
}

// Subscriptions lists the webhook subscriptions.
func (c *Client) Subscriptions(ctx context.Context) ([]Subscription, error) {
	var raw json.RawMessage
	if err := c.do(ctx, "admin:read", http.MethodGet, "/webhooks/subscriptions", nil, &raw); err != nil {
		return nil, err
	}
	var list []Subscription
	if json.Unmarshal(raw, &list) == nil {
		return list, nil
	}
	var wrapped struct {
		Subscriptions []Subscription `json:"subscriptions"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return nil, &Error{Method: "GET", URL: "/webhooks/subscriptions", Message: "unreadable list"}
	}
	return wrapped.Subscriptions, nil
}

// Subscribe creates a webhook subscription.
func (c *Client) Subscribe(ctx context.Context, s Subscription) (Subscription, error) {
	var out Subscription
	err := c.do(ctx, "admin:write", http.MethodPost, "/webhooks/subscriptions", s, &out)
	return out, err
}

// UpdateSubscription changes a subscription (its URL, events, secret).
func (c *Client) UpdateSubscription(ctx context.Context, id string, s Subscription) error {
	return c.do(ctx, "admin:write", http.MethodPatch, "/webhooks/subscriptions/"+url.PathEscape(id), s, nil)
}
