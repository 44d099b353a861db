package cti_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/ui"
)

// bodyOf reads a request body the panel sent the bridge (a value, or the
// JSON of a kept write) as a T.
func bodyOf[T any](t *testing.T, body any) T {
	t.Helper()
	b, ok := body.(json.RawMessage)
	if !ok {
		var err error
		b, err = json.Marshal(body)
		require.NoError(t, err)
	}
	var v T
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}

// paint renders the panel for a state 30 s after the fake clock's time
// (the time the card timers are read at).
func paint(a *agent, s cti.State) *ui.Node {
	return ui.El("main", cti.View(s, a.f.Clock.Now().Add(30*time.Second)))
}

func attrOf(n *ui.Node, name string) string {
	v, _ := n.Attr(name)
	return v
}
