//go:build !js

package main

import (
	"context"
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
	want := setup.Want(h.SetupInputs(s.setupInputs()))
	fmt.Fprintf(stdout, "bridge setup: %s as %s; the panel is %s\n", s.cfg.InstanceURL, user, want.OpenFrame.URL)
	if _, ok := setup.Run(ctx, sn, user, want, s.setup.dryRun, stdout); !ok {
		return 1
	}
	return 0
}

// DefaultAgentGroup is the agent group setup uses unless -agent-group says
// otherwise: the demo instance's phone agents.
const DefaultAgentGroup = "Service Desk Phone"

// setupInputs are the settings only setup (and doctor) read.
func (s settings) setupInputs() setup.Inputs {
	return setup.Inputs{Title: s.setup.title, Width: s.setup.width, Height: s.setup.height, Group: s.setup.group, AgentGroup: s.setup.agentGroup}
}
