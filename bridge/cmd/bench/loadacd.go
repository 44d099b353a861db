//go:build !js

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/vccnow/connector/bridge/sim/vccsim"
)

// loadACD plays VCC's call centre for the load suite. The VCC simulator
// connects a call only to an agent whose softphone has live WebRTC media,
// and 500 softphones with media do not fit on two cores; so here the calls
// are the suite's own: it sends the bridge the signed channel.* webhooks
// the simulator sends for an inbound call (same CloudEvents, same data,
// same order), and answers the bridge's assign requests
// (POST /routing/v1/calls/{id}/assign) itself. Every other request the
// bridge makes to VCC's API — the webhook subscription, the instance link —
// goes on to the VCC simulator, which also mints the agents' tokens and
// publishes the keys that verify them.
type loadACD struct {
	bridgeURL string
	key       []byte // the webhook secret, decoded
	hc        *http.Client
	sim       *httputil.ReverseProxy
	lat       *latencies
	// duplicateEvery sends every Nth call's queued event twice, as VCC's
	// at-least-once delivery does.
	duplicateEvery int64

	seq      atomic.Int64
	failures atomic.Int64 // webhook deliveries given up after retries

	mu    sync.Mutex
	calls map[string]*loadCall
}

// loadCall is one call of the suite and its channels.
type loadCall struct {
	id, conversation, customer, agentChannel string
	from                                     string
	queue                                    vccsim.QueueRef
	seq                                      int64
	agent                                    *loadAgent
	// connected is closed once the agent's connect events are delivered.
	connected chan struct{}
	// finished says the suite took the call to its end (the wrap-up);
	// set once its flow returned.
	finished bool
}

func newLoadACD(bridgeURL, secret, simURL string, hc *http.Client, lat *latencies) (*loadACD, error) {
	key, err := base64.StdEncoding.DecodeString(secret)
	if err != nil {
		return nil, err
	}
	target, err := url.Parse(simURL)
	if err != nil {
		return nil, err
	}
	return &loadACD{bridgeURL: bridgeURL, key: key, hc: hc, sim: httputil.NewSingleHostReverseProxy(target), lat: lat,
		duplicateEvery: 10, calls: map[string]*loadCall{}}, nil
}

var assignPath = regexp.MustCompile(`^/routing/v1/calls/([^/]+)/assign$`)

// ServeHTTP answers assign requests and passes the rest to the simulator.
func (a *loadACD) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if m := assignPath.FindStringSubmatch(r.URL.Path); m != nil && r.Method == http.MethodPost {
		a.assign(w, r, m[1])
		return
	}
	a.sim.ServeHTTP(w, r)
}

// place puts a caller in a queue (the customer's channel.alerted); the
// call is for agent, the only one the ACD lets the bridge assign it to.
func (a *loadACD) place(from string, q vccsim.QueueRef, agent *loadAgent) *loadCall {
	c := &loadCall{id: newUUID(), conversation: newUUID(), customer: newUUID(), agentChannel: newUUID(),
		from: from, queue: q, agent: agent, seq: a.seq.Add(1), connected: make(chan struct{})}
	a.mu.Lock()
	a.calls[c.id] = c
	a.mu.Unlock()
	body := a.event("channel.alerted.v1", c.info(c.customer, vccsim.Party{Role: "customer", Address: c.from}), vccsim.ChannelData{})
	a.post(body)
	if c.seq%a.duplicateEvery == 0 {
		a.post(body) // delivered again, as VCC may
	}
	return c
}

// assign connects a queued call to the agent the bridge names, answering
// 202 as the simulator does; the connect events follow.
func (a *loadACD) assign(w http.ResponseWriter, r *http.Request, id string) {
	var body struct {
		UserID string `json:"userId"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, `{"message":"unreadable body"}`, http.StatusBadRequest)
		return
	}
	a.mu.Lock()
	c := a.calls[id]
	a.mu.Unlock()
	if c == nil || c.agent == nil || c.agent.UserID != body.UserID {
		http.Error(w, `{"message":"no such queued call for this agent"}`, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprintf(w, `{"interactionId":%q,"userId":%q,"state":"connected"}`, id, body.UserID)
	go func() {
		defer close(c.connected)
		a.agentEvent(c, "channel.alerted.v1", "", "")
		a.agentEvent(c, "channel.connected.v1", "", "")
		a.customerEvent(c, "channel.connected.v1", "")
	}()
}

// hangUp is the agent hanging up: their channel disconnects and starts
// wrap-up, the customer's ends.
func (a *loadACD) hangUp(c *loadCall) {
	a.agentEvent(c, "channel.disconnected.v1", "", "")
	a.agentEvent(c, "channel.wrapstarted.v1", "", "")
	a.customerEvent(c, "channel.disconnected.v1", "")
	a.customerEvent(c, "channel.ended.v1", vccsim.ReasonReleased)
}

// wrapEnded is the end of the agent's wrap-up with a disposition.
func (a *loadACD) wrapEnded(c *loadCall, disposition string) {
	a.agentEvent(c, "channel.ended.v1", vccsim.ReasonReleased, disposition)
}

func (a *loadACD) customerEvent(c *loadCall, typ, reason string) {
	info := c.info(c.customer, vccsim.Party{Role: "customer", Address: c.from})
	a.deliver(typ, info, vccsim.ChannelData{Reason: reason})
}

func (a *loadACD) agentEvent(c *loadCall, typ, reason, disposition string) {
	info := c.info(c.agentChannel, vccsim.Party{Role: "agent", AgentID: c.agent.AgentID, UserID: c.agent.UserID})
	a.deliver(typ, info, vccsim.ChannelData{Reason: reason, Disposition: disposition})
}

func (c *loadCall) info(channel string, p vccsim.Party) vccsim.ChannelInfo {
	q := c.queue
	return vccsim.ChannelInfo{ConversationID: c.conversation, InteractionID: c.id, ChannelID: channel, Party: p,
		Queue: &q, Direction: "inbound"}
}

// deliver sends the bridge a notification.
func (a *loadACD) deliver(typ string, info vccsim.ChannelInfo, data vccsim.ChannelData) {
	a.post(a.event(typ, info, data))
}

// event is a notification's body: a CloudEvent with a new id.
func (a *loadACD) event(typ string, info vccsim.ChannelInfo, data vccsim.ChannelData) []byte {
	data.Timestamp = time.Now().UTC().Format("2006-01-02T15:04:05.0000000Z")
	data.Channel = info
	raw, _ := json.Marshal(data)
	body, _ := json.Marshal(vccsim.CloudEvent{SpecVersion: "1.0", Type: typ, ID: newUUID(), Source: "/channel",
		Subject: info.ChannelID, Time: data.Timestamp, DataContentType: "application/json", Data: raw})
	return body
}

// post signs and posts a notification to the bridge, retrying a refusal or
// an error up to four times a quarter second apart (VCC retries for a
// day); every attempt's latency is recorded.
func (a *loadACD) post(body []byte) {
	for attempt := 0; attempt < 5; attempt++ {
		if attempt > 0 {
			time.Sleep(250 * time.Millisecond)
		}
		sig, err := signWebhook(a.key, body, time.Now())
		if err != nil {
			break
		}
		req, _ := http.NewRequest(http.MethodPost, a.bridgeURL+"/webhooks/vcc", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/cloudevents+json")
		req.Header.Set("Vonage-Signature", "Bearer "+sig)
		start := time.Now()
		res, err := a.hc.Do(req)
		a.lat.add(kindWebhook, time.Since(start))
		if err == nil {
			res.Body.Close()
			if res.StatusCode < 300 {
				return
			}
		}
	}
	a.failures.Add(1)
}

// signWebhook makes the Vonage-Signature JWT as VCC does: HS256 keyed with
// the subscription secret, claims payload_hash (hex SHA-256 of the body),
// iat and exp five minutes later.
func signWebhook(key, body []byte, now time.Time) (string, error) {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(body)
	return jwt.Signed(signer).Claims(map[string]any{
		"payload_hash": hex.EncodeToString(sum[:]), "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
	}).Serialize()
}
