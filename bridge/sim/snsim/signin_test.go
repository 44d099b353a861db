package snsim

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browser is an HTTP client with a cookie jar that does not follow
// redirects, against the simulated instance on a loopback port.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, f *restFixture) *browser {
	t.Helper()
	srv := httptest.NewServer(f.s)
	t.Cleanup(srv.Close)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &browser{t: t, base: srv.URL, c: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// page is an answer: its status, Location and body.
type page struct {
	status   int
	location string
	body     string
	cookies  []*http.Cookie
}

func (b *browser) get(path string) page {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	require.NoError(b.t, err)
	return b.read(resp)
}

func (b *browser) signIn(form url.Values) page {
	b.t.Helper()
	resp, err := b.c.PostForm(b.base+"/login.do", form)
	require.NoError(b.t, err)
	return b.read(resp)
}

func (b *browser) read(resp *http.Response) page {
	b.t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	return page{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(body), cookies: resp.Cookies()}
}

// sessionCookieOf returns the session cookie an answer set.
func sessionCookieOf(t *testing.T, p page) *http.Cookie {
	t.Helper()
	for _, c := range p.cookies {
		if c.Name == sessionCookie {
			return c
		}
	}
	t.Fatalf("no %s cookie in the answer", sessionCookie)
	return nil
}

var pageToken = regexp.MustCompile(`"token":"([^"]+)"`)

func TestSignInPage(t *testing.T) {
	f := newRESTFixture(t)
	b := newBrowser(t, f)

	p := b.get("/login.do")
	require.Equal(t, http.StatusOK, p.status)
	for _, want := range []string{`action="/login.do"`, `name="user_name"`, `name="password"`, `type="password"`,
		`data-testid="ws-signin"`, `name="sysparm_goto_url" value="/now/workspace/agent"`} {
		assert.Contains(t, p.body, want)
	}
	assert.Contains(t, b.get("/login.do?sysparm_goto_url=/now/workspace/agent?tab=2").body, `value="/now/workspace/agent?tab=2"`)
	assert.Contains(t, b.get("/login.do?sysparm_goto_url=https://evil.example/").body, `value="/now/workspace/agent"`, "only paths on the instance")
}

func TestSignInRefused(t *testing.T) {
	cases := []struct {
		name           string
		user, password string
	}{
		{"wrong password", "beth.anglin", "nope"},
		{"unknown user", "nobody", "demo"},
		{"a caller without a password", "david.miller", ""},
		{"empty form", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t, newRESTFixture(t))
			p := b.signIn(url.Values{"user_name": {tc.user}, "password": {tc.password}})
			assert.Equal(t, http.StatusUnauthorized, p.status)
			assert.Contains(t, p.body, "User name or password invalid")
			assert.Contains(t, p.body, `data-testid="ws-signin"`, "the form again")
			assert.Empty(t, p.cookies, "no session")
		})
	}
}

// A user signs in with the form; the workspace then loads with the session
// cookie, hands the page its own X-UserToken, and sign-out ends the session.
func TestSignInWithForm(t *testing.T) {
	f := newRESTFixture(t)
	b := newBrowser(t, f)

	first := b.get("/now/workspace/agent")
	require.Equal(t, http.StatusSeeOther, first.status, "no session: to the sign-in page")
	assert.Equal(t, "/login.do?sysparm_goto_url=%2Fnow%2Fworkspace%2Fagent", first.location)

	p := b.signIn(url.Values{"user_name": {"abel.tuter"}, "password": {"demo"}, "sysparm_goto_url": {"/now/workspace/agent"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	assert.Equal(t, "/now/workspace/agent", p.location)
	c := sessionCookieOf(t, p)
	assert.True(t, c.HttpOnly)
	assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
	assert.Equal(t, "/", c.Path)
	assert.Empty(t, c.Domain, "host-only: the instance's origin")
	assert.False(t, c.Secure, "plain http on loopback")

	ws := b.get("/now/workspace/agent")
	require.Equal(t, http.StatusOK, ws.status, ws.body)
	assert.Contains(t, ws.body, `data-testid="ws-user">Abel Tuter<`)
	m := pageToken.FindStringSubmatch(ws.body)
	require.Len(t, m, 2, "the page has a session token")
	api := f.do(restReq{path: "/now/workspace/api/record/sys_user/" + bethID, noAuth: true, header: map[string]string{"X-UserToken": m[1]}})
	assert.Equal(t, http.StatusOK, api.Code, "the page's X-UserToken authenticates its API calls: %s", api.Body.String())

	out := b.get("/logout.do")
	require.Equal(t, http.StatusSeeOther, out.status)
	assert.Equal(t, "/login.do", out.location)
	assert.Equal(t, http.StatusSeeOther, b.get("/now/workspace/agent").status, "signed out")
}

func TestSignInGoesOnlyToTheInstance(t *testing.T) {
	cases := map[string]string{
		"":                              "/now/workspace/agent",
		"/now/workspace/agent?x=1":      "/now/workspace/agent?x=1",
		"//evil.example/":               "/now/workspace/agent",
		"https://evil.example/":         "/now/workspace/agent",
		"/\\evil.example":               "/now/workspace/agent",
		"now/workspace/agent":           "/now/workspace/agent",
		"/api/now/table/incident?x=y^z": "/api/now/table/incident?x=y^z",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			b := newBrowser(t, newRESTFixture(t))
			p := b.signIn(url.Values{"user_name": {"report.viewer"}, "password": {"viewer"}, "sysparm_goto_url": {in}})
			require.Equal(t, http.StatusSeeOther, p.status, p.body)
			assert.Equal(t, want, p.location)
		})
	}
}

// ?user= signs demo agents in directly (and keeps them signed in); it
// signs nobody else in.
func TestSignInDemoAgentByURL(t *testing.T) {
	f := newRESTFixture(t)
	b := newBrowser(t, f)

	p := b.get("/now/workspace/agent?user=beth.anglin")
	require.Equal(t, http.StatusOK, p.status, p.body)
	assert.Contains(t, p.body, `data-testid="ws-user">Beth Anglin<`)
	assert.True(t, sessionCookieOf(t, p).HttpOnly)
	again := b.get("/now/workspace/agent")
	require.Equal(t, http.StatusOK, again.status, "the cookie signs her in on later loads")
	assert.Contains(t, again.body, `data-testid="ws-user">Beth Anglin<`)
	other := b.get("/now/workspace/agent?user=abel.tuter")
	assert.Contains(t, other.body, `data-testid="ws-user">Abel Tuter<`, "?user= wins over the cookie")

	for _, name := range []string{"admin", "report.viewer", "david.miller", "nobody"} {
		t.Run(name, func(t *testing.T) {
			p := newBrowser(t, f).get("/now/workspace/agent?user=" + name)
			assert.Equal(t, http.StatusUnauthorized, p.status)
			assert.Contains(t, p.body, "not a demo agent")
			assert.Empty(t, p.cookies)
		})
	}

	t.Run("revoked sessions", func(t *testing.T) {
		rec := f.do(restReq{method: http.MethodDelete, path: "/sim/tokens", noAuth: true})
		require.Equal(t, http.StatusNoContent, rec.Code)
		assert.Equal(t, http.StatusSeeOther, b.get("/now/workspace/agent").status, "DELETE /sim/tokens signs browsers out")
	})
}

func TestSessionCookieSecureOverTLS(t *testing.T) {
	f := newRESTFixture(t)
	req := httptest.NewRequest(http.MethodPost, "https://acme.service-now.com/login.do", strings.NewReader("user_name=beth.anglin&password=demo"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "127.0.0.1:40000"
	rec := httptest.NewRecorder()
	f.s.ServeHTTP(rec, req)
	require.Equal(t, http.StatusSeeOther, rec.Code, rec.Body.String())
	cookies := rec.Result().Cookies()
	require.Len(t, cookies, 1)
	assert.True(t, cookies[0].Secure)
}
