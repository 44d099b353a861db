//go:build !js

// Package vccsim is a Vonage Contact Center simulator: VCC's OAuth server under
// /Auth, the Agents API, webhooks, an ACD with queues, and the softphone
// signaling and media an agent's panel connects to. It follows VCC's public
// shapes where they are known and is a demanding peer where they are not.
// Tests and the dev stack drive it through a loopback control API under /sim/.
//
// Where to look:
//
//   - users.go, seed.go: accounts, users and OAuth clients, loaded from
//     testdata/vcc.
//   - oauth.go, authorize.go, signin.html, token.go, grants.go: the OAuth
//     server (sign-in with authorization code + PKCE, the token endpoint,
//     one-time codes and rotating refresh tokens).
//   - identity.go, jwks.go: access tokens (JWTs) and the keys that verify them.
//   - gateway.go, presence.go, agentsapi.go: the API gateway's checks,
//     presence and the Agents API.
//   - events.go, eventtypes.go, webhooks.go, subscription.go, delivery.go,
//     chaos.go: CloudEvents, the Webhooks API and signed delivery with
//     retries (and deliberate duplicates and reordering).
//   - integration.go: the account's link to one ServiceNow instance.
//   - control_agents.go: the loopback control API for agents, tokens and
//     webhook chaos.
//   - acd.go, calls.go, routing.go, callcontrol.go, outbound.go, channels.go:
//     the ACD: calls, queues and routing (ServiceNow-assigned or offered to
//     Ready agents), call control, click-to-dial, channel.* events;
//     autoreject.go: VCC's auto-reject of agents without WebRTC media.
//   - softphone.go, requests.go, session.go: the softphone signaling
//     WebSocket (package wasm/vcc's protocol) and its sessions (conflict,
//     takeover, resume within a grace window).
//   - negotiation.go, media.go, audio.go, dtmf.go: the session's WebRTC media
//     (pion), the caller's voice, RFC 4733 DTMF.
//   - control_calls.go, console.go: /sim/calls, /sim/config and the caller
//     console.
package vccsim

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
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
	// PanelOrigins are the origins the connector panel is served from: the
	// registered redirect URIs of the connector's OAuth client (each origin
	// with a trailing "/"), to which the sign-in result is posted
	// (web_message response mode), and the origins allowed by CORS on the
	// token endpoint and the Agents API.
	PanelOrigins []string
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

	seed     *seed          // accounts, users, clients; read-only after New
	keys     *signingKeys   // access-token signing keys (jwks.go)
	grants   *grantStore    // codes, refresh tokens, revocations (grants.go)
	presence *presenceBook  // every user's presence (presence.go)
	hooks    *webhookEngine // subscriptions and delivery (delivery.go)
	links    *instanceLinks // each account's ServiceNow instance (integration.go)
	acd      *acd           // calls, softphone sessions and media (acd.go)

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
	sd, err := loadSeed(cfg.SeedDir, cfg.PanelOrigins)
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
		keys:   keys,
		grants: newGrantStore(),
		links:  newInstanceLinks(),
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
	s.integrationRoutes()
	s.controlAgentsRoutes()
	s.acdRoutes()
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
		"response_modes_supported":              []string{"query", "web_message"},
		"grant_types_supported":                 []string{"authorization_code", "client_credentials", "refresh_token"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "none"},
		"id_token_signing_alg_values_supported": []string{signingAlg},
		"prompt_values_supported":               []string{"none", "login"},
		"scopes_supported":                      s.seed.allScopes(),
	})
}

// control wraps a handler of the /sim/ control API: it serves only requests
// from a loopback address.
func (s *Server) control(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !isLoopbackAddr(r.RemoteAddr) {
			writeMessage(w, http.StatusForbidden, "The simulator's control API answers only loopback clients; call it from this machine.")
			return
		}
		h(w, r)
	}
}

// isLoopbackAddr reports whether a host:port (http.Request.RemoteAddr) is a
// loopback address.
func isLoopbackAddr(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// allowAnyOrigin lets any web page read a public document (discovery, JWKS).
func allowAnyOrigin(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeMessage answers with VCC's plain error shape, {"message": "..."}.
func writeMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

// readJSON decodes a JSON request body of at most 64 KiB into v; trailing
// data after the value is an error.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 64<<10))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the body is not the JSON this endpoint expects: %v", err)
	}
	if dec.More() {
		return errors.New("the body holds more than one JSON value")
	}
	return nil
}

// newGUID returns a random (version 4) GUID in VCC's lower-case form.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// isGUID reports whether s is a GUID in its 36-character form.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
