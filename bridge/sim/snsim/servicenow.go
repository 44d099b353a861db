// Package snsim is a ServiceNow instance simulator: the parts of an
// instance the connector and the bridge touch, with ServiceNow's shapes
// (reference: ServiceNow docs for the Table API, AWA and OpenFrame). It serves
// the Agent Workspace stand-in (users sign in at /login.do and stay signed
// in with a session cookie, signin.go) whose TopFrame hosts the connector in
// an OpenFrame panel, the openFrameAPI library partner pages load, and a
// loopback control API for tests under /sim/.
package snsim

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"time"
)

//go:embed openframe.js topframe.js workspace.html workspace.js workspace_tabs.js workspace_wrapup.js login.html
var assets embed.FS

// Config sets up a simulated instance.
type Config struct {
	// SeedDir holds the seed records, one <table>.json file (a JSON array of
	// records with string values) per table.
	SeedDir string
	// ConnectorURL is the URL of the OpenFrame configuration: the page the
	// workspace loads in its OpenFrame panel.
	ConnectorURL string
	// Assume switches on assumed behaviours by name (Assumptions lists
	// them; CONTRACT.md says what each is). None by default: the simulator
	// does only what ServiceNow documents.
	Assume []string
	// AssignDelay is how long AWA waits before an assignment pass offers a
	// queued work item (awa_delay.go): 0 means DefaultAssignDelay (300 ms),
	// a negative value no delay. POST /sim/awa changes it at run time.
	AssignDelay time.Duration
}

// Server is the simulated instance.
type Server struct {
	cfg       Config
	assume    map[string]bool
	mux       *http.ServeMux
	workspace *template.Template
	signIn    *template.Template // the sign-in page (signin.go)

	// DB holds the instance's records.
	DB *DB

	// The REST side: the seed /sim/reset restores, the clock tokens and rate
	// limits read, and the control API's state (rest.go).
	seed   map[string][]Record
	now    func() time.Time
	tokens *tokenStore
	limits *rateLimiter
	faults *faultInjector
	stats  *requestStats

	// AWA routing and the workspace's event feed (awa.go, amb.go).
	awa  *AWA
	feed *Feed
}

// Record is one row; ServiceNow sends every value as a string.
type Record map[string]string

// New loads the seed and returns the simulator.
func New(cfg Config) (*Server, error) {
	if cfg.ConnectorURL == "" {
		return nil, errors.New("servicenow sim: connector URL is empty")
	}
	tmpl, err := template.ParseFS(assets, "workspace.html")
	if err != nil {
		return nil, err
	}
	signIn, err := template.ParseFS(assets, "login.html")
	if err != nil {
		return nil, err
	}
	seed, err := loadSeed(cfg.SeedDir)
	if err != nil {
		return nil, err
	}
	// A seeded OpenFrame configuration without a url opens the connector,
	// as the instance's record would hold it.
	for _, r := range seed[tOpenFrameConfig] {
		if r["url"] == "" {
			r["url"] = cfg.ConnectorURL
		}
	}
	assume, err := assumeSet(cfg.Assume)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, assume: assume, mux: http.NewServeMux(), workspace: tmpl, signIn: signIn, DB: NewDB(nil),
		seed: seed, now: time.Now, tokens: newTokenStore(), limits: newRateLimiter(),
		faults: newFaultInjector(), stats: newRequestStats(),
	}
	if err := s.DB.Reset(seed); err != nil {
		return nil, fmt.Errorf("servicenow sim: seed: %w", err)
	}
	s.startJournal()
	s.feed = NewFeed()
	s.awa = NewAWA(s.DB, s.feed, AWAOptions{AssignDelay: assignDelayFor(cfg.AssignDelay), Assume: assume})
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /now/workspace/agent", s.serveWorkspace)
	s.signInRoutes()
	s.workspaceRoutes()
	s.awaRoutes()
	s.wrapUpRoutes()
	s.mux.HandleFunc("GET /scripts/openframe/{version}/{file}", s.serveOpenFrameLib)
	s.mux.HandleFunc("GET /scripts/sim/topframe.js", func(w http.ResponseWriter, r *http.Request) {
		serveAsset(w, "topframe.js")
	})
	s.voiceRoutes()
	s.restRoutes()
}

// Close stops background work (AWA timers, event feeds).
func (s *Server) Close() error {
	s.awa.Close()
	s.feed.Close()
	return nil
}

// ServeHTTP implements http.Handler.
// Every request passes the REST gate (stats, injected faults) first.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.serve(w, r) }

func serveAsset(w http.ResponseWriter, name string) {
	b, err := assets.ReadFile(name)
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}

// serveOpenFrameLib serves openFrameAPI.min.js (and .js) for "latest" and
// versioned paths, as an instance does.
func (s *Server) serveOpenFrameLib(w http.ResponseWriter, r *http.Request) {
	switch r.PathValue("file") {
	case "openFrameAPI.min.js", "openFrameAPI.js":
		serveAsset(w, "openframe.js")
	default:
		http.NotFound(w, r)
	}
}

// user finds a sys_user by user_name.
func (s *Server) user(name string) (Record, bool) {
	u, err := s.DB.FindOne("sys_user", func(r Record) bool { return r["user_name"] == name })
	return u, err == nil
}
