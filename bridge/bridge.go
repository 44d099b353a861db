// Package bridge is the server side of the connector: one http.Handler that
// serves the agent's panel, verifies VCC's signed webhooks and the agents'
// tokens, and keeps ServiceNow's records right through a durable outbox. It
// runs as a native binary (cmd/bridge, cmd/devstack) and, with the same
// handler, as a Cloudflare Worker. It keeps no state that matters in memory:
// everything lives in the Store.
package bridge

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/web"
)

// Config is what a deployment sets. URLs are base URLs without a trailing
// slash.
type Config struct {
	// InstanceURL is the ServiceNow instance (https://example.service-now.com).
	// The panel may only be framed by it and loads its openFrameAPI script.
	InstanceURL string
	// VCCAuthURL is VCC's OAuth issuer (https://emea.cc.vonage.com/Auth).
	VCCAuthURL string
	// VCCAPIURL is VCC's API gateway (https://emea.api.cc.vonage.com).
	VCCAPIURL string
	// VCCClientID is the OAuth client the panel signs agents in with.
	VCCClientID string
	// VCCAudience is the "aud" of agents' access tokens.
	VCCAudience string

	// ServiceNow integration user (awa_integration_user, itil,
	// sn_customerservice_agent, sn_openframe_api_user): OAuth when a client
	// id is set, Basic otherwise.
	SNUser, SNPassword         string
	SNClientID, SNClientSecret string

	// VCC client credentials of the bridge (a user-level credential of an
	// admin of the account the bridge serves: every agent who signs in must
	// be a user of that account).
	VCCBridgeClientID, VCCBridgeSecret string
	// VCCAccountKey is the account's API key, which VCC's v0 Web API takes
	// in its paths (the call detail and disposition code).
	VCCAccountKey string

	// PublicURL is where VCC reaches the bridge; webhooks arrive at
	// PublicURL + "/webhooks/vcc", signed with WebhookSecret (base64, 32
	// bytes or more).
	PublicURL     string
	WebhookSecret string

	// Rules say how callers are found and records handled, per queue.
	Rules records.Rules
	// Presence maps VCC presence to AWA presence states and back; the
	// panel gets it in its page, so both keep presence in step the same way
	// (default: api.DefaultPresenceMap).
	Presence api.PresenceMap

	// OpLease is how long an outbox op is held by the process running it
	// (default 2 minutes). An op whose process died runs again when its
	// lease runs out; on Workers, where background work lives at most
	// 30 s past a response, a shorter lease gets it going sooner.
	OpLease time.Duration
	// DeadLetterAge is how long an outbox op may fail in a way only a
	// person can fix (ServiceNow answering a page, 401, 403, a missing
	// queue) before it becomes a dead letter: set aside, counted in
	// /metrics and /healthz, listed by the doctor, no longer holding back
	// later work of its call or agent (default 24 hours).
	DeadLetterAge time.Duration
	// RejectReason names the AWA reject reason (awa_reject_reason.name, as
	// the Phone channel lists it) the bridge gives when an agent rejects a
	// call in the panel; empty, or a name the channel does not list: the
	// channel's first reason by order.
	RejectReason string
}

// Deps are the bridge's collaborators.
type Deps struct {
	Store *store.Store
	// HTTP makes the outgoing requests (the fetch-based client on Workers).
	HTTP *http.Client
	Now  func() time.Time
	// Log receives the bridge's structured logs (logging.go); when it is
	// nil, Logger receives them as text lines, and without either they are
	// discarded.
	Log    *slog.Logger
	Logger *log.Logger
}

// Server is the bridge's http.Handler.
type Server struct {
	cfg     Config
	assets  *web.Assets
	page    *lazyPage
	mux     *http.ServeMux
	store   *store.Store
	sn      *servicenow.Client
	vcc     *vccapi.Client
	handoff Handoff
	verify  *vccapi.Verifier
	sync    *records.Syncer
	now     func() time.Time
	log     *slog.Logger
	// metrics counts what /metrics shows.
	metrics *metrics
	// limits are the agent API's rate limits (ratelimit.go).
	limits *rateLimits
	// kick wakes the outbox worker.
	kick chan struct{}
	// holder names this process in leases.
	holder string
	// pendingScanned is when RunOutbox last looked for unprocessed events;
	// pendingFailed says that processing failed here since (processPending).
	pendingMu      sync.Mutex
	pendingScanned time.Time
	pendingFailed  bool
	// agents keeps agents' identities read from the store, by VCC user id
	// (agentIdentity).
	agentsMu sync.Mutex
	agents   map[string]agentIdentity
}

// New checks cfg and returns the bridge handler.
func New(cfg Config, deps Deps) (*Server, error) {
	for name, u := range map[string]string{"instance URL": cfg.InstanceURL, "VCC auth URL": cfg.VCCAuthURL, "VCC API URL": cfg.VCCAPIURL} {
		if err := checkBaseURL(u); err != nil {
			return nil, errors.New("bridge: " + name + ": " + err.Error())
		}
	}
	if cfg.VCCClientID == "" {
		return nil, errors.New("bridge: VCC client id is empty")
	}
	if deps.Store == nil {
		return nil, errors.New("bridge: no store")
	}
	if cfg.Rules.Queues == nil {
		cfg.Rules = records.DefaultRules()
	}
	if cfg.Presence.ToAWA == nil && cfg.Presence.ToVCC == nil {
		cfg.Presence = api.DefaultPresenceMap()
	}
	if err := cfg.Presence.Check(); err != nil {
		return nil, errors.New("bridge: " + err.Error())
	}
	if cfg.OpLease <= 0 {
		cfg.OpLease = 2 * time.Minute
	}
	if cfg.DeadLetterAge <= 0 {
		cfg.DeadLetterAge = DefaultDeadLetterAge
	}
	if cfg.VCCAudience == "" {
		cfg.VCCAudience = "https://api.cc.vonage.com"
	}
	now := deps.Now
	if now == nil {
		now = time.Now
	}
	hc := deps.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	var auth servicenow.Authenticator = servicenow.Basic{User: cfg.SNUser, Password: cfg.SNPassword}
	if cfg.SNClientID != "" {
		auth = &servicenow.OAuth{BaseURL: cfg.InstanceURL, ClientID: cfg.SNClientID, ClientSecret: cfg.SNClientSecret,
			User: cfg.SNUser, Password: cfg.SNPassword, HTTP: hc, Cache: &storeTokenCache{s: deps.Store, now: now}, Now: now}
	}
	s := &Server{
		cfg: cfg, assets: web.NewAssets(), mux: http.NewServeMux(), store: deps.Store, now: now, log: newLogger(deps),
		holder: fmt.Sprintf("bridge-%d", now().UnixNano()), kick: make(chan struct{}, 1), metrics: newMetrics(),
		limits: newRateLimits(),
	}
	s.sn = &servicenow.Client{BaseURL: cfg.InstanceURL, HTTP: hc, Auth: auth, Retries: 2, RetryBudget: 2 * time.Second,
		OnRequest: s.metrics.servicenowRequest}
	s.vcc = &vccapi.Client{TokenURL: cfg.VCCAuthURL + "/connect/token", APIURL: cfg.VCCAPIURL, AccountKey: cfg.VCCAccountKey,
		ClientID: cfg.VCCBridgeClientID, ClientSecret: cfg.VCCBridgeSecret, HTTP: hc, Now: now, Tokens: &storeVCCTokens{s: deps.Store, now: now}}
	s.handoff = s.vcc
	s.verify = &vccapi.Verifier{Issuer: cfg.VCCAuthURL, Audience: cfg.VCCAudience, ClientID: cfg.VCCClientID, HTTP: hc, Now: now,
		Cache: &storeKeys{s: deps.Store}}
	s.sync = &records.Syncer{SN: s.sn, Rules: cfg.Rules, Cache: &lookupCache{s: deps.Store, now: now}, Now: now, AgentSysID: s.agentSysID, AgentName: s.agentName}
	s.page = &lazyPage{cfg: cfg, assets: s.assets}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.pageRoutes() // the panel and the sign-in's redirect page (page.go)
	s.mux.Handle("/assets/", http.StripPrefix("/assets", s.assets))
	s.mux.HandleFunc("GET /healthz", s.serveHealth)
	s.mux.HandleFunc("GET /metrics", s.serveMetrics)
	s.mux.HandleFunc("POST /webhooks/vcc", s.serveWebhook)
	s.agentRoutes()
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Subscribe makes sure VCC delivers the events the bridge needs to
// PublicURL/webhooks/vcc, creating or updating the subscription (Webhooks
// API). The VCC account the bridge serves is its setting (VCCAccountKey and
// the credentials, which belong to that account): VCC configures its
// ServiceNow integration in its admin portal and has no API for it.
func (s *Server) Subscribe(ctx context.Context) error {
	if s.cfg.PublicURL == "" || s.cfg.WebhookSecret == "" {
		return errors.New("bridge: no public URL or webhook secret: VCC cannot deliver events")
	}
	want := s.subscription()
	subs, err := s.vcc.Subscriptions(ctx)
	if err != nil {
		return fmt.Errorf("bridge: list webhook subscriptions: %w", err)
	}
	for _, sub := range subs {
		if sub.Name == want.Name {
			return s.vcc.UpdateSubscription(ctx, sub.ID, want)
		}
	}
	_, err = s.vcc.Subscribe(ctx, want)
	return err
}

// WebhookEvents are the event types the bridge subscribes to, by name (VCC
// documents a wildcard but not its syntax).
var WebhookEvents = []string{
	"channel.alerted.v1", "channel.connected.v1", "channel.connectionfailed.v1", "channel.held.v1", "channel.retrieved.v1",
	"channel.disconnected.v1", "channel.wrapstarted.v1", "channel.ended.v1", "agent.presencechanged.v1",
}

// subscription is the webhook subscription the bridge needs.
func (s *Server) subscription() vccapi.Subscription {
	return vccapi.Subscription{Name: "servicenow-voice-bridge", URL: s.cfg.PublicURL + "/webhooks/vcc",
		Events: WebhookEvents, Enabled: true, Secret: s.cfg.WebhookSecret}
}

func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return errors.New("want an absolute http(s) URL, got " + raw)
	}
	if strings.HasSuffix(raw, "/") || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("want a base URL without a trailing slash, query or fragment, got " + raw)
	}
	return nil
}

// origin is scheme://host of a base URL.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// Warm resolves the ServiceNow records every call needs (AWA queues, the
// Phone channel) ahead of the first call.
func (s *Server) Warm(ctx context.Context) error { return s.sync.Warm(ctx) }
