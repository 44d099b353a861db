// Package bridge is the server side of the connector: one http.Handler that
// serves the agent's panel and keeps ServiceNow's records right. It runs as a
// native binary (cmd/bridge, cmd/devstack) and, with the same handler, as a
// Cloudflare Worker. It keeps no state that matters in memory: everything
// lives in the Store.
package bridge

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/vccnow/connector/web"
)

// Config is what a deployment sets. URLs are origins or base URLs without a
// trailing slash.
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
}

// Server is the bridge's http.Handler.
type Server struct {
	cfg    Config
	assets *web.Assets
	page   *page
	mux    *http.ServeMux
}

// New checks cfg and returns the bridge handler.
func New(cfg Config) (*Server, error) {
	for name, u := range map[string]string{"instance URL": cfg.InstanceURL, "VCC auth URL": cfg.VCCAuthURL, "VCC API URL": cfg.VCCAPIURL} {
		if err := checkBaseURL(u); err != nil {
			return nil, errors.New("bridge: " + name + ": " + err.Error())
		}
	}
	if cfg.VCCClientID == "" {
		return nil, errors.New("bridge: VCC client id is empty")
	}
	s := &Server{cfg: cfg, assets: web.NewAssets(), mux: http.NewServeMux()}
	p, err := newPage(cfg, s.assets)
	if err != nil {
		return nil, err
	}
	s.page = p
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.mux.Handle("GET /{$}", s.page)
	s.mux.Handle("/assets/", http.StripPrefix("/assets", s.assets))
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

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
