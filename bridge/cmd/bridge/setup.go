//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/setup"
	"github.com/vccnow/connector/bridge/store"
)

// setupCommand makes the instance ready for the bridge's settings: it reads
// what the instance holds, prints the plan, checks that the user's roles
// allow every change (refusing before any is made when they do not), and
// makes them, printing each; 0 when the instance is ready (or, with
// -dry-run, when the plan was printed), 1 otherwise.
func setupCommand(ctx context.Context, s settings, stdout, stderr io.Writer) int {
	dir, err := os.MkdirTemp("", "bridge-setup")
	if err != nil {
		fmt.Fprintln(stderr, "bridge setup:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	st, err := store.OpenSQLite(ctx, filepath.Join(dir, "setup.db"))
	if err != nil {
		fmt.Fprintln(stderr, "bridge setup:", err)
		return 1
	}
	defer st.Close()
	hc := &http.Client{Timeout: 15 * time.Second}
	h, err := bridge.New(s.cfg, bridge.Deps{Store: st, HTTP: hc})
	if err != nil {
		fmt.Fprintln(stderr, "bridge setup:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	sn, user := h.ServiceNow(), s.cfg.SNUser
	if s.setup.user != "" {
		sn = &servicenow.Client{BaseURL: s.cfg.InstanceURL, HTTP: hc, Auth: servicenow.Basic{User: s.setup.user, Password: s.setup.password},
			Retries: 2, RetryBudget: 5 * time.Second}
		user = s.setup.user
	}
	want := setup.Want(h.SetupInputs(s.setup.title, s.setup.width, s.setup.height, s.setup.group))
	fmt.Fprintf(stdout, "bridge setup: %s as %s; the panel is %s\n", s.cfg.InstanceURL, user, want.OpenFrame.URL)
	ex, err := setup.Read(ctx, sn, want)
	if err != nil {
		fmt.Fprintf(stdout, "cannot read the instance: %v\n", err)
		if errors.Is(err, setup.ErrRefused) {
			fmt.Fprintln(stdout, "→ Run setup as an admin: set VCCNOW_SETUP_USER and VCCNOW_SETUP_PASSWORD (or -setup-user).")
		}
		return 1
	}
	if ex.GroupMissing {
		fmt.Fprintf(stdout, "no sys_user_group is named %q\n→ Create it, or change -openframe-group (VCCNOW_OPENFRAME_GROUP).\n", s.setup.group)
		return 1
	}
	plan := setup.Plan(want, ex)
	if len(plan) == 0 {
		fmt.Fprintf(stdout, "nothing to change: the instance is ready (the OpenFrame configuration, the Phone channel, %d queues, %d presence states, %d reject reasons)\n",
			len(want.Queues), len(want.States), len(want.Reasons))
		return 0
	}
	fmt.Fprintf(stdout, "plan (%d changes):\n", len(plan))
	for _, c := range plan {
		fmt.Fprintf(stdout, "  %s\n", c)
	}
	roles, err := setup.Roles(ctx, sn, user)
	if err != nil {
		fmt.Fprintf(stdout, "cannot read %s's roles (%v): a change the instance refuses will stop setup and be named\n", user, err)
	} else if refused := setup.Refusals(plan, user, roles); len(refused) > 0 {
		fmt.Fprintln(stdout, "refused, nothing changed:")
		for _, r := range refused {
			fmt.Fprintf(stdout, "  %s\n", r)
		}
		fmt.Fprintln(stdout, "→ Run setup as a user with those roles: set VCCNOW_SETUP_USER and VCCNOW_SETUP_PASSWORD (an admin), or grant them to "+user+
			" (User Administration > Users > Roles). The bridge itself needs only the roles `bridge doctor` names.")
		return 1
	}
	if s.setup.dryRun {
		fmt.Fprintln(stdout, "dry run: nothing changed")
		return 0
	}
	if err := setup.Apply(ctx, sn, plan, stdout); err != nil {
		fmt.Fprintf(stdout, "stopped: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "done: %d changes made; `bridge doctor` checks the rest\n", len(plan))
	return 0
}
