//go:build !js

package vccsim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// goldenDir holds the golden fixtures of the softphone signaling, one file
// per message type as the wire carries it (wasm/vcc/testdata/README.md):
// client/ what the panel sends, server/ what VCC sends. wasm/vcc's tests
// check the Go types against the same files.
var goldenDir = filepath.Join("..", "..", "..", "wasm", "vcc", "testdata")

func readGolden(t *testing.T, dir, typ string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, dir, typ+".json"))
	require.NoError(t, err)
	return b
}

// sendGolden writes the panel's fixture of typ as it is and returns the
// server's reply to its id.
func sendGolden(t *testing.T, sp *softphone, typ string) vccproto.Envelope {
	t.Helper()
	b := readGolden(t, "client", typ)
	env, err := vccproto.Decode(b)
	require.NoError(t, err)
	require.NotEmpty(t, env.ID, "client/%s.json is a request", typ)
	require.NoError(t, sp.write(b))
	return sp.await("the reply to client/"+typ+".json", func(e vccproto.Envelope) bool { return e.ID == env.ID })
}

// TestGoldenClientMessages: the simulator reads every message of the panel
// as the fixtures carry it. None is refused as malformed (bad_request):
// each gets the answer its content calls for (the fixtures' token is made
// up, their call unknown here).
func TestGoldenClientMessages(t *testing.T) {
	sim := startACDSim(t, nil)
	errorOf(t, sendGolden(t, dialSoftphone(t, sim.URL, "golden-hello"), vccproto.TypeHello), vccproto.ErrCodeUnauthorized)

	var mu sync.Mutex
	var unasked []vccproto.Envelope // errors without an id
	beth := dialWatched(t, sim.URL, "golden", func(env vccproto.Envelope) {
		if env.Type == vccproto.TypeError && env.ID == "" {
			mu.Lock()
			unasked = append(unasked, env)
			mu.Unlock()
		}
	})
	beth.mustWelcome(sim.token("beth.anglin"), "", false)
	assert.Equal(t, vccproto.TypePong, sendGolden(t, beth, vccproto.TypePing).Type)
	assert.Equal(t, vccproto.TypeAck, sendGolden(t, beth, vccproto.TypePresence).Type, "presence Break")
	assert.Equal(t, vccproto.TypeAck, sendGolden(t, beth, vccproto.TypeOffer).Type, "a browser's offer is answered")
	// A candidate is a notification: only a failure is answered.
	require.NoError(t, beth.write(readGolden(t, "client", vccproto.TypeCandidate)))
	assert.Equal(t, vccproto.TypePong, sendGolden(t, beth, vccproto.TypePing).Type)
	mu.Lock()
	assert.Empty(t, unasked, "the candidate is taken")
	mu.Unlock()

	for _, typ := range []string{vccproto.TypeAnswer, vccproto.TypeReject, vccproto.TypeHold, vccproto.TypeResume,
		vccproto.TypeMute, vccproto.TypeTransfer, vccproto.TypeHangup, vccproto.TypeWrapUp} {
		errorOf(t, sendGolden(t, beth, typ), vccproto.ErrCodeNoCall)
	}
	if reply := sendGolden(t, beth, vccproto.TypeDial); reply.Type == vccproto.TypeError {
		var e vccproto.Error
		require.NoError(t, reply.Into(&e))
		assert.NotEqual(t, vccproto.ErrCodeBadRequest, e.Code, "dial: %s", e.Message)
	}
	assert.Equal(t, vccproto.TypeAck, sendGolden(t, beth, vccproto.TypeSignOut).Type)
}

// TestGoldenServerMessages: every message the simulator sends in a
// session's life has only keys of its type's fixture, each with the
// fixture's JSON kind, so a name the simulator spells differently from the
// panel's types shows here.
func TestGoldenServerMessages(t *testing.T) {
	sim := startACDSim(t, nil)
	var mu sync.Mutex
	seen := map[string][][]byte{}
	watch := func(env vccproto.Envelope) {
		b, err := json.Marshal(env)
		if err == nil {
			mu.Lock()
			seen[env.Type] = append(seen[env.Type], b)
			mu.Unlock()
		}
	}
	abel := dialWatched(t, sim.URL, "abel-tab", watch)
	abel.mustWelcome(sim.token("abel.tuter"), "", false)
	abel.connectMedia()
	sim.awaitMedia("abel.tuter", mediaConnected)
	abel.mustAck(vccproto.TypePresence, vccproto.SetPresence{PresenceID: readyID})
	id := sim.connectedCall(abel, "+14155550123")
	abel.mustAck(vccproto.TypeHold, vccproto.CallRef{CallID: id})
	abel.request(vccproto.TypePing, nil)
	abel.mustFail(vccproto.TypeHangup, vccproto.CallRef{CallID: "not-a-call"}, vccproto.ErrCodeNoCall)
	other := dialWatched(t, sim.URL, "abel-other-tab", watch)
	assert.Equal(t, vccproto.TypeConflict, other.hello(sim.token("abel.tuter"), "", false).Type)
	other.close()
	dialWatched(t, sim.URL, "abel-new-tab", watch).mustWelcome(sim.token("abel.tuter"), "", true)
	abel.awaitClosed() // ended: taken over

	mu.Lock()
	defer mu.Unlock()
	for _, typ := range []string{vccproto.TypeWelcome, vccproto.TypeConflict, vccproto.TypeEnded, vccproto.TypeCall,
		vccproto.TypePresence, vccproto.TypeAnswer, vccproto.TypeCandidate, vccproto.TypeAck, vccproto.TypeError, vccproto.TypePong} {
		golden := jsonShape(t, readGolden(t, "server", typ))
		require.NotEmpty(t, seen[typ], "the simulator sent no %s", typ)
		for _, b := range seen[typ] {
			shape := jsonShape(t, b)
			for _, path := range sortedKeys(shape) {
				kind := shape[path]
				want, ok := golden[path]
				switch {
				case !ok:
					t.Errorf("%s: the simulator sends %s, which server/%s.json does not have: %s", typ, path, typ, b)
				case kind != want && !(kind == "null" && (want == "array" || want == "object")):
					t.Errorf("%s: the simulator sends %s as %s, server/%s.json as %s", typ, path, kind, typ, want)
				}
			}
		}
	}
}

// jsonShape maps each path of a JSON document (".data.calls[].id") to its
// JSON kind: object, array, string, number, bool or null.
func jsonShape(t *testing.T, b []byte) map[string]string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(b, &v), "%s", b)
	out := map[string]string{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			out[path] = "object"
			for k, e := range x {
				walk(path+"."+k, e)
			}
		case []any:
			out[path] = "array"
			for _, e := range x {
				walk(path+"[]", e)
			}
		case string:
			out[path] = "string"
		case float64:
			out[path] = "number"
		case bool:
			out[path] = "bool"
		default:
			out[path] = "null"
		}
	}
	walk("", v)
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
