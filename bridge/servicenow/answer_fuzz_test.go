package servicenow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// canned answers every request with one response, and counts them: the
// fuzzer's answer reaches the client without a socket.
type canned struct {
	status  int
	header  http.Header
	body    []byte
	answers int
}

func (c *canned) RoundTrip(r *http.Request) (*http.Response, error) {
	c.answers++
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return &http.Response{StatusCode: c.status, Header: c.header.Clone(), Body: io.NopCloser(bytes.NewReader(c.body)), Request: r}, nil
}

// FuzzAnswer decodes whatever an instance, or something in front of it,
// might answer: any status, Content-Type, Retry-After and body. Never
// success unless the status is 2xx and the body the documented envelope;
// an error status comes back with that status and a wait within [0, 1 h];
// a 2xx that is not a JSON object is ErrNotJSON, whatever its Content-Type
// says; a failed 2xx is one a person must look at (NeedsOperator); and the
// client sends no more requests than its retries allow.
func FuzzAnswer(f *testing.F) {
	seeds := []struct {
		status             int
		contentType, after string
		body               string
	}{
		{200, "application/json", "", `{"result":[{"sys_id":"a","number":"INC1"}]}`},
		{200, "application/json", "", `{"result":{"sys_id":"ab","state":"closed_complete"}}`},
		{200, "text/html; charset=UTF-8", "", maintenance},
		{200, "text/html", "", `<html><head><title>Log in | SSO</title></head></html>`},
		{200, "application/json", "", `{"status":"ok"}`},
		{200, "application/json", "", `{"result":null}`},
		{200, "application/json", "", `[1,2]`},
		{200, "", "", ``},
		{204, "", "", ``},
		{200, "application/json", "", `{"success":false,"message":"Interaction not found"}`},
		{200, "application/json", "", `{"result":{"success":true,"work_item":{"sys_id":"wi"}}}`},
		{200, "application/json", "", `{"result":{"status":"FAILURE"}}`},
		{429, "application/json", "2", rateLimited},
		{429, "application/json", "10000000000", rateLimited},
		{503, "text/html", "Wed, 21 Oct 2015 07:28:00 GMT", maintenance},
		{401, "application/json", "", `{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}`},
		{403, "application/json", "", `{"error":{"message":"Operation Failed","detail":{"x":1}}}`},
		{404, "application/json", "", `{"error":{"message":"No Record found","detail":"Record doesn't exist or ACL restricts the record retrieval"}}`},
		{409, "application/json", "", `{"result":{"success":false,"message":"Work Item accepted can not be assigned"}}`},
		{302, "text/html", "", `<html><title>Moved</title></html>`},
		{500, "", "-1", "\x00\xff"},
	}
	for i, s := range seeds {
		f.Add(uint16(s.status), s.contentType, s.after, []byte(s.body), uint8(i))
	}
	f.Fuzz(func(t *testing.T, code uint16, contentType, after string, body []byte, call uint8) {
		status := 100 + int(code)%500
		if status < 200 {
			status += 100 // 1xx answers never reach a client as final answers
		}
		header := http.Header{}
		if contentType != "" {
			header.Set("Content-Type", contentType)
		}
		if after != "" {
			header.Set("Retry-After", after)
		}
		tr := &canned{status: status, header: header, body: body}
		c := &Client{BaseURL: "http://instance.invalid", HTTP: &http.Client{Transport: tr}, Auth: Basic{"u", "p"}, Retries: 2,
			RetryBudget: 24 * time.Hour, Sleep: func(context.Context, time.Duration) error { return nil }}

		var raw json.RawMessage
		err := fuzzCall(c, call, &raw)
		ok2xx := status >= 200 && status < 300

		// At most the retries, and one more after a 401 (a new token).
		assert.LessOrEqual(t, tr.answers, c.Retries+2, "requests sent")
		if err == nil {
			require.True(t, ok2xx, "success with status %d", status)
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			require.Fail(t, "not an *Error", "%T %v", err, err)
		}
		assert.NotEmpty(t, err.Error())
		if ok2xx {
			// The voice-interaction API's own failures say 200 whatever the
			// success status was.
			assert.True(t, e.Status >= 200 && e.Status < 300, "status %d for a %d", e.Status, status)
		} else {
			assert.Equal(t, status, e.Status)
		}
		assert.Nil(t, e.Err, "an answer came: no transport error")
		assert.GreaterOrEqual(t, e.RetryAfter, time.Duration(0))
		assert.LessOrEqual(t, e.RetryAfter, MaxRetryAfter)
		if !ok2xx {
			assert.Nil(t, e.Problem, "an error status is no problem of a success's body")
			// ServiceNow's message, or the status's text; an unusual status
			// (520 from a proxy) has none, and the error still names it.
			assert.Contains(t, err.Error(), strconv.Itoa(status))
			assert.Equal(t, status == 429 || status >= 500, e.Temporary())
			return
		}
		require.NotNil(t, e.Problem, "a 2xx that fails says what was wrong with it")
		assert.True(t, e.NeedsOperator(), "a 2xx that is not the API's answer is for a person to look at")
		assert.Zero(t, e.RetryAfter, "a 2xx asks for no wait")
		noContent := status == http.StatusNoContent && len(bytes.TrimSpace(body)) == 0 // a DELETE's success
		if !jsonObject(body) && !noContent {
			assert.ErrorIs(t, err, ErrNotJSON, "a 2xx that is not a JSON object")
			assert.True(t, e.Temporary(), "a page instead of the API's answer passes (maintenance)")
		}
		if call%4 == 0 && jsonObject(body) {
			// Do: an object with a result is success, so this one has none.
			assert.ErrorIs(t, err, ErrNoResult)
		}

		// The Content-Type does not decide: the same body as JSON fails the
		// same way.
		tr.header = http.Header{"Content-Type": {"application/json"}}
		again := fuzzCall(c, call, &raw)
		require.Error(t, again)
		for _, p := range []error{ErrNotJSON, ErrNoResult, ErrUnexpectedResult, ErrNotDone} {
			assert.Equal(t, errors.Is(err, p), errors.Is(again, p), "%v with Content-Type %q and application/json", p, contentType)
		}
	})
}

// fuzzCall makes one of the bridge's kinds of request: the Table API's
// envelope (Do, Get), the success-flag envelope (the AWA Offer Work and Wrap
// Up APIs), or the voice-interaction API's status.
func fuzzCall(c *Client, call uint8, raw *json.RawMessage) error {
	ctx := context.Background()
	switch call % 4 {
	case 0:
		return c.Do(ctx, http.MethodPost, "/api/now/table/interaction", nil, Record{"type": "phone"}, raw)
	case 1:
		_, err := c.Get(ctx, "incident", "0123456789abcdef0123456789abcdef", []string{"sys_id", "number"})
		return err
	case 2:
		_, err := c.TransferToQueue(ctx, "interaction", "ix", "q1", "q2")
		return err
	default:
		_, err := c.CreateVoiceInteraction(ctx, VoiceInteraction{})
		return err
	}
}

// jsonObject reports whether b is one JSON object (not null, an array, a
// page): the only body a success can have.
func jsonObject(b []byte) bool {
	t := bytes.TrimSpace(b)
	return json.Valid(t) && len(t) > 0 && t[0] == '{'
}

// FuzzParseRetryAfter: any header value gives a wait within [0, 1 h], and a
// number of seconds is that many seconds up to the bound.
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "2", "120", "3600", "3601", "10000000000", "99999999999999999999999", "-1", "1.5",
		"Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Sun, 06 Nov 1994 08:49:37 GMT", " 7 "} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d := ParseRetryAfter(v, now)
		require.GreaterOrEqual(t, d, time.Duration(0))
		require.LessOrEqual(t, d, MaxRetryAfter)
		digits := strings.TrimSpace(v)
		if n, err := strconv.ParseUint(digits, 10, 64); err == nil && allDigits(digits) {
			want := MaxRetryAfter
			if n < uint64(MaxRetryAfter/time.Second) {
				want = time.Duration(n) * time.Second
			}
			require.Equal(t, want, d, "%q seconds", v)
		}
	})
}
