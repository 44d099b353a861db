package bridge

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The dead-letter age (Config.DeadLetterAge): how long an outbox op may
// fail in a way only a person can mend before it is set aside as a dead
// letter. Long enough for an admin to notice the alerts and act (the op is
// retried all along, and an admin's fix lets it through), short enough
// that a call's later work is not held back for days.
const (
	DefaultDeadLetterAge = 24 * time.Hour
	// MinDeadLetterAge leaves an op a few tries at the slow backoff's cap
	// (30 minutes).
	MinDeadLetterAge = 2 * time.Hour
	maxDeadLetterAge = 365 * 24 * time.Hour
)

// ParseDeadLetterAge reads the dead-letter age setting: days ("2d") or a
// duration ("36h"), from MinDeadLetterAge to a year.
func ParseDeadLetterAge(text string) (time.Duration, error) {
	bad := fmt.Errorf("dead-letter-after %q: write days (1d) or a duration (36h), from 2 hours to a year", text)
	var d time.Duration
	if days, ok := strings.CutSuffix(text, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 365 {
			return 0, bad
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(text); err != nil {
			return 0, bad
		}
	}
	if d < MinDeadLetterAge || d > maxDeadLetterAge {
		return 0, bad
	}
	return d, nil
}
