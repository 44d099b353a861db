// Package setup makes a ServiceNow instance ready for the connector through
// the Table API only, idempotently: the OpenFrame configuration that points
// at the bridge's panel, AWA's Phone service channel, a queue for each VCC
// queue of the rules (routed by the interaction's queue), the presence
// states the presence mapping names and the reject reasons. Want says what
// the instance must hold, Read what it holds, Plan the changes between the
// two (pure, table-tested), Refusals what the signed-in user's roles cannot
// do, and Apply makes the changes. `bridge setup` wires them; `bridge
// doctor` reports a non-empty plan.
//
// The tables and columns (ServiceNowDocs, markdown/):
//   - sn_openframe_configuration: customer-service-management/
//     t_CreateAnOpenFrameConfiguration.md (name, title, subtitle, order,
//     url, width, height, active, default, user_group; role required: admin);
//   - awa_service_channel, awa_queue, awa_presence_state, awa_reject_reason:
//     conversational-interfaces/advanced-work-assignment/
//     awa-create-service-channel.md, awa-create-queue.md (routing condition,
//     Provider queue ID: external_id, enable-awa-external-routing.md),
//     awa-agent-presence.md, awa-configure-reject-reasons.md (role
//     required: awa_admin or admin);
//   - awa_assignment_rule, awa_eligibility_pool: who AWA offers a queue's
//     work to. awa-create-assignment-rule.md and awa-assignment-rules.md
//     (name, assign by: Most Capacity or Last Assigned; role required:
//     awa_admin or admin), awa-specify-assignment-eligibility.md (a
//     queue's Assignment Eligibility: agent assignment rule, groups; role
//     required: admin). The agents are the active members of the agent
//     group (sys_user_group, sys_user_grmember), each taking one call at a
//     time (the Phone channel's max_capacity).
package setup

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/wasm/api"
)

// PhoneCondition is the Phone channel's condition the product relies on
// (README, "ServiceNow as documented"): new phone interactions.
const PhoneCondition = "type=phone^state=new"

// Desired is what the instance must hold.
type Desired struct {
	OpenFrame OpenFrame
	Queues    []Queue
	States    []State
	Reasons   []string
	// AgentGroup is the sys_user_group whose members AWA offers the
	// queues' calls to; Rule is the assignment rule of the pools setup
	// makes (empty: setup makes no eligibility).
	AgentGroup string
	Rule       string
}

// RuleName is the assignment rule setup makes: Most Capacity, the agent
// may reject, an offer not answered in 30 s goes to the next agent.
const RuleName = "Vonage Contact Center phone calls"

// OpenFrame is the OpenFrame configuration: the panel's URL, its header and
// size, and who sees it (a sys_user_group's name; empty: every user with
// the OpenFrame user role).
type OpenFrame struct {
	Name, URL, Title, Subtitle string
	Width, Height              int
	Group                      string
}

// Queue is the AWA queue calls of one VCC queue are routed to.
type Queue struct {
	VCC, ExternalID, Name string
	Order                 int
}

// State is an AWA presence state the presence mapping names; an available
// state makes agents available on the Phone channel.
type State struct {
	Name      string
	Available bool
	Color     string
	Order     int
}

// Inputs are the settings setup reads: the bridge's rules, presence
// mapping, public URL and reject reason, and the OpenFrame panel's look.
type Inputs struct {
	Rules        records.Rules
	Presence     api.PresenceMap
	PublicURL    string
	RejectReason string
	// Title, Width, Height and Group shape the OpenFrame panel (defaults:
	// Phone, 360×600, every OpenFrame user).
	Title         string
	Width, Height int
	Group         string
	// AgentGroup is the sys_user_group whose members take the calls (empty:
	// setup makes no eligibility; an admin routes by hand).
	AgentGroup string
}

// DefaultReasons are the reject reasons setup makes besides the one the
// bridge's -reject-reason names.
var DefaultReasons = []string{"Busy", "Not my expertise"}

// Want is what the instance must hold for in.
func Want(in Inputs) Desired {
	d := Desired{OpenFrame: OpenFrame{Name: "Vonage Contact Center", URL: PanelURL(in.PublicURL), Title: in.Title,
		Subtitle: "Vonage Contact Center", Width: in.Width, Height: in.Height, Group: in.Group}}
	if d.AgentGroup = strings.TrimSpace(in.AgentGroup); d.AgentGroup != "" {
		d.Rule = RuleName
	}
	if d.OpenFrame.Title == "" {
		d.OpenFrame.Title = "Phone"
	}
	if d.OpenFrame.Width <= 0 || d.OpenFrame.Height <= 0 {
		d.OpenFrame.Width, d.OpenFrame.Height = 360, 600
	}
	for i, q := range VCCQueues(in.Rules) {
		d.Queues = append(d.Queues, Queue{VCC: q, ExternalID: in.Rules.Rule(q).AWAQueue, Name: queueName(q), Order: 100 * (i + 1)})
	}
	presence := in.Presence
	if presence.ToAWA == nil && presence.ToVCC == nil {
		presence = api.DefaultPresenceMap()
	}
	ready := presence.ToAWA["Ready"]
	for i, name := range presence.States() {
		d.States = append(d.States, State{Name: name, Available: name == ready, Color: presence.Colors[name], Order: 1000 * i})
	}
	d.Reasons = slices.Clone(DefaultReasons)
	if r := strings.TrimSpace(in.RejectReason); r != "" && !slices.ContainsFunc(d.Reasons, func(s string) bool { return strings.EqualFold(s, r) }) {
		d.Reasons = append([]string{r}, d.Reasons...)
	}
	return d
}

// PanelURL is the connector page the OpenFrame configuration opens: the
// bridge serves it at its public URL's root.
func PanelURL(publicURL string) string { return strings.TrimRight(publicURL, "/") + "/" }

// VCCQueues are the VCC queues the rules name (their queues and the queues
// their service numbers reach), sorted.
func VCCQueues(r records.Rules) []string {
	var out []string
	for q := range r.Queues {
		out = append(out, q)
	}
	for _, q := range r.Numbers {
		out = append(out, q)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// queueName is the AWA queue's name for a VCC queue: "support" → "Support
// Phone".
func queueName(vcc string) string {
	r := []rune(vcc)
	if len(r) == 0 {
		return "Phone"
	}
	r[0] = unicode.ToUpper(r[0])
	return fmt.Sprintf("%s Phone", string(r))
}
