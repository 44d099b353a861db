//go:build !js

package softphone_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/sim/vccsim"
	"github.com/vccnow/connector/wasm/softphone/softphonetest"
	"github.com/vccnow/connector/wasm/vcc"
)

// waitFor bounds every wait of these tests.
const waitFor = 10 * time.Second

// vccSim is the VCC simulator, in-process on loopback as bridgetest runs
// it, driven through its control API under /sim/.
type vccSim struct {
	t   *testing.T
	URL string
}

// startVCC runs the simulator with the repository's seed until the test
// ends; queued calls are offered to Ready agents (routing "vcc").
func startVCC(t *testing.T) *vccSim {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	url := "http://" + ts.Listener.Addr().String()
	sim, err := vccsim.New(vccsim.Config{BaseURL: url, SeedDir: filepath.Join("..", "..", "testdata", "vcc")})
	require.NoError(t, err)
	ts.Config.Handler = sim
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		_ = sim.Close()
	})
	v := &vccSim{t: t, URL: url}
	v.control("POST", "/sim/config", map[string]string{"routing": "vcc"}, nil)
	return v
}

// control calls the control API and fails the test unless it answers 2xx;
// out, when not nil, receives the JSON answer.
func (v *vccSim) control(method, path string, body, out any) {
	v.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(v.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, v.URL+path, rd)
	require.NoError(v.t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(v.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(v.t, err)
	require.True(v.t, resp.StatusCode/100 == 2, "%s %s: %d %s", method, path, resp.StatusCode, b)
	if out != nil {
		require.NoError(v.t, json.Unmarshal(b, out), "%s", b)
	}
}

// mintToken is an agent's access token as sign-in gives it (POST
// /sim/tokens, the way bridgetest mints them).
func (v *vccSim) mintToken(userName string) string {
	v.t.Helper()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	v.control("POST", "/sim/tokens", map[string]string{"user_name": userName}, &out)
	require.NotEmpty(v.t, out.AccessToken)
	return out.AccessToken
}

// panel opens a panel for an agent: the signaling socket, not yet signed
// in.
func (v *vccSim) panel(clientID string) *softphonetest.Client {
	v.t.Helper()
	return softphonetest.Dial(v.t, v.URL, clientID, softphonetest.Options{Timeout: waitFor, StrictOrder: true})
}

// placeCall has a customer call a queue; it returns the call's id.
func (v *vccSim) placeCall(from, queue string) string {
	v.t.Helper()
	var out struct {
		ID string `json:"id"`
	}
	v.control("POST", "/sim/calls", map[string]string{"from": from, "queue": queue}, &out)
	return out.ID
}

// simCall is a call as the control API shows it.
type simCall struct {
	State string `json:"state"`
	DTMF  string `json:"dtmf"`
	Media struct {
		RTPFromAgent int64  `json:"rtpFromAgent"`
		RTPToAgent   int64  `json:"rtpToAgent"`
		CallerHears  string `json:"callerHears"`
	} `json:"media"`
}

func (v *vccSim) call(id string) simCall {
	v.t.Helper()
	var c simCall
	v.control("GET", "/sim/calls/"+id, nil, &c)
	return c
}

// agentMedia is the media state of the agent's one session at VCC.
func (v *vccSim) agentMedia(userName string) string {
	v.t.Helper()
	var a struct {
		Sessions []struct {
			Media string `json:"media"`
		} `json:"sessions"`
	}
	v.control("GET", "/sim/agents/"+userName, nil, &a)
	if len(a.Sessions) != 1 {
		return ""
	}
	return a.Sessions[0].Media
}

// presenceID is the id of the presence with description in a welcome.
func presenceID(t *testing.T, w vcc.Welcome, description string) string {
	t.Helper()
	for _, p := range w.Presences {
		if p.Description == description {
			return p.PresenceID
		}
	}
	t.Fatalf("no presence %q in the welcome", description)
	return ""
}
