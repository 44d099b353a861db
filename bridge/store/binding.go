package store

import (
	"context"
	"fmt"
)

// BindAccount binds a VCC account to a ServiceNow instance the first time
// and returns the account the instance is bound to (the given one, or the
// one bound before).
func (s *Store) BindAccount(ctx context.Context, instance, accountID string) (string, error) {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO binding (instance, account_id, bound_at) VALUES (?, ?, ?) ON CONFLICT (instance) DO NOTHING`,
		instance, accountID, ts(s.clock())); err != nil {
		return "", fmt.Errorf("store: bind account: %w", err)
	}
	var bound string
	if err := s.db.QueryRowContext(ctx, `SELECT account_id FROM binding WHERE instance = ?`, instance).Scan(&bound); err != nil {
		return "", fmt.Errorf("store: bind account: %w", err)
	}
	return bound, nil
}
