package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Agent is what the bridge knows of an agent.
type Agent struct {
	UserName  string
	VCCUserID string
	AgentID   string
	// SysID is the agent's sys_user record.
	SysID string
	Name  string
	// Presence is the VCC presence last reported, at PresenceAt, as the
	// presence mapping knows it: its description or its category.
	Presence   string
	PresenceAt time.Time
	// AWAState is the AWA presence last written by the bridge.
	AWAState string
	// PanelUntil is when the agent's panel lease runs out: the panel renews
	// it every 30 s while it is open, so support can tell whether an agent
	// had a panel open.
	PanelUntil time.Time
}

// The setters below change one concern of an agent each, so that the
// webhook handler, the outbox and the agent API, which read and write agents
// concurrently, never write back a stale copy of another's column.

// SaveAgentIdentity records who the agent is (inserting them when new),
// leaving their presence and panel lease as they are.
func (s *Store) SaveAgentIdentity(ctx context.Context, a Agent) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO agents (user_name, vcc_user_id, agent_id, sys_id, name, presence, presence_at, awa_state, panel_until, updated_at)
		VALUES (?, ?, ?, ?, ?, '', '', '', '', ?)
		ON CONFLICT (user_name) DO UPDATE SET vcc_user_id = excluded.vcc_user_id, agent_id = excluded.agent_id, sys_id = excluded.sys_id,
		name = excluded.name, updated_at = excluded.updated_at`,
		a.UserName, a.VCCUserID, a.AgentID, a.SysID, a.Name, ts(s.clock()))
	if err != nil {
		return fmt.Errorf("store: save agent: %w", err)
	}
	return nil
}

// SetAgentPresence records the agent's VCC presence as of at, unless the
// store knows a later one; it reports whether it did.
func (s *Store) SetAgentPresence(ctx context.Context, userName, presence string, at time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE agents SET presence = ?, presence_at = ?, updated_at = ? WHERE user_name = ? AND presence_at < ?`,
		presence, ts(at), ts(s.clock()), userName, ts(at))
	if err != nil {
		return false, fmt.Errorf("store: set agent presence: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// SetAgentAWAState records the AWA presence the bridge last wrote.
func (s *Store) SetAgentAWAState(ctx context.Context, userName, state string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE agents SET awa_state = ?, updated_at = ? WHERE user_name = ?`, state, ts(s.clock()), userName)
	if err != nil {
		return fmt.Errorf("store: set agent AWA state: %w", err)
	}
	return nil
}

// SetAgentPanel records until when the agent's panel keeps presence in step.
func (s *Store) SetAgentPanel(ctx context.Context, userName string, until time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE agents SET panel_until = ?, updated_at = ? WHERE user_name = ?`, ts(until), ts(s.clock()), userName)
	if err != nil {
		return fmt.Errorf("store: set agent panel: %w", err)
	}
	return nil
}

// AgentByName returns an agent by user name (ok false when unknown).
func (s *Store) AgentByName(ctx context.Context, userName string) (Agent, bool, error) {
	return s.agent(ctx, `user_name = ?`, userName)
}

// AgentByVCCID returns an agent by VCC user id.
func (s *Store) AgentByVCCID(ctx context.Context, id string) (Agent, bool, error) {
	return s.agent(ctx, `vcc_user_id = ?`, id)
}

func (s *Store) agent(ctx context.Context, where string, arg string) (Agent, bool, error) {
	var a Agent
	var presenceAt, panelUntil string
	err := s.db.QueryRowContext(ctx, `SELECT user_name, vcc_user_id, agent_id, sys_id, name, presence, presence_at, awa_state, panel_until FROM agents WHERE `+where, arg).
		Scan(&a.UserName, &a.VCCUserID, &a.AgentID, &a.SysID, &a.Name, &a.Presence, &presenceAt, &a.AWAState, &panelUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, fmt.Errorf("store: agent: %w", err)
	}
	a.PresenceAt, a.PanelUntil = parseTS(presenceAt), parseTS(panelUntil)
	return a, true, nil
}

// AgentsWithPanel lists the agents whose panel lease runs past now: those
// with a panel open on this bridge.
func (s *Store) AgentsWithPanel(ctx context.Context, now time.Time) ([]Agent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT user_name, vcc_user_id, name FROM agents WHERE panel_until > ? ORDER BY user_name`, ts(now))
	if err != nil {
		return nil, fmt.Errorf("store: agents with a panel: %w", err)
	}
	defer rows.Close()
	var out []Agent
	for rows.Next() {
		var a Agent
		if err := rows.Scan(&a.UserName, &a.VCCUserID, &a.Name); err != nil {
			return nil, fmt.Errorf("store: agents with a panel: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
