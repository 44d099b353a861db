package store

import (
	"context"
	"fmt"
	"time"
)

// Acquire takes the named lease for holder until now+ttl, when it is free,
// expired or already holder's. Leases serialise work on one call or agent
// across requests and processes (on Workers, across isolates).
func (s *Store) Acquire(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := s.clock()
	res, err := s.db.ExecContext(ctx, `INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
		WHERE leases.until < ? OR leases.holder = excluded.holder`, name, holder, ts(now.Add(ttl)), ts(now))
	if err != nil {
		return false, fmt.Errorf("store: acquire %s: %w", name, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Release gives the lease up if holder has it.
func (s *Store) Release(ctx context.Context, name, holder string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder)
	return err
}
