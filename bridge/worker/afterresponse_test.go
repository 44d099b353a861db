//go:build !js

package worker

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/store"
)

func TestRunsOutboxAfter(t *testing.T) {
	cases := []struct {
		method string
		status int
		queued bool
		want   bool
	}{
		{"POST", 200, true, true},
		{"POST", 202, true, true},
		{"POST", 200, false, false},
		{"POST", 401, true, false},
		{"POST", 403, true, false},
		{"POST", 400, true, false},
		{"POST", 404, true, false},
		{"POST", 429, true, false},
		{"POST", 503, true, false},
		{"GET", 200, true, false},
		{"PUT", 200, true, false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, RunsOutboxAfter(tc.method, tc.status, tc.queued), "%s answered %d, queued %v", tc.method, tc.status, tc.queued)
	}
}

// The Worker's entry around the real bridge: only an accepted webhook that
// queued work is followed by an outbox run; refused webhooks, a refused
// agent API request, a duplicate and reads are not (each once started
// one).
func TestOnlyAcceptedWorkStartsAnOutboxRun(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "bridge.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	cfg := fullConfig()
	cfg.WebhookSecret = base64.StdEncoding.EncodeToString([]byte(strings.Repeat("w", 32)))
	srv, err := bridge.New(cfg, bridge.Deps{Store: st})
	require.NoError(t, err)
	runs := 0
	h := AfterResponse(srv, srv.QueuedWork, func(*http.Request) { runs++ })

	now := time.Now().UTC()
	at := now.Format(time.RFC3339Nano)
	body := []byte(`{"specversion":"1.0","type":"channel.alerted.v1","id":"evt-1","source":"/channel","time":"` + at + `",` +
		`"data":{"timestamp":"` + at + `","channel":{"interactionId":"ix-1","channelId":"c1","party":{"role":"customer","address":"+14155550201"}}}}`)
	serve := func(method, path, signature string, body []byte) int {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		if signature != "" {
			req.Header.Set("Vonage-Signature", signature)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	forged := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("f", 32)))
	steps := []struct {
		name         string
		method, path string
		signature    string
		status       int
		wantRuns     int
	}{
		{"an unsigned webhook", "POST", "/webhooks/vcc", "", 401, 0},
		{"a forged webhook", "POST", "/webhooks/vcc", sign(t, forged, body, now), 401, 0},
		{"an agent API request without a token", "POST", "/api/v1/agent/session", "", 401, 0},
		{"a read", "GET", "/healthz", "", 200, 0},
		{"an accepted webhook", "POST", "/webhooks/vcc", sign(t, cfg.WebhookSecret, body, now), 200, 1},
		{"its duplicate", "POST", "/webhooks/vcc", sign(t, cfg.WebhookSecret, body, now), 200, 1},
	}
	for _, s := range steps {
		assert.Equal(t, s.status, serve(s.method, s.path, s.signature, body), s.name)
		assert.Equal(t, s.wantRuns, runs, "outbox runs after %s", s.name)
	}
}

// sign is a Vonage-Signature for body under secret, as VCC signs.
func sign(t *testing.T, secret string, body []byte, now time.Time) string {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(secret)
	require.NoError(t, err)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: key}, nil)
	require.NoError(t, err)
	sum := sha256.Sum256(body)
	raw, err := jwt.Signed(signer).Claims(map[string]any{"payload_hash": hex.EncodeToString(sum[:]),
		"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(4 * time.Minute).Unix()}).Serialize()
	require.NoError(t, err)
	return "Bearer " + raw
}
