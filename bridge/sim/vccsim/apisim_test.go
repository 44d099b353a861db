//go:build !js

package vccsim

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// testPanelOrigin is the connector panel's origin in these tests.
const testPanelOrigin = "http://127.0.0.1:8702"

// testRedirectURI is the connector client's registered redirect URI: the
// bridge's callback page on the panel's origin (the seed's
// "{panelOrigin}/signin/callback").
const testRedirectURI = testPanelOrigin + "/signin/callback"

// Seeded ids the tests refer to.
const (
	bethID       = "e7a5ee2b-885a-4c19-87b3-591799668b6a"
	abelID       = "510504bf-1c50-4895-8bcc-32b1cec6a007"
	supervisorID = "548300bc-b469-4f85-bb5e-530330f1ee17"
	zoeID        = "4534c4b5-8c28-4527-a22d-f8a79208242c"
	readyID      = "1abb1374-4c5c-42b9-9ed2-8e67dae4f109"
	breakID      = "3def0d7c-b774-4dd4-8459-18bb09d74444"
	extAwayID    = "6f57ad9b-c958-4680-b71a-7a2cc9ab0471"
)

// manualClock is a clock tests move by hand.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func newManualClock() *manualClock {
	return &manualClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// apiSim is a simulator on a loopback port with a manual clock.
type apiSim struct {
	t     *testing.T
	srv   *Server
	http  *httptest.Server
	clock *manualClock
	URL   string
}

// startAPISim starts a simulator from the repository's seed (or seedDir,
// when given); edit adjusts the Config before New.
func startAPISim(t *testing.T, seedDir string, edit func(*Config)) *apiSim {
	t.Helper()
	if seedDir == "" {
		seedDir = repoSeedDir(t)
	}
	clock := newManualClock()
	hs := httptest.NewUnstartedServer(nil)
	base := "http://" + hs.Listener.Addr().String()
	cfg := Config{BaseURL: base, SeedDir: seedDir, PanelOrigins: []string{testPanelOrigin}, Now: clock.Now}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := New(cfg)
	require.NoError(t, err)
	hs.Config.Handler = srv
	hs.Start()
	t.Cleanup(func() {
		hs.Close()
		require.NoError(t, srv.Close())
	})
	return &apiSim{t: t, srv: srv, http: hs, clock: clock, URL: base}
}

func repoSeedDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "vcc"))
	require.NoError(t, err)
	return dir
}

// seedVariant copies the repository's seed to a temp folder and lets edit
// change its users before the simulator loads them.
func seedVariant(t *testing.T, edit func(users []map[string]any)) string {
	t.Helper()
	src, dst := repoSeedDir(t), t.TempDir()
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		if e.Name() == "users.json" {
			var users []map[string]any
			require.NoError(t, json.Unmarshal(b, &users))
			edit(users)
			b, err = json.Marshal(users)
			require.NoError(t, err)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644))
	}
	return dst
}

// noRedirects is a client that returns redirects instead of following them.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// authorizeQuery is a valid authorization request for the connector.
func authorizeQuery(p vccproto.PKCE, mode string) url.Values {
	q := url.Values{
		"response_type": {"code"}, "client_id": {connectorClientID}, "redirect_uri": {testRedirectURI},
		"scope": {"openid users:read users:write"}, "state": {p.State},
		"code_challenge": {p.Challenge}, "code_challenge_method": {"S256"},
	}
	if mode != "" {
		q.Set("response_mode", mode)
	}
	return q
}

// postSignIn submits the sign-in form of an authorization request.
func (a *apiSim) postSignIn(q url.Values, user, password string) *http.Response {
	a.t.Helper()
	form := url.Values{"username": {user}, "password": {password}}
	resp, err := noRedirects.Post(a.URL+"/Auth/connect/authorize?"+q.Encode(), "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(a.t, err)
	a.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// signInCode signs a user in (query response mode) and returns the code.
func (a *apiSim) signInCode(p vccproto.PKCE, user, password string) string {
	a.t.Helper()
	resp := a.postSignIn(authorizeQuery(p, "query"), user, password)
	require.Equal(a.t, http.StatusFound, resp.StatusCode, "sign-in of %s should redirect", user)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(a.t, err)
	require.Equal(a.t, p.State, loc.Query().Get("state"))
	require.NotEmpty(a.t, loc.Query().Get("code"), "no code in %s", loc)
	return loc.Query().Get("code")
}

// tokenRequest posts a form to the token endpoint.
func (a *apiSim) tokenRequest(form map[string][]string, basicUser, basicPass string) (int, map[string]any) {
	a.t.Helper()
	req, err := http.NewRequest(http.MethodPost, a.URL+"/Auth/connect/token", strings.NewReader(url.Values(form).Encode()))
	require.NoError(a.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicUser != "" {
		req.SetBasicAuth(basicUser, basicPass)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(a.t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(a.t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body
}

// signIn runs the whole PKCE sign-in for a user and returns the tokens.
func (a *apiSim) signIn(user string) vccproto.Token {
	a.t.Helper()
	p, err := vccproto.NewRandomPKCE()
	require.NoError(a.t, err)
	code := a.signInCode(p, user, "demo")
	status, body := a.tokenRequest(vccproto.TokenRequest(connectorClientID, testRedirectURI, code, p), "", "")
	require.Equal(a.t, http.StatusOK, status, "token exchange: %v", body)
	return vccproto.Token{AccessToken: body["access_token"].(string), RefreshToken: body["refresh_token"].(string),
		TokenType: body["token_type"].(string), ExpiresIn: int(body["expires_in"].(float64)), Scope: body["scope"].(string)}
}

// clientToken gets a client_credentials token of servicenow-bridge.
func (a *apiSim) clientToken(scope string) string {
	a.t.Helper()
	status, body := a.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "scope": {scope}}, "servicenow-bridge", "bridge-secret")
	require.Equal(a.t, http.StatusOK, status, "client_credentials: %v", body)
	return body["access_token"].(string)
}

// api calls the API gateway with the v1 Accept header (unless accept says
// otherwise) and returns the status and body.
func (a *apiSim) api(method, path, token string, body any, accept ...string) (int, []byte) {
	a.t.Helper()
	h := http.Header{"Accept": {apiMediaType}}
	if len(accept) > 0 {
		h.Set("Accept", accept[0])
	}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return a.request(method, path, h, body)
}

// request sends a request with a JSON body (nil for none; []byte is sent
// as is) and returns the status and body.
func (a *apiSim) request(method, path string, h http.Header, body any) (int, []byte) {
	a.t.Helper()
	var rd io.Reader
	if raw, ok := body.([]byte); ok {
		rd = bytes.NewReader(raw)
	} else if body != nil {
		b, err := json.Marshal(body)
		require.NoError(a.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.URL+path, rd)
	require.NoError(a.t, err)
	maps.Copy(req.Header, h)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(a.t, err)
	return resp.StatusCode, readBody(a.t, resp)
}

// decode unmarshals JSON into a V or fails the test.
func decode[V any](t testing.TB, b []byte) V {
	t.Helper()
	var v V
	require.NoError(t, json.Unmarshal(b, &v), "body: %s", b)
	return v
}

// control calls the loopback control API, see request.
func (a *apiSim) control(method, path string, body any) (int, []byte) {
	a.t.Helper()
	return a.request(method, path, nil, body)
}

// readBody reads and closes a response body.
func readBody(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return b
}
