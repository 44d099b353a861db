//go:build !js

package vccsim

import (
	"bytes"
	"crypto/subtle"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

//go:embed signin.html
var signinFS embed.FS

var signinPages = template.Must(template.ParseFS(signinFS, "signin.html"))

// authRequest is a checked authorization request.
type authRequest struct {
	client       *oauthClient
	redirectURI  string
	state        string
	responseMode string // "query", "form_post" or (switch) "web_message"
	responseType string
	scope        string
	challenge    string
	method       string // code_challenge_method
	prompt       string
}

// serveAuthorize is the authorization endpoint (RFC 6749 §4.1.1, with PKCE,
// RFC 7636). VCC documents no interactive sign-in (its pages show
// client_credentials only), so the flow is the standard one, which any
// OpenID provider answers the same way. GET shows the sign-in form; the
// form posts the credentials back to the same URL (the authorization
// request stays in the query). On success the response carries a one-time
// code valid for 60 s, bound to the client, the redirect URI and the PKCE
// challenge; the response modes are in authresponse.go.
//
// There is no silent sign-in, ever: the simulator keeps no sign-in session,
// so prompt=none always answers login_required and every other request
// shows the form (prompt=login changes nothing). Errors about the client or
// the redirect URI are shown on the page and never sent to the redirect URI
// (RFC 6749 §4.1.2.1).
func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	ar, fatal := s.parseAuthRequest(r.URL.Query())
	if fatal != "" {
		s.renderPage(w, http.StatusBadRequest, "error", fatal)
		return
	}
	if oerr := ar.check(); oerr != nil {
		s.respondAuth(w, r, ar, nil, oerr)
		return
	}
	if r.Method == http.MethodGet {
		s.renderSignIn(w, r, ar, "", "")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.renderSignIn(w, r, ar, "", "The sign-in form could not be read. Try again.")
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("username"))
	u, msg := s.checkCredentials(name, r.PostForm.Get("password"))
	if msg != "" {
		s.log.Printf("sign-in: refused %q: %s", name, msg)
		s.renderSignIn(w, r, ar, name, msg)
		return
	}
	s.signedIn(u.ID)
	code := s.grants.newCode(authCode{
		clientID: ar.client.ID, redirectURI: ar.redirectURI, challenge: ar.challenge,
		userID: u.ID, scope: ar.scope,
	}, s.now())
	s.log.Printf("sign-in: %s signed in for %s", u.UserName, ar.client.ID)
	s.respondAuth(w, r, ar, url.Values{"code": {code}}, nil)
}

// parseAuthRequest checks what must be right before anything can be sent
// to the redirect URI: the client, the redirect URI (exact match) and the
// response mode. It returns a message for the error page otherwise.
func (s *Server) parseAuthRequest(q url.Values) (*authRequest, string) {
	modes := s.responseModes()
	for k, v := range q {
		if len(v) > 1 {
			return nil, "The parameter " + k + " appears more than once; send each parameter once."
		}
	}
	c, ok := s.seed.clients[q.Get("client_id")]
	if !ok {
		return nil, "Unknown client_id " + strconvQuote(q.Get("client_id")) + "; use a client registered with VCC."
	}
	ar := &authRequest{client: c, redirectURI: q.Get("redirect_uri"), state: q.Get("state"),
		responseMode: q.Get("response_mode"), responseType: q.Get("response_type"), scope: q.Get("scope"),
		challenge: q.Get("code_challenge"), method: q.Get("code_challenge_method"), prompt: q.Get("prompt")}
	if !slices.Contains(c.RedirectURIs, ar.redirectURI) {
		return nil, "The redirect_uri " + strconvQuote(ar.redirectURI) + " is not registered for " + c.ID +
			"; registered: " + strings.Join(c.RedirectURIs, ", ") + "."
	}
	if ar.responseMode == "" {
		ar.responseMode = modeQuery
	}
	if !slices.Contains(modes, ar.responseMode) {
		return nil, "Unsupported response_mode " + strconvQuote(ar.responseMode) + "; use " + strings.Join(modes, " or ") + "."
	}
	return ar, ""
}

// check validates the rest of the request and settles its scope; its
// errors go back to the client.
func (ar *authRequest) check() *oauthError {
	switch {
	case ar.responseType != "code":
		return &oauthError{Code: "unsupported_response_type", Description: "only response_type=code is supported"}
	case slices.Contains(strings.Fields(ar.prompt), "none"):
		if ar.prompt != "none" {
			return invalidRequest("prompt=none cannot be combined with other prompt values")
		}
		return &oauthError{Code: "login_required", Description: "VCC never signs in silently: open the sign-in window from a click"}
	case ar.challenge == "":
		return invalidRequest("code_challenge is required (PKCE, RFC 7636)")
	case ar.method != "S256":
		return invalidRequest("code_challenge_method must be S256 (plain is refused)")
	case len(ar.challenge) != 43 || strings.Trim(ar.challenge, base64URLAlphabet) != "":
		return invalidRequest("code_challenge must be the base64url SHA-256 of the code verifier (43 characters)")
	}
	scope, oerr := ar.client.checkScopes(ar.scope)
	if oerr != nil {
		return oerr
	}
	ar.scope = scope
	return nil
}

const base64URLAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// checkCredentials returns the user, or a message for the form.
func (s *Server) checkCredentials(name, password string) (*User, string) {
	if name == "" || password == "" {
		return nil, "Enter your user name and password."
	}
	u, ok := s.userByName(name)
	if !ok || subtle.ConstantTimeCompare([]byte(password), []byte(u.Password)) != 1 {
		return nil, "The user name or password is wrong. Check them and try again."
	}
	if u.Locked {
		return nil, "This user is locked. Ask your VCC administrator to unlock it."
	}
	if !u.Active {
		return nil, "This user is inactive. Ask your VCC administrator to activate it."
	}
	return u, ""
}

func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, ar *authRequest, userName, errMsg string) {
	// form-action must allow the redirect that follows a successful POST.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' "+
		originOf(ar.redirectURI)+"; frame-ancestors 'none'; base-uri 'none'")
	s.renderPage(w, http.StatusOK, "signin", map[string]any{
		"ClientName": ar.client.Name, "RedirectOrigin": originOf(ar.redirectURI),
		"Action": r.URL.Path + "?" + r.URL.RawQuery, "UserName": userName, "Error": errMsg,
	})
}

func (s *Server) renderPage(w http.ResponseWriter, status int, name string, data any) {
	var b bytes.Buffer
	if err := signinPages.ExecuteTemplate(&b, name, data); err != nil {
		s.log.Printf("sign-in: render %s: %v", name, err)
		http.Error(w, "the sign-in page failed to render", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// originOf is scheme://host of a URL.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func strconvQuote(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return `"` + s + `"`
}
