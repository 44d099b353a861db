package bridge

import (
	"context"
	"fmt"
	"strings"

	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/setup"
)

// SetupInputs are what `bridge setup` makes the instance hold for this
// configuration, with what only setup's flags set: the OpenFrame panel's
// look (title, size, group) and the agent group (in's fields of those
// names; the others are the bridge's).
func (s *Server) SetupInputs(in setup.Inputs) setup.Inputs {
	in.Rules, in.Presence, in.PublicURL, in.RejectReason = s.cfg.Rules, s.cfg.Presence, s.cfg.PublicURL, s.cfg.RejectReason
	return in
}

// ServiceNow is the bridge's ServiceNow client (its integration user).
func (s *Server) ServiceNow() *servicenow.Client { return s.sn }

// DoctorSetup checks that the instance holds what `bridge setup` makes for
// in: the OpenFrame configuration opening the panel, then AWA's Phone
// channel, queues, presence states and reject reasons.
func (s *Server) DoctorSetup(ctx context.Context, in setup.Inputs) []Check {
	const ofName, awaName = "OpenFrame configuration", "AWA setup"
	fix := "Run `bridge setup` with the bridge's settings (`bridge setup -dry-run` shows what it would change)."
	want := setup.Want(in)
	ex, err := setup.Read(ctx, s.sn, want)
	if err != nil {
		return []Check{warn(awaName, "cannot read what setup makes: "+err.Error(), "Check by hand, or run `bridge setup` as an admin (VCCNOW_SETUP_USER).")}
	}
	var of, awa []string
	for _, c := range setup.Plan(want, ex) {
		if c.Table == "sn_openframe_configuration" {
			of = append(of, c.String())
		} else {
			awa = append(awa, c.String())
		}
	}
	var out []Check
	switch {
	case ex.GroupMissing:
		out = append(out, fail(ofName, "no sys_user_group is named "+in.Group, "Create the group, or change -openframe-group (VCCNOW_OPENFRAME_GROUP)."))
	case len(of) > 0:
		out = append(out, fail(ofName, "setup would "+strings.Join(of, "; "), fix))
	default:
		out = append(out, pass(ofName, "an active default configuration opens "+want.OpenFrame.URL))
	}
	if ex.AgentGroupMissing {
		return append(out, fail(awaName, "no sys_user_group is named "+in.AgentGroup+": AWA has no agents to offer calls to",
			"Create it with the agents as members, or change -agent-group (VCCNOW_AGENT_GROUP)."))
	}
	if len(awa) > 0 {
		return append(out, fail(awaName, fmt.Sprintf("%d changes to make: %s", len(awa), shorten(strings.Join(awa, "; "), 600)), fix))
	}
	offered := ""
	if want.AgentGroup != "" {
		offered = ", calls offered to the members of " + want.AgentGroup + " (" + want.Rule + ")"
	}
	return append(out, pass(awaName, fmt.Sprintf("Phone channel (%s), %d queues routed by the interaction's queue, %d presence states, %d reject reasons%s",
		setup.PhoneCondition, len(want.Queues), len(want.States), len(want.Reasons), offered)))
}
