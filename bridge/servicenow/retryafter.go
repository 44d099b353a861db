package servicenow

import (
	"net/http"
	"strings"
	"time"
)

// MaxRetryAfter bounds the wait a Retry-After header can ask for. An
// instance that asks for more (or a proxy that sends nonsense) is asked
// again after an hour: a wait of days would park the work as surely as a
// refusal, and nobody would be told.
const MaxRetryAfter = time.Hour

// ParseRetryAfter reads a Retry-After header (RFC 9110 §10.2.3: a number of
// seconds, or an HTTP date) as a wait from now, clamped to [0,
// MaxRetryAfter]. It never overflows: a number of any length is read digit
// by digit and stops growing at the bound. A value that is neither (a
// negative number, a fraction, text) is no wait at all.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if allDigits(v) {
		var secs int64
		for _, c := range v {
			secs = secs*10 + int64(c-'0')
			if secs >= int64(MaxRetryAfter/time.Second) {
				return MaxRetryAfter
			}
		}
		return time.Duration(secs) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	// Compare before subtracting: a date centuries away would overflow
	// a Duration.
	switch {
	case !t.After(now):
		return 0
	case t.After(now.Add(MaxRetryAfter)):
		return MaxRetryAfter
	}
	return t.Sub(now)
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
