//go:build !js

package vccsim

import (
	"net/http"
	"strconv"
	"strings"
)

// apiMediaTypePrefix starts VCC's versioned media types,
// application/vnd.newvoicemedia.v{N}+json: the Agents and Webhooks APIs
// exist in version 1 only, the User Admin API is read in version 4.
const (
	apiMediaTypePrefix = "application/vnd.newvoicemedia.v"
	apiMediaType       = apiMediaTypePrefix + "1+json"
)

// deniedMessage is VCC's 401 body for a missing, invalid or expired token.
const deniedMessage = "Authorization has been denied for this request."

// gateway runs the API gateway's checks for an API of version 1 (the
// Agents, Webhooks and Interactions APIs), see versionedGateway.
func (s *Server) gateway(w http.ResponseWriter, r *http.Request, scopes ...string) (Claims, *User, bool) {
	return s.versionedGateway(w, r, "1", scopes...)
}

// versionedGateway runs the API gateway's checks in VCC's order ("Requests
// (Agents API)", "Responses (Agents API)") and answers the request itself
// when one fails:
//
//  1. the Accept header names the API's version,
//     application/vnd.newvoicemedia.v{version}+json (400
//     ApiVersionUnspecified or UnsupportedApiVersion, as ASP.NET API
//     versioning answers before authorization);
//  2. a valid bearer access token (401 {"message":"Authorization has been
//     denied for this request."});
//  3. one of scopes (403).
func (s *Server) versionedGateway(w http.ResponseWriter, r *http.Request, version string, scopes ...string) (Claims, *User, bool) {
	switch v := requestedVersion(r.Header.Get("Accept")); v {
	case "":
		writeJSON(w, http.StatusBadRequest, apiError("ApiVersionUnspecified", "An API version is required, but was not specified."))
		return Claims{}, nil, false
	case version:
	default:
		writeJSON(w, http.StatusBadRequest, apiError("UnsupportedApiVersion",
			"The HTTP resource that matches the request URI '"+s.cfg.BaseURL+r.URL.Path+"' does not support the API version '"+v+"'."))
		return Claims{}, nil, false
	}
	raw, ok := bearerToken(r)
	if !ok {
		s.denied(w)
		return Claims{}, nil, false
	}
	c, err := s.verifyAccessToken(raw)
	if err != nil {
		s.log.Printf("api: %s %s: %v", r.Method, r.URL.Path, err)
		s.denied(w)
		return Claims{}, nil, false
	}
	u, _ := s.userByID(c.UserID) // verifyAccessToken checked it exists
	if len(scopes) > 0 && !c.HasScope(scopes...) {
		writeMessage(w, http.StatusForbidden, "The access token lacks the scope this request needs ("+
			strings.Join(scopes, " or ")+"); request a token with it.")
		return Claims{}, nil, false
	}
	return c, u, true
}

// adminGateway is gateway for an account administration API: the token
// must also be an Admin user's. task says what only admins may do, for the
// 403 ("manage webhooks").
func (s *Server) adminGateway(w http.ResponseWriter, r *http.Request, task string, scopes ...string) (*User, bool) {
	_, caller, ok := s.gateway(w, r, scopes...)
	if !ok {
		return nil, false
	}
	if caller.Role != RoleAdmin {
		writeMessage(w, http.StatusForbidden, "Only admin users "+task+"; use an admin's API credentials.")
		return nil, false
	}
	return caller, true
}

func (s *Server) denied(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="VCC"`)
	writeMessage(w, http.StatusUnauthorized, deniedMessage)
}

// apiError is the versioning error shape {"error":{"code","message"}}.
func apiError(code, msg string) map[string]any {
	return map[string]any{"error": map[string]string{"code": code, "message": msg}}
}

// requestedVersion finds "application/vnd.newvoicemedia.v{N}+json" among the
// Accept header's media ranges and returns N, or "" when none names one.
func requestedVersion(accept string) string {
	for _, part := range strings.Split(accept, ",") {
		mt := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		rest, ok := strings.CutPrefix(mt, apiMediaTypePrefix)
		if !ok {
			continue
		}
		if n, ok := strings.CutSuffix(rest, "+json"); ok {
			if _, err := strconv.Atoi(n); err == nil {
				return n
			}
		}
	}
	return ""
}

// bearerToken reads "Authorization: Bearer <token>".
func bearerToken(r *http.Request) (string, bool) {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// validationError answers 400 with one validation error, see
// writeValidationErrors.
func validationError(w http.ResponseWriter, path, msg string) {
	writeValidationErrors(w, []fieldError{{Message: msg, Path: path}})
}

// invalidRequestMessage is VCC's 400 body for a malformed id in the path.
const invalidRequestMessage = "The request is invalid."
