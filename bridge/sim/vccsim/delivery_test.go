//go:build !js

package vccsim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// receiver is a webhook endpoint that records what it receives and answers
// with the status respond gives for the nth request (1-based).
type receiver struct {
	t       *testing.T
	srv     *httptest.Server
	respond func(n int) int

	mu  sync.Mutex
	got []received
}

type received struct {
	header http.Header
	body   []byte
	event  CloudEvent
}

func startReceiver(t *testing.T, respond func(n int) int) *receiver {
	t.Helper()
	rc := &receiver{t: t, respond: respond}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var ev CloudEvent
		_ = json.Unmarshal(body, &ev)
		rc.mu.Lock()
		rc.got = append(rc.got, received{header: r.Header.Clone(), body: body, event: ev})
		n := len(rc.got)
		rc.mu.Unlock()
		status := http.StatusOK
		if rc.respond != nil {
			status = rc.respond(n)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

// waitFor waits up to 5 s until n requests arrived and returns them.
func (rc *receiver) waitFor(n int) []received {
	rc.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		rc.mu.Lock()
		got := append([]received(nil), rc.got...)
		rc.mu.Unlock()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			rc.t.Fatalf("waited 5 s for %d webhook requests, got %d", n, len(got))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.got)
}

// presenceDescriptions lists the presences of agent.presencechanged events.
func presenceDescriptions(t *testing.T, got []received) []string {
	t.Helper()
	var out []string
	for _, g := range got {
		var d struct {
			Presence struct{ Description string } `json:"presence"`
		}
		require.NoError(t, json.Unmarshal(g.event.Data, &d))
		out = append(out, d.Presence.Description)
	}
	return out
}

// fastRetries makes webhook retries quick for tests.
func fastRetries(c *Config) {
	c.Webhooks.RetryDelays = []time.Duration{10 * time.Millisecond}
	c.Webhooks.Timeout = 2 * time.Second
}

var testSecret = base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef-signing"))

// verifySignature checks a Vonage-Signature header by hand (HS256 over
// header.payload, key = the base64-decoded secret) and returns its claims.
func verifySignature(t *testing.T, header string, body []byte, secret string) map[string]any {
	t.Helper()
	tok, ok := strings.CutPrefix(header, "Bearer ")
	require.True(t, ok, "Vonage-Signature %q has no Bearer prefix", header)
	parts := strings.Split(tok, ".")
	require.Len(t, parts, 3)
	key, err := base64.StdEncoding.DecodeString(secret)
	require.NoError(t, err)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	require.NoError(t, err)
	require.True(t, hmac.Equal(mac.Sum(nil), sig), "the signature does not verify with the decoded secret")
	var head, claims map[string]any
	require.NoError(t, json.Unmarshal(must64(t, parts[0]), &head))
	assert.Equal(t, "HS256", head["alg"])
	require.NoError(t, json.Unmarshal(must64(t, parts[1]), &claims))
	sum := sha256.Sum256(body)
	assert.Equal(t, hex.EncodeToString(sum[:]), claims["payload_hash"])
	return claims
}

func must64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestWebhookSignedDelivery(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	rc := startReceiver(t, nil)
	sim.subscribe(rc.srv.URL+"/hook", []string{"agent.presencechanged.v1"}, testSecret)

	_, err := sim.srv.setPresence(bethID, breakID, OriginSupervisor)
	require.NoError(t, err)
	got := rc.waitFor(1)[0]

	assert.Equal(t, "application/cloudevents+json", got.header.Get("Content-Type"))
	claims := verifySignature(t, got.header.Get("Vonage-Signature"), got.body, testSecret)
	assert.Equal(t, float64(sim.clock.Now().Unix()), claims["iat"])
	assert.Equal(t, float64(300), claims["exp"].(float64)-claims["iat"].(float64))

	ev := got.event
	assert.Equal(t, "1.0", ev.SpecVersion)
	assert.Equal(t, "agent.presencechanged.v1", ev.Type)
	assert.Equal(t, "/agent", ev.Source)
	assert.Equal(t, "1001", ev.Subject)
	assert.Equal(t, "application/json", ev.DataContentType)
	assert.Regexp(t, regexp.MustCompile(`^[0-9A-Za-z]{27}$`), ev.ID)
	assert.Equal(t, "2026-03-02T09:00:00.0000000Z", ev.Time)
	assert.JSONEq(t, `{
		"timestamp": "2026-03-02T09:00:00.0000000Z",
		"presence": {"presenceId": "`+breakID+`",
			"category": {"type": "away", "description": "Away", "subcategory": "away"}, "description": "Break"},
		"user": {"agentId": "1001", "userId": "`+bethID+`"}
	}`, string(ev.Data))
}

// v0 subscribers get v0 events; a subscription gets only the types it
// names; other accounts' events do not arrive.
func TestWebhookMatching(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	v0, channels := startReceiver(t, nil), startReceiver(t, nil)
	sim.subscribe(v0.srv.URL, []string{"agent.presencechanged.v0"}, "")
	sim.subscribe(channels.srv.URL, []string{"channel.alerted.v1", "channel.ended.v1"}, "")

	_, err := sim.srv.setPresence(zoeID, "16a27891-92a5-4b4a-a85e-d3d7cf18c83a", OriginSystem) // another account
	require.NoError(t, err)
	_, err = sim.srv.setPresence(abelID, breakID, OriginSystem)
	require.NoError(t, err)
	sim.srv.publish("channel.held.v1", "chan-1", ChannelData{Channel: ChannelInfo{InteractionID: "i-1", ChannelID: "chan-1"}})
	sim.srv.publish("channel.alerted.v1", "chan-1", ChannelData{Channel: ChannelInfo{
		InteractionID: "i-1", ChannelID: "chan-1", Party: Party{Role: "customer", Address: "+14155550100"},
		Queue: &QueueRef{QueueID: "q", Name: "support"}, Direction: "inbound"}})

	got := v0.waitFor(1)
	assert.Equal(t, "agent.presencechanged.v0", got[0].event.Type)
	assert.Equal(t, "1002", got[0].event.Subject)
	ch := channels.waitFor(1)
	assert.Equal(t, "channel.alerted.v1", ch[0].event.Type)
	assert.Equal(t, "/channel", ch[0].event.Source)
	var data map[string]any
	require.NoError(t, json.Unmarshal(ch[0].event.Data, &data))
	assert.Equal(t, ch[0].event.Time, data["timestamp"], "publish adds data.timestamp")

	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, 1, v0.count(), "no other event reached the v0 subscriber")
	assert.Equal(t, 1, channels.count())
}

func TestWebhookRetries(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	rc := startReceiver(t, func(n int) int {
		if n < 3 {
			return http.StatusServiceUnavailable
		}
		return 204
	})
	sub := sim.subscribe(rc.srv.URL, []string{"agent.presencechanged.v1"}, "")
	_, err := sim.srv.setPresence(bethID, breakID, OriginSystem)
	require.NoError(t, err)

	got := rc.waitFor(3)
	assert.Equal(t, got[0].event.ID, got[2].event.ID, "the same event, retried")
	require.Eventually(t, func() bool {
		d := sim.srv.hooks.deliveries()
		return len(d) == 1 && d[0].Status == "delivered"
	}, 2*time.Second, 5*time.Millisecond)
	d := sim.srv.hooks.deliveries()[0]
	assert.Equal(t, 3, d.Attempts)
	assert.Equal(t, 204, d.LastStatus)
	assert.Equal(t, sub.SubscriptionID, d.SubscriptionID)
}

func TestWebhookGivesUp(t *testing.T) {
	sim := startAPISim(t, "", func(c *Config) {
		fastRetries(c)
		c.Webhooks.RetryFor = 50 * time.Millisecond
	})
	rc := startReceiver(t, func(int) int { return http.StatusInternalServerError })
	sim.subscribe(rc.srv.URL, []string{"agent.presencechanged.v1"}, "")
	_, err := sim.srv.setPresence(bethID, breakID, OriginSystem)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		d := sim.srv.hooks.deliveries()
		return len(d) == 1 && d[0].Status == "failed"
	}, 3*time.Second, 5*time.Millisecond)
	n := rc.count()
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, n, rc.count(), "no attempt after giving up")
}

func TestWebhookTimeoutIsAFailure(t *testing.T) {
	sim := startAPISim(t, "", func(c *Config) {
		fastRetries(c)
		c.Webhooks.Timeout = 50 * time.Millisecond
	})
	release := make(chan struct{})
	var once sync.Once
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first := false
		once.Do(func() { first = true })
		_, _ = io.Copy(io.Discard, r.Body)
		if first {
			select { // longer than the timeout
			case <-release:
			case <-r.Context().Done():
			}
		}
	}))
	defer slow.Close()
	defer close(release)
	sim.subscribe(slow.URL, []string{"agent.presencechanged.v1"}, "")
	_, err := sim.srv.setPresence(bethID, breakID, OriginSystem)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		d := sim.srv.hooks.deliveries()
		return len(d) == 1 && d[0].Status == "delivered" && d[0].Attempts == 2
	}, 3*time.Second, 5*time.Millisecond)
}

// hangingHandler reads the request and then never answers, until hang is
// closed or the client goes away.
func hangingHandler(hang chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so the server notices a client that leaves
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	})
}

// A receiver that hangs delays only its own subscription.
func TestDeadReceiverDoesNotBlockOthers(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	hang := make(chan struct{})
	dead := httptest.NewServer(hangingHandler(hang))
	defer dead.Close()
	defer close(hang)
	live := startReceiver(t, nil)
	sim.subscribe(dead.URL, []string{"agent.presencechanged.v1"}, "")
	sim.subscribe(live.srv.URL, []string{"agent.presencechanged.v1"}, "")

	for _, p := range []string{breakID, "c03c4504-c927-47cd-9330-98e73d31cf34", breakID} {
		_, err := sim.srv.setPresence(bethID, p, OriginSystem)
		require.NoError(t, err)
	}
	got := live.waitFor(3)
	assert.Equal(t, []string{"Break", "Lunch", "Break"}, presenceDescriptions(t, got), "in order when there is no chaos")
}

func TestChaosDuplicatesAndReorders(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	rc := startReceiver(t, nil)
	sim.subscribe(rc.srv.URL, []string{"agent.presencechanged.v1"}, "")

	sim.srv.hooks.setChaos(Chaos{Duplicate: 1})
	_, err := sim.srv.setPresence(bethID, breakID, OriginSystem)
	require.NoError(t, err)
	got := rc.waitFor(2)
	assert.Equal(t, got[0].event.ID, got[1].event.ID, "the same event twice")
	assert.Equal(t, got[0].body, got[1].body)

	sim.srv.hooks.setChaos(Chaos{Reorder: true, DelayMS: 300}) // a batch window of 400 ms
	var sent []string
	for _, p := range []string{readyID, "c03c4504-c927-47cd-9330-98e73d31cf34", "f062e1ff-7268-44e9-b28a-f6713e0172ea"} {
		def, err := sim.srv.setPresence(bethID, p, OriginSystem)
		require.NoError(t, err)
		sent = append(sent, def.Description)
	}
	got = rc.waitFor(5)[2:]
	assert.Equal(t, []string{sent[2], sent[1], sent[0]}, presenceDescriptions(t, got), "a batch arrives newest first")
}

// Close stops delivery at once, even with a receiver that hangs and
// events waiting for retries.
func TestCloseStopsDelivery(t *testing.T) {
	sim := startAPISim(t, "", fastRetries)
	failing := startReceiver(t, func(int) int { return 500 })
	hang := make(chan struct{})
	defer close(hang)
	dead := httptest.NewServer(hangingHandler(hang))
	defer dead.Close()
	sim.subscribe(failing.srv.URL, []string{"agent.presencechanged.v1"}, "")
	sim.subscribe(dead.URL, []string{"agent.presencechanged.v1"}, "")
	_, err := sim.srv.setPresence(bethID, breakID, OriginSystem)
	require.NoError(t, err)
	failing.waitFor(2)

	start := time.Now()
	require.NoError(t, sim.srv.Close())
	assert.Less(t, time.Since(start), time.Second, "Close does not wait for receivers")
	// A worker that has just signalled Close may still be returning.
	assert.Eventually(t, func() bool {
		buf := make([]byte, 1<<20)
		return !strings.Contains(string(buf[:runtime.Stack(buf, true)]), "(*webhookEngine)")
	}, time.Second, 5*time.Millisecond, "no delivery goroutine left")
	time.Sleep(20 * time.Millisecond) // a request cancelled by Close may still land
	n := failing.count()
	time.Sleep(50 * time.Millisecond) // five retry periods
	assert.Equal(t, n, failing.count(), "no delivery after Close")
}
