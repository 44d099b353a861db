//go:build !js

package vccsim

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Audience is the "aud" of every access token: VCC's API gateway. VCC does
// not publish its token format; the simulator's access tokens are JWTs (RFC
// 9068 style, typ "at+jwt") signed with ES256, verifiable with the keys at
// the discovery document's jwks_uri.
const Audience = "https://api.cc.vonage.com"

// Claims is what a verified access token says, with the facts about its
// user (sub) that the simulator looks up in its seed: a token itself names
// no account and no user name unless switchTokenClaims is on.
type Claims struct {
	UserID    string // sub
	UserName  string // the user's username
	AgentID   string // the user's agentDisplayId (agents only)
	AccountID string // the user's account
	ClientID  string // client_id
	Scope     string // space-separated scopes
	Expiry    time.Time
}

// switchTokenClaims adds VCC-specific claims to access tokens: account (the
// user's account id), user_name and agent_id.
const switchTokenClaims = "token-vcc-claims"

func init() {
	addAssumption(switchTokenClaims, "access tokens also carry the claims account, user_name and agent_id")
}

// HasScope reports whether the token carries one of the scopes.
func (c Claims) HasScope(scopes ...string) bool {
	for _, have := range strings.Fields(c.Scope) {
		if slices.Contains(scopes, have) {
			return true
		}
	}
	return false
}

// Errors from verifyAccessToken; all mean "sign in again".
var (
	errTokenMalformed = errors.New("the access token is not a JWT signed by this VCC")
	errTokenExpired   = errors.New("the access token has expired")
	errTokenRevoked   = errors.New("the access token was revoked")
	errTokenUser      = errors.New("the access token's user is unknown, inactive or locked")
)

// accessClaims is the access token's JSON claims set: the registered claims
// iss, sub (the VCC userId), aud, exp, iat and jti (RFC 7519 §4.1; jti, which
// RFC 9068 §2.2 requires, lets the simulator revoke a token), then client_id
// and scope (RFC 9068 §2.2). With switchTokenClaims also account, user_name
// and agent_id, which VCC documents nowhere.
type accessClaims struct {
	jwt.Claims
	ClientID string `json:"client_id"`
	Scope    string `json:"scope"`
	Account  string `json:"account,omitempty"`
	UserName string `json:"user_name,omitempty"`
	AgentID  string `json:"agent_id,omitempty"`
}

// issuedToken is an access token with the facts the grant store tracks.
type issuedToken struct {
	Raw    string
	ID     string // jti
	Expiry time.Time
}

// issueAccessToken signs an access token for u, obtained by clientID with
// scope.
func (s *Server) issueAccessToken(u *User, clientID, scope string) (issuedToken, error) {
	now := s.now()
	exp := now.Add(s.cfg.AccessTokenTTL).Truncate(time.Second)
	c := accessClaims{
		Claims: jwt.Claims{
			Issuer:   s.Issuer(),
			Subject:  u.ID,
			Audience: jwt.Audience{Audience},
			Expiry:   jwt.NewNumericDate(exp),
			IssuedAt: jwt.NewNumericDate(now),
			ID:       newGUID(),
		},
		ClientID: clientID,
		Scope:    scope,
	}
	if s.assumes(switchTokenClaims) {
		c.Account, c.UserName, c.AgentID = u.AccountID, u.UserName, u.AgentID
	}
	raw, err := jwt.Signed(s.keys.signer).Claims(c).Serialize()
	if err != nil {
		return issuedToken{}, fmt.Errorf("vcc sim: sign access token: %w", err)
	}
	s.grants.recordAccess(u.ID, c.ID, exp, now)
	return issuedToken{Raw: raw, ID: c.ID, Expiry: exp}, nil
}

// verifyAccessToken checks an access token's signature, issuer, audience
// and expiry (against s.now(), with no leeway), that it was not revoked, and
// that its user may still sign in.
func (s *Server) verifyAccessToken(raw string) (Claims, error) {
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil || len(tok.Headers) != 1 {
		return Claims{}, errTokenMalformed
	}
	pub, ok := s.keys.publicKey(tok.Headers[0].KeyID)
	if !ok {
		return Claims{}, fmt.Errorf("%w: unknown key id", errTokenMalformed)
	}
	var c accessClaims
	if err := tok.Claims(pub, &c); err != nil {
		return Claims{}, fmt.Errorf("%w: %v", errTokenMalformed, err)
	}
	err = c.Claims.ValidateWithLeeway(jwt.Expected{
		Issuer:      s.Issuer(),
		AnyAudience: jwt.Audience{Audience},
		Time:        s.now(),
	}, 0)
	switch {
	case errors.Is(err, jwt.ErrExpired):
		return Claims{}, errTokenExpired
	case err != nil:
		return Claims{}, fmt.Errorf("%w: %v", errTokenMalformed, err)
	case c.Expiry == nil || c.Subject == "":
		return Claims{}, fmt.Errorf("%w: no exp or sub", errTokenMalformed)
	case s.grants.accessRevoked(c.ID):
		return Claims{}, errTokenRevoked
	}
	u, ok := s.userByID(c.Subject)
	if !ok || !u.Active || u.Locked {
		return Claims{}, errTokenUser
	}
	return Claims{
		UserID: u.ID, UserName: u.UserName, AgentID: u.AgentID, AccountID: u.AccountID,
		ClientID: c.ClientID, Scope: c.Scope, Expiry: c.Expiry.Time().UTC(),
	}, nil
}
