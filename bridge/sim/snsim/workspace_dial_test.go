package snsim

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clickToDialSource is workspace_tabs.js's clickToDial function.
func clickToDialSource(t *testing.T) string {
	t.Helper()
	js, err := assets.ReadFile("workspace_tabs.js")
	require.NoError(t, err)
	src := string(js)
	start := strings.Index(src, "ws.clickToDial = function")
	require.GreaterOrEqual(t, start, 0)
	end := strings.Index(src[start:], "\n  };\n")
	require.Greater(t, end, 0)
	return src[start : start+end+len("\n  };")]
}

// The workspace's click-to-dial raises openframe_communication in the
// shapes public adapters receive, the record at the top level. The function
// runs in Node (no browser needed); ./build.sh test needs Node anyway, for
// the js/wasm tests.
func TestClickToDialPayloads(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: install Node.js 20 (./build.sh test needs it for the js/wasm tests too)")
	}
	tests := []struct {
		name, call, want string
	}{
		{"from a record", `ws.clickToDial("(415) 555-0111", "new", {table: "incident", sys_id: "abc"})`,
			`{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"(415) 555-0111"}},"recordId":"abc","recordType":"incident"}`},
		{"without a record", `ws.clickToDial("+14155550111", "new")`,
			`{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"+14155550111"}}}`},
		{"the older shape", `ws.clickToDial("415-555-0112", "old", {table: "incident", sys_id: "abc"})`,
			`{"phone_number":"415-555-0112"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			script := `var sent = []; var ws = {toPanel: function (n, a) { sent.push({eventName: n, args: a}); }};` +
				clickToDialSource(t) + ";" + tt.call + "; console.log(JSON.stringify(sent));"
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, node, "-e", script).CombinedOutput()
			require.NoError(t, err, "%s", out)
			assert.JSONEq(t, `[{"eventName":"openframe_communication","args":`+tt.want+`}]`, string(out))
		})
	}
}
