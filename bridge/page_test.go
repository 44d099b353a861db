//go:build !js

package bridge

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/vcc"
)

func testServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(testConfig(), testDeps(t))
	require.NoError(t, err)
	return s
}

func serve(s *Server, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// The panel's page tells the panel where its sign-in's redirect page is,
// and keeps its strict policy: framed by the instance only, no forms.
func TestPanelPageNamesTheSignInCallback(t *testing.T) {
	w := serve(testServer(t), httptest.NewRequest("GET", "/", nil))
	require.Equal(t, http.StatusOK, w.Code)
	m := regexp.MustCompile(`<script type="application/json" id="connector-config">(.*?)</script>`).FindStringSubmatch(w.Body.String())
	require.Len(t, m, 2)
	var cfg api.PanelConfig
	require.NoError(t, json.Unmarshal([]byte(m[1]), &cfg))
	assert.Equal(t, "/signin/callback", cfg.SignInCallback)
	assert.Equal(t, vcc.CallbackPath, cfg.SignInCallback)
	csp := w.Header().Get("Content-Security-Policy")
	assert.Contains(t, csp, "frame-ancestors https://acme.service-now.com;")
	assert.Contains(t, csp, "form-action 'none'")
	assert.NotContains(t, csp, "unsafe-inline")
}

// The redirect page: the same bytes whatever the query (the script reads
// it), its own script and stylesheet only, never framed, never cached.
func TestSignInCallbackPage(t *testing.T) {
	s := testServer(t)
	plain := serve(s, httptest.NewRequest("GET", "/signin/callback", nil))
	require.Equal(t, http.StatusOK, plain.Code)
	body := plain.Body.String()
	assert.Contains(t, body, `<script src="/assets/callback.js?v=`)
	assert.Contains(t, body, `data-testid="signin-status"`)
	assert.NotContains(t, body, `id="signin-response"`, "a GET carries no answer in the page")
	assertCallbackHeaders(t, plain.Header())
	assertNoInlineScript(t, body)

	withAnswer := serve(s, httptest.NewRequest("GET", "/signin/callback?code=%3Cb%3Ecode&state=s1&iss=x", nil))
	require.Equal(t, http.StatusOK, withAnswer.Code)
	assert.Equal(t, body, withAnswer.Body.String(), "the query is never reflected")

	script := serve(s, httptest.NewRequest("GET", "/assets/callback.js", nil))
	require.Equal(t, http.StatusOK, script.Code, "the page's script is served from the bridge's own origin")
	assert.Contains(t, script.Body.String(), `"`+vcc.CallbackMessageType+`"`, "the script posts the type the panel reads")
	assert.Contains(t, script.Body.String(), `postMessage(msg, location.origin)`)

	put := serve(s, httptest.NewRequest("PUT", "/signin/callback", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, put.Code)
}

// A form_post answer comes back as the same page with the answer's own
// parameters in a JSON data block, escaped; nothing else is reflected.
func TestSignInCallbackPageFormPost(t *testing.T) {
	s := testServer(t)
	post := func(form url.Values, query string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/signin/callback"+query, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return serve(s, r)
	}
	w := post(url.Values{"code": {"abc</script><script>alert(1)</script>"}, "state": {"s1"}, "iss": {"https://emea.cc.vonage.com/Auth"},
		"session_state": {"dropped"}, "error_description": {"one", "two"}}, "?code=forged")
	require.Equal(t, http.StatusOK, w.Code)
	assertCallbackHeaders(t, w.Header())
	body := w.Body.String()
	assertNoInlineScript(t, body)
	assert.NotContains(t, body, "<script>alert(1)")
	assert.NotContains(t, body, "dropped")
	assert.NotContains(t, body, "forged")
	assert.Equal(t, map[string]string{"code": "abc</script><script>alert(1)</script>", "state": "s1", "iss": "https://emea.cc.vonage.com/Auth"},
		postedAnswer(t, body), "a repeated parameter is dropped")

	w = post(url.Values{"error": {"access_denied"}, "error_description": {"The user said no"}, "state": {"s1"}}, "")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, map[string]string{"error": "access_denied", "error_description": "The user said no", "state": "s1"}, postedAnswer(t, w.Body.String()))

	for name, form := range map[string]url.Values{
		"no code and no error": {"state": {"s1"}},
		"a code too long":      {"code": {strings.Repeat("a", maxCallbackValue+1)}, "state": {"s1"}},
	} {
		w = post(form, "")
		assert.Equal(t, http.StatusBadRequest, w.Code, name)
		assert.NotContains(t, w.Body.String(), `id="signin-response"`, name)
		assertCallbackHeaders(t, w.Header())
	}
	r := httptest.NewRequest("POST", "/signin/callback", strings.NewReader(strings.Repeat("a=b&", maxCallbackForm)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	assert.Equal(t, http.StatusBadRequest, serve(s, r).Code, "a body too large")
}

func assertCallbackHeaders(t *testing.T, h http.Header) {
	t.Helper()
	assert.Equal(t, "text/html; charset=utf-8", h.Get("Content-Type"))
	csp := h.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'none'", "script-src 'self';", "frame-ancestors 'none'", "form-action 'none'", "base-uri 'none'", "connect-src 'none'"} {
		assert.Contains(t, csp, d)
	}
	assert.NotContains(t, csp, "unsafe")
	assert.Equal(t, "DENY", h.Get("X-Frame-Options"))
	assert.Equal(t, "no-store", h.Get("Cache-Control"))
	assert.Equal(t, "no-referrer", h.Get("Referrer-Policy"))
	assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
	assert.Empty(t, h.Get("Cross-Origin-Opener-Policy"), "the window must keep its opener")
}

// assertNoInlineScript checks every script element either loads a file or
// is a data block, which the browser does not run.
func assertNoInlineScript(t *testing.T, body string) {
	t.Helper()
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		assert.True(t, strings.Contains(tag, ` src="/assets/`) || strings.Contains(tag, `type="application/json"`), tag)
	}
}

// postedAnswer is the JSON data block a form_post put in the page.
func postedAnswer(t *testing.T, body string) map[string]string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="signin-response">(.*?)</script>`).FindStringSubmatch(body)
	require.Len(t, m, 2, "the page carries the answer")
	var got map[string]string
	require.NoError(t, json.Unmarshal([]byte(m[1]), &got))
	return got
}
