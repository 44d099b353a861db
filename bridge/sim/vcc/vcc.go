// Package vcc is a Vonage Contact Center simulator: VCC's OAuth server under
// /Auth, the Agents API, webhooks, an ACD with queues, and the softphone
// signaling and media an agent's panel connects to. It follows VCC's public
// shapes where they are known and is a demanding peer where they are not.
// Tests and the dev stack drive it through a loopback control API under /sim/.
package vcc

import (
	"encoding/json"
	"errors"
	"net/http"
)

// Config sets up a simulated VCC region.
type Config struct {
	// BaseURL is where the simulator is reachable (http://127.0.0.1:8703);
	// the OAuth issuer is BaseURL + "/Auth".
	BaseURL string
	// SeedDir holds the seed (account, users, queues) as JSON files.
	SeedDir string
	// PanelOrigins are the origins the connector panel is served from: the
	// registered redirect URIs of the connector's OAuth client, to which the
	// sign-in result is posted (web_message response mode).
	PanelOrigins []string
}

// Server is the simulated VCC.
type Server struct {
	cfg Config
	mux *http.ServeMux
}

// New returns the simulator.
func New(cfg Config) (*Server, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("vcc sim: base URL is empty")
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

// Close stops background work (webhook delivery, timers, media).
func (s *Server) Close() error { return nil }

// Issuer is the OAuth issuer URL.
func (s *Server) Issuer() string { return s.cfg.BaseURL + "/Auth" }

func (s *Server) routes() {
	s.mux.HandleFunc("GET /.well-known/openid-configuration", s.serveDiscovery)
	s.mux.HandleFunc("GET /Auth/.well-known/openid-configuration", s.serveDiscovery)
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	iss := s.Issuer()
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                iss,
		"authorization_endpoint":                iss + "/connect/authorize",
		"token_endpoint":                        iss + "/connect/token",
		"jwks_uri":                              iss + "/.well-known/openid-configuration/jwks",
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code", "client_credentials", "refresh_token"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "none"},
		"prompt_values_supported":               []string{"login"},
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
