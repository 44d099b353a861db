package snsim

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Authentication as an instance does it for REST requests (reference:
// https://www.servicenow.com/docs/r/api-reference/rest-api-explorer/c_RESTAPI.html):
//   - Basic: user_name and user_password of an active sys_user row;
//   - Bearer: an access token from POST /oauth_token.do (oauth.go), until it
//     expires;
//   - X-UserToken: the session token a signed-in UI page sends (ServiceNow's
//     g_ck), issued by issueUserToken for the workspace page.
//
// Roles come from sys_user_has_role rows (user -> sys_user, role ->
// sys_user_role); admin has every role. Role inheritance (roles containing
// roles, roles granted to groups) is not simulated.

// tokenStore holds the OAuth tokens and the UI session tokens.
type tokenStore struct {
	mu       sync.Mutex
	grants   map[tokenKind]map[string]grant // kind -> token -> grant
	sessions map[string]string              // X-UserToken -> sys_user sys_id
	cookies  map[string]string              // session cookie -> sys_user sys_id (signin.go)
}

// tokenKind tells access tokens from refresh tokens.
type tokenKind int

const (
	accessToken tokenKind = iota
	refreshToken
)

// grant is what an OAuth token stands for.
type grant struct {
	userID   string // sys_user sys_id
	clientID string // oauth_entity client_id
	expires  time.Time
}

func newTokenStore() *tokenStore {
	ts := &tokenStore{}
	ts.clear()
	return ts
}

// clear revokes every token.
func (ts *tokenStore) clear() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.grants = map[tokenKind]map[string]grant{accessToken: {}, refreshToken: {}}
	ts.sessions = map[string]string{}
	ts.cookies = map[string]string{}
}

// lookup returns the unexpired grant of a token.
func (ts *tokenStore) lookup(kind tokenKind, token string, now time.Time) (grant, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	g, ok := ts.grants[kind][token]
	if !ok || !now.Before(g.expires) {
		return grant{}, false
	}
	return g, true
}

// store saves a grant under a new token, dropping the expired ones.
func (ts *tokenStore) store(kind tokenKind, g grant, now time.Time) string {
	token := newToken()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for t, old := range ts.grants[kind] {
		if !now.Before(old.expires) {
			delete(ts.grants[kind], t)
		}
	}
	ts.grants[kind][token] = g
	return token
}

// session returns the user a UI session token belongs to.
func (ts *tokenStore) session(token string) (string, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	id, ok := ts.sessions[token]
	return id, ok
}

// startCookieSession starts a browser session for a user and returns the
// value of its cookie.
func (ts *tokenStore) startCookieSession(userID string) string {
	token := newToken()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.cookies[token] = userID
	return token
}

// cookieSession returns the user a session cookie belongs to.
func (ts *tokenStore) cookieSession(token string) (string, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	id, ok := ts.cookies[token]
	return id, ok
}

// endCookieSession signs a browser session out.
func (ts *tokenStore) endCookieSession(token string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	delete(ts.cookies, token)
}

// newToken returns 32 random bytes, base64url-encoded.
func newToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// issueUserToken starts a UI session for user and returns its token, which
// authenticates requests in the X-UserToken header until the tokens are
// revoked (DELETE /sim/tokens).
func (s *Server) issueUserToken(user Record) string {
	token := newToken()
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	s.tokens.sessions[token] = user["sys_id"]
	return token
}

// authUser authenticates a request by Basic auth, a Bearer token or an
// X-UserToken, then applies the rate-limit rules to REST requests. When
// either fails it writes the answer (401 with ServiceNow's envelope, or 429)
// and returns false.
func (s *Server) authUser(w http.ResponseWriter, r *http.Request) (Record, bool) {
	user, err := s.authenticate(r)
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Basic realm="Service-now"`)
		writeAPIError(w, err)
		return nil, false
	}
	if info := requestInfoFrom(r); info != nil {
		info.user = user["user_name"]
	}
	if !s.admitRate(w, r, user) {
		return nil, false
	}
	return user, true
}

// authenticate returns the active sys_user the request's credentials name,
// or errNotAuthenticated.
func (s *Server) authenticate(r *http.Request) (Record, error) {
	var userID string
	auth := r.Header.Get("Authorization")
	switch {
	case strings.HasPrefix(auth, "Bearer "):
		g, ok := s.tokens.lookup(accessToken, strings.TrimPrefix(auth, "Bearer "), s.now())
		if !ok {
			return nil, errNotAuthenticated
		}
		userID = g.userID
	case auth != "":
		name, password, ok := r.BasicAuth()
		if !ok {
			return nil, errNotAuthenticated
		}
		u, ok := s.checkPassword(name, password)
		if !ok {
			return nil, errNotAuthenticated
		}
		return u, nil
	case r.Header.Get("X-UserToken") != "":
		id, ok := s.tokens.session(r.Header.Get("X-UserToken"))
		if !ok {
			return nil, errNotAuthenticated
		}
		userID = id
	default:
		return nil, errNotAuthenticated
	}
	u, err := s.DB.Get("sys_user", userID)
	if err != nil || !activeUser(u) {
		return nil, errNotAuthenticated
	}
	return u, nil
}

// checkPassword finds the active sys_user with that user_name and password.
// A user without a password cannot sign in.
func (s *Server) checkPassword(name, password string) (Record, bool) {
	u, ok := s.user(name)
	if !ok || !activeUser(u) || u["user_password"] == "" {
		return nil, false
	}
	if subtle.ConstantTimeCompare([]byte(u["user_password"]), []byte(password)) != 1 {
		return nil, false
	}
	return u, true
}

func activeUser(u Record) bool { return u["active"] != "false" && u["locked_out"] != "true" }

// hasRole reports whether user holds role; admin holds every role.
func (s *Server) hasRole(user Record, role string) bool {
	roles := s.userRoles(user["sys_id"])
	return roles["admin"] || roles[role]
}

// userRoles returns the names of the roles granted to a user in
// sys_user_has_role.
func (s *Server) userRoles(userID string) map[string]bool {
	grants, _ := s.DB.Find("sys_user_has_role", func(r Record) bool { return r["user"] == userID && r["state"] != "inactive" })
	roles := make(map[string]bool, len(grants))
	for _, g := range grants {
		if role, err := s.DB.Get("sys_user_role", g["role"]); err == nil {
			roles[role["name"]] = true
		}
	}
	return roles
}
