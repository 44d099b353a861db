package snsim

import "strings"

// Presence is an agent's AWA presence in the shape ServiceNow uses for the
// AWA Agent API and OpenFrame's openframe_awa_agent_presence and
// getAWAAgentPresence (api-reference/rest-apis/agent-api.md,
// api-reference/c_openFrameAPI.md).
type Presence struct {
	Name      string            `json:"name"`
	SysID     string            `json:"sys_id"`
	Available bool              `json:"available"`
	Channels  []PresenceChannel `json:"channels"`
}

// PresenceChannel is one service channel within a presence.
type PresenceChannel struct {
	Name               string `json:"name"`
	Available          bool   `json:"available"`
	SysID              string `json:"sys_id"`
	RestrictUpdate     bool   `json:"restrict_update"`
	ServiceChannelType string `json:"service_channel_type"`
}

// ChannelSetting turns one service channel on or off for an agent.
type ChannelSetting struct {
	SysID     string `json:"sys_id"`
	Available bool   `json:"available"`
}

// SetPresence changes an agent's presence, and their channels'
// availability when channels are given. The AWA Agent API (PUT
// /api/now/awa/agents/{id}) and the workspace's presence menu come here; AWA
// itself changes presence only for an offer's timeout. OpenFrame's
// setPresenceIndicator never does (it only paints). The agent's workspace
// then raises openframe_awa_agent_presence. Errors: Record Not Found (404)
// for an unknown agent, presence state or channel.
func (a *AWA) SetPresence(agent, state string, channels []ChannelSetting) (Presence, error) {
	var p Presence
	err := a.do(func() error {
		if err := a.setPresence(agent, state, channels); err != nil {
			return err
		}
		p = a.presenceOf(agent)
		return nil
	})
	return p, err
}

// PresenceOf returns an agent's current presence.
func (a *AWA) PresenceOf(agent string) Presence { return a.presenceOf(agent) }

func (a *AWA) setPresence(agent, state string, channels []ChannelSetting) error {
	if a.get("sys_user", agent) == nil {
		return awaNotFound("There is no record for sys_user : " + agent)
	}
	if a.get(tPresenceState, state) == nil {
		return awaNotFound("There is no record for awa_presence_state : " + state)
	}
	for _, c := range channels {
		if a.get(tServiceChannel, c.SysID) == nil {
			return awaNotFound("There is no record for awa_service_channel : " + c.SysID)
		}
	}
	now := Timestamp(a.clock.Now())
	cur := a.agentPresence(agent)
	switch {
	case cur == nil:
		if _, err := a.db.Insert(tAgentPresence, Record{"agent": agent, "current_presence_state": state, "state_changed_on": now}, awaUser); err != nil {
			return err
		}
	case cur["current_presence_state"] != state:
		changes := Record{"current_presence_state": state, "previous_presence_state": cur["current_presence_state"], "state_changed_on": now}
		if _, err := a.db.Update(tAgentPresence, cur["sys_id"], changes, awaUser); err != nil {
			return err
		}
	}
	for _, c := range channels {
		if err := a.setChannel(agent, c); err != nil {
			return err
		}
	}
	return nil
}

// setChannel records an agent's availability on one channel.
func (a *AWA) setChannel(agent string, c ChannelSetting) error {
	want := flagString(c.Available)
	rows := a.find(tChannelAvailability, func(r Record) bool { return r["agent"] == agent && r["service_channel"] == c.SysID })
	if len(rows) == 0 {
		_, err := a.db.Insert(tChannelAvailability, Record{"agent": agent, "service_channel": c.SysID, "available": want}, awaUser)
		return err
	}
	if rows[0]["available"] == want {
		return nil
	}
	_, err := a.db.Update(tChannelAvailability, rows[0]["sys_id"], Record{"available": want}, awaUser)
	return err
}

// agentPresence is the agent's awa_agent_presence row, nil if none.
func (a *AWA) agentPresence(agent string) Record {
	rows := a.find(tAgentPresence, func(r Record) bool { return r["agent"] == agent })
	if len(rows) == 0 {
		return nil
	}
	return rows[0]
}

// presenceOf reads an agent's presence. An agent without a presence row is
// in the state named Offline.
func (a *AWA) presenceOf(agent string) Presence {
	var state Record
	if cur := a.agentPresence(agent); cur != nil {
		state = a.get(tPresenceState, cur["current_presence_state"])
	}
	if state == nil {
		state = a.stateNamed("Offline")
	}
	return a.presenceIn(agent, state)
}

// presenceIn is the agent's presence in state: the state's service channels
// (none for a state that takes no work), each with the agent's availability
// (on unless turned off).
func (a *AWA) presenceIn(agent string, state Record) Presence {
	p := Presence{Name: state["name"], SysID: state["sys_id"], Available: flagSet(state["available"]), Channels: []PresenceChannel{}}
	off := map[string]bool{}
	for _, c := range a.find(tChannelAvailability, func(r Record) bool { return r["agent"] == agent }) {
		off[c["service_channel"]] = !flagSet(c["available"])
	}
	for _, id := range glideList(state["service_channels"]) {
		ch := a.get(tServiceChannel, id)
		if ch == nil || !activeRecord(ch) {
			continue
		}
		p.Channels = append(p.Channels, PresenceChannel{
			Name: ch["name"], SysID: id, Available: !off[id],
			RestrictUpdate: flagSet(state["restrict_update"]), ServiceChannelType: ch["service_channel_type"],
		})
	}
	return p
}

// presenceStates returns the active presence states in their order.
func (a *AWA) presenceStates() []Record {
	states := a.find(tPresenceState, activeRecord)
	sortByOrderField(states)
	return states
}

// stateNamed finds an active presence state by name, ignoring case; nil if
// there is none.
func (a *AWA) stateNamed(name string) Record {
	for _, s := range a.presenceStates() {
		if strings.EqualFold(s["name"], strings.TrimSpace(name)) {
			return s
		}
	}
	return nil
}

// publishPresence sends the agent's presence to their workspace pages, which
// forward it to the panel as openframe_awa_agent_presence.
func (a *AWA) publishPresence(agent string) {
	if !a.feed.Watching(agent) {
		return
	}
	p := a.presenceOf(agent)
	a.feed.Publish(agent, FeedEvent{
		Type: "presence", Presence: &p,
		Panel: &PanelMessage{EventName: "openframe_awa_agent_presence", Args: map[string]any{"result": map[string]any{"presence": p}}},
	})
}
