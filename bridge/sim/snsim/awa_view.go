package snsim

import "slices"

// agentChannel keys per-agent, per-channel facts.
type agentChannel struct{ agent, channel string }

// routingView is what one assignment pass knows about agents, read from the
// DB once per pass so a pass costs one scan of each table however many
// items and agents there are.
type routingView struct {
	channels   map[string]Record // awa_service_channel by sys_id
	states     map[string]Record // awa_presence_state by sys_id
	presence   map[string]string // agent -> current awa_presence_state
	channelOff map[agentChannel]bool
	maxCap     map[agentChannel]int // awa_agent_capacity overrides
	universal  map[string]int       // agent -> universal capacity, when set
	members    map[string][]string  // sys_user_group -> active users
	load       map[agentChannel]int // items offered or accepted, per channel
	total      map[string]int       // items offered or accepted, all channels
}

// view reads the routing facts from the DB.
func (a *AWA) view() *routingView {
	v := &routingView{
		channels: map[string]Record{}, states: map[string]Record{}, presence: map[string]string{},
		channelOff: map[agentChannel]bool{}, maxCap: map[agentChannel]int{}, universal: map[string]int{},
		members: map[string][]string{}, load: map[agentChannel]int{}, total: map[string]int{},
	}
	for _, c := range a.find(tServiceChannel, activeRecord) {
		v.channels[c["sys_id"]] = c
	}
	for _, s := range a.find(tPresenceState, nil) {
		v.states[s["sys_id"]] = s
	}
	for _, p := range a.find(tAgentPresence, nil) {
		v.presence[p["agent"]] = p["current_presence_state"]
	}
	for _, c := range a.find(tChannelAvailability, nil) {
		if !flagSet(c["available"]) {
			v.channelOff[agentChannel{c["agent"], c["service_channel"]}] = true
		}
	}
	for _, c := range a.find(tAgentCapacity, nil) {
		if c["service_channel"] == "" {
			v.universal[c["user"]] = numberField(c, "max_capacity", 0)
		} else {
			v.maxCap[agentChannel{c["user"], c["service_channel"]}] = numberField(c, "max_capacity", 0)
		}
	}
	inactive := map[string]bool{}
	for _, u := range a.find("sys_user", func(r Record) bool { return !activeRecord(r) }) {
		inactive[u["sys_id"]] = true
	}
	for _, m := range a.find(tGroupMember, nil) {
		if !inactive[m["user"]] {
			v.members[m["group"]] = append(v.members[m["group"]], m["user"])
		}
	}
	for _, wi := range a.find(tWorkItem, holdsCapacity) {
		v.load[agentChannel{wi["assigned_to"], wi["service_channel"]}]++
		v.total[wi["assigned_to"]]++
	}
	return v
}

// holdsCapacity reports whether a work item uses its agent's capacity: it is
// offered or accepted and its document is still being worked.
func holdsCapacity(wi Record) bool {
	return activeRecord(wi) && wi["assigned_to"] != "" && (wi["state"] == wiPendingAccept || wi["state"] == wiAccepted)
}

// maxCapacity is the agent's capacity on a channel: their override, else
// the channel's max_capacity (1 when unset).
func (v *routingView) maxCapacity(agent, channel string) int {
	if n, ok := v.maxCap[agentChannel{agent, channel}]; ok {
		return n
	}
	return numberField(v.channels[channel], "max_capacity", 1)
}

// spare is how many more items the agent can take on the channel, 0 when
// they cannot take any: not in a presence state available for work, the
// channel turned off or not part of that state, or capacity used up.
func (v *routingView) spare(agent, channel string) int {
	state := v.states[v.presence[agent]]
	if state == nil || !flagSet(state["available"]) || !activeRecord(state) {
		return 0
	}
	if chans := glideList(state["service_channels"]); len(chans) > 0 && !slices.Contains(chans, channel) {
		return 0
	}
	if v.channelOff[agentChannel{agent, channel}] {
		return 0
	}
	if u, ok := v.universal[agent]; ok && v.total[agent] >= u {
		return 0
	}
	return max(0, v.maxCapacity(agent, channel)-v.load[agentChannel{agent, channel}])
}

// take records that the agent was just offered an item on the channel.
func (v *routingView) take(agent, channel string) {
	v.load[agentChannel{agent, channel}]++
	v.total[agent]++
}
