//go:build !js

package vccsim

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// tokenResponse is the token endpoint's answer (RFC 6749 §5.1), with
// VCC's expires_in of 7200 s by default.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
}

// serveToken is the token endpoint, POST /Auth/connect/token ("Resources
// (Authentication API)"). It takes form-encoded bodies only, as VCC does,
// and answers errors with RFC 6749 §5.2 JSON, which VCC's pages do not
// show: invalid_client (401 with WWW-Authenticate after HTTP Basic, 400
// otherwise), invalid_grant, invalid_scope, invalid_request,
// unauthorized_client and unsupported_grant_type (400). Panel origins may
// call it from the browser (CORS).
//
// Grants:
//   - authorization_code (code, redirect_uri, code_verifier, client_id):
//     an access token and a refresh token for the signed-in user;
//   - refresh_token: a new access token and a new refresh token; the old
//     one is spent (rotation), and replaying it revokes the sign-in's tokens;
//   - client_credentials, for confidential clients: exactly ONE scope per
//     request, as VCC requires; the token acts for the client's linked user
//     (VCC's user-level API credentials) and has no refresh token.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	s.allowPanelOrigin(w, r)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	resp, oerr := s.token(r)
	if oerr != nil {
		if oerr.Status == http.StatusUnauthorized {
			if _, _, basic := r.BasicAuth(); basic {
				w.Header().Set("WWW-Authenticate", `Basic realm="VCC"`)
			}
		}
		writeJSON(w, oerr.Status, oerr)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) token(r *http.Request) (*tokenResponse, *oauthError) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return nil, invalidRequest("send the token request as application/x-www-form-urlencoded")
	}
	r.Body = http.MaxBytesReader(nil, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return nil, invalidRequest("the form body cannot be read: " + err.Error())
	}
	for k, v := range r.PostForm {
		if len(v) > 1 {
			return nil, invalidRequest("the parameter " + k + " appears more than once")
		}
	}
	c, oerr := s.authenticateClient(r)
	if oerr != nil {
		return nil, oerr
	}
	switch gt := r.PostForm.Get("grant_type"); gt {
	case "authorization_code":
		return s.grantCode(r, c)
	case "refresh_token":
		return s.grantRefresh(r, c)
	case "client_credentials":
		return s.grantClientCredentials(r, c)
	case "":
		return nil, invalidRequest("grant_type is required")
	default:
		return nil, &oauthError{Status: http.StatusBadRequest, Code: "unsupported_grant_type",
			Description: "grant_type " + gt + " is not supported; use authorization_code, refresh_token or client_credentials"}
	}
}

func (s *Server) grantCode(r *http.Request, c *oauthClient) (*tokenResponse, *oauthError) {
	f := r.PostForm
	code, verifier := f.Get("code"), f.Get("code_verifier")
	if code == "" || verifier == "" || f.Get("redirect_uri") == "" {
		return nil, invalidRequest("code, redirect_uri and code_verifier are required")
	}
	if len(verifier) < 43 || len(verifier) > 128 {
		return nil, invalidRequest("code_verifier must be 43 to 128 characters (RFC 7636 §4.1)")
	}
	ac, ok := s.grants.redeemCode(code, s.now())
	switch {
	case !ok:
		return nil, invalidGrant("the code is unknown, expired or already used; sign in again")
	case ac.clientID != c.ID:
		return nil, invalidGrant("the code was issued to another client")
	case ac.redirectURI != f.Get("redirect_uri"):
		return nil, invalidGrant("redirect_uri differs from the authorization request's")
	case !pkceMatches(verifier, ac.challenge):
		return nil, invalidGrant("code_verifier does not match the code_challenge")
	}
	u, oerr := s.grantUser(ac.userID)
	if oerr != nil {
		return nil, oerr
	}
	return s.issueTokens(u, c, ac.scope, ac.family)
}

func (s *Server) grantRefresh(r *http.Request, c *oauthClient) (*tokenResponse, *oauthError) {
	tok := r.PostForm.Get("refresh_token")
	if tok == "" {
		return nil, invalidRequest("refresh_token is required")
	}
	rg, ok := s.grants.redeemRefresh(tok, s.now())
	switch {
	case !ok:
		return nil, invalidGrant("the refresh token is unknown, expired, revoked or already used; sign in again")
	case rg.clientID != c.ID:
		return nil, invalidGrant("the refresh token was issued to another client")
	}
	scope := rg.scope
	if asked := strings.Fields(r.PostForm.Get("scope")); len(asked) > 0 {
		granted := strings.Fields(rg.scope)
		for _, sc := range asked {
			if !slices.Contains(granted, sc) {
				return nil, invalidScope("scope " + sc + " was not granted at sign-in")
			}
		}
		scope = strings.Join(asked, " ")
	}
	u, oerr := s.grantUser(rg.userID)
	if oerr != nil {
		return nil, oerr
	}
	return s.issueTokens(u, c, scope, rg.family)
}

func (s *Server) grantClientCredentials(r *http.Request, c *oauthClient) (*tokenResponse, *oauthError) {
	if c.Public || c.User == nil {
		return nil, &oauthError{Status: http.StatusBadRequest, Code: "unauthorized_client",
			Description: "client " + c.ID + " is public; client_credentials needs API credentials"}
	}
	scopes := strings.Fields(r.PostForm.Get("scope"))
	if len(scopes) != 1 {
		return nil, invalidScope("ask for exactly ONE scope per token, as VCC requires; this client may ask for " + strings.Join(c.Scopes, ", "))
	}
	scope, oerr := c.checkScopes(scopes[0])
	if oerr != nil {
		return nil, oerr
	}
	if !c.User.Active || c.User.Locked {
		_, _, basic := r.BasicAuth()
		return nil, invalidClient(basic, "the user these credentials belong to is inactive or locked")
	}
	return s.issueTokens(c.User, c, scope, "")
}

// grantUser is the user a code or refresh token was issued to, if they may
// still sign in.
func (s *Server) grantUser(id string) (*User, *oauthError) {
	u, ok := s.userByID(id)
	if !ok || !u.Active || u.Locked {
		return nil, invalidGrant("the user can no longer sign in (unknown, inactive or locked)")
	}
	return u, nil
}

// issueTokens signs an access token and, within a sign-in family, a new
// refresh token.
func (s *Server) issueTokens(u *User, c *oauthClient, scope, familyID string) (*tokenResponse, *oauthError) {
	at, err := s.issueAccessToken(u, c.ID, scope)
	if err != nil {
		s.log.Print(err)
		return nil, &oauthError{Status: http.StatusInternalServerError, Code: "server_error", Description: "the token could not be signed"}
	}
	resp := &tokenResponse{AccessToken: at.Raw, TokenType: "Bearer", ExpiresIn: int(s.cfg.AccessTokenTTL.Seconds()), Scope: scope}
	if familyID != "" {
		s.grants.addToFamily(familyID, at.ID)
		resp.RefreshToken = s.grants.newRefresh(refreshGrant{userID: u.ID, clientID: c.ID, scope: scope, family: familyID}, s.now())
	}
	return resp, nil
}

// pkceMatches checks a code verifier against an S256 challenge (RFC 7636
// §4.6).
func pkceMatches(verifier, challenge string) bool {
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}
