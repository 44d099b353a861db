//go:build !js

package vccsim

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// TestMalformedMessages: every bad message gets an error and the
// connection goes on.
func TestMalformedMessages(t *testing.T) {
	sim := startACDSim(t, nil)
	sp := dialSoftphone(t, sim.URL, "tab")
	cases := []struct {
		name string
		raw  string
		code string
	}{
		{"not json", `{"v":1,`, vccproto.ErrCodeBadRequest},
		{"wrong version", `{"v":2,"type":"hello","id":"a"}`, vccproto.ErrCodeBadRequest},
		{"no type", `{"v":1,"id":"b"}`, vccproto.ErrCodeBadRequest},
		{"before hello", `{"v":1,"type":"hangup","id":"c","data":{"callId":"x"}}`, vccproto.ErrCodeUnauthorized},
		{"hello without data", `{"v":1,"type":"hello","id":"d"}`, vccproto.ErrCodeBadRequest},
		{"hello of the wrong shape", `{"v":1,"type":"hello","id":"e","data":{"token":5}}`, vccproto.ErrCodeBadRequest},
		{"unknown type", `{"v":1,"type":"teleport","id":"f"}`, vccproto.ErrCodeBadRequest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, sp.write([]byte(tc.raw)))
			errorOf(t, sp.await("error", func(env vccproto.Envelope) bool { return env.Type == vccproto.TypeError }), tc.code)
		})
	}

	sp.mustWelcome(sim.token("beth.anglin"), "", false)
	signedIn := []struct {
		name string
		typ  string
		data any
		code string
	}{
		{"second hello", vccproto.TypeHello, vccproto.Hello{Token: sim.token("beth.anglin"), Client: vccproto.Client{ID: "tab"}}, vccproto.ErrCodeBadRequest},
		{"hangup without call id", vccproto.TypeHangup, map[string]string{}, vccproto.ErrCodeBadRequest},
		{"hangup of an unknown call", vccproto.TypeHangup, vccproto.CallRef{CallID: "nope"}, vccproto.ErrCodeNoCall},
		{"answer of an unknown call", vccproto.TypeAnswer, vccproto.CallRef{CallID: "nope"}, vccproto.ErrCodeNoCall},
		{"an SDP that is not one", vccproto.TypeOffer, vccproto.SDP{Type: "offer", SDP: "<script>"}, vccproto.ErrCodeBadRequest},
		{"an offer pion cannot parse", vccproto.TypeOffer, vccproto.SDP{Type: "offer", SDP: "v=0\r\nnonsense"}, vccproto.ErrCodeBadRequest},
		{"an answer instead of an offer", vccproto.TypeOffer, vccproto.SDP{Type: "answer", SDP: "v=0\r\n"}, vccproto.ErrCodeBadRequest},
		{"candidate before offer", vccproto.TypeCandidate, vccproto.Candidate{Candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host"}, vccproto.ErrCodeState},
		{"unknown presence", vccproto.TypePresence, vccproto.SetPresence{PresenceID: "6bbbebbd-f160-4d8d-96db-411b755a18a4"}, vccproto.ErrCodeBadRequest},
		{"dial a bad number", vccproto.TypeDial, vccproto.Dial{Number: "555-1234"}, vccproto.ErrCodeBadRequest},
		{"dial without media", vccproto.TypeDial, vccproto.Dial{Number: "+14155550199"}, vccproto.ErrCodeNotReady},
		{"transfer to a planet", vccproto.TypeTransfer, map[string]any{"callId": "x", "target": map[string]string{"type": "planet", "id": "mars"}}, vccproto.ErrCodeBadRequest},
	}
	for _, tc := range signedIn {
		t.Run(tc.name, func(t *testing.T) {
			sp.mustFail(tc.typ, tc.data, tc.code)
		})
	}

	t.Run("a binary frame", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), waitFor)
		defer cancel()
		require.NoError(t, sp.ws.Write(ctx, websocket.MessageBinary, []byte{1, 2, 3}))
		errorOf(t, sp.await("error", func(env vccproto.Envelope) bool { return env.Type == vccproto.TypeError }), vccproto.ErrCodeBadRequest)
	})
	assert.Equal(t, vccproto.TypePong, sp.request(vccproto.TypePing, nil).Type, "the connection still works")
	t.Run("a message over the limit closes the connection", func(t *testing.T) {
		require.NoError(t, sp.write([]byte(`{"v":1,"type":"ping","data":"`+strings.Repeat("a", vccproto.MaxMessage)+`"}`)))
		sp.awaitClosed()
		assert.Equal(t, websocket.StatusMessageTooBig, websocket.CloseStatus(sp.readErr))
	})
}

// TestSoftphoneOrigins: browsers may connect from the panel's origin (and
// the simulator's own), not from other sites.
func TestSoftphoneOrigins(t *testing.T) {
	sim := startACDSim(t, nil)
	cases := []struct {
		name   string
		origin string
		ok     bool
	}{
		{"the panel", testPanelOrigin, true},
		{"the simulator itself", sim.URL, true},
		{"no origin (not a browser)", "", true},
		{"another site", "https://evil.example", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), waitFor)
			defer cancel()
			h := http.Header{}
			if tc.origin != "" {
				h.Set("Origin", tc.origin)
			}
			ws, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(sim.URL, "http")+vccproto.Path, &websocket.DialOptions{HTTPHeader: h})
			if !tc.ok {
				require.Error(t, err)
				assert.Equal(t, http.StatusForbidden, resp.StatusCode)
				return
			}
			require.NoError(t, err)
			ws.CloseNow()
		})
	}
}

// TestKeepalive: the server pings; a panel that answers stays connected, a
// silent one is dropped (its session waits for a resume).
func TestKeepalive(t *testing.T) {
	sim := startACDSim(t, func(c *Config) {
		c.ACD.PingInterval = 30 * time.Millisecond
		c.ACD.WriteTimeout = 150 * time.Millisecond
	})
	sim.agent("abel.tuter", "answers-pings") // its read loop answers pings

	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	silent, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(sim.URL, "http")+vccproto.Path, nil)
	require.NoError(t, err)
	defer silent.CloseNow()
	hello, err := vccproto.Encode(vccproto.TypeHello, "1", vccproto.Hello{Token: sim.token("beth.anglin"), Client: vccproto.Client{ID: "silent"}})
	require.NoError(t, err)
	require.NoError(t, silent.Write(ctx, websocket.MessageText, hello)) // and never reads

	require.Eventually(t, func() bool {
		s := sim.srv.agentSessions(bethID)
		return len(s) == 1 && s[0].Resumable
	}, waitFor, 10*time.Millisecond, "the silent panel is dropped")
	s := sim.srv.agentSessions(abelID)
	require.Len(t, s, 1)
	assert.False(t, s[0].Resumable, "the answering panel stays connected")
}
