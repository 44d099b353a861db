//go:build !js

// Command bridge runs the bridge on its own, pointed at a real ServiceNow
// instance and VCC region, or checks such a configuration. Settings come
// from flags or the environment (secrets from the environment only):
//
//	bridge -listen :8702 -instance https://acme.service-now.com \
//	       -vcc-auth https://emea.cc.vonage.com/Auth -vcc-api https://emea.api.cc.vonage.com \
//	       -vcc-client-id <id> -db /var/lib/vccnow/bridge.db
//	bridge doctor <the same flags>
//
// The bridge logs JSON lines to stderr; doctor prints one line per check to
// stdout and exits 1 when a check fails.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
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
	if len(args) > 0 && args[0] == "doctor" {
		command, args = "doctor", args[1:]
	}
	s, err := parseSettings(command, args, getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if command == "doctor" {
		return doctor(ctx, s, stdout, stderr)
	}
	return serve(ctx, s, stderr)
}
