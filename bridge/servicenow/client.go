// Package servicenow is the bridge's client for a ServiceNow instance: the
// Table API, the AWA APIs and OpenFrame's voice-interaction API, over an
// injected *http.Client (so the Workers build can hand it the fetch-based
// one). Errors carry ServiceNow's message and detail; 429 and 503 answers are
// retried within a small budget honouring Retry-After, and come back with
// their Retry-After when the budget is spent, for the outbox to reschedule.
//
// References: Table API (api-reference/rest-apis/c_TableAPI.md), REST rate
// limiting (inbound-REST-API-rate-limiting.md), AWA Agent, Inbox Actions and
// Offer Work APIs, openframe API (api-reference/rest-apis/openframe-api.md).
package servicenow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client talks to one instance.
type Client struct {
	// BaseURL is https://<instance>.service-now.com.
	BaseURL string
	HTTP    *http.Client
	Auth    Authenticator
	// Retries is how many times a refused request (429, 503) is tried again
	// before its error is returned; RetryBudget caps the total wait.
	Retries     int
	RetryBudget time.Duration
	// Sleep waits (tests replace it).
	Sleep func(ctx context.Context, d time.Duration) error
	// OnRequest, when set, sees every request sent (counting, metrics).
	OnRequest func(method, path string, status int, took time.Duration)
}

// Error is a failed ServiceNow request.
type Error struct {
	Method, Path string
	Status       int
	Message      string
	Detail       string
	// RetryAfter is the wait ServiceNow asked for (429/503), 0 if none.
	RetryAfter time.Duration
	// Err is the transport error when no answer came.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("servicenow: %s %s: %v", e.Method, e.Path, e.Err)
	}
	s := fmt.Sprintf("servicenow: %s %s: %d %s", e.Method, e.Path, e.Status, e.Message)
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether trying again later may succeed: rate limits,
// server errors and transport failures.
func (e *Error) Temporary() bool {
	return e.Err != nil || e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// Status returns the HTTP status of a ServiceNow error, 0 otherwise.
func Status(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsTemporary reports whether err is a ServiceNow error worth retrying.
func IsTemporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Temporary()
}

// RetryAfter is the wait a temporary error asks for (0 when it says none).
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// Do sends a request to path (with query) and decodes the "result" of the
// answer into out (when out is not nil). body is sent as JSON.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("servicenow: encode %s %s: %w", method, path, err)
		}
	}
	retries, budget := c.Retries, c.RetryBudget
	if budget == 0 {
		budget = 3 * time.Second
	}
	authRetried := false
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, method, path, query, payload, out)
		var e *Error
		if err == nil || !errors.As(err, &e) {
			return err
		}
		if e.Status == http.StatusUnauthorized && !authRetried && c.Auth != nil {
			// An expired or revoked token: get a new one, once.
			authRetried = true
			c.Auth.Invalidate()
			continue
		}
		// Only answers that say the request was refused before any work are
		// safe to repeat for every method; a timeout on a POST is not.
		refused := e.Status == http.StatusTooManyRequests || e.Status == http.StatusServiceUnavailable
		idempotent := method == http.MethodGet || method == http.MethodPut || method == http.MethodDelete || method == http.MethodHead
		if attempt >= retries || !(refused || (idempotent && e.Temporary())) {
			return err
		}
		wait := e.RetryAfter
		if wait == 0 {
			wait = time.Duration(200<<attempt) * time.Millisecond
		}
		if wait > budget {
			return err
		}
		budget -= wait
		if err := c.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Client) once(ctx context.Context, method, path string, query url.Values, payload []byte, out any) error {
	u := strings.TrimSuffix(c.BaseURL, "/") + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return &Error{Method: method, Path: path, Err: err}
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Auth != nil {
		if err := c.Auth.Authorize(ctx, req); err != nil {
			return &Error{Method: method, Path: path, Err: err}
		}
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		if c.OnRequest != nil {
			c.OnRequest(method, path, 0, time.Since(start))
		}
		return &Error{Method: method, Path: path, Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if c.OnRequest != nil {
		c.OnRequest(method, path, resp.StatusCode, time.Since(start))
	}
	if err != nil {
		return &Error{Method: method, Path: path, Status: resp.StatusCode, Err: err}
	}
	if resp.StatusCode >= 300 {
		return decodeError(method, path, resp, data)
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	var env struct {
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(data, &env); err != nil || env.Result == nil {
		return &Error{Method: method, Path: path, Status: resp.StatusCode, Message: "unreadable answer", Detail: snippet(data)}
	}
	if err := json.Unmarshal(env.Result, out); err != nil {
		return &Error{Method: method, Path: path, Status: resp.StatusCode, Message: "unexpected result", Detail: err.Error()}
	}
	return nil
}

func decodeError(method, path string, resp *http.Response, data []byte) error {
	e := &Error{Method: method, Path: path, Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	var env struct {
		Error struct {
			Message string `json:"message"`
			Detail  any    `json:"detail"`
		} `json:"error"`
	}
	if json.Unmarshal(data, &env) == nil && env.Error.Message != "" {
		e.Message = env.Error.Message
		if d, ok := env.Error.Detail.(string); ok {
			e.Detail = d
		}
	} else {
		e.Message = http.StatusText(resp.StatusCode)
		e.Detail = snippet(data)
	}
	return e
}

// retryAfter reads Retry-After in seconds or as an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

func snippet(b []byte) string {
	if len(b) > 200 {
		b = b[:200]
	}
	return strings.TrimSpace(string(b))
}
