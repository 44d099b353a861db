package vccapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Claims are what the bridge reads from an agent's VCC access token: the
// registered claims of a standard OAuth 2.0 JWT access token (RFC 9068)
// only. The agent's user name and VCC account are not token claims VCC
// documents (no user_name, no account): the bridge reads the user from the
// User Admin API with its own credentials, which belong to the account it
// serves.
type Claims struct {
	// UserID is the VCC user's id ("sub").
	UserID   string
	ClientID string
	Expiry   time.Time
}

// Token errors.
var (
	ErrTokenMissing = errors.New("no access token")
	ErrTokenInvalid = errors.New("the access token is not valid")
	ErrTokenExpired = errors.New("the access token has expired")
	// ErrKeysUnavailable means the token could not be checked at all: the
	// bridge holds none of VCC's signing keys and VCC did not give them
	// (the agent's token may be fine; try again later).
	ErrKeysUnavailable = errors.New("VCC's signing keys cannot be had")
)

// tokenLeeway is the clock difference allowed between VCC and the bridge
// on a token's exp, nbf and iat.
const tokenLeeway = 60 * time.Second

// allowedAlgs are the asymmetric algorithms VCC may sign with; anything else
// (none, HS256 with a public key as secret) is refused before any key is
// looked up or fetched.
var allowedAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.ES256, jose.PS256, jose.EdDSA}

// Verifier checks agents' access tokens against VCC's published keys
// (the issuer's JWKS), issuer, audience and the connector's client id.
// Its methods are safe for concurrent use.
type Verifier struct {
	Issuer   string
	Audience string
	// ClientID is the connector's OAuth client id, the one agents sign in
	// with: a token VCC issued to any other client (client_id, RFC 9068
	// §2.2) is refused. Empty refuses every token.
	ClientID string
	HTTP     *http.Client
	Now      func() time.Time
	// KeysTTL is how long fetched keys are trusted before a refetch
	// (default an hour). Whatever the reason (age, a key id not in the
	// set), the keys are fetched at most once a minute.
	KeysTTL time.Duration
	// Cache, when set, keeps the fetched keys beyond this value's life: on
	// Workers every request starts a fresh instance, which would otherwise
	// fetch VCC's keys for every agent request.
	Cache KeysCache

	mu       sync.Mutex
	keys     jose.JSONWebKeySet
	fetched  time.Time // when keys were fetched (zero: none)
	tried    time.Time // when a fetch last started, failed ones too
	lastErr  error     // why the last fetch failed (nil after a success)
	loaded   bool      // Cache was read
	inflight *keysFetch
}

// CachedKeys is VCC's key set as a KeysCache keeps it.
type CachedKeys struct {
	// JWKS is the key set (JSON); empty when no fetch has succeeded.
	JWKS []byte
	// Fetched is when JWKS was fetched; Tried when a fetch was last
	// attempted, failed ones included (so that a fresh instance does not
	// ask again within the minute).
	Fetched, Tried time.Time
}

// KeysCache stores VCC's key set until it expires.
type KeysCache interface {
	LoadKeys(ctx context.Context) (CachedKeys, bool)
	SaveKeys(ctx context.Context, keys CachedKeys, expires time.Time)
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// Verify checks raw, a JWT access token, and returns its claims: signed
// with an allowed asymmetric algorithm by one of the issuer's keys, for the
// audience and the connector's client, with a subject and an expiry, within
// a minute's leeway on exp, nbf and iat. It returns ErrTokenMissing,
// ErrTokenExpired, ErrTokenInvalid, or ErrKeysUnavailable when no key of
// VCC's can be had (not the token's fault). A token that does not parse, or
// names an algorithm not allowed, costs no request to VCC.
func (v *Verifier) Verify(ctx context.Context, raw string) (Claims, error) {
	if raw == "" {
		return Claims{}, ErrTokenMissing
	}
	tok, err := jwt.ParseSigned(raw, allowedAlgs)
	if err != nil {
		return Claims{}, fmt.Errorf("%w: %v", ErrTokenInvalid, err)
	}
	kid := ""
	if len(tok.Headers) > 0 {
		kid = tok.Headers[0].KeyID
	}
	key, err := v.key(ctx, kid)
	if err != nil {
		return Claims{}, err
	}
	var c struct {
		jwt.Claims
		ClientID string `json:"client_id"`
	}
	if err := tok.Claims(key, &c); err != nil {
		return Claims{}, fmt.Errorf("%w: %v", ErrTokenInvalid, err)
	}
	err = c.ValidateWithLeeway(jwt.Expected{Issuer: v.Issuer, AnyAudience: jwt.Audience{v.Audience}, Time: v.now()}, tokenLeeway)
	switch {
	case errors.Is(err, jwt.ErrExpired):
		return Claims{}, ErrTokenExpired
	case err != nil:
		return Claims{}, fmt.Errorf("%w: %v", ErrTokenInvalid, err)
	case c.Subject == "" || c.Expiry == nil:
		return Claims{}, fmt.Errorf("%w: sub and exp are required", ErrTokenInvalid)
	case c.ClientID == "" || c.ClientID != v.ClientID:
		return Claims{}, fmt.Errorf("%w: issued to client %q, not the connector's", ErrTokenInvalid, c.ClientID)
	}
	return Claims{UserID: c.Subject, ClientID: c.ClientID, Expiry: c.Expiry.Time()}, nil
}

// getJSON GETs url and decodes its JSON answer (at most 1 MB) into out.
func getJSON(ctx context.Context, hc *http.Client, url string, out any) error {
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(out)
}
