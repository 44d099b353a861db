package bridge

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
)

func TestClassify(t *testing.T) {
	sn := func(status int, problem error) error {
		return fmt.Errorf("records: create for call 1: %w", &servicenow.Error{Method: "POST", Path: "/api/now/openframe/voice-interaction", Status: status, Problem: problem})
	}
	cases := []struct {
		name string
		err  error
		want failureClass
	}{
		{"no answer from ServiceNow", &servicenow.Error{Err: errors.New("connection refused")}, failTemporary},
		{"429", sn(429, nil), failTemporary},
		{"500", sn(500, nil), failTemporary},
		{"503", sn(503, nil), failTemporary},
		{"a maintenance page with 200", sn(200, servicenow.ErrNotJSON), failOperator},
		{"a sign-on redirect", sn(302, nil), failOperator},
		{"401 after a credential rotation", sn(401, nil), failOperator},
		{"403 of a missing role", sn(403, nil), failOperator},
		{"404", sn(404, nil), failOperator},
		{"success false", sn(200, servicenow.ErrNotDone), failOperator},
		{"a missing AWA queue", fmt.Errorf("records: %w %q", records.ErrNoQueue, "support"), failOperator},
		{"a missing AWA presence state", fmt.Errorf("%w named %q", errNoPresenceState, "Lunch"), failOperator},
		{"a value refused before any request", &servicenow.FormatError{What: "sys_id", Kind: servicenow.ErrBadFormat}, failPermanent},
		{"a bad payload", permanent(errors.New("bad disposition payload")), failPermanent},
		{"VCC unreachable", &vccapi.Error{Err: errors.New("timeout")}, failTemporary},
		{"VCC 502", &vccapi.Error{Status: 502}, failTemporary},
		{"VCC 401", &vccapi.Error{Status: 401}, failOperator},
		{"a concurrent write", fmt.Errorf("save: %w", store.ErrConflict), failTemporary},
		{"the op's time ran out", fmt.Errorf("sync: %w", context.DeadlineExceeded), failTemporary},
		{"an error nobody foresaw", errors.New("records: call 1: more than 64 sync steps"), failOperator},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, classify(tc.err), "%v", tc.err) })
	}
}

func TestRetryDelay(t *testing.T) {
	cases := []struct {
		name       string
		class      failureClass
		attempts   int
		retryAfter time.Duration
		r          float64
		want       time.Duration
	}{
		{"first try, no jitter drawn", failTemporary, 0, 0, 0, 0},
		{"first try, top of the range", failTemporary, 0, 0, 0.999, 999 * time.Millisecond},
		{"doubling", failTemporary, 3, 0, 0.5, 4 * time.Second},
		{"temporary capped at 5 minutes", failTemporary, 30, 0, 0.999, temporaryCap * 999 / 1000},
		{"operator capped at 30 minutes", failOperator, 30, 0, 0.999, operatorCap * 999 / 1000},
		{"never a year, however many attempts", failOperator, 1 << 30, 0, 0.999, operatorCap * 999 / 1000},
		{"negative attempts are the first", failTemporary, -4, 0, 0.5, 500 * time.Millisecond},
		{"Retry-After above the jitter wins", failTemporary, 0, 30 * time.Second, 0.5, 30 * time.Second},
		{"jitter above Retry-After wins", failTemporary, 10, 2 * time.Second, 0.5, 150 * time.Second},
		{"Retry-After clamped to an hour", failTemporary, 0, 1000 * time.Hour, 0, time.Hour},
		{"a negative Retry-After is none", failTemporary, 0, -time.Hour, 0.5, 500 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, retryDelay(tc.class, tc.attempts, tc.retryAfter, tc.r))
		})
	}
}

// The jitter spreads ops failing together over the whole range.
func TestRetryDelayIsJittered(t *testing.T) {
	seen := map[time.Duration]bool{}
	for i := range 10 {
		d := retryDelay(failTemporary, 4, 0, float64(i)/10)
		assert.GreaterOrEqual(t, d, time.Duration(0))
		assert.Less(t, d, 16*time.Second)
		seen[d] = true
	}
	assert.Len(t, seen, 10)
}

func TestAlertDue(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name           string
		class          failureClass
		since, alerted time.Time
		want           bool
	}{
		{"first failure needing an operator", failOperator, now, time.Time{}, true},
		{"again within the hour", failOperator, now.Add(-2 * time.Hour), now.Add(-30 * time.Minute), false},
		{"again an hour later", failOperator, now.Add(-2 * time.Hour), now.Add(-time.Hour), true},
		{"a fresh 429", failTemporary, now, time.Time{}, false},
		{"a 429 four minutes on", failTemporary, now.Add(-4 * time.Minute), time.Time{}, false},
		{"an outage five minutes on", failTemporary, now.Add(-5 * time.Minute), time.Time{}, true},
		{"an outage, alerted ten minutes ago", failTemporary, now.Add(-time.Hour), now.Add(-10 * time.Minute), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, alertDue(tc.class, tc.since, tc.alerted, now)) })
	}
}
