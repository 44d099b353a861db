package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testAssets() *Assets {
	return NewAssetsFS(
		fstest.MapFS{"loader.js": {Data: []byte("// loader")}, "index.html": {Data: []byte("<html>")}},
		fstest.MapFS{
			"connector.wasm":    {Data: []byte("\x00asm-raw")},
			"connector.wasm.br": {Data: []byte("brotli")},
			"connector.wasm.gz": {Data: []byte("gzip")},
		})
}

func TestAssetsEncoding(t *testing.T) {
	a := testAssets()
	cases := []struct {
		name, accept, wantEncoding, wantBody string
	}{
		{"brotli preferred", "gzip, deflate, br", "br", "brotli"},
		{"gzip when no brotli", "gzip", "gzip", "gzip"},
		{"identity", "", "", "\x00asm-raw"},
		{"q=0 refuses brotli", "br;q=0, gzip", "gzip", "gzip"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/connector.wasm", nil)
			r.Header.Set("Accept-Encoding", tc.accept)
			w := httptest.NewRecorder()
			a.ServeHTTP(w, r)
			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, "application/wasm", w.Header().Get("Content-Type"))
			assert.Equal(t, tc.wantEncoding, w.Header().Get("Content-Encoding"))
			assert.Equal(t, "Accept-Encoding", w.Header().Get("Vary"))
			assert.Equal(t, tc.wantBody, w.Body.String())
		})
	}
}

func TestAssetsCaching(t *testing.T) {
	a := testAssets()
	v := a.Version("connector.wasm")
	require.Len(t, v, 12)

	get := func(url, etag string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", url, nil)
		r.Header.Set("Accept-Encoding", "br")
		if etag != "" {
			r.Header.Set("If-None-Match", etag)
		}
		w := httptest.NewRecorder()
		a.ServeHTTP(w, r)
		return w
	}
	w := get("/connector.wasm?v="+v, "")
	assert.Contains(t, w.Header().Get("Cache-Control"), "immutable")
	assert.Equal(t, "no-cache", get("/connector.wasm?v=stale", "").Header().Get("Cache-Control"))
	assert.Equal(t, http.StatusNotModified, get("/connector.wasm", w.Header().Get("ETag")).Code)
}

func TestAssetsRefuses(t *testing.T) {
	a := testAssets()
	for _, path := range []string{"/index.html", "/missing.js", "/../web.go", "/"} {
		w := httptest.NewRecorder()
		a.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		assert.Equal(t, http.StatusNotFound, w.Code, path)
	}
	w := httptest.NewRecorder()
	a.ServeHTTP(w, httptest.NewRequest("POST", "/loader.js", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
}
