//go:build !js

package vccsim

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// Lifetimes of the OAuth artefacts the simulator keeps.
const (
	// codeTTL is how long an authorization code may be exchanged.
	codeTTL = 60 * time.Second
	// refreshTTL is how long a refresh token may be used: an agent's
	// shift. VCC does not document its refresh tokens; ours are opaque,
	// one-time and rotating (RFC 9700 §4.14.2).
	refreshTTL = 12 * time.Hour
)

// grantStore holds authorization codes, refresh tokens and the access
// tokens issued, so that codes and refresh tokens are one-time and tokens
// can be revoked. Every token obtained from one sign-in belongs to one
// family: replaying a used code or refresh token revokes the whole family
// (RFC 6749 §4.1.2, RFC 9700 §4.14.2).
type grantStore struct {
	mu       sync.Mutex
	codes    map[string]*authCode
	refresh  map[string]*refreshGrant
	access   map[string]*accessRecord // by jti
	families map[string]*family
}

// authCode is an issued authorization code, bound to its client, redirect
// URI and PKCE challenge.
type authCode struct {
	clientID    string
	redirectURI string
	challenge   string // S256 code_challenge
	userID      string
	scope       string
	expires     time.Time
	used        bool
	family      string
}

type refreshGrant struct {
	userID   string
	clientID string
	scope    string
	expires  time.Time
	used     bool
	family   string
}

type accessRecord struct {
	userID  string
	expires time.Time
	revoked bool
}

type family struct {
	touched time.Time // last code or refresh token issued; for pruning
	revoked bool
	access  []string // jti
	refresh []string
}

func newGrantStore() *grantStore {
	return &grantStore{
		codes:    map[string]*authCode{},
		refresh:  map[string]*refreshGrant{},
		access:   map[string]*accessRecord{},
		families: map[string]*family{},
	}
}

// randomToken returns 32 random bytes in base64url: codes, refresh tokens.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// newCode stores an authorization code for c, opening a new family.
func (g *grantStore) newCode(c authCode, now time.Time) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.prune(now)
	code := randomToken()
	c.expires = now.Add(codeTTL)
	c.family = randomToken()
	g.families[c.family] = &family{touched: now}
	g.codes[code] = &c
	return code
}

// redeemCode marks a code used and returns it. A code that is unknown,
// expired or already used yields false; a replayed code also revokes every
// token issued from it.
func (g *grantStore) redeemCode(code string, now time.Time) (authCode, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	c, ok := g.codes[code]
	if !ok {
		return authCode{}, false
	}
	if c.used {
		g.revokeFamily(c.family)
		return authCode{}, false
	}
	c.used = true
	if now.After(c.expires) {
		return authCode{}, false
	}
	return *c, true
}

// newRefresh stores a refresh token in the family of its grant.
func (g *grantStore) newRefresh(r refreshGrant, now time.Time) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	tok := randomToken()
	r.expires = now.Add(refreshTTL)
	g.refresh[tok] = &r
	if f := g.families[r.family]; f != nil {
		f.refresh = append(f.refresh, tok)
		f.touched = now
	}
	return tok
}

// redeemRefresh marks a refresh token used (rotation) and returns its
// grant. Replaying a used one revokes its family.
func (g *grantStore) redeemRefresh(tok string, now time.Time) (refreshGrant, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r, ok := g.refresh[tok]
	if !ok {
		return refreshGrant{}, false
	}
	if r.used {
		g.revokeFamily(r.family)
		return refreshGrant{}, false
	}
	r.used = true
	if now.After(r.expires) || g.families[r.family] == nil || g.families[r.family].revoked {
		return refreshGrant{}, false
	}
	return *r, true
}

// recordAccess remembers an issued access token so it can be revoked.
func (g *grantStore) recordAccess(userID, jti string, expires, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.prune(now)
	g.access[jti] = &accessRecord{userID: userID, expires: expires}
}

// addToFamily puts an access token into a sign-in's family.
func (g *grantStore) addToFamily(familyID, jti string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f := g.families[familyID]; f != nil {
		f.access = append(f.access, jti)
		if f.revoked {
			if a := g.access[jti]; a != nil {
				a.revoked = true
			}
		}
	}
}

func (g *grantStore) accessRevoked(jti string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	a, ok := g.access[jti]
	return ok && a.revoked
}

// revokeUser revokes every live access and refresh token of a user and
// returns how many there were.
func (g *grantStore) revokeUser(userID string, now time.Time) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, a := range g.access {
		if a.userID == userID && !a.revoked && now.Before(a.expires) {
			a.revoked = true
			n++
		}
	}
	for _, r := range g.refresh {
		if r.userID == userID && !r.used {
			r.used = true
			n++
		}
	}
	return n
}

func (g *grantStore) revokeFamily(id string) {
	f := g.families[id]
	if f == nil {
		return
	}
	f.revoked = true
	for _, jti := range f.access {
		if a := g.access[jti]; a != nil {
			a.revoked = true
		}
	}
	for _, tok := range f.refresh {
		if r := g.refresh[tok]; r != nil {
			r.used = true
		}
	}
}

// prune forgets what has expired; replays of expired codes and refresh
// tokens then fail as unknown. Called with g.mu held.
func (g *grantStore) prune(now time.Time) {
	for k, c := range g.codes {
		if now.After(c.expires.Add(codeTTL)) {
			delete(g.codes, k)
		}
	}
	for k, r := range g.refresh {
		if now.After(r.expires) {
			delete(g.refresh, k)
		}
	}
	for k, a := range g.access {
		if now.After(a.expires) {
			delete(g.access, k)
		}
	}
	for k, f := range g.families {
		if now.After(f.touched.Add(refreshTTL + codeTTL)) {
			delete(g.families, k)
		}
	}
}
