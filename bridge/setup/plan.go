package setup

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Record is a row as the Table API returns it.
type Record = map[string]string

// Existing is what the instance holds of what setup makes.
type Existing struct {
	// OpenFrame are the OpenFrame configurations.
	OpenFrame []Record
	// Channel is the service channel named Phone (nil: none).
	Channel Record
	// Queues are the AWA queues by external_id; States the presence
	// states and Reasons the reject reasons by name.
	Queues, States, Reasons map[string]Record
	// Group is the sys_id of the OpenFrame group Desired names ("" when
	// none is named, or none has that name: GroupMissing).
	Group        string
	GroupMissing bool
	// AgentGroup is the sys_id of the agent group Desired names (""
	// when none is named, or none has that name: AgentGroupMissing).
	AgentGroup        string
	AgentGroupMissing bool
	// Rule is the assignment rule Desired names (nil: none).
	Rule Record
	// Pools are the eligibility pools of each queue, by its external_id.
	Pools map[string][]Record
}

// References a planned value may hold, resolved when the change is made:
// the Phone channel's sys_id (made earlier in the same plan) and the
// record's own sys_id (a queue's routing condition names the queue).
const (
	RefChannel = "<Phone channel>"
	RefSelf    = "<this record>"
	RefRule    = "<assignment rule>"
)

// RefQueue is the reference to the sys_id of the queue named name, made
// earlier in the same plan.
func RefQueue(name string) string { return "<queue " + name + ">" }

// Op is what a change does.
type Op int

// Ops.
const (
	Create Op = iota
	Update
)

func (o Op) String() string {
	if o == Create {
		return "create"
	}
	return "update"
}

// Change is one record to create or update.
type Change struct {
	Op    Op
	Table string
	// Name names the record for people ("Support Phone").
	Name string
	// SysID is the record an update changes.
	SysID string
	// Fields are the values to write, in the order Keys gives; they may
	// hold RefChannel and RefSelf.
	Fields Record
	// Was holds, for an update, the values the fields had.
	Was Record
	// Ref is the reference later changes use for the record's sys_id
	// (RefChannel, RefQueue, RefRule); empty when none does.
	Ref string
}

// Keys are the change's field names, sorted.
func (c Change) Keys() []string { return slices.Sorted(maps.Keys(c.Fields)) }

// String is the change as setup prints it:
//
//	create awa_queue "Support Phone": condition=queue=<this record>, external_id=support, …
//	update awa_presence_state "Available": active=true (was false)
func (c Change) String() string {
	var parts []string
	for _, k := range c.Keys() {
		p := k + "=" + c.Fields[k]
		if c.Op == Update {
			p += " (was " + strconv.Quote(c.Was[k]) + ")"
		}
		parts = append(parts, p)
	}
	return fmt.Sprintf("%s %s %q: %s", c.Op, c.Table, c.Name, strings.Join(parts, ", "))
}

// Plan is the changes that make ex what d asks, in the order they must be
// made (the Phone channel before what refers to it). Values setup owns
// (URLs, conditions, the channel a queue serves, active flags) are set on
// existing records too; the others (order, colour, capacity, size) only on
// the records setup creates, so an admin's tuning is kept.
func Plan(d Desired, ex Existing) []Change {
	var out []Change
	channel := RefChannel
	if ex.Channel != nil {
		channel = ex.Channel["sys_id"]
	}
	out = appendChange(out, "awa_service_channel", "Phone", ex.Channel,
		Record{"table": "interaction", "condition": PhoneCondition, "active": "true"},
		Record{"name": "Phone", "service_channel_type": "phone", "max_capacity": "1", "order": "100"})
	markRef(out, ex.Channel, RefChannel)

	of := d.OpenFrame
	own := Record{"url": of.URL, "active": "true", "default": "true"}
	if of.Group != "" && ex.Group != "" {
		own["user_group"] = ex.Group
	}
	out = appendChange(out, "sn_openframe_configuration", of.Name, openFrameRecord(d.OpenFrame, ex.OpenFrame), own,
		Record{"name": of.Name, "title": of.Title, "subtitle": of.Subtitle, "width": strconv.Itoa(of.Width),
			"height": strconv.Itoa(of.Height), "order": "100", "show_presence_indicator": "true", "icon_class": "icon-phone"})

	for _, q := range d.Queues {
		have := ex.Queues[q.ExternalID]
		self := RefSelf
		if have != nil {
			self = have["sys_id"]
		}
		out = appendChange(out, "awa_queue", q.Name, have,
			Record{"service_channel": channel, "condition": "queue=" + self, "active": "true"},
			Record{"name": q.Name, "external_id": q.ExternalID, "order": strconv.Itoa(q.Order),
				"short_description": "Calls of VCC queue " + q.VCC})
		markRef(out, have, RefQueue(q.Name))
	}
	for _, s := range d.States {
		have := ex.States[s.Name]
		own := Record{"active": "true", "available": strconv.FormatBool(s.Available)}
		if s.Available {
			own["service_channels"] = withChannel(have["service_channels"], channel)
		}
		create := Record{"name": s.Name, "order": strconv.Itoa(s.Order)}
		if s.Color != "" {
			create["color"] = s.Color
		}
		out = appendChange(out, "awa_presence_state", s.Name, have, own, create)
	}
	for i, r := range d.Reasons {
		have := ex.Reasons[r]
		create := Record{"name": r, "order": strconv.Itoa(i + 1), "service_channel": channel}
		out = appendChange(out, "awa_reject_reason", r, have, Record{"active": "true"}, create)
	}
	return planEligibility(out, d, ex)
}

// planEligibility adds, for each queue, the eligibility pool that offers
// its calls to the agent group, and before the pools it makes the
// assignment rule they name; none when no group is named or the instance
// has none of that name (setup refuses). A queue's pool is the one whose
// groups hold the agent group, whatever its rule (an admin's choice, kept);
// pools of other groups are the admin's and kept too.
func planEligibility(out []Change, d Desired, ex Existing) []Change {
	if d.AgentGroup == "" || ex.AgentGroup == "" {
		return out
	}
	rule := RefRule
	if ex.Rule != nil {
		rule = ex.Rule["sys_id"]
	}
	var pools []Change
	needRule := false
	for _, q := range d.Queues {
		queue := RefQueue(q.Name)
		if have := ex.Queues[q.ExternalID]; have != nil {
			queue = have["sys_id"]
		}
		var pool Record
		for _, p := range ex.Pools[q.ExternalID] {
			if slices.Contains(glideList(p["groups"]), ex.AgentGroup) {
				pool = p
				break
			}
		}
		needRule = needRule || pool == nil
		pools = appendChange(pools, "awa_eligibility_pool", q.Name+": "+d.AgentGroup, pool, Record{"active": "true"},
			Record{"queue": queue, "groups": ex.AgentGroup, "assignment_rule": rule, "order": "100"})
	}
	if needRule {
		out = appendChange(out, "awa_assignment_rule", d.Rule, ex.Rule, Record{"active": "true"},
			Record{"name": d.Rule, "assign_by": "most_capacity", "allow_reject": "true", "auto_accept": "false",
				"reassign_on_timeout": "true", "timeout": "30"})
		markRef(out, ex.Rule, RefRule)
	}
	return append(out, pools...)
}

// markRef names the record the last change of out creates with ref, when
// it is created (have is nil).
func markRef(out []Change, have Record, ref string) {
	if have == nil && len(out) > 0 {
		out[len(out)-1].Ref = ref
	}
}

// glideList splits a glide list into its sys_ids.
func glideList(list string) []string {
	var ids []string
	for _, id := range strings.Split(list, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// appendChange adds the change that makes have hold own (and, when it is
// created, create too); none when have already holds own.
func appendChange(out []Change, table, name string, have, own, create Record) []Change {
	if have == nil {
		fields := maps.Clone(create)
		maps.Copy(fields, own)
		return append(out, Change{Op: Create, Table: table, Name: name, Fields: fields})
	}
	c := Change{Op: Update, Table: table, Name: name, SysID: have["sys_id"], Fields: Record{}, Was: Record{}}
	for k, v := range own {
		if !same(have[k], v) {
			c.Fields[k], c.Was[k] = v, have[k]
		}
	}
	if len(c.Fields) == 0 {
		return out
	}
	return append(out, c)
}

// same compares a stored value with a wanted one; booleans may be stored
// as 1 and 0.
func same(have, want string) bool {
	switch want {
	case "true":
		return have == "true" || have == "1"
	case "false":
		return have == "false" || have == "0" || have == ""
	}
	return have == want
}

// withChannel is a glide list holding channel, keeping what it held.
func withChannel(list, channel string) string {
	var ids []string
	for _, id := range strings.Split(list, ",") {
		if id = strings.TrimSpace(id); id != "" {
			if id == channel {
				return list
			}
			ids = append(ids, id)
		}
	}
	return strings.Join(append(ids, channel), ",")
}

// openFrameRecord is the configuration setup owns: the one opening the
// panel's URL, else the one of its name; nil when there is none.
func openFrameRecord(of OpenFrame, rows []Record) Record {
	for _, r := range rows {
		if strings.TrimRight(r["url"], "/") == strings.TrimRight(of.URL, "/") {
			return r
		}
	}
	for _, r := range rows {
		if r["name"] == of.Name {
			return r
		}
	}
	return nil
}

// Tables are the tables a plan touches, sorted.
func Tables(plan []Change) []string {
	var out []string
	for _, c := range plan {
		out = append(out, c.Table)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// RolesFor are the roles that may write each table setup writes (any one
// of them): ServiceNow's "Role required" of each page.
var RolesFor = map[string][]string{
	"sn_openframe_configuration": {"admin"},
	"awa_service_channel":        {"awa_admin", "admin"},
	"awa_queue":                  {"awa_admin", "admin"},
	"awa_presence_state":         {"awa_admin", "admin"},
	"awa_reject_reason":          {"awa_admin", "admin"},
	"awa_assignment_rule":        {"awa_admin", "admin"},
	"awa_eligibility_pool":       {"admin"},
}

// Refusals say, for each table of plan that a user with roles may not
// write, which roles would let it; none when it may write them all.
func Refusals(plan []Change, user string, roles map[string]bool) []string {
	var out []string
	for _, t := range Tables(plan) {
		need := RolesFor[t]
		if !slices.ContainsFunc(need, func(r string) bool { return roles[r] }) {
			out = append(out, fmt.Sprintf("%s may not write %s: it needs the role %s", user, t, strings.Join(need, " or ")))
		}
	}
	return out
}
