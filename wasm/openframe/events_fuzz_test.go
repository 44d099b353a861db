package openframe

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzPayloads reads any bytes as each OpenFrame event payload the
// connector parses: it never panics; it refuses with ErrPayload or returns
// a value that has what the connector needs (a number to dial, a work
// item's ids, a presence name, an external interaction wrap-up); and that
// value, written in the payload's documented shape, parses back the same.
func FuzzPayloads(f *testing.F) {
	for _, s := range []string{
		`{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"+14155550100"}},"recordId":"abc","recordType":"incident"}`,
		`{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"(415) 555-0100"}}}`,
		`{"phone_number":"415-555-0100"}`, `{"telephoneNumber":" +442071838750 "}`, `{"phone":14155550100}`, `{"phone":1e300}`,
		`{"type":"CHAT_MESSAGE","data":{}}`,
		`{"result":{"workItem":{"sys_id":"w1","size":1,"serviceChannel":{"name":"Phone","sys_id":"f628"},"document":{"sys_id":"i1","table":"interaction"},"isAutoAccepted":false}}}`,
		`{"payload":{"workItem":{"sys_id":"w1","serviceChannel":{"name":"Phone"},"document":{"sys_id":"i1","table":"interaction"},"rejection":{"reason":"Busy","sys_id":"r1"}}}}`,
		`{"result":{"presence":{"name":"Available","sys_id":"0b10","available":true,"channels":[{"name":"Phone","available":true,"sys_id":"f6"}]}}}`,
		`{"presence":{"name":"Away"}}`,
		`{"wrapUp":{"external":true,"recordId":"i1","recordTable":"interaction","wrapUpCode":"Resolved","wrapUpNotes":"ok"}}`,
		`{"wrapUp":{"external":false,"recordId":"i1"}}`, `{}`, `[1,2]`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if d, err := ParseCommunication(raw); err != nil {
			require.ErrorIs(t, err, ErrPayload)
		} else {
			assert.NotEmpty(t, d.Number)
			assert.Equal(t, strings.TrimSpace(d.Number), d.Number)
			assert.Equal(t, d.Table == "", d.SysID == "", "a record is a table and a sys_id")
			doc := map[string]any{"type": "OUTGOING_CALL", "data": map[string]any{"metaData": map[string]any{"phoneNumber": d.Number}}}
			if d.Table != "" {
				doc["recordType"], doc["recordId"] = d.Table, d.SysID
			}
			again, err := ParseCommunication(mustJSON(t, doc))
			require.NoError(t, err)
			assert.Equal(t, d, again)
		}

		if w, err := ParseWorkItem(raw); err != nil {
			require.ErrorIs(t, err, ErrPayload)
		} else {
			assert.NotEmpty(t, w.SysID)
			assert.NotEmpty(t, w.Document.SysID)
			for _, shape := range []string{"result", "payload"} {
				again, err := ParseWorkItem(mustJSON(t, map[string]any{shape: map[string]any{"workItem": w}}))
				require.NoError(t, err)
				assert.Equal(t, w, again, shape)
			}
		}

		if p, err := ParseAWAPresence(raw); err != nil {
			require.ErrorIs(t, err, ErrPayload)
		} else {
			assert.NotEmpty(t, p.Name)
			again, err := ParseAWAPresence(mustJSON(t, map[string]any{"result": map[string]any{"presence": p}}))
			require.NoError(t, err)
			assert.Equal(t, p, again)
		}

		if w, err := ParseWrapUp(raw); err != nil {
			require.ErrorIs(t, err, ErrPayload)
		} else {
			assert.True(t, w.External, "only the connector's external segments")
			assert.NotEmpty(t, w.RecordID)
			assert.Contains(t, []string{"", "interaction"}, w.RecordTable)
			again, err := ParseWrapUp(mustJSON(t, map[string]any{"wrapUp": w}))
			require.NoError(t, err)
			assert.Equal(t, w, again)
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
