//go:build !js

package vccsim

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The OAuth 2.0 server lives under the issuer, BaseURL + "/Auth", at VCC's
// IdentityServer-style paths:
//
//   - GET  /Auth/connect/authorize: interactive sign-in, authorization code
//     with PKCE (RFC 6749 §4.1, RFC 7636, S256 only), answered by redirect
//     (query) or form post, see authorize.go and authresponse.go;
//   - POST /Auth/connect/token: authorization_code, refresh_token and
//     client_credentials grants, see token.go;
//   - GET  /Auth/.well-known/openid-configuration/jwks: the keys that verify
//     access tokens, see jwks.go.
//
// VCC documents only client_credentials ("Resources (Authentication API)",
// "How to authenticate with a Vonage Contact Center (VCC) API"); the
// interactive flow is assumed, kept to the standards above so that any
// OpenID provider fits.
func (s *Server) oauthRoutes() {
	s.mux.HandleFunc("GET /Auth/connect/authorize", s.serveAuthorize)
	s.mux.HandleFunc("POST /Auth/connect/authorize", s.serveAuthorize)
	s.mux.HandleFunc("POST /Auth/connect/token", s.serveToken)
	s.mux.HandleFunc("OPTIONS /Auth/connect/token", s.servePreflight("POST"))
	s.mux.HandleFunc("GET /Auth"+jwksPath, s.serveJWKS)
}

// connectorClientID is the connector's public OAuth client in the seed.
const connectorClientID = "servicenow-connector"

// oauthError is an RFC 6749 §5.2 error (token endpoint) or §4.1.2.1 error
// (authorization response).
type oauthError struct {
	Status      int    `json:"-"`
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (e *oauthError) Error() string { return e.Code + ": " + e.Description }

func invalidRequest(desc string) *oauthError {
	return &oauthError{Status: http.StatusBadRequest, Code: "invalid_request", Description: desc}
}

func invalidGrant(desc string) *oauthError {
	return &oauthError{Status: http.StatusBadRequest, Code: "invalid_grant", Description: desc}
}

func invalidScope(desc string) *oauthError {
	return &oauthError{Status: http.StatusBadRequest, Code: "invalid_scope", Description: desc}
}

// invalidClient is RFC 6749 §5.2's invalid_client: 401 when the client
// authenticated with HTTP Basic (serveToken then adds WWW-Authenticate),
// 400 when it sent its credentials in the body or none at all.
func invalidClient(basic bool, desc string) *oauthError {
	status := http.StatusBadRequest
	if basic {
		status = http.StatusUnauthorized
	}
	return &oauthError{Status: status, Code: "invalid_client", Description: desc}
}

// authenticateClient identifies the client of a token request: HTTP Basic
// (RFC 6749 §2.3.1, id and secret form-encoded) or client_id and
// client_secret in the body, never both. A public client sends its
// client_id alone.
func (s *Server) authenticateClient(r *http.Request) (*oauthClient, *oauthError) {
	id, secret, basic := r.BasicAuth()
	if basic {
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return nil, invalidClient(true, "the Basic credentials are not form-encoded")
		}
		if r.PostForm.Get("client_secret") != "" {
			return nil, invalidRequest("use one client authentication method: Basic or client_secret in the body, not both")
		}
		if bodyID := r.PostForm.Get("client_id"); bodyID != "" && bodyID != id {
			return nil, invalidRequest("client_id in the body differs from the Basic credentials")
		}
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id == "" {
		return nil, invalidClient(basic, "no client_id: authenticate with Basic or send client_id (and client_secret)")
	}
	c, ok := s.seed.clients[id]
	if !ok {
		return nil, invalidClient(basic, "unknown client "+id)
	}
	if c.Public {
		if secret != "" {
			return nil, invalidClient(basic, "client "+id+" is public and has no secret")
		}
		return c, nil
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1 {
		return nil, invalidClient(basic, "wrong client secret for "+id)
	}
	return c, nil
}

// checkScopes validates a space-separated scope request against what the
// client may ask for and returns it normalised (empty means the client's
// default scope).
func (c *oauthClient) checkScopes(requested string) (string, *oauthError) {
	fields := strings.Fields(requested)
	if len(fields) == 0 {
		if c.DefaultScope == "" {
			return "", invalidScope("name a scope: " + strings.Join(c.Scopes, ", "))
		}
		return c.DefaultScope, nil
	}
	for _, sc := range fields {
		if !slices.Contains(c.Scopes, sc) {
			return "", invalidScope("client " + c.ID + " may not ask for scope " + sc + "; it may ask for " + strings.Join(c.Scopes, ", "))
		}
	}
	return strings.Join(fields, " "), nil
}

// allowPanelOrigin sets the CORS headers when the request comes from a
// panel origin, so the connector can call the token endpoint and the Agents
// API from the browser. Other origins get no CORS headers and the browser
// keeps the answer from them.
func (s *Server) allowPanelOrigin(w http.ResponseWriter, r *http.Request) bool {
	o := r.Header.Get("Origin")
	w.Header().Add("Vary", "Origin")
	if o == "" || !slices.Contains(s.cfg.PanelOrigins, o) {
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", o)
	return true
}

// servePreflight answers CORS preflight requests from panel origins.
func (s *Server) servePreflight(methods string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.allowPanelOrigin(w, r) {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Methods", methods)
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
	}
}
