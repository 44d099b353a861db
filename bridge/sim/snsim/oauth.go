package snsim

import (
	"crypto/subtle"
	"mime"
	"net/http"
	"strconv"
	"time"
)

// POST /oauth_token.do: ServiceNow's OAuth 2.0 token endpoint, form-encoded
// (reference: https://www.servicenow.com/docs/r/api-reference/rest-api-explorer/r_RESTOAuthExample.html,
// and RFC 6749 sections 4.3, 4.4 and 6). Grants:
//   - password: client_id, client_secret, username, password;
//   - client_credentials: client_id, client_secret; the token acts as the
//     OAuth client's application user (oauth_entity.user);
//   - refresh_token: client_id, client_secret, refresh_token; the answer
//     carries a new access token and the same refresh token.
//
// Clients are active oauth_entity rows; the client may also authenticate
// with HTTP Basic (RFC 6749 section 2.3.1). Access tokens live
// oauth_entity.access_token_lifespan seconds (default 1800; expires_in is
// one less, as an instance answers), refresh tokens
// refresh_token_lifespan (default 8640000). Errors, as RFC 6749 section 5.2
// spells them: 400 invalid_request or unsupported_grant_type, 401
// access_denied (a wrong client, user, password or refresh token).

// tokenResponse is the token endpoint's answer.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

// oauthError is an error the token endpoint answers with.
type oauthError struct {
	status int
	code   string
	text   string
}

func (e *oauthError) Error() string { return e.code + ": " + e.text }

func invalidRequest(text string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", text}
}

func accessDenied(text string) *oauthError {
	return &oauthError{http.StatusUnauthorized, "access_denied", text}
}

func (s *Server) serveOAuthToken(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	resp, err := s.oauthToken(w, r)
	if err != nil {
		writeJSON(w, err.status, map[string]string{"error": err.code, "error_description": err.text})
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) oauthToken(w http.ResponseWriter, r *http.Request) (tokenResponse, *oauthError) {
	if r.Method != http.MethodPost {
		return tokenResponse{}, &oauthError{http.StatusMethodNotAllowed, "invalid_request", "use POST with a form-encoded body"}
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return tokenResponse{}, invalidRequest("send the parameters form-encoded (Content-Type: application/x-www-form-urlencoded)")
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return tokenResponse{}, invalidRequest("the form could not be read: " + err.Error())
	}
	grantType := r.PostForm.Get("grant_type")
	switch grantType {
	case "password", "client_credentials", "refresh_token":
	case "":
		return tokenResponse{}, invalidRequest("grant_type is missing: use password, client_credentials or refresh_token")
	default:
		return tokenResponse{}, &oauthError{http.StatusBadRequest, "unsupported_grant_type", "grant_type " + strconv.Quote(grantType) + " is not supported: use password, client_credentials or refresh_token"}
	}
	client, oerr := s.oauthClient(r)
	if oerr != nil {
		return tokenResponse{}, oerr
	}
	now := s.now()
	var userID, refresh string
	switch grantType {
	case "password":
		name, password := r.PostForm.Get("username"), r.PostForm.Get("password")
		if name == "" || password == "" {
			return tokenResponse{}, invalidRequest("username and password are required with grant_type=password")
		}
		u, ok := s.checkPassword(name, password)
		if !ok {
			return tokenResponse{}, accessDenied("the user name or password is wrong, or the user is inactive")
		}
		userID = u["sys_id"]
	case "client_credentials":
		u, err := s.DB.Get("sys_user", client["user"])
		if err != nil || !activeUser(u) {
			return tokenResponse{}, accessDenied("the OAuth client has no active application user: set oauth_entity.user")
		}
		userID = u["sys_id"]
	case "refresh_token":
		refresh = r.PostForm.Get("refresh_token")
		if refresh == "" {
			return tokenResponse{}, invalidRequest("refresh_token is required with grant_type=refresh_token")
		}
		g, ok := s.tokens.lookup(refreshToken, refresh, now)
		if !ok || g.clientID != client["client_id"] {
			return tokenResponse{}, accessDenied("the refresh token is unknown, expired or was issued to another client: request a new one with grant_type=password")
		}
		userID = g.userID
	}
	access := lifespan(client["access_token_lifespan"], 1800)
	resp := tokenResponse{
		AccessToken: s.tokens.store(accessToken, grant{userID: userID, clientID: client["client_id"], expires: now.Add(access)}, now),
		Scope:       "useraccount",
		TokenType:   "Bearer",
		ExpiresIn:   int(access/time.Second) - 1,
	}
	switch grantType {
	case "password":
		resp.RefreshToken = s.tokens.store(refreshToken, grant{userID: userID, clientID: client["client_id"],
			expires: now.Add(lifespan(client["refresh_token_lifespan"], 8640000))}, now)
	case "refresh_token":
		resp.RefreshToken = refresh
	}
	return resp, nil
}

// oauthClient finds the active oauth_entity the request's client_id and
// client_secret (form fields or HTTP Basic) name.
func (s *Server) oauthClient(r *http.Request) (Record, *oauthError) {
	id, secret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	if id == "" {
		id, secret, _ = r.BasicAuth()
	}
	if id == "" || secret == "" {
		return nil, invalidRequest("client_id and client_secret are required")
	}
	c, err := s.DB.FindOne("oauth_entity", func(e Record) bool { return e["client_id"] == id })
	if err != nil || c["active"] == "false" || subtle.ConstantTimeCompare([]byte(c["client_secret"]), []byte(secret)) != 1 {
		return nil, accessDenied("the client_id or client_secret is wrong, or the OAuth client is inactive")
	}
	return c, nil
}

// lifespan reads a lifespan in seconds, def when empty or not a positive
// number.
func lifespan(seconds string, def int) time.Duration {
	n, err := strconv.Atoi(seconds)
	if err != nil || n <= 0 {
		n = def
	}
	return time.Duration(n) * time.Second
}
