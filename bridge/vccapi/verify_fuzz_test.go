//go:build !js

package vccapi

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fuzzNow is the bridge's clock in the fuzz targets: fixed, so that a
// crasher replays the same.
var fuzzNow = time.Unix(1_800_000_000, 0)

// fuzzWebhookSecret is the subscription secret's bytes.
var fuzzWebhookSecret = []byte("fuzz-webhook-secret-32-bytes-lon")

// hs256 signs claims (a JSON object) with key as VCC signs a webhook.
func hs256(tb testing.TB, key []byte, claims map[string]any) string {
	tb.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: key}, nil)
	require.NoError(tb, err)
	raw, err := jwt.Signed(s).Claims(claims).Serialize()
	require.NoError(tb, err)
	return raw
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// webhookSignedRight is what a Vonage-Signature that verifies must be,
// worked out apart from VerifySignature: "Bearer " (optional) and a compact
// JWS whose header says HS256, whose HMAC-SHA256 under secret is its third
// part, whose payload has iat and exp at most 10 minutes apart, each within
// a minute of now, and the body's hex SHA-256 as payload_hash.
func webhookSignedRight(header string, body, secret []byte, now time.Time) error {
	raw := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(header), "Bearer"))
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return errors.New("not three parts")
	}
	var head struct {
		Alg string `json:"alg"`
	}
	if h, err := base64.RawURLEncoding.DecodeString(parts[0]); err != nil || json.Unmarshal(h, &head) != nil || head.Alg != "HS256" {
		return errors.New("not an HS256 header")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return errors.New("not the secret's HMAC")
	}
	c, err := claimsOf(parts[1])
	if err != nil {
		return err
	}
	iat, hasIAT := claimDate(c, "iat")
	exp, hasExp := claimDate(c, "exp")
	nbf, hasNBF := claimDate(c, "nbf")
	switch t := now.Unix(); {
	case !hasIAT || !hasExp:
		return errors.New("no iat or exp")
	case exp-iat > 600:
		return errors.New("lives too long")
	case t+60 < iat || t-60 > exp:
		return errors.New("not within its lifetime")
	case hasNBF && t+60 < nbf:
		return errors.New("not valid yet")
	case !strings.EqualFold(claimString(c, "payload_hash"), hexSHA256(body)):
		return errors.New("another body's hash")
	}
	return nil
}

// Flags of FuzzVerifySignature's minted signature.
const (
	sigNoIAT = 1 << iota
	sigNoEXP
	sigOtherSecret
	sigOtherBody
	sigUpperHash
	sigNoBearer
	sigNBF
)

// FuzzVerifySignature reads any Vonage-Signature header with any body: it
// never panics, refuses with one of the webhook signature errors, and
// verifies only a header that is the secret's HS256 signature of the
// body's hash within its lifetime (checked apart, above). A signature
// minted from fuzzed claims (iat and a lifetime, any of them left out,
// another secret, another body's hash) gets exactly the verdict its
// claims call for.
func FuzzVerifySignature(f *testing.F) {
	body := []byte(`{"specversion":"1.0","type":"channel.alerted.v1","id":"2Ve","source":"/channel","subject":"c","time":"2022-08-30T14:34:36.6134321Z",` +
		`"data":{"timestamp":"2022-08-30T14:34:36.088Z","channel":{"conversationId":"c1","interactionId":"i1","channelId":"ch1","party":{"role":"agent","userId":"u1"}}}}`)
	good := hs256(f, fuzzWebhookSecret, map[string]any{"payload_hash": hexSHA256(body), "iat": fuzzNow.Unix(), "exp": fuzzNow.Add(5 * time.Minute).Unix()})
	f.Add("Bearer "+good, body, int32(0), int32(300), uint8(0))
	f.Add(good, body, int32(-30), int32(300), uint8(sigNoBearer))
	f.Add("Bearer "+good, append([]byte(" "), body...), int32(0), int32(600), uint8(sigUpperHash))
	f.Add("Bearer "+hs256(f, fuzzWebhookSecret, map[string]any{"payload_hash": hexSHA256(body), "iat": fuzzNow.Unix(),
		"exp": fuzzNow.AddDate(1, 0, 0).Unix()}), body, int32(0), int32(31_536_000), uint8(0))
	f.Add("Bearer "+hs256(f, []byte("another subscription's secret!!!"), map[string]any{"payload_hash": hexSHA256(body),
		"iat": fuzzNow.Unix(), "exp": fuzzNow.Add(5 * time.Minute).Unix()}), body, int32(0), int32(300), uint8(sigOtherSecret))
	f.Add("", []byte(nil), int32(120), int32(300), uint8(sigNoIAT))
	f.Add("Bearer abc.def", []byte("{}"), int32(-400), int32(300), uint8(sigNoEXP|sigNBF))
	f.Add("Bearer eyJhbGciOiJub25lIn0.eyJwYXlsb2FkX2hhc2giOiIifQ.", body, int32(61), int32(-1), uint8(sigOtherBody))
	f.Add("Basic dXNlcjpwYXNz", body, int32(-361), int32(300), uint8(0))
	secretB64 := base64.StdEncoding.EncodeToString(fuzzWebhookSecret)

	f.Fuzz(func(t *testing.T, header string, body []byte, iat, life int32, flags uint8) {
		err := VerifySignature(header, body, secretB64, fuzzNow)
		if err == nil {
			require.NoError(t, webhookSignedRight(header, body, fuzzWebhookSecret, fuzzNow), "verified: %q", header)
		} else {
			assertWebhookRefusal(t, err)
		}

		minted, want := mintWebhookSignature(t, body, iat, life, flags)
		err = VerifySignature(minted, body, secretB64, fuzzNow)
		if want == nil {
			require.NoError(t, err, "iat %+ds, lifetime %ds, flags %07b", iat, life, flags)
			require.NoError(t, webhookSignedRight(minted, body, fuzzWebhookSecret, fuzzNow))
		} else {
			require.ErrorIs(t, err, want, "iat %+ds, lifetime %ds, flags %07b", iat, life, flags)
		}
	})
}

func assertWebhookRefusal(t *testing.T, err error) {
	t.Helper()
	for _, want := range []error{ErrNoSignature, ErrBadSignature, ErrExpired, ErrPayloadChanged} {
		if errors.Is(err, want) {
			return
		}
	}
	t.Fatalf("a refusal that is none of the webhook signature errors: %v", err)
}

// mintWebhookSignature signs the claims the fuzzer chose and says which
// error they call for (nil: they verify).
func mintWebhookSignature(t *testing.T, body []byte, iat, life int32, flags uint8) (string, error) {
	at, exp := fuzzNow.Unix()+int64(iat), fuzzNow.Unix()+int64(iat)+int64(life)
	claims := map[string]any{"payload_hash": hexSHA256(body), "iat": at, "exp": exp}
	if flags&sigOtherBody != 0 {
		claims["payload_hash"] = hexSHA256(append(body, '\n'))
	}
	if flags&sigUpperHash != 0 {
		claims["payload_hash"] = strings.ToUpper(claims["payload_hash"].(string))
	}
	if flags&sigNoIAT != 0 {
		delete(claims, "iat")
	}
	if flags&sigNoEXP != 0 {
		delete(claims, "exp")
	}
	if flags&sigNBF != 0 {
		claims["nbf"] = at
	}
	key := fuzzWebhookSecret
	if flags&sigOtherSecret != 0 {
		key = []byte("another subscription's secret!!!")
	}
	header := hs256(t, key, claims)
	if flags&sigNoBearer == 0 {
		header = "Bearer " + header
	}
	now := fuzzNow.Unix()
	var want error
	switch {
	case flags&sigOtherSecret != 0, flags&(sigNoIAT|sigNoEXP) != 0, exp-at > 600:
		want = ErrBadSignature
	case flags&sigNBF != 0 && now+60 < at, now-60 > exp, now+60 < at:
		want = ErrExpired
	case flags&sigOtherBody != 0:
		want = ErrPayloadChanged
	}
	return header, want
}

// The agent tokens' issuer in FuzzVerifyToken: one P-256 key, k1, fixed so
// that a crasher replays the same.
const (
	fuzzAudience = "https://api.cc.vonage.com"
	fuzzClientID = "connector"
)

func fuzzSigningKey(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	d := sha256.Sum256([]byte("the fuzz targets' VCC signing key"))
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d[:])
	require.NoError(tb, err)
	return k
}

// es256 signs payload (any bytes) with k, naming kid unless it is empty.
func es256(tb testing.TB, k *ecdsa.PrivateKey, kid string, payload []byte) string {
	tb.Helper()
	opts := &jose.SignerOptions{}
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k}, opts)
	require.NoError(tb, err)
	jws, err := s.Sign(payload)
	require.NoError(tb, err)
	raw, err := jws.CompactSerialize()
	require.NoError(tb, err)
	return raw
}

// cachedKeys hands a fresh Verifier VCC's key set as fetched (and last
// tried) at fetched.
type cachedKeys struct {
	jwks    []byte
	fetched time.Time
}

func (c cachedKeys) LoadKeys(context.Context) (CachedKeys, bool) {
	return CachedKeys{JWKS: c.jwks, Fetched: c.fetched, Tried: c.fetched}, true
}

func (cachedKeys) SaveKeys(context.Context, CachedKeys, time.Time) {}

// FuzzVerifyToken reads any string as an agent's access token, and any
// bytes as the claims of a token VCC's key k1 signed (under key id k1,
// none, or one VCC never had), with a verifier that holds k1 as fetched
// elapsed seconds ago. It never panics and refuses with a token error;
// it accepts only a token k1 signed (checked apart with crypto/ecdsa)
// whose claims are the connector's, in their lifetime. VCC's keys are
// fetched only as the Verifier documents: never for a token that does not
// parse or names another algorithm, never for a known key id while the
// keys are under an hour old, and at most once a minute otherwise, however
// many tokens ask; and a genuine token verifies after any of them.
func FuzzVerifyToken(f *testing.F) {
	key := fuzzSigningKey(f)
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key.Public(), KeyID: "k1", Algorithm: "ES256", Use: "sig"}}}
	jwks, err := json.Marshal(set)
	require.NoError(f, err)
	var fetches atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/Auth/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]string{"jwks_uri": srv.URL + "/Auth/jwks"})
		case "/Auth/jwks":
			fetches.Add(1)
			_, _ = w.Write(jwks)
		default:
			http.NotFound(w, r)
		}
	}))
	f.Cleanup(srv.Close)
	iss := srv.URL + "/Auth"

	claims := func(mutate func(map[string]any)) []byte {
		c := map[string]any{"iss": iss, "aud": fuzzAudience, "sub": "u-beth", "client_id": fuzzClientID,
			"iat": fuzzNow.Unix(), "exp": fuzzNow.Add(48 * time.Hour).Unix()}
		if mutate != nil {
			mutate(c)
		}
		b, err := json.Marshal(c)
		require.NoError(f, err)
		return b
	}
	genuine := es256(f, key, "k1", claims(nil))
	other, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), bytes.Repeat([]byte{7}, 32))
	require.NoError(f, err)
	for _, s := range []struct {
		raw     string
		payload []byte
		elapsed uint16
		kid     uint8
	}{
		{genuine, claims(nil), 0, 0},
		{es256(f, key, "k9", claims(nil)), claims(func(m map[string]any) { m["aud"] = []string{"x", fuzzAudience} }), 61, 2},
		{es256(f, other, "k1", claims(nil)), claims(func(m map[string]any) { m["client_id"] = "someone-elses-app" }), 3601, 1},
		{hmacToken(f, "k1", iss, fuzzNow), claims(func(m map[string]any) { delete(m, "exp") }), 59, 0},
		{"not-a-token", []byte(`{"iss":"` + iss + `","sub":"u","aud":"` + fuzzAudience + `","client_id":"connector","exp":1e10}`), 120, 0},
		{"a.b.c", []byte(`{"iss":"x","iss":"y"}`), 0, 0},
		{base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","kid":"k9"}`)) + "." + base64.RawURLEncoding.EncodeToString(claims(nil)) + ".",
			[]byte(`null`), 7200, 1},
		{"", claims(func(m map[string]any) { m["nbf"] = fuzzNow.Add(2 * time.Minute).Unix() }), 65535, 2},
	} {
		f.Add(s.raw, s.payload, s.elapsed, s.kid)
	}

	f.Fuzz(func(t *testing.T, raw string, payload []byte, elapsed uint16, kid uint8) {
		now := fuzzNow.Add(time.Duration(elapsed) * time.Second)
		v := &Verifier{Issuer: iss, Audience: fuzzAudience, ClientID: fuzzClientID, HTTP: srv.Client(),
			Now: func() time.Time { return now }, Cache: cachedKeys{jwks: jwks, fetched: fuzzNow}}
		before := fetches.Load()
		signed := es256(t, key, []string{"k1", "", "k9"}[kid%3], payload)
		for _, tok := range []string{raw, raw, signed, signed} {
			c, err := v.Verify(context.Background(), tok)
			if err != nil {
				if !errors.Is(err, ErrTokenMissing) && !errors.Is(err, ErrTokenInvalid) && !errors.Is(err, ErrTokenExpired) {
					t.Fatalf("a refusal that is none of the token errors: %v", err)
				}
				continue
			}
			require.NoError(t, tokenSignedRight(tok, &key.PublicKey, iss, now), "verified: %q", tok)
			assert.NotEmpty(t, c.UserID)
			assert.Equal(t, fuzzClientID, c.ClientID)
		}
		assert.Equal(t, wantFetches(raw, signed, elapsed), fetches.Load()-before, "keys fetched %ds after the last fetch", elapsed)
		_, err := v.Verify(context.Background(), genuine)
		require.NoError(t, err, "a genuine token verifies after any other")
		assert.LessOrEqual(t, fetches.Load()-before, int32(1), "VCC's keys fetched more than once within the minute")
	})
}

// wantFetches is how many times a verifier holding k1 as fetched elapsed
// seconds ago fetches VCC's keys for tokens a and b (in that order, each
// verified twice): none for a token that does not parse, none for k1 (or
// no key id: the set's only key) while the keys are under an hour old,
// none within a minute of the last fetch, else one, and then none again
// within the minute.
func wantFetches(a, b string, elapsed uint16) int32 {
	for _, raw := range []string{a, b} {
		tok, err := jwt.ParseSigned(raw, allowedAlgs)
		if err != nil {
			continue
		}
		kid := tok.Headers[0].KeyID
		if (kid == "k1" || kid == "") && elapsed <= 3600 {
			continue
		}
		if elapsed >= 60 {
			return 1
		}
	}
	return 0
}

// tokenSignedRight is what an agent token that verifies must be, worked out
// apart from Verify: a compact JWS whose header says ES256, whose third
// part is k's signature of the first two (r and s, 32 bytes each), whose
// claims name the issuer, the audience, the connector's client id and a
// subject, expire no more than a minute ago and are not issued or valid
// from more than a minute ahead.
func tokenSignedRight(raw string, k *ecdsa.PublicKey, iss string, now time.Time) error {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return errors.New("not three parts")
	}
	var head struct {
		Alg string `json:"alg"`
	}
	if h, err := base64.RawURLEncoding.DecodeString(parts[0]); err != nil || json.Unmarshal(h, &head) != nil || head.Alg != "ES256" {
		return errors.New("not an ES256 header")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return errors.New("not an ES256 signature")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(k, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return errors.New("not k1's signature")
	}
	c, err := claimsOf(parts[1])
	if err != nil {
		return err
	}
	var aud []string
	if json.Unmarshal(c["aud"], &aud) != nil {
		aud = []string{claimString(c, "aud")}
	}
	exp, hasExp := claimDate(c, "exp")
	nbf, hasNBF := claimDate(c, "nbf")
	iat, hasIAT := claimDate(c, "iat")
	switch t := now.Unix(); {
	case claimString(c, "iss") != iss, !contains(aud, fuzzAudience), claimString(c, "client_id") != fuzzClientID, claimString(c, "sub") == "":
		return errors.New("not the connector's token")
	case !hasExp || t-60 > exp:
		return errors.New("expired or never expires")
	case hasNBF && t+60 < nbf, hasIAT && t+60 < iat:
		return errors.New("not valid yet")
	}
	return nil
}

// claimsOf reads a JWS payload's claims by their exact names.
func claimsOf(payload string) (map[string]json.RawMessage, error) {
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, err
	}
	var c map[string]json.RawMessage
	return c, json.Unmarshal(b, &c)
}

// claimString is a string claim ("" when absent or not a string).
func claimString(c map[string]json.RawMessage, name string) string {
	var s string
	_ = json.Unmarshal(c[name], &s)
	return s
}

// claimDate is a NumericDate claim in whole seconds, as JWTs are read.
func claimDate(c map[string]json.RawMessage, name string) (int64, bool) {
	var f *float64
	if json.Unmarshal(c[name], &f) != nil || f == nil {
		return 0, false
	}
	return int64(*f), true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
