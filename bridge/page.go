package bridge

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"
	"sync"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/vcc"
	"github.com/vccnow/connector/web"
)

// pageRoutes serves the panel's page at / and the sign-in's redirect page
// at vcc.CallbackPath (signin_callback.go), both on the panel's origin.
func (s *Server) pageRoutes() {
	s.mux.Handle("GET /{$}", s.page)
	cb := &callbackPage{assets: s.assets}
	s.mux.Handle("GET "+vcc.CallbackPath, cb)
	s.mux.Handle("POST "+vcc.CallbackPath, cb)
}

// page renders the connector panel: index.html with the deployment's
// settings, under a Content-Security-Policy that lets only the ServiceNow
// instance frame it.
type page struct {
	body []byte
	csp  string
}

func newPage(cfg Config, assets *web.Assets) (*page, error) {
	tmpl, err := template.ParseFS(web.Static(), "index.html")
	if err != nil {
		return nil, err
	}
	wasmURL := "/assets/connector.wasm?v=" + assets.Version("connector.wasm")
	data := map[string]any{
		"StyleVersion":    assets.Version("style.css"),
		"LoaderVersion":   assets.Version("loader.js"),
		"CompileVersion":  assets.Version("compile.js"),
		"WasmExecVersion": assets.Version("wasm_exec.js"),
		"WasmURL":         wasmURL,
		"Built":           assets.Built(),
		"OpenFrameScript": cfg.InstanceURL + "/scripts/openframe/latest/openFrameAPI.min.js",
		"Config": api.PanelConfig{
			Instance:       origin(cfg.InstanceURL),
			VCCAuth:        cfg.VCCAuthURL,
			VCCAPI:         cfg.VCCAPIURL,
			VCCClientID:    cfg.VCCClientID,
			SignInCallback: vcc.CallbackPath,
			Presence:       &cfg.Presence,
			Dispositions:   cfg.Rules.AccountDispositions(),
		},
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return nil, err
	}
	instance := origin(cfg.InstanceURL)
	vccOrigins := uniq(origin(cfg.VCCAuthURL), origin(cfg.VCCAPIURL))
	var wsOrigins []string
	for _, o := range vccOrigins {
		wsOrigins = append(wsOrigins, "ws"+strings.TrimPrefix(o, "http"))
	}
	csp := strings.Join([]string{
		"default-src 'self'",
		"script-src 'self' 'wasm-unsafe-eval' " + instance,
		"style-src 'self'",
		"img-src 'self' data:",
		"media-src 'self' blob:",
		"connect-src 'self' " + strings.Join(vccOrigins, " ") + " " + strings.Join(wsOrigins, " "),
		"frame-ancestors " + instance,
		"base-uri 'none'",
		"form-action 'none'",
		"object-src 'none'",
	}, "; ")
	return &page{body: b.Bytes(), csp: csp}, nil
}

// lazyPage renders the page on its first request. Rendering hashes the
// connector's files (6 MB) for their cache-busting versions: the native
// bridge pays that once, and a Worker, which starts a fresh instance for
// every request, only for the requests of the page itself.
type lazyPage struct {
	cfg    Config
	assets *web.Assets
	once   sync.Once
	page   *page
	err    error
}

func (l *lazyPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.once.Do(func() { l.page, l.err = newPage(l.cfg, l.assets) })
	if l.err != nil {
		http.Error(w, "The connector page could not be rendered: "+l.err.Error(), http.StatusInternalServerError)
		return
	}
	l.page.ServeHTTP(w, r)
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", p.csp)
	h.Set("Cache-Control", "no-cache")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	// The panel needs the microphone, and delegates it only to itself.
	h.Set("Permissions-Policy", "microphone=(self), camera=()")
	_, _ = w.Write(p.body)
}

func uniq(xs ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
