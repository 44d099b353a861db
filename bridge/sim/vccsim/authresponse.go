//go:build !js

package vccsim

import (
	"net/http"
	"net/url"
	"strings"
)

// Response modes of the authorization endpoint.
const (
	// modeQuery redirects to redirect_uri with the response in the query
	// (RFC 6749 §4.1.2); the default.
	modeQuery = "query"
	// modeFormPost serves a page that posts the response to redirect_uri as
	// a form (OAuth 2.0 Form Post Response Mode).
	modeFormPost = "form_post"
	// modeWebMessage serves a page that posts the response to
	// window.opener (OAuth 2.0 Web Message Response Mode, a draft one
	// identity vendor implements): only with switchWebMessage.
	modeWebMessage = "web_message"
)

// switchWebMessage lets the authorization endpoint answer in the
// web_message response mode.
const switchWebMessage = "web-message-response-mode"

func init() {
	addAssumption(switchWebMessage, "the authorization endpoint also answers with response_mode=web_message (a page that posts the response to window.opener)")
}

// responseModes are the response modes the authorization endpoint takes.
func (s *Server) responseModes() []string {
	modes := []string{modeQuery, modeFormPost}
	if s.assumes(switchWebMessage) {
		modes = append(modes, modeWebMessage)
	}
	return modes
}

// respondAuth sends the authorization response (params, or the error) to
// the client in the request's response mode. Every response carries the
// request's state and the issuer (iss, RFC 9207).
//
//   - query: 302 Found to redirect_uri?code=...&state=...&iss=...;
//   - form_post: a page whose form posts the same parameters to
//     redirect_uri at once (a button without scripts);
//   - web_message (switch): a page that posts {type:
//     "authorization_response", response:{code, state, iss}} to
//     window.opener with the redirect URI's origin as targetOrigin, then
//     closes itself.
func (s *Server) respondAuth(w http.ResponseWriter, r *http.Request, ar *authRequest, params url.Values, oerr *oauthError) {
	if params == nil {
		params = url.Values{}
	}
	if oerr != nil {
		params.Set("error", oerr.Code)
		params.Set("error_description", oerr.Description)
	}
	if ar.state != "" {
		params.Set("state", ar.state)
	}
	params.Set("iss", s.Issuer())
	switch ar.responseMode {
	case modeQuery:
		sep := "?"
		if strings.Contains(ar.redirectURI, "?") {
			sep = "&"
		}
		http.Redirect(w, r, ar.redirectURI+sep+params.Encode(), http.StatusFound)
		return
	}
	response := map[string]string{}
	for k := range params {
		response[k] = params.Get(k)
	}
	nonce := randomToken()
	if ar.responseMode == modeFormPost {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-"+nonce+
			"'; form-action "+originOf(ar.redirectURI)+"; frame-ancestors 'none'; base-uri 'none'")
		s.renderPage(w, http.StatusOK, "form_post", map[string]any{
			"Nonce": nonce, "Action": ar.redirectURI, "Params": response,
		})
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-"+nonce+"'; frame-ancestors 'none'; base-uri 'none'")
	s.renderPage(w, http.StatusOK, "result", map[string]any{
		"Nonce": nonce, "Response": response, "TargetOrigin": originOf(ar.redirectURI),
	})
}
