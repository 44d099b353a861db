//go:build !js

package vccsim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// WebhookConfig tunes webhook delivery. The zero value is VCC's documented
// behaviour: 10 s per attempt, retries for up to 24 h.
type WebhookConfig struct {
	// Timeout bounds one delivery attempt (default 10 s); a timeout is a
	// failed attempt.
	Timeout time.Duration
	// RetryDelays are the waits before the 1st, 2nd, ... retry; the last one
	// repeats (default 1 s, 2 s, 5 s, 10 s, 30 s, 1 m, 5 m, 15 m, 30 m, 1 h).
	// VCC does not publish its schedule.
	RetryDelays []time.Duration
	// RetryFor is how long after its first attempt an event is retried
	// (default 24 h).
	RetryFor time.Duration
	// QueueSize bounds each subscription's undelivered events (default
	// 1000); beyond it the oldest is dropped.
	QueueSize int
	// Client sends the notifications (default: a client of the simulator's
	// own, whose idle connections Close closes).
	Client *http.Client

	ownClient bool // Client was made by withDefaults
}

func (c WebhookConfig) withDefaults() WebhookConfig {
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if len(c.RetryDelays) == 0 {
		c.RetryDelays = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second,
			30 * time.Second, time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour}
	}
	if c.RetryFor <= 0 {
		c.RetryFor = 24 * time.Hour
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 1000
	}
	if c.Client == nil {
		c.Client = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		c.ownClient = true
	}
	return c
}

// signatureTTL is how long a Vonage-Signature JWT is valid.
const signatureTTL = 5 * time.Minute

// webhookEngine keeps the subscriptions and delivers events to them. Each
// subscription has its own queue and one worker goroutine, so a slow or
// dead receiver delays only its own events. Workers stop when ctx ends.
type webhookEngine struct {
	ctx context.Context
	cfg WebhookConfig
	now func() time.Time // the simulator's clock, for signature times
	log *log.Logger
	wg  sync.WaitGroup

	mu      sync.Mutex
	subs    map[string]*subscription
	chaos   Chaos
	rng     *rand.Rand
	records []*deliveryRecord // oldest first
}

// attempt is one event waiting for delivery to one subscription.
type attempt struct {
	body   []byte
	due    time.Time // real time, not the simulator's clock
	first  time.Time
	seq    uint64
	record *deliveryRecord
}

func newWebhookEngine(ctx context.Context, cfg WebhookConfig, now func() time.Time, logger *log.Logger) *webhookEngine {
	return &webhookEngine{
		ctx: ctx, cfg: cfg.withDefaults(), now: now, log: logger,
		subs: map[string]*subscription{},
		rng:  rand.New(rand.NewPCG(1, 2)),
	}
}

// wait blocks until every worker has stopped (after ctx ended) and closes
// the idle connections of the simulator's own client.
func (e *webhookEngine) wait() {
	e.wg.Wait()
	if e.cfg.ownClient {
		e.cfg.Client.CloseIdleConnections()
	}
}

// enqueue queues ev for every enabled subscription of the account that
// matches its type.
func (e *webhookEngine) enqueue(accountID string, ev CloudEvent) {
	body, err := json.Marshal(ev)
	if err != nil {
		e.log.Printf("webhooks: encode %s: %v", ev.Type, err)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, sub := range e.subs {
		if sub.AccountID != accountID || !sub.Enabled || !sub.matches(ev.Type) {
			continue
		}
		e.push(sub, ev, body, false)
		if e.chaos.Duplicate > 0 && e.rng.Float64() < e.chaos.Duplicate {
			e.push(sub, ev, body, true)
		}
	}
}

// push adds an attempt to a subscription's queue; e.mu is held.
func (e *webhookEngine) push(sub *subscription, ev CloudEvent, body []byte, duplicate bool) {
	now := time.Now()
	due := now.Add(time.Duration(e.chaos.DelayMS) * time.Millisecond)
	if e.chaos.Reorder {
		// Hold a batch of events and deliver it newest first.
		if !now.Before(sub.holdUntil) {
			sub.holdUntil = due.Add(reorderWindow)
		}
		due = sub.holdUntil
	}
	rec := &deliveryRecord{EventID: ev.ID, Type: ev.Type, SubscriptionID: sub.ID, Duplicate: duplicate,
		Status: deliveryPending, Queued: now}
	e.addRecord(rec)
	if len(sub.pending) >= e.cfg.QueueSize {
		sub.pending[0].record.Status = deliveryDropped
		sub.pending = sub.pending[1:]
	}
	sub.seq++
	sub.pending = append(sub.pending, &attempt{body: body, due: due, first: now, seq: sub.seq, record: rec})
	select {
	case sub.wake <- struct{}{}:
	default:
	}
}

// reorderWindow is how long chaos reordering holds a batch of events.
const reorderWindow = 100 * time.Millisecond

// start runs a subscription's worker; e.mu is held.
func (e *webhookEngine) start(sub *subscription) {
	ctx, cancel := context.WithCancel(e.ctx)
	sub.cancel = cancel
	sub.wake = make(chan struct{}, 1)
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		e.run(ctx, sub)
	}()
}

// run delivers a subscription's events one at a time, each when due.
func (e *webhookEngine) run(ctx context.Context, sub *subscription) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		e.mu.Lock()
		a, wait := e.next(sub, time.Now())
		e.mu.Unlock()
		if a != nil {
			e.deliver(ctx, sub, a)
			continue
		}
		timer.Stop()
		if wait > 0 {
			timer.Reset(wait)
		}
		select {
		case <-ctx.Done():
			return
		case <-sub.wake:
		case <-timer.C:
		}
	}
}

// next takes the due attempt to send now (the oldest; the newest while
// chaos reorders), or says how long until one is due (0: none queued).
func (e *webhookEngine) next(sub *subscription, now time.Time) (*attempt, time.Duration) {
	pick, wait := -1, time.Duration(0)
	for i, a := range sub.pending {
		if a.due.After(now) {
			if d := a.due.Sub(now); wait == 0 || d < wait {
				wait = d
			}
			continue
		}
		if pick < 0 || e.sendsFirst(a, sub.pending[pick]) {
			pick = i
		}
	}
	if pick < 0 {
		return nil, wait
	}
	a := sub.pending[pick]
	sub.pending = append(sub.pending[:pick], sub.pending[pick+1:]...)
	return a, 0
}

// sendsFirst orders due attempts: oldest first, newest first while chaos
// reorders.
func (e *webhookEngine) sendsFirst(a, b *attempt) bool {
	if e.chaos.Reorder {
		return a.seq > b.seq
	}
	return a.seq < b.seq
}

// deliver makes one attempt and settles the attempt's fate: delivered,
// queued again for a retry, or failed for good after RetryFor.
func (e *webhookEngine) deliver(ctx context.Context, sub *subscription, a *attempt) {
	e.mu.Lock()
	url, key := sub.URL, sub.key
	e.mu.Unlock()
	status, err := e.post(ctx, url, key, a.body)
	if ctx.Err() != nil {
		return // the subscription was deleted or the simulator closed
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rec := a.record
	rec.Attempts++
	rec.LastAttempt = time.Now()
	rec.LastStatus = status
	rec.LastError = ""
	if err != nil {
		rec.LastError = err.Error()
	}
	switch {
	case err == nil && status >= 200 && status <= 205:
		rec.Status = deliveryDelivered
	case !sub.Enabled:
		rec.Status = deliveryDiscarded
	case time.Since(a.first) >= e.cfg.RetryFor:
		rec.Status = deliveryFailed
		e.log.Printf("webhooks: gave up on %s %s for %s after %d attempts", rec.Type, rec.EventID, url, rec.Attempts)
	default:
		rec.Status = deliveryRetrying
		delays := e.cfg.RetryDelays
		a.due = time.Now().Add(delays[min(rec.Attempts, len(delays))-1])
		sub.pending = append(sub.pending, a)
	}
}

// post sends one signed notification and returns the HTTP status.
func (e *webhookEngine) post(ctx context.Context, url string, key, body []byte) (int, error) {
	sig, err := signWebhook(key, body, e.now())
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/cloudevents+json")
	req.Header.Set("Vonage-Signature", "Bearer "+sig)
	req.Header.Set("User-Agent", "VCC-Webhooks-Simulator/1")
	resp, err := e.cfg.Client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// signWebhook makes the Vonage-Signature JWT: HS256 with the subscription's
// base64-decoded secret, claims payload_hash (hex SHA-256 of the exact
// body), iat and exp = iat + 300 s.
func signWebhook(key, body []byte, now time.Time) (string, error) {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(body)
	claims := map[string]any{
		"payload_hash": hex.EncodeToString(sum[:]),
		"iat":          now.Unix(),
		"exp":          now.Add(signatureTTL).Unix(),
	}
	return jwt.Signed(signer).Claims(claims).Serialize()
}
