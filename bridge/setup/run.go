package setup

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Run is `bridge setup` once the bridge's settings are read: it reads what
// the instance holds of want, prints the plan, refuses before any change
// when user's roles (or a missing group) do not allow it, with the fix,
// and makes the changes unless dryRun, printing each. It returns the plan
// and whether the instance is ready (with dryRun: whether the plan could be
// applied).
func Run(ctx context.Context, t TableAPI, user string, want Desired, dryRun bool, out io.Writer) ([]Change, bool) {
	ex, err := Read(ctx, t, want)
	if err != nil {
		fmt.Fprintf(out, "cannot read the instance: %v\n", err)
		if errors.Is(err, ErrRefused) {
			fmt.Fprintln(out, "→ Run setup as an admin: set VCCNOW_SETUP_USER and VCCNOW_SETUP_PASSWORD (or -setup-user).")
		}
		return nil, false
	}
	if ex.GroupMissing {
		fmt.Fprintf(out, "no sys_user_group is named %q\n→ Create it, or change -openframe-group (VCCNOW_OPENFRAME_GROUP).\n", want.OpenFrame.Group)
		return nil, false
	}
	if ex.AgentGroupMissing {
		fmt.Fprintf(out, "no sys_user_group is named %q: AWA would have no agents to offer calls to\n"+
			"→ Create it with the agents as members, or change -agent-group (VCCNOW_AGENT_GROUP).\n", want.AgentGroup)
		return nil, false
	}
	plan := Plan(want, ex)
	if len(plan) == 0 {
		fmt.Fprintf(out, "nothing to change: the instance is ready (the OpenFrame configuration, the Phone channel, %d queues, %d presence states, %d reject reasons%s)\n",
			len(want.Queues), len(want.States), len(want.Reasons), offeredTo(want))
		return nil, true
	}
	fmt.Fprintf(out, "plan (%d changes):\n", len(plan))
	for _, c := range plan {
		fmt.Fprintf(out, "  %s\n", c)
	}
	roles, err := Roles(ctx, t, user)
	if err != nil {
		fmt.Fprintf(out, "cannot read %s's roles (%v): a change the instance refuses will stop setup and be named\n", user, err)
	} else if refused := Refusals(plan, user, roles); len(refused) > 0 {
		fmt.Fprintln(out, "refused, nothing changed:")
		for _, r := range refused {
			fmt.Fprintf(out, "  %s\n", r)
		}
		fmt.Fprintln(out, "→ Run setup as a user with those roles: set VCCNOW_SETUP_USER and VCCNOW_SETUP_PASSWORD (an admin), or grant them to "+user+
			" (User Administration > Users > Roles). The bridge itself needs only the roles `bridge doctor` names.")
		return plan, false
	}
	if dryRun {
		fmt.Fprintln(out, "dry run: nothing changed")
		return plan, true
	}
	if err := Apply(ctx, t, plan, out); err != nil {
		fmt.Fprintf(out, "stopped: %v\n", err)
		return plan, false
	}
	fmt.Fprintf(out, "done: %d changes made; `bridge doctor` checks the rest\n", len(plan))
	return plan, true
}

// offeredTo says who the queues' calls are offered to, when setup makes
// that.
func offeredTo(d Desired) string {
	if d.AgentGroup == "" {
		return ""
	}
	return fmt.Sprintf(", calls offered to the members of %s", d.AgentGroup)
}
