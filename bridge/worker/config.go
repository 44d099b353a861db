// Package worker is the bridge's Cloudflare Workers build: how the Worker
// (bridge/cmd/worker, js/wasm) is configured, and the offline test bed that
// runs it in workerd, the real Workers runtime, from npm.
//
// The Worker serves the same bridge.Server as the native binary. What
// differs is only the platform: state is in D1 (one store package, two
// drivers), outgoing requests go through the runtime's fetch, and
// background work runs after a response (waitUntil) and from a cron trigger
// instead of in a long-lived goroutine. A Go instance is kept warm and
// serves event after event, one at a time (pool.mjs), and may be retired
// between any two.
//
// The files here:
//
//	config.go         the Worker's settings from its vars and secrets (pure Go)
//	afterresponse.go  which requests are followed by an outbox run (pure Go)
//	event.go          one event served by a warm instance: buffered answer, background work, failure (pure Go)
//	event_js.go       ServeEvents: the Go side of the pool, one event at a time (js/wasm)
//	pool.mjs          the Worker's entry: a pool of warm Go instances per isolate
//	syumaipatch.go    the build's patch to syumai/workers: callbacks a warm instance would gather are released
//	wrangler.jsonc    the deployment: D1 binding, cron trigger, vars
//	package.json      workerd, pinned by package-lock.json (npm ci)
//	d1.mjs            a local D1 for workerd: a SQLite Durable Object speaking D1's protocol
//	scheduled.mjs     a test-only worker that fires the bridge's cron handler on request
//	assets.mjs        Workers Static Assets in workerd: the bundle's public/ files, else the bridge
//	workerd.go        builds the bundle and runs workerd with a config for tests and the benchmark
package worker

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/wasm/api"
)

// The Worker's settings: wrangler.jsonc "vars" for plain values,
// `wrangler secret put NAME` for the secrets. The names are the native
// bridge's environment variables (bridge/cmd/bridge).
const (
	EnvInstanceURL     = "VCCNOW_INSTANCE_URL"
	EnvVCCAuthURL      = "VCCNOW_VCC_AUTH_URL"
	EnvVCCAPIURL       = "VCCNOW_VCC_API_URL"
	EnvVCCClientID     = "VCCNOW_VCC_CLIENT_ID"
	EnvVCCAudience     = "VCCNOW_VCC_AUDIENCE"
	EnvSNUser          = "VCCNOW_SN_USER"
	EnvSNPassword      = "VCCNOW_SN_PASSWORD" // secret
	EnvSNClientID      = "VCCNOW_SN_CLIENT_ID"
	EnvSNClientSecret  = "VCCNOW_SN_CLIENT_SECRET" // secret
	EnvVCCBridgeClient = "VCCNOW_VCC_BRIDGE_CLIENT_ID"
	EnvVCCBridgeSecret = "VCCNOW_VCC_BRIDGE_SECRET" // secret
	EnvVCCAccountKey   = "VCCNOW_VCC_ACCOUNT_KEY"
	EnvPublicURL       = "VCCNOW_PUBLIC_URL"
	EnvWebhookSecret   = "VCCNOW_WEBHOOK_SECRET" // secret
	// EnvRules holds the per-queue rules as JSON text (the native
	// bridge's -rules file); unset: the default rules.
	EnvRules = "VCCNOW_RULES"
	// EnvPresence holds the presence mapping as JSON text (the native
	// bridge's -presence file); unset: the default mapping.
	EnvPresence = "VCCNOW_PRESENCE"
	// EnvDeadLetterAge is how long an outbox op may fail in a way only a
	// person can mend before it is a dead letter (the native bridge's
	// -dead-letter-after); unset: 24 hours.
	EnvDeadLetterAge = "VCCNOW_DEAD_LETTER_AFTER"
	// EnvRejectReason names the AWA reject reason given when an agent
	// rejects a call in the panel (the native bridge's -reject-reason);
	// unset: the Phone channel's first.
	EnvRejectReason = "VCCNOW_REJECT_REASON"
	// EnvInstances caps the warm Go instances of an isolate (pool.mjs);
	// unset: 2. Each serves one event at a time and holds ~20 MiB.
	EnvInstances = "VCCNOW_WORKER_INSTANCES"
	// EnvEventsPerInstance retires a Go instance after it served this many
	// events (pool.mjs); unset: 10000.
	EnvEventsPerInstance = "VCCNOW_WORKER_EVENTS_PER_INSTANCE"
	// EnvStats, when set to n, logs an instance's memory and the JS values
	// its Go program holds after every n events (pool.mjs); unset: never.
	EnvStats = "VCCNOW_WORKER_STATS"
)

// Secrets are the settings set with `wrangler secret put`, never in
// wrangler.jsonc.
var Secrets = []string{EnvSNPassword, EnvSNClientSecret, EnvVCCBridgeSecret, EnvWebhookSecret}

// OpLease is the Worker's outbox lease: longer than the 30 s that
// background work (waitUntil) may run after a response, so an op is never
// run twice at once, and short enough that an op whose instance was killed
// runs again within a minute.
const OpLease = 45 * time.Second

// DBBinding is the name of the Worker's D1 binding (wrangler.jsonc
// "d1_databases").
const DBBinding = "DB"

// required are the settings without which the Worker cannot do its job:
// on Workers, VCC's webhooks are the only way calls reach the bridge, so the
// public URL and the webhook secret are required too (the native bridge
// merely warns).
var required = []string{EnvInstanceURL, EnvVCCAuthURL, EnvVCCAPIURL, EnvVCCClientID, EnvSNUser,
	EnvVCCBridgeClient, EnvVCCBridgeSecret, EnvVCCAccountKey, EnvPublicURL, EnvWebhookSecret}

// Config reads the bridge's configuration from the Worker's environment
// (getenv returns "" for an unset name). It names every missing setting at
// once; bridge.New checks the values themselves.
func Config(getenv func(string) string) (bridge.Config, error) {
	var missing []string
	for _, name := range required {
		if strings.TrimSpace(getenv(name)) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return bridge.Config{}, errors.New("worker: missing settings " + strings.Join(missing, ", ") +
			": set them in wrangler.jsonc vars, or with `wrangler secret put NAME` for secrets")
	}
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	// The JSON settings, when set (unset: their defaults).
	var rules records.Rules
	var presence api.PresenceMap
	for name, parse := range map[string]func([]byte) error{
		EnvRules:    func(b []byte) (err error) { rules, err = bridge.ParseRules(b); return err },
		EnvPresence: func(b []byte) (err error) { presence, err = bridge.ParsePresence(b); return err },
	} {
		if text := get(name); text != "" {
			if err := parse([]byte(text)); err != nil {
				return bridge.Config{}, fmt.Errorf("worker: %s: %w", name, err)
			}
		}
	}
	var deadLetterAge time.Duration
	if text := get(EnvDeadLetterAge); text != "" {
		var err error
		if deadLetterAge, err = bridge.ParseDeadLetterAge(text); err != nil {
			return bridge.Config{}, fmt.Errorf("worker: %s: %w", EnvDeadLetterAge, err)
		}
	}
	return bridge.Config{
		DeadLetterAge:     deadLetterAge,
		RejectReason:      get(EnvRejectReason),
		Rules:             rules,
		Presence:          presence,
		InstanceURL:       strings.TrimSuffix(get(EnvInstanceURL), "/"),
		VCCAuthURL:        strings.TrimSuffix(get(EnvVCCAuthURL), "/"),
		VCCAPIURL:         strings.TrimSuffix(get(EnvVCCAPIURL), "/"),
		VCCClientID:       get(EnvVCCClientID),
		VCCAudience:       get(EnvVCCAudience),
		SNUser:            get(EnvSNUser),
		SNPassword:        getenv(EnvSNPassword),
		SNClientID:        get(EnvSNClientID),
		SNClientSecret:    getenv(EnvSNClientSecret),
		VCCBridgeClientID: get(EnvVCCBridgeClient),
		VCCBridgeSecret:   getenv(EnvVCCBridgeSecret),
		VCCAccountKey:     get(EnvVCCAccountKey),
		PublicURL:         strings.TrimSuffix(get(EnvPublicURL), "/"),
		WebhookSecret:     get(EnvWebhookSecret),
	}, nil
}

// Vars is the inverse of Config: the Worker's vars and secrets that give
// cfg (the test bed and the benchmark configure workerd with them). The
// rules and the presence mapping are passed only when set.
func Vars(cfg bridge.Config) map[string]string {
	all := map[string]string{
		EnvInstanceURL: cfg.InstanceURL, EnvVCCAuthURL: cfg.VCCAuthURL, EnvVCCAPIURL: cfg.VCCAPIURL,
		EnvVCCClientID: cfg.VCCClientID, EnvVCCAudience: cfg.VCCAudience,
		EnvSNUser: cfg.SNUser, EnvSNPassword: cfg.SNPassword, EnvSNClientID: cfg.SNClientID, EnvSNClientSecret: cfg.SNClientSecret,
		EnvVCCBridgeClient: cfg.VCCBridgeClientID, EnvVCCBridgeSecret: cfg.VCCBridgeSecret, EnvVCCAccountKey: cfg.VCCAccountKey,
		EnvPublicURL: cfg.PublicURL, EnvWebhookSecret: cfg.WebhookSecret, EnvRejectReason: cfg.RejectReason,
	}
	if cfg.Rules.Queues != nil {
		all[EnvRules] = jsonText(cfg.Rules)
	}
	if cfg.Presence.ToAWA != nil {
		all[EnvPresence] = jsonText(cfg.Presence)
	}
	if cfg.DeadLetterAge != 0 {
		all[EnvDeadLetterAge] = cfg.DeadLetterAge.String()
	}
	vars := map[string]string{}
	for name, value := range all {
		if value != "" {
			vars[name] = value
		}
	}
	return vars
}

// jsonText is a setting's JSON: strings, bools and maps of them, which
// always marshal.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
