package records

import (
	"context"
	"errors"
	"sort"
)

// Warm looks up, once, what every call needs and rarely changes — the AWA
// queue of each configured VCC queue and AWA's Phone channel — so that no
// call pays for them. A queue without its awa_queue is reported (calls from
// it would fail to be created) but does not stop the others.
func (s *Syncer) Warm(ctx context.Context) error {
	names := make([]string, 0, len(s.Rules.Queues))
	for q := range s.Rules.Queues {
		names = append(names, q)
	}
	sort.Strings(names)
	var errs []error
	for _, q := range names {
		if _, err := s.queueSysID(ctx, s.Rules.Rule(q).AWAQueue); err != nil {
			errs = append(errs, err)
		}
	}
	if _, err := s.phoneChannel(ctx); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
