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
	// PanelUntil is when the agent's panel lease runs out: while it runs the
	// panel keeps presence in step itself.
	PanelUntil time.Time
}

// SaveAgent inserts or replaces an agent.
func (s *Store) SaveAgent(ctx context.Context, a Agent) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO agents (user_name, vcc_user_id, agent_id, sys_id, name, presence, presence_at, awa_state, panel_until, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_name) DO UPDATE SET vcc_user_id = excluded.vcc_user_id, agent_id = excluded.agent_id, sys_id = excluded.sys_id,
		name = excluded.name, presence = excluded.presence, presence_at = excluded.presence_at, awa_state = excluded.awa_state,
		panel_until = excluded.panel_until, updated_at = excluded.updated_at`,
		a.UserName, a.VCCUserID, a.AgentID, a.SysID, a.Name, a.Presence, ts(a.PresenceAt), a.AWAState, ts(a.PanelUntil), ts(s.clock()))
	if err != nil {
		return fmt.Errorf("store: save agent: %w", err)
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
