package setup

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/wasm/api"
)

const ch = "f6281cc39335330090813a53177ffb32"

func want() Desired {
	return Want(Inputs{Rules: records.DefaultRules(), Presence: api.DefaultPresenceMap(), PublicURL: "https://bridge.example.com"})
}

// ready is an instance that holds everything want asks.
func ready() Existing {
	return Existing{
		OpenFrame: []Record{{"sys_id": "of1", "name": "Vonage Contact Center", "url": "https://bridge.example.com/", "active": "true", "default": "1"}},
		Channel:   Record{"sys_id": ch, "name": "Phone", "table": "interaction", "condition": PhoneCondition, "active": "true"},
		Queues: map[string]Record{"support": {"sys_id": "q1", "external_id": "support", "service_channel": ch, "condition": "queue=q1", "active": "true"},
			"servicedesk": {"sys_id": "q2", "external_id": "servicedesk", "service_channel": ch, "condition": "queue=q2", "active": "true"}},
		States: map[string]Record{"Available": {"sys_id": "s1", "active": "true", "available": "true", "service_channels": "x," + ch},
			"Away": {"sys_id": "s2", "active": "true", "available": "false"}, "Offline": {"sys_id": "s3", "active": "true", "available": "false"}},
		Reasons: map[string]Record{"Busy": {"sys_id": "r1", "active": "true"}, "Not my expertise": {"sys_id": "r2", "active": "true"}},
	}
}

func TestPlan(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Existing)
		want   []string
	}{
		{"ready: nothing to do", func(*Existing) {}, nil},
		{"empty instance: everything created, channel first", func(e *Existing) { *e = Existing{} }, []string{
			`create awa_service_channel "Phone": active=true, condition=type=phone^state=new, max_capacity=1, name=Phone, order=100, service_channel_type=phone, table=interaction`,
			`create sn_openframe_configuration "Vonage Contact Center": active=true, default=true, height=600, icon_class=icon-phone, name=Vonage Contact Center, order=100, show_presence_indicator=true, subtitle=Vonage Contact Center, title=Phone, url=https://bridge.example.com/, width=360`,
			`create awa_queue "Servicedesk Phone": active=true, condition=queue=<this record>, external_id=servicedesk, name=Servicedesk Phone, order=100, service_channel=<Phone channel>, short_description=Calls of VCC queue servicedesk`,
			`create awa_queue "Support Phone": active=true, condition=queue=<this record>, external_id=support, name=Support Phone, order=200, service_channel=<Phone channel>, short_description=Calls of VCC queue support`,
			`create awa_presence_state "Available": active=true, available=true, color=green, name=Available, order=0, service_channels=<Phone channel>`,
			`create awa_presence_state "Away": active=true, available=false, color=orange, name=Away, order=1000`,
			`create awa_presence_state "Offline": active=true, available=false, color=grey, name=Offline, order=2000`,
			`create awa_reject_reason "Busy": active=true, name=Busy, order=1, service_channel=<Phone channel>`,
			`create awa_reject_reason "Not my expertise": active=true, name=Not my expertise, order=2, service_channel=<Phone channel>`,
		}},
		{"queue routed elsewhere and inactive", func(e *Existing) {
			e.Queues["support"] = Record{"sys_id": "q1", "service_channel": "other", "condition": "", "active": "false"}
		}, []string{`update awa_queue "Support Phone": active=true (was "false"), condition=queue=q1 (was ""), service_channel=` + ch + ` (was "other")`}},
		{"available state without the Phone channel keeps its others", func(e *Existing) {
			e.States["Available"]["service_channels"] = "x"
		}, []string{`update awa_presence_state "Available": service_channels=x,` + ch + ` (was "x")`}},
		{"panel moved: the configuration of that name is pointed at it", func(e *Existing) {
			e.OpenFrame[0]["url"] = "https://old.example.com/"
		}, []string{`update sn_openframe_configuration "Vonage Contact Center": url=https://bridge.example.com/ (was "https://old.example.com/")`}},
		{"an admin's order and colour are kept; a reject reason switched off is switched on", func(e *Existing) {
			e.States["Away"]["order"], e.States["Away"]["color"] = "7", "red"
			e.Reasons["Busy"]["active"] = "0"
		}, []string{`update awa_reject_reason "Busy": active=true (was "0")`}},
		{"Phone channel with another condition", func(e *Existing) { e.Channel["condition"] = "type=phone" },
			[]string{`update awa_service_channel "Phone": condition=type=phone^state=new (was "type=phone")`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ex := ready()
			tc.change(&ex)
			var got []string
			for _, c := range Plan(want(), ex) {
				got = append(got, c.String())
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestWant(t *testing.T) {
	r := records.DefaultRules()
	r.Numbers = map[string]string{"+18005550100": "billing", "+18005550101": "support"}
	d := Want(Inputs{Rules: r, PublicURL: "https://b.example.com/x/", RejectReason: "Wrong skill", Title: "VCC", Width: 400, Height: 700, Group: "Phone agents"})
	assert.Equal(t, OpenFrame{Name: "Vonage Contact Center", URL: "https://b.example.com/x/", Title: "VCC", Subtitle: "Vonage Contact Center", Width: 400, Height: 700, Group: "Phone agents"}, d.OpenFrame)
	var queues []string
	for _, q := range d.Queues {
		queues = append(queues, q.VCC+"→"+q.ExternalID)
	}
	assert.Equal(t, []string{"billing→billing", "servicedesk→servicedesk", "support→support"}, queues)
	assert.Equal(t, []string{"Wrong skill", "Busy", "Not my expertise"}, d.Reasons)
}

func TestRefusals(t *testing.T) {
	plan := Plan(want(), Existing{})
	cases := []struct {
		name  string
		roles map[string]bool
		want  []string
	}{
		{"admin may do all", map[string]bool{"admin": true}, nil},
		{"awa_admin may not write the OpenFrame configuration", map[string]bool{"awa_admin": true},
			[]string{"u may not write sn_openframe_configuration: it needs the role admin"}},
		{"integration user", map[string]bool{"itil": true}, []string{
			"u may not write awa_presence_state: it needs the role awa_admin or admin",
			"u may not write awa_queue: it needs the role awa_admin or admin",
			"u may not write awa_reject_reason: it needs the role awa_admin or admin",
			"u may not write awa_service_channel: it needs the role awa_admin or admin",
			"u may not write sn_openframe_configuration: it needs the role admin",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, Refusals(plan, "u", tc.roles)) })
	}
}

const group = "g1"

// wantAgents is want with the agent group named.
func wantAgents() Desired {
	return Want(Inputs{Rules: records.DefaultRules(), Presence: api.DefaultPresenceMap(), PublicURL: "https://bridge.example.com",
		AgentGroup: "Service Desk Phone"})
}

// readyAgents is ready with the group, the rule and each queue's pool.
func readyAgents() Existing {
	ex := ready()
	ex.AgentGroup = group
	ex.Rule = Record{"sys_id": "ar1", "name": RuleName, "active": "true"}
	ex.Pools = map[string][]Record{"support": {{"sys_id": "p1", "queue": "q1", "groups": "other," + group, "active": "true"}},
		"servicedesk": {{"sys_id": "p2", "queue": "q2", "groups": group, "active": "true"}}}
	return ex
}

func TestPlanEligibility(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Existing)
		want   []string
	}{
		{"ready: nothing to do", func(*Existing) {}, nil},
		{"no rule, no pools: the rule, then a pool per queue", func(e *Existing) { e.Rule, e.Pools = nil, nil }, []string{
			`create awa_assignment_rule "Vonage Contact Center phone calls": active=true, allow_reject=true, assign_by=most_capacity, auto_accept=false, name=Vonage Contact Center phone calls, reassign_on_timeout=true, timeout=30`,
			`create awa_eligibility_pool "Servicedesk Phone: Service Desk Phone": active=true, assignment_rule=<assignment rule>, groups=g1, order=100, queue=q2`,
			`create awa_eligibility_pool "Support Phone: Service Desk Phone": active=true, assignment_rule=<assignment rule>, groups=g1, order=100, queue=q1`,
		}},
		{"a pool of another group is kept; the group gets its own", func(e *Existing) {
			e.Pools["support"] = []Record{{"sys_id": "p9", "queue": "q1", "groups": "other", "active": "true"}}
		}, []string{`create awa_eligibility_pool "Support Phone: Service Desk Phone": active=true, assignment_rule=ar1, groups=g1, order=100, queue=q1`}},
		{"the group's pool switched off is switched on", func(e *Existing) { e.Pools["servicedesk"][0]["active"] = "false" },
			[]string{`update awa_eligibility_pool "Servicedesk Phone: Service Desk Phone": active=true (was "false")`}},
		{"the group's pools with an admin's rule: no rule of setup's is needed", func(e *Existing) { e.Rule = nil }, nil},
		{"a pool to make names the rule, switched on if it was off; an admin's settings are kept", func(e *Existing) {
			e.Rule["active"], e.Rule["assign_by"], e.Rule["timeout"] = "false", "last_assigned", "60"
			e.Pools["servicedesk"] = nil
		}, []string{`update awa_assignment_rule "Vonage Contact Center phone calls": active=true (was "false")`,
			`create awa_eligibility_pool "Servicedesk Phone: Service Desk Phone": active=true, assignment_rule=ar1, groups=g1, order=100, queue=q2`}},
		{"no group of that name: no rule, no pools (setup refuses)", func(e *Existing) {
			e.AgentGroup, e.AgentGroupMissing, e.Rule, e.Pools = "", true, nil, nil
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ex := readyAgents()
			tc.change(&ex)
			var got []string
			for _, c := range Plan(wantAgents(), ex) {
				got = append(got, c.String())
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// On an empty instance the queues and the rule are made before the pools
// that name them, and each is referred to until it is made.
func TestPlanEligibilityOnAnEmptyInstance(t *testing.T) {
	plan := Plan(wantAgents(), Existing{AgentGroup: group})
	var got []string
	for _, c := range plan {
		got = append(got, c.Table+" "+c.Ref)
	}
	assert.Equal(t, []string{"awa_service_channel <Phone channel>", "sn_openframe_configuration ", "awa_queue <queue Servicedesk Phone>",
		"awa_queue <queue Support Phone>", "awa_presence_state ", "awa_presence_state ", "awa_presence_state ", "awa_reject_reason ",
		"awa_reject_reason ", "awa_assignment_rule <assignment rule>", "awa_eligibility_pool ", "awa_eligibility_pool "}, got)
	assert.Equal(t, Record{"queue": "<queue Support Phone>", "groups": group, "assignment_rule": RefRule, "order": "100", "active": "true"}, plan[11].Fields)
	assert.Equal(t, []string{"u may not write awa_eligibility_pool: it needs the role admin",
		"u may not write sn_openframe_configuration: it needs the role admin"}, Refusals(plan, "u", map[string]bool{"awa_admin": true}))
}
