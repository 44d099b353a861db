package snsim

import (
	"sort"
	"strconv"
	"strings"
)

// The AWA tables the engine reads and writes
// (conversational-interfaces/advanced-work-assignment/installed-with-awa.md).
// Field names follow ServiceNow's where its documentation gives them; where
// it gives only a label, the name chosen is noted at the field's use.
const (
	tServiceChannel      = "awa_service_channel"            // name, table, condition, service_channel_type, max_capacity, active
	tQueue               = "awa_queue"                      // name, service_channel, external_id, condition, order, active
	tEligibilityPool     = "awa_eligibility_pool"           // queue, groups (comma list of sys_user_group), assignment_rule, order, active
	tAssignmentRule      = "awa_assignment_rule"            // name, assign_by, allow_reject, reassign_on_timeout, timeout, timeout_presence_state, auto_accept
	tPresenceState       = "awa_presence_state"             // name, available, order, active, service_channels, show_channels, disable_inactivity_check, restrict_update, color
	tAgentPresence       = "awa_agent_presence"             // agent, current_presence_state, previous_presence_state, state_changed_on
	tChannelAvailability = "awa_agent_channel_availability" // agent, service_channel, available
	tAgentCapacity       = "awa_agent_capacity"             // user, service_channel (empty: universal capacity), max_capacity
	tRejectReason        = "awa_reject_reason"              // name, order, active, service_channel (empty: every channel)
	tWorkItem            = "awa_work_item"                  // see the wi* states and offer fields in awa_offer.go
	tWorkItemRejection   = "awa_work_item_rejection"        // work_item, agent, reject_reason
	tInteraction         = "interaction"
	tGroupMember         = "sys_user_grmember" // user, group
)

// awa_work_item.state values. ServiceNow documents the labels (Queued,
// Pending Accept, Accepted, Canceled); these stored values are the
// simulator's choice.
const (
	wiQueued        = "queued"
	wiPendingAccept = "pending_accept"
	wiAccepted      = "accepted"
	wiCancelled     = "cancelled"
)

// awa_work_item.cancel_reason values, as ServiceNow labels them.
const (
	cancelTimeout      = "Time out"
	cancelManual       = "Manually assigned"
	cancelDisqualified = "Disqualified from service channel"
	cancelTransfer     = "Transfer was canceled or rejected"
)

// interaction.state values (the reference's §3.1).
const (
	ixNew            = "new"
	ixWorkInProgress = "work_in_progress"
	ixWrapUp         = "wrap_up"
)

// awa_assignment_rule.assign_by values.
const (
	assignMostCapacity = "most_capacity"
	assignLastAssigned = "last_assigned"
)

// flagSet reads a ServiceNow boolean ("true"/"1").
func flagSet(s string) bool { return s == "true" || s == "1" }

// activeRecord reads an active flag that defaults to true when empty.
func activeRecord(r Record) bool { return r["active"] != "false" && r["active"] != "0" }

// flagString writes a ServiceNow boolean.
func flagString(b bool) string { return strconv.FormatBool(b) }

// glideList reads a glide_list value: comma-separated sys_ids.
func glideList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// numberField reads a number field, def when empty or not a number.
func numberField(r Record, field string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(r[field]))
	if err != nil {
		return def
	}
	return n
}

// sortByOrderField sorts records by their numeric order field, then name.
func sortByOrderField(rs []Record) {
	sort.SliceStable(rs, func(i, j int) bool {
		oi, oj := numberField(rs[i], "order", 0), numberField(rs[j], "order", 0)
		if oi != oj {
			return oi < oj
		}
		return rs[i]["name"] < rs[j]["name"]
	})
}

// find is DB.Find that treats a missing table as empty: the engine runs
// before every table of the seed exists.
func (a *AWA) find(table string, match func(Record) bool) []Record {
	rs, _ := a.db.Find(table, match)
	return rs
}

// get is DB.Get returning nil when the record or table is missing.
func (a *AWA) get(table, sysID string) Record {
	if sysID == "" {
		return nil
	}
	r, err := a.db.Get(table, sysID)
	if err != nil {
		return nil
	}
	return r
}
