//go:build !js

package vccsim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// Timer durations of the ACD in these tests: distinct, so that a test can
// fire one kind of timer (fakeTimers.fire). The grace window is the
// default, VCC's 20 s.
const (
	testGrace          = 20 * time.Second
	testRing           = 30 * time.Second
	testOutboundAnswer = 300 * time.Millisecond
	testNoAnswer       = 90 * time.Second
)

// fakeTimers stands in for time.AfterFunc: timers fire when a test says.
type fakeTimers struct {
	mu      sync.Mutex
	pending []*fakeTimer
}

type fakeTimer struct {
	ft   *fakeTimers
	d    time.Duration
	f    func()
	done bool
}

func (ft *fakeTimers) AfterFunc(d time.Duration, f func()) Timer {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	t := &fakeTimer{ft: ft, d: d, f: f}
	ft.pending = append(ft.pending, t)
	return t
}

func (t *fakeTimer) Stop() bool {
	t.ft.mu.Lock()
	defer t.ft.mu.Unlock()
	if t.done {
		return false
	}
	t.done = true
	return true
}

// fire runs the pending timers of duration d and returns how many ran.
func (ft *fakeTimers) fire(d time.Duration) int {
	ft.mu.Lock()
	var due []*fakeTimer
	ft.pending = slices.DeleteFunc(ft.pending, func(t *fakeTimer) bool {
		if t.done {
			return true
		}
		if t.d == d {
			t.done = true
			due = append(due, t)
			return true
		}
		return false
	})
	ft.mu.Unlock()
	for _, t := range due {
		t.f()
	}
	return len(due)
}

// acdSim is a simulator with fake ACD timers and a webhook receiver.
type acdSim struct {
	*apiSim
	timers *fakeTimers
	events *eventLog
}

func startACDSim(t *testing.T, edit func(*Config)) *acdSim {
	t.Helper()
	ft := &fakeTimers{}
	api := startAPISim(t, "", func(c *Config) {
		c.ACD = ACDConfig{RingTimeout: testRing, OutboundAnswer: testOutboundAnswer,
			OutboundNoAnswer: testNoAnswer, AfterFunc: ft.AfterFunc}
		c.Webhooks = WebhookConfig{RetryDelays: []time.Duration{10 * time.Millisecond}}
		if edit != nil {
			edit(c)
		}
	})
	sim := &acdSim{apiSim: api, timers: ft}
	sim.events = sim.subscribe()
	return sim
}

// withExtensions starts a simulator whose channel events carry the
// extensions (Config.WebhookExtensions), for tests that read them.
func withExtensions(c *Config) { c.WebhookExtensions = true }

// agent connects a panel for a user and signs in.
func (sim *acdSim) agent(userName, clientID string) *softphone {
	sim.t.Helper()
	sp := dialSoftphone(sim.t, sim.URL, clientID)
	sp.mustWelcome(sim.token(userName), "", false)
	return sp
}

// readyAgent is an agent signed in with connected media.
func (sim *acdSim) readyAgent(userName string) *softphone {
	sim.t.Helper()
	sp := sim.agent(userName, userName+"-tab")
	sp.connectMedia()
	sim.awaitMedia(userName, mediaConnected)
	return sp
}

// token is an agent's access token, as the connector gets it at sign-in.
func (sim *acdSim) token(userName string) string {
	sim.t.Helper()
	u, ok := sim.srv.userByName(userName)
	require.True(sim.t, ok, userName)
	tok, err := sim.srv.issueAccessToken(u, connectorClientID, "openid users:read users:write")
	require.NoError(sim.t, err)
	return tok.Raw
}

func (sim *acdSim) awaitMedia(userName, state string) {
	sim.t.Helper()
	u, _ := sim.srv.userByName(userName)
	require.Eventually(sim.t, func() bool {
		s := sim.srv.agentSessions(u.ID)
		return len(s) == 1 && s[0].Media == state
	}, waitFor, 10*time.Millisecond, "%s's media never got %s", userName, state)
}

// control calls the loopback control API.
func (sim *acdSim) control(method, path string, body any) (int, []byte) {
	sim.t.Helper()
	return sim.api(method, path, "", body)
}

func (sim *acdSim) placeCall(from, queue string) string {
	sim.t.Helper()
	status, b := sim.control(http.MethodPost, "/sim/calls", map[string]string{"from": from, "queue": queue})
	require.Equal(sim.t, http.StatusCreated, status, "%s", b)
	return decode[map[string]string](sim.t, b)["id"]
}

func (sim *acdSim) call(id string) callJSON {
	sim.t.Helper()
	status, b := sim.control(http.MethodGet, "/sim/calls/"+id, nil)
	require.Equal(sim.t, http.StatusOK, status, "%s", b)
	return decode[callJSON](sim.t, b)
}

// assign is the bridge's POST /routing/v1/calls/{id}/assign.
func (sim *acdSim) assign(callID, userID string) (int, []byte) {
	sim.t.Helper()
	return sim.api(http.MethodPost, "/routing/v1/calls/"+callID+"/assign", sim.clientToken("interactions:write"),
		map[string]string{"userId": userID})
}

func (sim *acdSim) mustAssign(callID, userID string) {
	sim.t.Helper()
	status, b := sim.assign(callID, userID)
	require.Equal(sim.t, http.StatusAccepted, status, "%s", b)
}

// connectedCall places a call from number into support and assigns it to
// the agent of sp, who must have connected media; it returns the call id.
func (sim *acdSim) connectedCall(sp *softphone, number string) string {
	sim.t.Helper()
	id := sim.placeCall(number, "support")
	sim.mustAssign(id, sp.welcome.User.UserID)
	sp.awaitCall(id, vccproto.CallConnected)
	return id
}

// subscribe receives the channel.* v1 webhooks of the primary account.
func (sim *acdSim) subscribe() *eventLog {
	sim.t.Helper()
	log := &eventLog{}
	rx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var ev CloudEvent
		if json.Unmarshal(b, &ev) == nil {
			log.add(ev)
		}
	}))
	sim.t.Cleanup(rx.Close)
	status, b := sim.api(http.MethodPost, "/webhooks/subscriptions", sim.clientToken("admin:write"),
		map[string]any{"name": "acd tests", "url": rx.URL, "events": channelEvents})
	require.Equal(sim.t, http.StatusCreated, status, "%s", b)
	return log
}

// customerAlert waits for the nth channel.alerted (from 1) of the call's
// customer channel and returns its data.
func (sim *acdSim) customerAlert(callID string, nth int) ChannelData {
	sim.t.Helper()
	var found ChannelData
	require.Eventually(sim.t, func() bool {
		n := 0
		sim.events.mu.Lock()
		defer sim.events.mu.Unlock()
		for _, ev := range sim.events.events {
			d := decode[ChannelData](sim.t, ev.Data)
			if ev.Type == evAlerted && d.Channel.InteractionID == callID && d.Channel.Party.Role == "customer" {
				if n++; n == nth {
					found = d
				}
			}
		}
		return n >= nth
	}, waitFor, 10*time.Millisecond, "customer alert %d of call %s", nth, callID)
	return found
}

// awaitLifecycle waits until the call's events are want.
func (sim *acdSim) awaitLifecycle(callID string, want ...string) {
	sim.t.Helper()
	require.EventuallyWithT(sim.t, func(c *assert.CollectT) {
		assert.Equal(c, want, sim.events.lifecycle(sim.t, callID))
	}, waitFor, 20*time.Millisecond)
}

// awaitCallState waits until the control API shows the call in state.
func (sim *acdSim) awaitCallState(id, state string) callJSON {
	sim.t.Helper()
	var c callJSON
	require.Eventually(sim.t, func() bool {
		c = sim.call(id)
		return c.State == state
	}, waitFor, 10*time.Millisecond, "call %s never got %s", id, state)
	return c
}

func historyStates(c callJSON) []string {
	var out []string
	for _, h := range c.History {
		out = append(out, h.State)
	}
	return out
}
