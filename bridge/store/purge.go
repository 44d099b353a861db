package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/vccnow/connector/bridge/calls"
)

// Purged counts what one Purge deleted.
type Purged struct {
	Events, Calls, Ops, Keys int64
}

func (p Purged) String() string {
	return fmt.Sprintf("%d events, %d calls, %d done ops, %d expired keys", p.Events, p.Calls, p.Ops, p.Keys)
}

// purgeBatch is how many rows one DELETE removes: each batch is its own
// short write, so webhooks and agents wait at most one batch behind a purge,
// however much there is to delete.
const purgeBatch = 500

// maxPurgeBatches bounds one Purge (purgeBatch × maxPurgeBatches rows of
// each kind); what remains goes at the next.
const maxPurgeBatches = 2000

// Purge deletes what the bridge no longer needs and last touched more than
// retention ago (by the store's clock): processed webhook events, calls that
// are settled, finished outbox ops and expired keys. A call is settled when
// ServiceNow's interaction is closed (or the call never needed one), no op
// of the call is unfinished (a dead letter counts as unfinished) and no event
// of it is waiting; a call that is not stays, however old. retention must
// outlast VCC's redelivery of webhooks (24 hours), or a late redelivery
// would be taken for a new event.
func (s *Store) Purge(ctx context.Context, retention time.Duration) (Purged, error) {
	var p Purged
	before := ts(s.clock().Add(-retention))
	var err error
	if p.Events, err = s.deleteBatches(ctx, `DELETE FROM events WHERE rowid IN (SELECT rowid FROM events
		WHERE processed_at IS NOT NULL AND received_at < ? LIMIT ?)`, before); err != nil {
		return p, fmt.Errorf("store: purge events: %w", err)
	}
	if p.Calls, err = s.purgeCalls(ctx, before); err != nil {
		return p, fmt.Errorf("store: purge calls: %w", err)
	}
	if p.Ops, err = s.deleteBatches(ctx, `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox
		WHERE done_at IS NOT NULL AND done_at < ? LIMIT ?)`, before); err != nil {
		return p, fmt.Errorf("store: purge ops: %w", err)
	}
	if p.Keys, err = s.deleteBatches(ctx, `DELETE FROM kv WHERE key IN (SELECT key FROM kv
		WHERE expires_at != '' AND expires_at < ? LIMIT ?)`, before); err != nil {
		return p, fmt.Errorf("store: purge keys: %w", err)
	}
	return p, nil
}

// deleteBatches runs query (a DELETE of at most LIMIT rows older than
// before) until it deletes fewer than a batch.
func (s *Store) deleteBatches(ctx context.Context, query, before string) (int64, error) {
	var total int64
	for range maxPurgeBatches {
		res, err := s.db.ExecContext(ctx, query, before, purgeBatch)
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += n
		if n < purgeBatch {
			break
		}
	}
	return total, nil
}

// purgeCalls deletes the settled calls last updated before before. Whether
// the interaction is closed is in the call's JSON, so the candidates are
// read and judged here; the DELETE itself checks again that the call did not
// change and that nothing of it is unfinished, so a call an event or an op
// touched meanwhile stays.
func (s *Store) purgeCalls(ctx context.Context, before string) (int64, error) {
	var total int64
	after := ""
	for range maxPurgeBatches {
		rows, err := s.db.QueryContext(ctx, `SELECT vcc_id, facts, sync, version FROM calls WHERE updated_at < ? AND vcc_id > ?
			ORDER BY vcc_id LIMIT ?`, before, after, purgeBatch)
		if err != nil {
			return total, err
		}
		type candidate struct {
			id      string
			version int
		}
		var settled []candidate
		n := 0
		for rows.Next() {
			var id, facts, sync string
			var version int
			if err := rows.Scan(&id, &facts, &sync, &version); err != nil {
				rows.Close()
				return total, err
			}
			n, after = n+1, id
			if closedCall(facts, sync) {
				settled = append(settled, candidate{id, version})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return total, err
		}
		for _, c := range settled {
			res, err := s.db.ExecContext(ctx, `DELETE FROM calls WHERE vcc_id = ? AND version = ?
				AND NOT EXISTS (SELECT 1 FROM outbox WHERE done_at IS NULL
					AND (key = ? OR key = ? OR substr(key, 1, ?) = ?))
				AND NOT EXISTS (SELECT 1 FROM events WHERE processed_at IS NULL AND key = ?)`,
				c.id, c.version, "call:"+c.id, "detail:"+c.id, len("disposition:"+c.id+":"), "disposition:"+c.id+":", "call:"+c.id)
			if err != nil {
				return total, err
			}
			d, _ := res.RowsAffected()
			total += d
		}
		if n < purgeBatch {
			break
		}
	}
	return total, nil
}

// closedCall reports whether a stored call is over as far as ServiceNow is
// concerned: its interaction is closed, or it has none and its facts call
// for none. Anything unreadable is kept.
func closedCall(factsJSON, syncJSON string) bool {
	var f calls.Facts
	var sy Sync
	if json.Unmarshal([]byte(factsJSON), &f) != nil || json.Unmarshal([]byte(syncJSON), &sy) != nil {
		return false
	}
	if sy.InteractionSysID == "" && !sy.Creating && sy.InFlight == "" {
		return !f.Desired().Exists
	}
	return calls.Closed(sy.State)
}
