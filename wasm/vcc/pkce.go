package vcc

import (
	"encoding/base64"
	"errors"
	"strings"
)

// PKCE is one sign-in attempt's proof key (RFC 7636, S256) and state.
type PKCE struct {
	Verifier  string
	Challenge string
	State     string
}

// PKCERandomBytes is how many random bytes NewPKCE takes: 32 for the
// verifier (43 characters of base64url, 256 bits), 16 for the state.
const PKCERandomBytes = 48

// NewPKCE makes a sign-in attempt's verifier, its S256 challenge and an
// unguessable state from random bytes and sha256, the SHA-256 of a string.
// In the panel both come from the browser's WebCrypto (pkce_js.go): Go's own
// crypto packages would link their whole FIPS module into the connector.
func NewPKCE(random []byte, sha256 func(string) ([]byte, error)) (PKCE, error) {
	if len(random) < PKCERandomBytes {
		return PKCE{}, errors.New("vcc: a sign-in needs 48 random bytes")
	}
	v := base64.RawURLEncoding.EncodeToString(random[:32])
	sum, err := sha256(v)
	if err != nil {
		return PKCE{}, err
	}
	if len(sum) != 32 {
		return PKCE{}, errors.New("vcc: the verifier's SHA-256 is not 32 bytes")
	}
	return PKCE{Verifier: v, Challenge: base64.RawURLEncoding.EncodeToString(sum), State: base64.RawURLEncoding.EncodeToString(random[32:PKCERandomBytes])}, nil
}

// AuthorizeURL is the interactive sign-in page for this attempt: an
// authorization request with PKCE (RFC 7636, S256) and state (RFC 6749
// §4.1.1). It names no response_mode, so the provider answers in its default
// one, a redirect to redirectURI with the code in the query; the panel's
// redirectURI is its own CallbackPath, whose page hands the answer back to
// the panel. prompt=login (OpenID Connect Core §3.1.2.1) makes VCC show its
// form even when it remembers the user: the connector never signs in
// silently, and never sends prompt=none.
func AuthorizeURL(authorizeEndpoint, clientID, redirectURI, scope string, p PKCE) string {
	q := Form{}
	q.Set("response_type", "code")
	q.Set("client_id", clientID)
	q.Set("redirect_uri", redirectURI)
	q.Set("scope", scope)
	q.Set("state", p.State)
	q.Set("code_challenge", p.Challenge)
	q.Set("code_challenge_method", "S256")
	q.Set("prompt", "login")
	sep := "?"
	if strings.Contains(authorizeEndpoint, "?") {
		sep = "&"
	}
	return authorizeEndpoint + sep + q.Encode()
}

// TokenRequest is the form body that exchanges a code for tokens (RFC 6749
// §4.1.3): redirectURI must be the one the authorization request named.
func TokenRequest(clientID, redirectURI, code string, p PKCE) Form {
	return Form{
		"grant_type":    {"authorization_code"},
		"client_id":     {clientID},
		"redirect_uri":  {redirectURI},
		"code":          {code},
		"code_verifier": {p.Verifier},
	}
}

// RefreshRequest is the form body that renews tokens.
func RefreshRequest(clientID, refreshToken string) Form {
	return Form{
		"grant_type":    {"refresh_token"},
		"client_id":     {clientID},
		"refresh_token": {refreshToken},
	}
}

// Token is VCC's token response.
type Token struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
}
