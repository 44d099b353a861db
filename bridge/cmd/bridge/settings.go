//go:build !js

package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/vccnow/connector/bridge"
)

// settings are what the flags and the environment say.
type settings struct {
	listen, dbPath string
	logLevel       slog.Level
	// retention is how long processed events, settled calls and finished
	// ops are kept (purge.go).
	retention time.Duration
	cfg       bridge.Config
	// args are the words after the flags (bridge outbox retry <id>).
	args []string
	// setup is what `bridge setup` reads besides the bridge's settings.
	setup setupSettings
}

// setupSettings shape the OpenFrame panel setup configures and say who
// setup signs in as.
type setupSettings struct {
	title, group  string
	width, height int
	// agentGroup is the sys_user_group whose members AWA offers calls to.
	agentGroup string
	// user and password, when set, are the ServiceNow account setup
	// signs in as (Basic auth) instead of the integration user: an admin,
	// since the integration user should not hold admin.
	user, password string
	dryRun         bool
}

// parseSettings reads the flags of command (serve, doctor or outbox: the
// same flags), each defaulting to its VCCNOW_ environment variable. Secrets come
// from the environment only, never from flags (ps shows flags).
func parseSettings(command string, args []string, getenv func(string) string, stderr io.Writer) (settings, error) {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	var s settings
	fs := flag.NewFlagSet("bridge "+command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&s.listen, "listen", env("VCCNOW_LISTEN", "127.0.0.1:8702"), "address to serve on")
	fs.StringVar(&s.dbPath, "db", env("VCCNOW_DB", "bridge.db"), "SQLite database file")
	level := fs.String("log-level", env("VCCNOW_LOG_LEVEL", "info"), "least level logged: debug, info, warn or error")
	retention := fs.String("retention", env("VCCNOW_RETENTION", "30d"), "how long processed events, settled calls and finished ops are kept: days (30d) or a duration (720h), at least 2 days")
	deadLetter := fs.String("dead-letter-after", env("VCCNOW_DEAD_LETTER_AFTER", "24h"), "how long an outbox op may fail in a way only a person can mend (401, 403, a page instead of ServiceNow's JSON) before it is set aside as a dead letter: a duration (36h) or days (2d)")
	c := &s.cfg
	fs.StringVar(&c.InstanceURL, "instance", getenv("VCCNOW_INSTANCE_URL"), "ServiceNow instance URL")
	fs.StringVar(&c.VCCAuthURL, "vcc-auth", getenv("VCCNOW_VCC_AUTH_URL"), "VCC OAuth issuer URL")
	fs.StringVar(&c.VCCAPIURL, "vcc-api", getenv("VCCNOW_VCC_API_URL"), "VCC API gateway URL")
	fs.StringVar(&c.VCCClientID, "vcc-client-id", getenv("VCCNOW_VCC_CLIENT_ID"), "OAuth client id agents sign in with")
	fs.StringVar(&c.SNUser, "sn-user", getenv("VCCNOW_SN_USER"), "ServiceNow integration user")
	fs.StringVar(&c.SNClientID, "sn-client-id", getenv("VCCNOW_SN_CLIENT_ID"), "ServiceNow OAuth client id (empty: Basic auth)")
	fs.StringVar(&c.VCCBridgeClientID, "vcc-bridge-client-id", getenv("VCCNOW_VCC_BRIDGE_CLIENT_ID"), "VCC API client id of the bridge")
	fs.StringVar(&c.VCCAccountKey, "vcc-account-key", getenv("VCCNOW_VCC_ACCOUNT_KEY"), "API key of the VCC account the bridge serves (its v0 Web API paths)")
	fs.StringVar(&c.PublicURL, "public-url", getenv("VCCNOW_PUBLIC_URL"), "URL where VCC reaches the bridge")
	fs.StringVar(&c.RejectReason, "reject-reason", getenv("VCCNOW_REJECT_REASON"), "name of the AWA reject reason given when an agent rejects a call in the panel (default: the Phone channel's first)")
	rules := fs.String("rules", getenv("VCCNOW_RULES_FILE"), "JSON file of per-queue caller and record rules (default: support is CSM, others ITSM)")
	presence := fs.String("presence", getenv("VCCNOW_PRESENCE_FILE"), "JSON file mapping VCC presence to AWA presence states and back (default: Ready ⇄ Available, Away ⇄ Away, LoggedOut ⇄ Offline)")
	fs.StringVar(&s.setup.title, "openframe-title", env("VCCNOW_OPENFRAME_TITLE", "Phone"), "title of the OpenFrame panel (bridge setup)")
	size := fs.String("openframe-size", env("VCCNOW_OPENFRAME_SIZE", "360x600"), "width x height of the OpenFrame panel in pixels (bridge setup)")
	fs.StringVar(&s.setup.group, "openframe-group", getenv("VCCNOW_OPENFRAME_GROUP"), "sys_user_group whose members see the OpenFrame panel (bridge setup; empty: every OpenFrame user)")
	fs.StringVar(&s.setup.agentGroup, "agent-group", env("VCCNOW_AGENT_GROUP", DefaultAgentGroup), "sys_user_group whose members AWA offers the queues' calls to (bridge setup; empty: setup makes no assignment eligibility)")
	fs.StringVar(&s.setup.user, "setup-user", getenv("VCCNOW_SETUP_USER"), "ServiceNow user bridge setup signs in as, with VCCNOW_SETUP_PASSWORD (an admin; empty: the integration user)")
	if command == "setup" {
		fs.BoolVar(&s.setup.dryRun, "dry-run", false, "print the plan and change nothing")
	}
	s.setup.password = getenv("VCCNOW_SETUP_PASSWORD")
	c.SNPassword = getenv("VCCNOW_SN_PASSWORD")
	c.SNClientSecret = getenv("VCCNOW_SN_CLIENT_SECRET")
	c.VCCBridgeSecret = getenv("VCCNOW_VCC_BRIDGE_SECRET")
	c.WebhookSecret = getenv("VCCNOW_WEBHOOK_SECRET")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	if s.args = fs.Args(); len(s.args) > 0 && command != "outbox" {
		return s, fmt.Errorf("bridge %s: unexpected arguments %q; the commands are serve (the default), setup, doctor and outbox", command, fs.Args())
	}
	if _, err := fmt.Sscanf(*size, "%dx%d", &s.setup.width, &s.setup.height); err != nil || s.setup.width <= 0 || s.setup.height <= 0 {
		return s, fmt.Errorf("bridge: -openframe-size %q: use width x height in pixels, as 360x600", *size)
	}
	if err := s.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return s, fmt.Errorf("bridge: -log-level %q: use debug, info, warn or error", *level)
	}
	var err error
	if s.retention, err = bridge.ParseRetention(*retention); err != nil {
		return s, fmt.Errorf("bridge: -%w", err)
	}
	if c.DeadLetterAge, err = bridge.ParseDeadLetterAge(*deadLetter); err != nil {
		return s, fmt.Errorf("bridge: -%w", err)
	}
	if err := readFile("rules", *rules, func(data []byte) (err error) { c.Rules, err = bridge.ParseRules(data); return err }); err != nil {
		return s, err
	}
	if err := readFile("presence", *presence, func(data []byte) (err error) { c.Presence, err = bridge.ParsePresence(data); return err }); err != nil {
		return s, err
	}
	return s, nil
}

// readFile hands the file a flag names, if it names one, to parse; errors
// name the flag and the file.
func readFile(flag, path string, parse func([]byte) error) error {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("bridge: -%s: %w", flag, err)
	}
	if err := parse(data); err != nil {
		return fmt.Errorf("bridge: -%s %s: %w", flag, path, err)
	}
	return nil
}
