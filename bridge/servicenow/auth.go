package servicenow

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Authenticator signs requests.
type Authenticator interface {
	Authorize(ctx context.Context, req *http.Request) error
	// Invalidate drops a cached credential the instance refused.
	Invalidate()
}

// Basic is HTTP basic authentication.
type Basic struct{ User, Password string }

// Authorize implements Authenticator.
func (b Basic) Authorize(_ context.Context, req *http.Request) error {
	req.SetBasicAuth(b.User, b.Password)
	return nil
}

// Invalidate implements Authenticator.
func (Basic) Invalidate() {}

// Token is an OAuth access token with its refresh token.
type Token struct {
	Access  string    `json:"access"`
	Refresh string    `json:"refresh"`
	Expiry  time.Time `json:"expiry"`
}

// TokenCache keeps the current token between requests; on Workers, where no
// Go memory survives a request, it is backed by the store.
type TokenCache interface {
	Load(ctx context.Context) (Token, bool)
	Save(ctx context.Context, t Token)
}

// MemoryCache is a TokenCache in memory.
type MemoryCache struct {
	mu sync.Mutex
	t  Token
}

// Load implements TokenCache.
func (m *MemoryCache) Load(context.Context) (Token, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.t, m.t.Access != ""
}

// Save implements TokenCache.
func (m *MemoryCache) Save(_ context.Context, t Token) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.t = t
}

// OAuth authenticates with an OAuth token from /oauth_token.do: the password
// grant (an integration user) or client credentials, renewed with the refresh
// token a minute before it expires.
type OAuth struct {
	BaseURL      string
	ClientID     string
	ClientSecret string
	// User and Password select the password grant; empty means client
	// credentials.
	User, Password string
	HTTP           *http.Client
	Cache          TokenCache
	Now            func() time.Time

	mu sync.Mutex
}

// Authorize implements Authenticator.
func (o *OAuth) Authorize(ctx context.Context, req *http.Request) error {
	tok, err := o.token(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok.Access)
	return nil
}

// Invalidate implements Authenticator.
func (o *OAuth) Invalidate() {
	o.cache().Save(context.Background(), Token{})
}

func (o *OAuth) cache() TokenCache {
	if o.Cache == nil {
		o.Cache = &MemoryCache{}
	}
	return o.Cache
}

func (o *OAuth) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *OAuth) token(ctx context.Context) (Token, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c := o.cache()
	t, ok := c.Load(ctx)
	if ok && o.now().Add(time.Minute).Before(t.Expiry) {
		return t, nil
	}
	var form url.Values
	if ok && t.Refresh != "" {
		form = url.Values{"grant_type": {"refresh_token"}, "refresh_token": {t.Refresh}}
		if nt, err := o.grant(ctx, form); err == nil {
			c.Save(ctx, nt)
			return nt, nil
		}
	}
	if o.User != "" {
		form = url.Values{"grant_type": {"password"}, "username": {o.User}, "password": {o.Password}}
	} else {
		form = url.Values{"grant_type": {"client_credentials"}}
	}
	nt, err := o.grant(ctx, form)
	if err != nil {
		return Token{}, err
	}
	c.Save(ctx, nt)
	return nt, nil
}

func (o *OAuth) grant(ctx context.Context, form url.Values) (Token, error) {
	form.Set("client_id", o.ClientID)
	form.Set("client_secret", o.ClientSecret)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(o.BaseURL, "/")+"/oauth_token.do", strings.NewReader(form.Encode()))
	if err != nil {
		return Token{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	hc := o.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Token{}, fmt.Errorf("servicenow: oauth: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		Access    string `json:"access_token"`
		Refresh   string `json:"refresh_token"`
		ExpiresIn int    `json:"expires_in"`
		Error     string `json:"error"`
		Desc      string `json:"error_description"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusOK || body.Access == "" {
		return Token{}, fmt.Errorf("servicenow: oauth %s grant refused: %d %s %s", form.Get("grant_type"), resp.StatusCode, body.Error, body.Desc)
	}
	if body.ExpiresIn <= 0 {
		body.ExpiresIn = 1799
	}
	return Token{Access: body.Access, Refresh: body.Refresh, Expiry: o.now().Add(time.Duration(body.ExpiresIn) * time.Second)}, nil
}
