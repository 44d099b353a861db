package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// contentTypes are the types of the files the panel loads; anything else is
// refused rather than guessed.
var contentTypes = map[string]string{
	".wasm": "application/wasm",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".ogg":  "audio/ogg",
}

// Assets serves the panel's static files and build output under one prefix.
// A request for name picks name.br or name.gz from the build output when the
// browser accepts that encoding, so the 6 MB connector.wasm travels as about
// 1.2 MB. Files are addressed by a content version (Version), so a URL that
// carries the current version (?v=...) is cached for a year, and any other is
// revalidated with its ETag.
type Assets struct {
	static, dist fs.FS

	mu     sync.Mutex
	hashes map[string]string // name -> sha256 hex of the identity encoding
}

// NewAssets returns the asset server over the embedded files.
func NewAssets() *Assets { return NewAssetsFS(Static(), Dist()) }

// NewAssetsFS returns an asset server over the given folders (tests use
// in-memory ones).
func NewAssetsFS(static, dist fs.FS) *Assets {
	return &Assets{static: static, dist: dist, hashes: map[string]string{}}
}

// Built reports whether the connector has been built (dist holds the wasm).
func (a *Assets) Built() bool {
	_, err := fs.Stat(a.dist, "connector.wasm")
	return err == nil
}

// Version is a short content hash of a file, for cache-busting URLs; "" when
// the file is missing.
func (a *Assets) Version(name string) string {
	h := a.hash(name)
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func (a *Assets) hash(name string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if h, ok := a.hashes[name]; ok {
		return h
	}
	b, err := a.read(name)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	a.hashes[name] = h
	return h
}

func (a *Assets) read(name string) ([]byte, error) {
	if b, err := fs.ReadFile(a.dist, name); err == nil {
		return b, nil
	}
	return fs.ReadFile(a.static, name)
}

// ServeHTTP serves r.URL.Path (already stripped of the mount prefix).
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	ctype, ok := contentTypes[path.Ext(name)]
	if !ok || name == "" || strings.HasSuffix(name, ".html") {
		http.NotFound(w, r)
		return
	}
	hash := a.hash(name)
	if hash == "" {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	if v := r.URL.Query().Get("v"); v != "" && strings.HasPrefix(hash, v) {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}

	body, encoding := a.pick(name, r.Header.Get("Accept-Encoding"))
	etag := `"` + hash[:16] + encodingSuffix(encoding) + `"`
	h.Set("ETag", etag)
	if encoding != "" {
		h.Set("Content-Encoding", encoding)
	}
	if match := r.Header.Get("If-None-Match"); match != "" && match == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	// ServeContent handles HEAD and ranges; the zero modtime keeps it from
	// sending Last-Modified, and the ETag above carries validation.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// pick returns the best precompressed copy the client accepts.
func (a *Assets) pick(name, acceptEncoding string) ([]byte, string) {
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !accepts(acceptEncoding, enc.token) {
			continue
		}
		if b, err := fs.ReadFile(a.dist, name+enc.ext); err == nil {
			return b, enc.token
		}
	}
	b, _ := a.read(name)
	return b, ""
}

func encodingSuffix(enc string) string {
	if enc == "" {
		return ""
	}
	return "-" + enc
}

// accepts reports whether an Accept-Encoding header allows token (a q=0
// entry refuses it).
func accepts(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return params != "q=0" && params != "q=0.0" && params != "q=0.000"
	}
	return false
}
