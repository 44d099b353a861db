//go:build !js

// Package vccsim is a Vonage Contact Center simulator: VCC's OAuth server
// under /Auth, the Agents and User Admin APIs, the v0 Web API's calls, the
// Webhooks API and signed CloudEvents, an ACD with queues, and the softphone
// signaling and media an agent's panel connects to. It does what VCC's
// public documentation describes and, where the documentation is silent,
// is strict rather than inventive; every endpoint, event, field and
// behaviour has a row in its contract ledger (CONTRACT.md, rendered from the
// ledger_*.go files), documented or assumed. Assumed behaviours the product
// does not need are off unless Config.Assume (or Config.WebhookExtensions)
// turns them on. Tests and the dev stack drive it through a loopback
// control API under /sim/.
//
// Where to look:
//
//   - users.go, seed.go: accounts (queues with their dialled numbers),
//     users and OAuth clients, loaded from testdata/vcc.
//   - oauth.go, authorize.go, authresponse.go, signin.html, token.go,
//     grants.go: the OAuth server (client credentials, one scope per
//     token; the panel's sign-in with authorization code + PKCE answered by
//     redirect or form post; one-time codes and rotating refresh tokens).
//   - identity.go, jwks.go: access tokens (JWTs with standard claims) and
//     the keys that verify them.
//   - gateway.go, presence.go, agentsapi.go, useradmin.go: the API
//     gateway's checks, presence, the Agents API and the User Admin API.
//   - webapi.go, webapi_disposition.go: the v0 Web API's call detail and
//     disposition code.
//   - events.go, eventtypes.go, extensions.go, webhooks.go, subscription.go,
//     delivery.go, chaos.go: CloudEvents with the documented fields (the
//     undocumented extensions behind Config.WebhookExtensions), the
//     Webhooks API and signed delivery with retries (and deliberate
//     duplicates and reordering).
//   - control_agents.go: the loopback control API for agents, tokens and
//     webhook chaos.
//   - acd.go, calls.go, routing.go, callcontrol.go, outbound.go, channels.go:
//     the ACD: calls, queues and routing (handed over by the bridge after
//     ServiceNow's AWA chose an agent, or offered to Ready agents), call
//     control, click-to-dial, channel.* events; autoreject.go: VCC's
//     auto-reject of calls offered to agents without a connected softphone.
//   - softphone.go, requests.go, session.go: the softphone signaling
//     WebSocket (package wasm/vcc's protocol, assumed: VCC publishes none)
//     and its sessions (conflict, takeover, resume within a grace window).
//   - negotiation.go, media.go, audio.go, dtmf.go: the session's WebRTC media
//     (pion), the caller's voice, RFC 4733 DTMF.
//   - control_calls.go, console.go: /sim/calls, /sim/config and the caller
//     console.
//   - ledger.go, ledger_*.go, assumptions.go: the contract ledger and the
//     assumption switches.
package vccsim

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Config sets up a simulated VCC region. Every field but BaseURL and SeedDir
// has a working zero value.
type Config struct {
	// BaseURL is where the simulator is reachable (http://127.0.0.1:8703);
	// the OAuth issuer is BaseURL + "/Auth".
	BaseURL string
	// SeedDir holds the seed (accounts, users, OAuth clients) as JSON files.
	SeedDir string
	// PanelOrigins are the origins the connector panel is served from (the
	// bridge's origin): the origins allowed by CORS on the token endpoint
	// and the Agents API, and the origins of the connector client's
	// registered redirect URIs. The seed registers
	// "{panelOrigin}/signin/callback" (clients.json), which expands to the
	// bridge's callback page on each of these origins, so a test that picks
	// the bridge's port at run time registers its callback by naming the
	// origin here.
	PanelOrigins []string
	// PanelRedirectURIs are further exact redirect URIs registered for the
	// connector's OAuth client (servicenow-connector), beside the seed's.
	PanelRedirectURIs []string
	// Assume turns on assumed behaviours by name (Assumptions lists them;
	// CONTRACT.md says what each does). Unknown names make New fail. The
	// default, none, is VCC as documented.
	Assume []string
	// WebhookExtensions adds to the channel.* webhooks the fields VCC does
	// not document (party.address, channel.queue, channel.direction,
	// channel.transferredFrom, channel.targetAgent, data.disposition, and
	// end reasons other than "released"): the assumption switch
	// "webhook-extensions". Off, events carry exactly the documented
	// fields. The dev stack reads it from EnvWebhookExtensions.
	WebhookExtensions bool
	// Now is the simulator's clock for tokens, presence and event times
	// (default time.Now). Tests move it to expire tokens.
	Now func() time.Time
	// AccessTokenTTL is how long access tokens live (default 2 h, as VCC's
	// expires_in of 7200).
	AccessTokenTTL time.Duration
	// Webhooks tunes webhook delivery (timeouts, retry schedule).
	Webhooks WebhookConfig
	// ACD tunes the call centre: routing mode, softphone grace window,
	// ring and dial timers (acd.go).
	ACD ACDConfig
	// Logger receives what the simulator does (default: discarded).
	Logger *log.Logger
}

// Server is the simulated VCC.
type Server struct {
	cfg Config
	mux *http.ServeMux
	log *log.Logger

	seed     *seed           // accounts, users, clients; read-only after New
	assume   map[string]bool // the assumption switches turned on
	logins   loginBook       // each user's last sign-in (useradmin.go)
	keys     *signingKeys    // access-token signing keys (jwks.go)
	grants   *grantStore     // codes, refresh tokens, revocations (grants.go)
	presence *presenceBook   // every user's presence (presence.go)
	hooks    *webhookEngine  // subscriptions and delivery (delivery.go)
	acd      *acd            // calls, softphone sessions and media (acd.go)
	outages  outages         // outages staged by the control API (control_outages.go)

	// cancel ends the context background work (webhook delivery, the ACD)
	// runs under; Close calls it, then waits for that work to end.
	cancel    context.CancelFunc
	closeOnce sync.Once
}

// New loads the seed and returns the simulator. Call Close when done.
func New(cfg Config) (*Server, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("vcc sim: base URL is empty")
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AccessTokenTTL <= 0 {
		cfg.AccessTokenTTL = 2 * time.Hour
	}
	logger := cfg.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	assume, err := assumeSet(cfg)
	if err != nil {
		return nil, err
	}
	sd, err := loadSeed(cfg.SeedDir, cfg.PanelOrigins, cfg.PanelRedirectURIs)
	if err != nil {
		return nil, err
	}
	keys, err := newSigningKeys()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg:    cfg,
		mux:    http.NewServeMux(),
		log:    logger,
		seed:   sd,
		assume: assume,
		keys:   keys,
		grants: newGrantStore(),
		cancel: cancel,
	}
	s.presence = newPresenceBook(sd, cfg.Now())
	s.hooks = newWebhookEngine(ctx, cfg.Webhooks, cfg.Now, logger)
	if s.acd, err = newACD(s, cfg.ACD); err != nil {
		cancel()
		return nil, err
	}
	s.acd.start(ctx)
	s.routes()
	return s, nil
}

// Close stops background work (webhook delivery, timers, media) and waits
// for it to end. It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.cancel()
		s.acd.close()
		s.hooks.wait()
	})
	return nil
}

// Issuer is the OAuth issuer URL.
func (s *Server) Issuer() string { return s.cfg.BaseURL + "/Auth" }

// now is the simulator's clock (Config.Now).
func (s *Server) now() time.Time { return s.cfg.Now() }

func (s *Server) routes() {
	s.mux.HandleFunc("GET /.well-known/openid-configuration", s.serveDiscovery)
	s.mux.HandleFunc("GET /Auth/.well-known/openid-configuration", s.serveDiscovery)
	s.oauthRoutes()
	s.agentsRoutes()
	s.webhookRoutes()
	s.controlAgentsRoutes()
	s.acdRoutes()
	s.outageRoutes()
	s.webAPIRoutes()
	s.userAdminRoutes()
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	iss := s.Issuer()
	allowAnyOrigin(w)
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                iss,
		"authorization_endpoint":                iss + "/connect/authorize",
		"token_endpoint":                        iss + "/connect/token",
		"jwks_uri":                              iss + jwksPath,
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              s.responseModes(),
		"grant_types_supported":                 []string{"authorization_code", "client_credentials", "refresh_token"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "none"},
		"id_token_signing_alg_values_supported": []string{signingAlg},
		"prompt_values_supported":               []string{"none", "login"},
		"scopes_supported":                      s.seed.allScopes(),
	})
}
