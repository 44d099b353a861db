package servicenow

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	cases := []struct {
		name, header string
		want         time.Duration
	}{
		{"absent", "", 0},
		{"seconds", "120", 2 * time.Minute},
		{"zero", "0", 0},
		{"padded", " 7 ", 7 * time.Second},
		{"an hour exactly", "3600", time.Hour},
		{"a day, clamped", "86400", MaxRetryAfter},
		{"ten billion seconds (overflowed a Duration)", "10000000000", MaxRetryAfter},
		{"more digits than an int64", "99999999999999999999999999", MaxRetryAfter},
		{"negative", "-5", 0},
		{"a fraction", "1.5", 0},
		{"text", "soon", 0},
		{"a date ahead", date(90 * time.Second), 90 * time.Second},
		{"a date past", date(-time.Hour), 0},
		{"a date days ahead, clamped", date(72 * time.Hour), MaxRetryAfter},
		{"a date in the year 9999", "Fri, 31 Dec 9999 23:59:59 GMT", MaxRetryAfter},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseRetryAfter(tc.header, now)
			assert.Equal(t, tc.want, got)
			assert.GreaterOrEqual(t, got, time.Duration(0))
			assert.LessOrEqual(t, got, MaxRetryAfter)
		})
	}
}

// A Retry-After too large for a Duration once made the client (and the
// outbox) try again at once; now it is an hour, beyond the request's
// budget, and comes back for the outbox to wait.
func TestAnAbsurdRetryAfterIsNoImmediateRetry(t *testing.T) {
	c, n, slept := instance(t, reply(429, rateLimited, "Retry-After", "10000000000"), reply(201, `{"result":{}}`))
	_, err := c.Insert(context.Background(), "interaction", Record{"type": "phone"})
	require.Error(t, err)
	assert.EqualValues(t, 1, *n, "tried again at once")
	assert.Empty(t, *slept)
	assert.Equal(t, MaxRetryAfter, RetryAfter(err))
}

func TestNeedsOperator(t *testing.T) {
	cases := []struct {
		name string
		err  *Error
		want bool
	}{
		{"no answer", &Error{Err: errors.New("connection refused")}, false},
		{"429", &Error{Status: 429}, false},
		{"500", &Error{Status: 500}, false},
		{"503", &Error{Status: 503}, false},
		{"an HTML page with 200", &Error{Status: 200, Problem: ErrNotJSON}, true},
		{"JSON without a result", &Error{Status: 200, Problem: ErrNoResult}, true},
		{"success false", &Error{Status: 200, Problem: ErrNotDone}, true},
		{"a redirect to a sign-in page", &Error{Status: 302}, true},
		{"401", &Error{Status: 401}, true},
		{"403", &Error{Status: 403}, true},
		{"404", &Error{Status: 404}, true},
		{"409", &Error{Status: 409}, true},
		{"400", &Error{Status: 400}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.err.NeedsOperator())
			assert.Equal(t, tc.want, IsNeedsOperator(tc.err))
		})
	}
}
