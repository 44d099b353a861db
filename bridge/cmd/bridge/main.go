//go:build !js

// Command bridge runs the bridge on its own, pointed at a real ServiceNow
// instance and VCC region, or checks such a configuration. Settings come
// from flags or the environment (secrets from the environment only):
//
//	bridge -listen :8702 -instance https://acme.service-now.com \
//	       -vcc-auth https://emea.cc.vonage.com/Auth -vcc-api https://emea.api.cc.vonage.com \
//	       -vcc-client-id <id> -db /var/lib/vccnow/bridge.db
//	bridge setup [-dry-run] <the same flags>
//	bridge doctor <the same flags>
//	bridge outbox list <the same flags>
//	bridge outbox retry <id>|all <the same flags>
//
// setup makes the instance ready (the OpenFrame configuration, AWA's Phone
// channel, queues, presence states and reject reasons), printing each change;
// -dry-run prints the plan only. The bridge logs JSON lines to stderr; doctor prints one line per check to
// stdout and exits 1 when a check fails. outbox lists the ServiceNow and
// VCC work waiting in the bridge's database (pending, failing, dead
// letters) and runs dead letters and failing work again once their cause
// is fixed.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command args name (serve when none) and returns the exit
// status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	command := "serve"
	var words []string
	if len(args) > 0 && (args[0] == "doctor" || args[0] == "outbox" || args[0] == "setup") {
		command, args = args[0], args[1:]
	}
	if command == "outbox" {
		// bridge outbox retry 12 -db …: the words before the flags.
		for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			words, args = append(words, args[0]), args[1:]
		}
	}
	s, err := parseSettings(command, args, getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	s.args = append(words, s.args...)
	switch command {
	case "doctor":
		return doctor(ctx, s, stdout, stderr)
	case "setup":
		return setupCommand(ctx, s, stdout, stderr)
	case "outbox":
		return outbox(ctx, s, stdout, stderr)
	}
	return serve(ctx, s, stderr)
}
