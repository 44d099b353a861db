package bridge

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
)

// failureClass says what a failed outbox op calls for. An op is never
// given up silently: it is retried, reported, or set aside as a dead letter
// that is counted, listed and can be retried by an admin.
type failureClass int

const (
	// failTemporary: ServiceNow or VCC is busy, down or unreachable (no
	// answer, a timeout, 429, 5xx), or another writer got there first.
	// Retried with backoff capped at 5 minutes, for as long as it takes.
	failTemporary failureClass = iota
	// failOperator: an answer that trying again soon will not change but
	// a person can — ServiceNow answering a page instead of its JSON (a
	// maintenance window, a sign-on proxy), 401 after a credential
	// rotation, 403 of a missing role, 404, another refusal, a queue or
	// presence state that must be configured. Retried with backoff capped
	// at 30 minutes, counted as failing, and a dead letter once it has
	// failed for longer than the dead-letter age.
	failOperator
	// failPermanent: the op itself is wrong (a bad payload, a value
	// refused before any request, an unknown kind): a dead letter at once.
	failPermanent
)

func (c failureClass) String() string {
	switch c {
	case failTemporary:
		return "temporary"
	case failOperator:
		return "needs an operator"
	case failPermanent:
		return "permanent"
	}
	return fmt.Sprintf("failureClass(%d)", int(c))
}

// errNoPresenceState: the presence mapping names an AWA presence state the
// instance does not have.
var errNoPresenceState = errors.New("bridge: no such AWA presence state")

// permanentError marks an op's error that no retry can mend.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// permanent marks err as one no retry can mend (failPermanent).
func permanent(err error) error { return &permanentError{err} }

// classify sorts an op's error. It is pure: it reads only the error. An
// error it does not know is taken to need an operator, so that it is
// reported and counted rather than retried unseen for ever.
func classify(err error) failureClass {
	var perm *permanentError
	var format *servicenow.FormatError
	var sn *servicenow.Error
	var vcc *vccapi.Error
	switch {
	case errors.As(err, &perm), errors.As(err, &format):
		return failPermanent
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), errors.Is(err, store.ErrConflict):
		return failTemporary
	case errors.As(err, &sn):
		if sn.NeedsOperator() {
			return failOperator
		}
		return failTemporary
	case errors.As(err, &vcc):
		if vcc.Temporary() {
			return failTemporary
		}
		return failOperator
	case errors.Is(err, records.ErrNoQueue), errors.Is(err, errNoPresenceState):
		return failOperator
	}
	return failOperator
}

// Backoff of a failed op: full jitter (a random wait between none and the
// ceiling, which doubles from backoffBase with every attempt up to the
// class's cap), so that ops failing together do not all come back
// together.
const (
	backoffBase     = time.Second
	temporaryCap    = 5 * time.Minute
	operatorCap     = 30 * time.Minute
	maxBackoffShift = 20 // 2^20 s is far beyond either cap
)

// retryDelay is how long a failed op waits before it runs again, given its
// class, the attempts it has made before this one, the Retry-After its
// error carried (clamped to [0, servicenow.MaxRetryAfter]) and r, a random
// number in [0, 1). The wait is never shorter than the Retry-After. It is
// pure.
func retryDelay(class failureClass, attempts int, retryAfter time.Duration, r float64) time.Duration {
	limit := temporaryCap
	if class == failOperator {
		limit = operatorCap
	}
	ceiling := min(backoffBase<<min(max(attempts, 0), maxBackoffShift), limit)
	wait := time.Duration(min(max(r, 0), 1) * float64(ceiling))
	return max(wait, min(max(retryAfter, 0), servicenow.MaxRetryAfter))
}

// Alerts: a failing op is logged at error level at most once an hour; a
// temporary failure only once it has lasted alertAfter (a 429 storm or a
// restart of the instance is routine).
const (
	alertEvery = time.Hour
	alertAfter = 5 * time.Minute
)

// alertDue reports whether a failure of class, of an op failing since
// since and last alerted at alerted (zero: never), is logged at error
// level now. It is pure.
func alertDue(class failureClass, since, alerted, now time.Time) bool {
	if class == failTemporary && now.Sub(since) < alertAfter {
		return false
	}
	return alerted.IsZero() || now.Sub(alerted) >= alertEvery
}
