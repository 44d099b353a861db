package vccapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Claims are what the bridge reads from an agent's VCC access token: the
// registered claims of a standard OAuth 2.0 / OpenID access token only. The
// agent's user name and VCC account are not token claims VCC documents: the
// bridge reads the user from the User Admin API with its own credentials,
// which belong to the account it serves.
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
)

// Verifier checks agents' access tokens against VCC's published keys
// (the issuer's JWKS), issuer and audience.
type Verifier struct {
	Issuer   string
	Audience string
	HTTP     *http.Client
	Now      func() time.Time
	// KeysTTL is how long fetched keys are trusted before a refetch; an
	// unknown key id refetches at once (key rotation).
	KeysTTL time.Duration
	// Cache, when set, keeps the fetched keys beyond this value's life: on
	// Workers every request starts a fresh instance, which would otherwise
	// fetch VCC's keys for every agent request.
	Cache KeysCache

	mu      sync.Mutex
	keys    jose.JSONWebKeySet
	fetched time.Time
}

// KeysCache stores VCC's key set (JSON) until it expires.
type KeysCache interface {
	LoadKeys(ctx context.Context) (jwks []byte, fetched time.Time, ok bool)
	SaveKeys(ctx context.Context, jwks []byte, fetched, expires time.Time)
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// Verify checks raw and returns its claims.
func (v *Verifier) Verify(ctx context.Context, raw string) (Claims, error) {
	if raw == "" {
		return Claims{}, ErrTokenMissing
	}
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256, jose.ES256, jose.PS256, jose.EdDSA})
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
	err = c.ValidateWithLeeway(jwt.Expected{Issuer: v.Issuer, AnyAudience: jwt.Audience{v.Audience}, Time: v.now()}, 0)
	switch {
	case errors.Is(err, jwt.ErrExpired):
		return Claims{}, ErrTokenExpired
	case err != nil:
		return Claims{}, fmt.Errorf("%w: %v", ErrTokenInvalid, err)
	case c.Subject == "" || c.Expiry == nil:
		return Claims{}, fmt.Errorf("%w: sub and exp are required", ErrTokenInvalid)
	}
	return Claims{UserID: c.Subject, ClientID: c.ClientID, Expiry: c.Expiry.Time()}, nil
}

func (v *Verifier) key(ctx context.Context, kid string) (any, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	ttl := v.KeysTTL
	if ttl == 0 {
		ttl = time.Hour
	}
	if v.fetched.IsZero() && v.Cache != nil {
		if raw, at, ok := v.Cache.LoadKeys(ctx); ok {
			var set jose.JSONWebKeySet
			if json.Unmarshal(raw, &set) == nil {
				v.keys, v.fetched = set, at
			}
		}
	}
	stale := v.fetched.IsZero() || v.now().Sub(v.fetched) > ttl
	if !stale {
		if k := v.lookup(kid); k != nil {
			return k, nil
		}
	}
	if err := v.fetch(ctx); err != nil {
		return nil, err
	}
	if v.Cache != nil {
		if raw, err := json.Marshal(v.keys); err == nil {
			v.Cache.SaveKeys(ctx, raw, v.fetched, v.fetched.Add(ttl))
		}
	}
	if k := v.lookup(kid); k != nil {
		return k, nil
	}
	return nil, fmt.Errorf("%w: unknown signing key %q", ErrTokenInvalid, kid)
}

func (v *Verifier) lookup(kid string) any {
	if kid != "" {
		if ks := v.keys.Key(kid); len(ks) > 0 {
			return ks[0].Key
		}
		return nil
	}
	if len(v.keys.Keys) == 1 {
		return v.keys.Keys[0].Key
	}
	return nil
}

// fetch reads the issuer's discovery document and its JWKS.
func (v *Verifier) fetch(ctx context.Context) error {
	var disc struct {
		JWKS string `json:"jwks_uri"`
	}
	if err := getJSON(ctx, v.HTTP, strings.TrimSuffix(v.Issuer, "/")+"/.well-known/openid-configuration", &disc); err != nil {
		return fmt.Errorf("vcc: cannot read VCC's signing keys: %w", err)
	}
	var set jose.JSONWebKeySet
	if err := getJSON(ctx, v.HTTP, disc.JWKS, &set); err != nil {
		return fmt.Errorf("vcc: cannot read VCC's signing keys: %w", err)
	}
	v.keys, v.fetched = set, v.now()
	return nil
}

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
	return json.NewDecoder(resp.Body).Decode(out)
}
