//go:build !js

package vccsim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/go-jose/go-jose/v4"
)

// signingAlg signs access tokens: ECDSA P-256 with SHA-256 (RFC 7518 §3.4).
const signingAlg = string(jose.ES256)

// jwksPath is where the JSON Web Key Set lives under the issuer, as
// IdentityServer (which VCC's /Auth/connect/* paths follow) publishes it.
const jwksPath = "/.well-known/openid-configuration/jwks"

// signingKeys holds the key that signs access tokens. It is made fresh by
// New, so tokens do not survive a restart of the simulator, as they would
// not survive a key rotation at VCC; the bridge must fetch the JWKS again
// when it meets an unknown key id.
type signingKeys struct {
	private *ecdsa.PrivateKey
	kid     string
	signer  jose.Signer
}

func newSigningKeys() (*signingKeys, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("vcc sim: make the token signing key: %w", err)
	}
	pub := jose.JSONWebKey{Key: &priv.PublicKey}
	thumb, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("vcc sim: key thumbprint: %w", err)
	}
	kid := base64.RawURLEncoding.EncodeToString(thumb)
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.ES256, Key: jose.JSONWebKey{Key: priv, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("at+jwt"),
	)
	if err != nil {
		return nil, fmt.Errorf("vcc sim: token signer: %w", err)
	}
	return &signingKeys{private: priv, kid: kid, signer: signer}, nil
}

// publicKey returns the verification key for a key id.
func (k *signingKeys) publicKey(kid string) (*ecdsa.PublicKey, bool) {
	if kid != k.kid {
		return nil, false
	}
	return &k.private.PublicKey, true
}

// set is the public JSON Web Key Set (RFC 7517 §5).
func (k *signingKeys) set() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &k.private.PublicKey, KeyID: k.kid, Algorithm: signingAlg, Use: "sig",
	}}}
}

// serveJWKS publishes the public keys that verify access tokens.
func (s *Server) serveJWKS(w http.ResponseWriter, r *http.Request) {
	allowAnyOrigin(w)
	w.Header().Set("Cache-Control", "max-age=300")
	writeJSON(w, http.StatusOK, s.keys.set())
}
