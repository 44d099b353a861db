//go:build !js

package bridge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
)

// outboxWorld is a bridge on a store whose clock the test moves, logging
// JSON lines into a buffer.
type outboxWorld struct {
	s   *Server
	st  *store.Store
	now *time.Time
	log *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// levels lists the levels of the lines logged with msg, and forgets the
// log.
func (b *syncBuffer) levels(t *testing.T) map[string][]string {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	out := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(b.b.String()), "\n") {
		if line == "" {
			continue
		}
		var rec struct{ Level, Msg string }
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		out[rec.Level] = append(out[rec.Level], rec.Msg)
	}
	b.b.Reset()
	return out
}

func newOutboxWorld(t *testing.T, cfg Config) *outboxWorld {
	t.Helper()
	deps := testDeps(t)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	deps.Store.SetClock(func() time.Time { return now })
	deps.Now = func() time.Time { return now }
	logs := &syncBuffer{}
	deps.Log = slog.New(slog.NewJSONHandler(logs, nil))
	s, err := New(cfg, deps)
	require.NoError(t, err)
	return &outboxWorld{s: s, st: deps.Store, now: &now, log: logs}
}

// webhookConfig is testConfig with a webhook secret.
func webhookConfig() Config {
	cfg := testConfig()
	cfg.WebhookSecret = base64.StdEncoding.EncodeToString([]byte(strings.Repeat("s", 32)))
	return cfg
}

// channelEvent is a VCC channel webhook at w's time: its id and type, the
// call's interactionId, and the party's role and further fields as JSON
// (`,"address":"+14155550201"` or `,"userId":"u-beth"`).
func (w *outboxWorld) channelEvent(id, typ, call, role, party string) []byte {
	at := w.now.Format(time.RFC3339Nano)
	return []byte(`{"specversion":"1.0","type":"` + typ + `","id":"` + id + `","source":"/channel","time":"` + at + `",` +
		`"data":{"timestamp":"` + at + `","channel":{"interactionId":"` + call + `","channelId":"` + role + `-1","party":{"role":"` + role + `"` + party + `}}}}`)
}

// post delivers a webhook signed with the bridge's secret, in ctx, and
// returns the answer's status.
func (w *outboxWorld) post(t *testing.T, ctx context.Context, body []byte) int {
	t.Helper()
	req := httptest.NewRequest("POST", "/webhooks/vcc", bytes.NewReader(body)).WithContext(ctx)
	req.Header.Set("Vonage-Signature", signed(t, w.s.cfg.WebhookSecret, body, *w.now))
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	return rec.Code
}

// failNext claims key's op and fails it with err, as a run would.
func (w *outboxWorld) failNext(t *testing.T, key string, err error) store.Op {
	t.Helper()
	op, ok, cerr := w.st.Claim(context.Background(), key, time.Minute)
	require.NoError(t, cerr)
	require.True(t, ok, "no op of %s due", key)
	w.s.opFailed(context.Background(), op, err)
	return op
}

func (w *outboxWorld) counts(t *testing.T) store.OutboxCounts {
	t.Helper()
	c, err := w.st.Counts(context.Background())
	require.NoError(t, err)
	return c
}

// nextAt is when key's first op runs next.
func (w *outboxWorld) nextAt(t *testing.T, key string) time.Time {
	t.Helper()
	ops, err := w.st.Unfinished(context.Background(), 100)
	require.NoError(t, err)
	for _, op := range ops {
		if op.Key == key && op.DeadAt.IsZero() {
			return op.NextAt
		}
	}
	t.Fatalf("no waiting op of %s", key)
	return time.Time{}
}

var loginPage = &servicenow.Error{Method: "POST", Path: "/api/now/openframe/voice-interaction", Status: 200, Problem: servicenow.ErrNotJSON,
	Message: `answered with an HTML page titled "Log in" instead of the API's JSON`}

// An op ServiceNow answers with a sign-in page is retried with a long cap,
// never parked for a year, reported at error level once an hour, and a
// dead letter after the dead-letter age; it then holds back nothing, and a
// newer op of its call supersedes it.
func TestAnOpNeedingAnOperator(t *testing.T) {
	w := newOutboxWorld(t, testConfig())
	ctx := context.Background()
	require.NoError(t, w.st.Enqueue(ctx, "call:1", opSync, "", *w.now, true))
	start := *w.now
	w.failNext(t, "call:1", loginPage)
	assert.Equal(t, store.OutboxCounts{Pending: 1, Failing: 1, Oldest: start}, w.counts(t))
	assert.Equal(t, map[string][]string{"ERROR": {"outbox op needs an operator: ServiceNow or VCC refuses it until a person acts; it will run again"}},
		w.log.levels(t))

	// Tries until the age is reached: each within the 30 minute cap, one
	// error line an hour, warnings between.
	alerts := []time.Time{start}
	for i := 0; i < 200 && w.counts(t).Dead == 0; i++ {
		next := w.nextAt(t, "call:1")
		assert.LessOrEqual(t, next.Sub(*w.now), operatorCap, "try %d", i)
		*w.now = next
		w.failNext(t, "call:1", loginPage)
		logged := w.log.levels(t)
		if w.counts(t).Dead == 0 && len(logged["ERROR"]) > 0 {
			require.GreaterOrEqual(t, w.now.Sub(alerts[len(alerts)-1]), time.Hour, "errors more often than hourly")
			alerts = append(alerts, *w.now)
		}
		assert.Equal(t, 1, len(logged["ERROR"])+len(logged["WARN"]), "one line a try")
	}
	require.Equal(t, 1, w.counts(t).Dead, "never a dead letter")
	assert.GreaterOrEqual(t, len(alerts), 12, "reported all day long")
	assert.GreaterOrEqual(t, w.now.Sub(start), DefaultDeadLetterAge)
	assert.Less(t, w.now.Sub(start), DefaultDeadLetterAge+operatorCap)

	// Dead: later work of the call is not held back, and a newer sync
	// supersedes it.
	require.NoError(t, w.st.Enqueue(ctx, "call:1", opDetail, "", *w.now, true))
	keys, err := w.st.DueKeys(ctx, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"call:1"}, keys)
	dead, err := w.st.DeadLetters(ctx, 10)
	require.NoError(t, err)
	require.Len(t, dead, 1)
	assert.Contains(t, dead[0].LastErr, "Log in")
	require.NoError(t, w.st.Enqueue(ctx, "call:1", opSync, "", *w.now, true))
	assert.Zero(t, w.counts(t).Dead)
}

// An op whose error says it can never succeed is a dead letter at once.
func TestAPermanentFailureIsADeadLetterAtOnce(t *testing.T) {
	w := newOutboxWorld(t, testConfig())
	ctx := context.Background()
	require.NoError(t, w.st.Enqueue(ctx, "odd:1", "no-such-kind", "", *w.now, false))
	op, ok, err := w.st.Claim(ctx, "odd:1", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	w.s.runOp(ctx, op)
	assert.Equal(t, store.OutboxCounts{Dead: 1}, w.counts(t))
	logged := w.log.levels(t)
	require.Len(t, logged["ERROR"], 1)
	assert.Contains(t, logged["ERROR"][0], "dead letter")
}

// A temporary failure (an outage) is retried with a 5 minute cap for as
// long as it lasts, never counted as failing nor killed, and reported at
// error level only once it has lasted five minutes, then hourly.
func TestATemporaryFailureIsRetriedForAsLongAsItLasts(t *testing.T) {
	cfg := testConfig()
	cfg.DeadLetterAge = time.Hour
	w := newOutboxWorld(t, cfg)
	require.NoError(t, w.st.Enqueue(context.Background(), "presence:beth", opPresence, "", *w.now, true))
	outage := &servicenow.Error{Method: "PUT", Path: "/api/now/awa/agents/x", Status: 503}
	w.failNext(t, "presence:beth", outage)
	assert.Equal(t, map[string][]string{"WARN": {"outbox op failed; it will run again"}}, w.log.levels(t))
	start, errorsLogged := *w.now, 0
	for w.now.Sub(start) < 3*time.Hour {
		next := w.nextAt(t, "presence:beth")
		assert.LessOrEqual(t, next.Sub(*w.now), temporaryCap)
		*w.now = next
		w.failNext(t, "presence:beth", outage)
		errorsLogged += len(w.log.levels(t)["ERROR"])
		require.Equal(t, 0, w.counts(t).Failing)
	}
	assert.Zero(t, w.counts(t).Dead, "an outage kills nothing")
	assert.InDelta(t, 3, errorsLogged, 1)
}

// A Retry-After, clamped to an hour, is the least wait.
func TestRetryAfterIsTheLeastWait(t *testing.T) {
	w := newOutboxWorld(t, testConfig())
	require.NoError(t, w.st.Enqueue(context.Background(), "presence:beth", opPresence, "", *w.now, true))
	w.failNext(t, "presence:beth", &servicenow.Error{Status: 429, RetryAfter: 40 * time.Second})
	assert.GreaterOrEqual(t, w.nextAt(t, "presence:beth").Sub(*w.now), 40*time.Second)
	*w.now = w.nextAt(t, "presence:beth")
	w.failNext(t, "presence:beth", &servicenow.Error{Status: 429, RetryAfter: servicenow.ParseRetryAfter("10000000000", *w.now)})
	assert.Equal(t, time.Hour, w.nextAt(t, "presence:beth").Sub(*w.now))
}

// /healthz counts failing ops and dead letters and is not ok while there
// are any; the status stays 200 while the store answers (the bridge still
// takes events), so that nobody takes it out of service for it.
func TestHealthReportsTheOutbox(t *testing.T) {
	w := newOutboxWorld(t, testConfig())
	ctx := context.Background()
	health := func() (int, map[string]any) {
		rec := httptest.NewRecorder()
		w.s.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		var body map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
		return rec.Code, body
	}
	status, body := health()
	assert.Equal(t, 200, status)
	assert.Equal(t, map[string]any{"ok": true, "outboxPending": 0.0, "outboxFailing": 0.0, "outboxDead": 0.0}, body)

	require.NoError(t, w.st.Enqueue(ctx, "call:1", opSync, "", *w.now, true))
	require.NoError(t, w.st.Enqueue(ctx, "call:2", opSync, "", *w.now, true))
	w.failNext(t, "call:1", loginPage)
	op, _, err := w.st.Claim(ctx, "call:2", time.Minute)
	require.NoError(t, err)
	w.s.opFailed(ctx, op, permanent(errors.New("bad payload")))
	*w.now = w.now.Add(time.Minute)
	status, body = health()
	assert.Equal(t, 200, status)
	assert.Equal(t, map[string]any{"ok": false, "outboxPending": 1.0, "outboxFailing": 1.0, "outboxDead": 1.0, "outboxOldestSeconds": 60.0}, body)

	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	assert.Contains(t, rec.Body.String(), "vccnow_outbox_failing 1\n")
	assert.Contains(t, rec.Body.String(), "vccnow_outbox_dead 1\n")
}

// The doctor's outbox check names the dead letters and says how to run
// them again.
func TestOutboxCheck(t *testing.T) {
	w := newOutboxWorld(t, testConfig())
	ctx := context.Background()
	c := OutboxCheck(ctx, w.st, *w.now)
	assert.Equal(t, CheckPass, c.Status, c.Detail)
	for _, key := range []string{"call:1", "call:2", "call:3", "call:4"} {
		require.NoError(t, w.st.Enqueue(ctx, key, opSync, "", *w.now, true))
		op, _, err := w.st.Claim(ctx, key, time.Minute)
		require.NoError(t, err)
		_, err = w.st.MarkDead(ctx, op.ID, loginPage, true)
		require.NoError(t, err)
	}
	*w.now = w.now.Add(2 * time.Hour)
	c = OutboxCheck(ctx, w.st, *w.now)
	assert.Equal(t, CheckWarn, c.Status)
	assert.Contains(t, c.Detail, "4 dead letters, 0 failing")
	assert.Contains(t, c.Detail, "#1 call:1 sync since 2026-11-24T09:00:00Z (2h0m0s ago): servicenow: POST /api/now/openframe/voice-interaction: 200 answered with an HTML page")
	assert.NotContains(t, c.Detail, "call:4 ")
	assert.Contains(t, c.Detail, "and 1 more")
	assert.Contains(t, c.Fix, "bridge outbox retry all")
}

// signed is a Vonage-Signature for body under secret, as VCC signs.
func signed(t *testing.T, secret string, body []byte, now time.Time) string {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(secret)
	require.NoError(t, err)
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: key}, nil)
	require.NoError(t, err)
	sum := sha256.Sum256(body)
	raw, err := jwt.Signed(sig).Claims(map[string]any{"payload_hash": hex.EncodeToString(sum[:]),
		"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(4 * time.Minute).Unix()}).Serialize()
	require.NoError(t, err)
	return "Bearer " + raw
}

// Only a request that queued work says so (QueuedWork), which is what
// starts an outbox run after the answer on Workers: a refused webhook, a
// duplicate and an agent API request without a token queue nothing.
func TestQueuedWork(t *testing.T) {
	w := newOutboxWorld(t, webhookConfig())
	body := w.channelEvent("evt-1", "channel.alerted.v1", "ix-1", "customer", `,"address":"+14155550201"`)
	post := func(path, signature string, body []byte) int {
		req := httptest.NewRequest("POST", path, bytes.NewReader(body))
		if signature != "" {
			req.Header.Set("Vonage-Signature", signature)
		}
		rec := httptest.NewRecorder()
		w.s.ServeHTTP(rec, req)
		return rec.Code
	}
	forged := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("f", 32)))
	assert.Equal(t, http.StatusUnauthorized, post("/webhooks/vcc", "", body))
	assert.False(t, w.s.QueuedWork(), "an unsigned webhook")
	assert.Equal(t, http.StatusUnauthorized, post("/webhooks/vcc", signed(t, forged, body, *w.now), body))
	assert.False(t, w.s.QueuedWork(), "a forged webhook")
	assert.Equal(t, http.StatusUnauthorized, post("/api/v1/agent/session", "", []byte("{}")))
	assert.False(t, w.s.QueuedWork(), "an agent API request without a token")

	assert.Equal(t, http.StatusOK, post("/webhooks/vcc", signed(t, w.s.cfg.WebhookSecret, body, *w.now), body))
	assert.True(t, w.s.QueuedWork(), "an accepted webhook")
	assert.False(t, w.s.QueuedWork(), "reported once")
	assert.Equal(t, http.StatusOK, post("/webhooks/vcc", signed(t, w.s.cfg.WebhookSecret, body, *w.now), body))
	assert.False(t, w.s.QueuedWork(), "a duplicate")
}
