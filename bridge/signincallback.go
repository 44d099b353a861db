package bridge

import (
	"bytes"
	"html/template"
	"net/http"
	"sync"

	"github.com/vccnow/connector/wasm/vcc"
	"github.com/vccnow/connector/web"
)

// callbackCSP lets the sign-in's redirect page run its own script and
// stylesheet and nothing else: no inline script, no connections, no forms,
// and no page may frame it.
const callbackCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'"

// maxCallbackForm bounds a form_post answer's body, and maxCallbackValue
// each value the page passes on (codes and states are far shorter).
const (
	maxCallbackForm  = 64 << 10
	maxCallbackValue = 4 << 10
)

// callbackPage is the sign-in's redirect page (web/static/callback.html),
// served at vcc.CallbackPath on the panel's origin, the redirect_uri
// registered for the panel at VCC. Its script (callback.js) posts VCC's
// answer to the panel that opened the sign-in window, at this origin only,
// and closes the window.
//
// GET is the default response mode (RFC 6749 §4.1.2): the answer is in the
// query, which the script reads; the bridge sends the same bytes whatever
// the query. POST is the Form Post Response Mode (OpenID Foundation, OAuth
// 2.0 Form Post Response Mode): the bridge reads the answer's own
// parameters from the form (vcc.CallbackParams, each sent once, at most
// maxCallbackValue bytes) and puts them in the page as a JSON data block,
// escaped by html/template, which the script reads instead of the query.
// Nothing else of the request reaches the page.
type callbackPage struct {
	assets *web.Assets

	once sync.Once
	tmpl *template.Template
	data callbackData
	get  []byte
	err  error
}

type callbackData struct {
	StyleVersion, ScriptVersion string
	Response                    map[string]string
}

func (c *callbackPage) load() {
	c.tmpl, c.err = template.ParseFS(web.Static(), "callback.html")
	if c.err != nil {
		return
	}
	c.data = callbackData{StyleVersion: c.assets.Version("style.css"), ScriptVersion: c.assets.Version("callback.js")}
	c.get, c.err = c.render(nil)
}

func (c *callbackPage) render(response map[string]string) ([]byte, error) {
	d := c.data
	d.Response = response
	var b bytes.Buffer
	if err := c.tmpl.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (c *callbackPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.once.Do(c.load)
	if c.err != nil {
		http.Error(w, "The sign-in page could not be rendered: "+c.err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", callbackCSP)
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Permissions-Policy", "microphone=(), camera=()")
	// No Cross-Origin-Opener-Policy: same-origin would cut the window off
	// from the panel that opened it, which is the page's whole purpose.
	if r.Method != http.MethodPost {
		_, _ = w.Write(c.get)
		return
	}
	status, response := http.StatusOK, formPostAnswer(w, r)
	if response == nil {
		status = http.StatusBadRequest // the page says no answer came
	}
	body, err := c.render(response)
	if err != nil {
		http.Error(w, "The sign-in page could not be rendered: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// formPostAnswer reads a form_post authorization response: the answer's
// own parameters from the body (never the query), each sent once and not
// too long; nil when there is no code and no error.
func formPostAnswer(w http.ResponseWriter, r *http.Request) map[string]string {
	r.Body = http.MaxBytesReader(w, r.Body, maxCallbackForm)
	if err := r.ParseForm(); err != nil {
		return nil
	}
	out := map[string]string{}
	for _, k := range vcc.CallbackParams {
		if vs := r.PostForm[k]; len(vs) == 1 && len(vs[0]) <= maxCallbackValue {
			out[k] = vs[0]
		}
	}
	if out["code"] == "" && out["error"] == "" {
		return nil
	}
	return out
}
