// Package servicenow is the bridge's client for a ServiceNow instance: the
// Table API, the AWA APIs, OpenFrame's voice-interaction API and the Wrap Up
// API, over an injected *http.Client (so the Workers build can hand it the
// fetch-based one).
//
// Every answer that is not what the docs say success looks like is an
// *Error, never success: an error status (with ServiceNow's message and
// detail), a success status whose body is not the documented JSON envelope
// (an HTML maintenance or sign-in page: ErrNotJSON; no "result": ErrNoResult),
// and a documented failure inside a success status ("success": false,
// "status": "FAILURE": ErrNotDone). 429 and 503 answers are retried within a
// small budget honouring Retry-After, and come back with their Retry-After
// when the budget is spent, for the outbox to reschedule. Values bound for
// encoded queries are checked, never escaped (Query).
//
// References (paths in ServiceNow/ServiceNowDocs, markdown/): Table API
// api-reference/rest-apis/c_TableAPI.md and rest-api-explorer/c_RESTAPI.md;
// rate limiting rest-api-explorer/inbound-REST-API-rate-limiting.md; AWA
// api-reference/rest-apis/{agent-api,awa-inbox-actions-api,awa-offer-work-api}.md;
// openframe api-reference/rest-apis/openframe-api.md; Wrap Up
// api-reference/rest-apis/wrap-up-api.md.
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

// Do sends a request to path (with query) and decodes the "result" of the
// answer into out. Even with out nil the answer must be the documented
// envelope: a success status with an HTML page or JSON without "result" is
// an *Error (ErrNotJSON, ErrNoResult), as is an error status (with
// ServiceNow's message) or a transport failure. body is sent as JSON.
// Refused requests (429, 503) are retried within the budget; other
// temporary failures only for methods safe to repeat.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	return c.exchange(ctx, method, path, query, body, func(a answer) error { return a.result(out) })
}

// doOutcome is Do for APIs that report success with a "success" flag
// (AWA Offer Work, Wrap Up): "success": false is ErrNotDone.
func (c *Client) doOutcome(ctx context.Context, method, path string, query url.Values, body, out any) error {
	return c.exchange(ctx, method, path, query, body, func(a answer) error { return a.outcome(out) })
}

func (c *Client) exchange(ctx context.Context, method, path string, query url.Values, body any, decode func(answer) error) error {
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
		err := c.once(ctx, method, path, query, payload, decode)
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

func (c *Client) once(ctx context.Context, method, path string, query url.Values, payload []byte, decode func(answer) error) error {
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
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return decodeError(method, path, resp, data)
	}
	return decode(answer{method: method, path: path, status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: data})
}

// retryAfter reads Retry-After as a wait from now (ParseRetryAfter).
func retryAfter(v string) time.Duration { return ParseRetryAfter(v, time.Now()) }
