package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vccnow/connector/bridge/calls"
)

// Call is the stored state of one VCC interaction: its facts, and what the
// bridge has written to ServiceNow so far (Sync).
type Call struct {
	Facts calls.Facts
	Sync  Sync
	// Version guards against two writers: SaveCall fails with ErrConflict
	// when the row changed since it was read.
	Version int
}

// Sync records what ServiceNow holds for a call, so every write is made
// once.
type Sync struct {
	InteractionSysID string `json:"interactionSysId,omitempty"`
	Number           string `json:"number,omitempty"`
	PhoneLogSysID    string `json:"phoneLogSysId,omitempty"`
	// State is the interaction state last written (or set by AWA).
	State string `json:"state,omitempty"`
	// Creating marks a create that may have reached ServiceNow without an
	// answer; the next attempt looks before creating again.
	Creating bool `json:"creating,omitempty"`
	// CreatingSince is when that create was sent: a request that lost its
	// answer (the bridge killed, a timeout) may still land until the HTTP
	// client's timeout has passed.
	CreatingSince time.Time `json:"creatingSince,omitzero"`
	// Correlated is set once the caller lookup is done; Match is its result.
	Correlated bool   `json:"correlated,omitempty"`
	Match      *Match `json:"match,omitempty"`
	// Linked lists "table:sys_id" records already related to the
	// interaction.
	Linked []string `json:"linked,omitempty"`
	// TransfersDone counts transfers recorded in ServiceNow.
	TransfersDone int `json:"transfersDone,omitempty"`
	// SegmentNotesDone counts transferring agents' notes written.
	SegmentNotesDone int `json:"segmentNotesDone,omitempty"`
	// WrapUpWritten is set once the agent's wrap-up (disposition and notes
	// from the panel) is in ServiceNow: with the close, or after it when the
	// panel's copy came later than the wrap-up grace.
	WrapUpWritten bool `json:"wrapUpWritten,omitempty"`

	// InFlight names an insert whose answer may have been lost ("case",
	// "request", "segment"; the interaction's is Creating): the next
	// attempt looks for it before inserting again.
	InFlight string `json:"inFlight,omitempty"`
	// CaseSysID is the case the bridge created for the call (rules:
	// createCase); RequestSysID the Service Request it opened under the
	// linked case (createRequest).
	CaseSysID    string `json:"caseSysId,omitempty"`
	RequestSysID string `json:"requestSysId,omitempty"`
	// RecordNoted is set once the closing work note is on the linked record
	// (case, incident, requested item...), after the interaction's close.
	RecordNoted bool `json:"recordNoted,omitempty"`
	// LateNoted is set once a late wrap-up's note is on the interaction; its
	// note on the linked record follows, then WrapUpWritten.
	LateNoted bool `json:"lateNoted,omitempty"`
	// SegmentSysID is the external wrap-up segment the bridge opened with the
	// Wrap Up API at hang-up (rules: workspaceWrapUp). SegmentClosed is set
	// once the bridge closed it with the wrap-up, SegmentError when
	// ServiceNow refused to (the close's note says so).
	SegmentSysID  string `json:"segmentSysId,omitempty"`
	SegmentClosed bool   `json:"segmentClosed,omitempty"`
	SegmentError  string `json:"segmentError,omitempty"`
}

// Match is the outcome of caller correlation.
type Match struct {
	// Kind is csm or itsm (the queue's rule).
	Kind string `json:"kind"`
	// Caller fields for the interaction: opened_for, contact, account,
	// consumer (sys_ids).
	OpenedFor  string `json:"openedFor,omitempty"`
	Contact    string `json:"contact,omitempty"`
	Account    string `json:"account,omitempty"`
	Consumer   string `json:"consumer,omitempty"`
	CallerName string `json:"callerName,omitempty"`
	// Record is the screen-pop target: an existing record to link, or a
	// prefilled new one (SysID "-1").
	Record *Ref `json:"record,omitempty"`
	// Candidates are the callers when the number matched several.
	Candidates []Ref `json:"candidates,omitempty"`
}

// Ref references a ServiceNow record.
type Ref struct {
	Table  string `json:"table"`
	SysID  string `json:"sysId"`
	Query  string `json:"query,omitempty"`
	Number string `json:"number,omitempty"`
	Label  string `json:"label,omitempty"`
}

// ErrConflict means the call changed since it was read; read and try again.
var ErrConflict = errors.New("store: the call changed meanwhile")

// LoadCall returns a call (a zero Call with version 0 when unknown).
func (s *Store) LoadCall(ctx context.Context, vccID string) (Call, error) {
	st := loadCallStmt(vccID)
	return readCall(vccID, s.db.QueryRowContext(ctx, st.SQL, st.Args...))
}

func loadCallStmt(vccID string) Statement {
	return Statement{SQL: `SELECT facts, sync, version FROM calls WHERE vcc_id = ?`, Args: []any{vccID}, Rows: true}
}

// readCall reads loadCallStmt's row.
func readCall(vccID string, row scanner) (Call, error) {
	var facts, sync string
	var c Call
	err := row.Scan(&facts, &sync, &c.Version)
	if errors.Is(err, sql.ErrNoRows) {
		c.Facts.VCCID = vccID
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("store: load call: %w", err)
	}
	return c, decodeCall(vccID, facts, sync, &c)
}

func decodeCall(vccID, facts, sync string, c *Call) error {
	if err := json.Unmarshal([]byte(facts), &c.Facts); err != nil {
		return fmt.Errorf("store: call %s facts: %w", vccID, err)
	}
	if err := json.Unmarshal([]byte(sync), &c.Sync); err != nil {
		return fmt.Errorf("store: call %s sync: %w", vccID, err)
	}
	return nil
}

// CallOfInteraction reads the call of an interaction sys_id (ok false when
// none) in one query: the panel's requests about an interaction start here.
func (s *Store) CallOfInteraction(ctx context.Context, sysID string) (c Call, ok bool, err error) {
	var vccID, facts, sync string
	err = s.db.QueryRowContext(ctx, `SELECT vcc_id, facts, sync, version FROM calls WHERE interaction_sys_id = ?`, sysID).
		Scan(&vccID, &facts, &sync, &c.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return Call{}, false, nil
	}
	if err != nil {
		return Call{}, false, fmt.Errorf("store: call of interaction %s: %w", sysID, err)
	}
	if err := decodeCall(vccID, facts, sync, &c); err != nil {
		return Call{}, false, err
	}
	c.Facts.VCCID = vccID
	return c, true, nil
}

// SaveCall writes a call read with LoadCall; ErrConflict when another
// writer got there first.
func (s *Store) SaveCall(ctx context.Context, c *Call) error {
	st, err := s.saveCallStmt(c)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return fmt.Errorf("store: save call: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrConflict
	}
	c.Version++
	return nil
}

// saveCallStmt writes c: inserted when it is new (version 0), else updated
// if it is still at its version. It changes no row when another writer got
// there first.
func (s *Store) saveCallStmt(c *Call) (Statement, error) {
	facts, err := json.Marshal(c.Facts)
	if err != nil {
		return Statement{}, err
	}
	sync, err := json.Marshal(c.Sync)
	if err != nil {
		return Statement{}, err
	}
	now := ts(s.clock())
	if c.Version == 0 {
		return Statement{SQL: `INSERT INTO calls (vcc_id, interaction_sys_id, facts, sync, version, updated_at) VALUES (?, ?, ?, ?, 1, ?)
			ON CONFLICT (vcc_id) DO NOTHING`, Args: []any{c.Facts.VCCID, c.Sync.InteractionSysID, string(facts), string(sync), now}}, nil
	}
	return Statement{SQL: `UPDATE calls SET interaction_sys_id = ?, facts = ?, sync = ?, version = version + 1, updated_at = ?
		WHERE vcc_id = ? AND version = ?`, Args: []any{c.Sync.InteractionSysID, string(facts), string(sync), now, c.Facts.VCCID, c.Version}}, nil
}

// Queued is an op to queue with a call's new state (SaveCallWith), as
// Enqueue queues it.
type Queued struct {
	Key, Kind, Payload string
	At                 time.Time
	Unique             bool
	// Settled queues nothing: the key and kind have nothing left to do,
	// so an op of them that was postponed (Postpone: waiting for news)
	// is finished instead of left to run for nothing when its time comes.
	Settled bool
}

// QueuesWork reports whether saving queue queues an op to run (an entry
// that is not Settled).
func QueuesWork(queue []Queued) bool {
	for _, q := range queue {
		if !q.Settled {
			return true
		}
	}
	return false
}

// SaveCallWith is SaveCall, and with it, in the same transaction (one round
// trip on D1), marks events processed (the ones the new state folds in)
// and queues ops: all of it happens, or, when another writer got to the
// call first (ErrConflict) or anything fails, none of it.
func (s *Store) SaveCallWith(ctx context.Context, c *Call, processed []Event, queue ...Queued) error {
	_, err := s.saveCallWith(ctx, c, processed, queue)
	return err
}

// SaveCallWithClaim is SaveCallWith, then ClaimNext with a lease of ttl,
// in the same transaction and round trip: the write that queues a call's
// ops claims the outbox's next op (often one of them) for the caller to
// run, sparing the run its first claim. When the save fails, nothing is
// claimed.
func (s *Store) SaveCallWithClaim(ctx context.Context, c *Call, processed []Event, ttl time.Duration, queue ...Queued) (Op, bool, error) {
	res, err := s.saveCallWith(ctx, c, processed, queue, s.claimNextStmt(ttl))
	if err != nil {
		return Op{}, false, err
	}
	return claimed(rowScanner{res[len(res)-1].Rows})
}

// saveCallWith writes SaveCallWith's batch, and last the statements then.
func (s *Store) saveCallWith(ctx context.Context, c *Call, processed []Event, queue []Queued, then ...Statement) ([]BatchResult, error) {
	save, err := s.saveCallStmt(c)
	if err != nil {
		return nil, err
	}
	stmts := []Statement{save, guardChanged}
	now := s.clock()
	for _, q := range queue {
		stmts = append(stmts, enqueueStmts(now, q)...)
	}
	for _, e := range processed {
		stmts = append(stmts, s.markProcessedStmt(e))
	}
	stmts = append(stmts, then...)
	res, err := s.batch(ctx, stmts)
	if err != nil {
		return nil, batchError("save call", err)
	}
	c.Version++
	return res, nil
}

// UpdateCall reads a call, lets f change it, and saves it, retrying when
// another writer interleaves. f must be safe to run more than once.
func (s *Store) UpdateCall(ctx context.Context, vccID string, f func(*Call) error) (Call, error) {
	c, err := s.LoadCall(ctx, vccID)
	if err != nil {
		return c, err
	}
	return s.UpdateCallFrom(ctx, c, f)
}

// UpdateCallFrom is UpdateCall from c, a copy of the call read already
// (one read fewer), saving with it the ops queue holds (SaveCallWith): on
// a conflict the call is read again and f runs again.
func (s *Store) UpdateCallFrom(ctx context.Context, c Call, f func(*Call) error, queue ...Queued) (Call, error) {
	return s.updateCallFrom(ctx, c, f, func(c *Call) error {
		if len(queue) == 0 {
			return s.SaveCall(ctx, c)
		}
		return s.SaveCallWith(ctx, c, nil, queue...)
	})
}

// UpdateCallDone is UpdateCallFrom, and in the same transaction it marks
// the op id done and claims the outbox's next op for ttl, as
// DoneAndClaimNext does: an op whose last write is its call's save ends
// in that round trip, and its run goes on with the op claimed (ok false
// when none is due). On a conflict nothing of it happens, and it is made
// again on the call read anew.
func (s *Store) UpdateCallDone(ctx context.Context, c Call, f func(*Call) error, id int64, ttl time.Duration, queue ...Queued) (Call, Op, bool, error) {
	var res []BatchResult
	c, err := s.updateCallFrom(ctx, c, f, func(c *Call) (err error) {
		res, err = s.saveCallWith(ctx, c, nil, queue, s.doneStmt(id), s.claimNextStmt(ttl))
		return err
	})
	if err != nil {
		return c, Op{}, false, err
	}
	op, ok, err := claimed(rowScanner{res[len(res)-1].Rows})
	return c, op, ok, err
}

// updateCallFrom runs f on c and saves it with save, reading the call
// again and running f again when save reports ErrConflict.
func (s *Store) updateCallFrom(ctx context.Context, c Call, f func(*Call) error, save func(*Call) error) (Call, error) {
	vccID := c.Facts.VCCID
	for attempt := 0; attempt < 20; attempt++ {
		if attempt > 0 {
			var err error
			if c, err = s.LoadCall(ctx, vccID); err != nil {
				return c, err
			}
		}
		if err := f(&c); err != nil {
			return c, err
		}
		if err := save(&c); !errors.Is(err, ErrConflict) {
			return c, err
		}
	}
	return Call{}, fmt.Errorf("store: call %s: too many concurrent writers", vccID)
}
