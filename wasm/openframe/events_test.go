package openframe

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCommunication(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		want    Dial
		wantErr bool
	}{
		{"workspace shape with its record", `{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"+14155550100"}},"recordId":"abc","recordType":"incident"}`,
			Dial{Number: "+14155550100", Table: "incident", SysID: "abc"}, false},
		{"workspace shape without a record", `{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"(415) 555-0100"}}}`,
			Dial{Number: "(415) 555-0100"}, false},
		{"a record inside metaData is not read", `{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"+14155550100","table":"incident","sys_id":"abc"}}}`,
			Dial{Number: "+14155550100"}, false},
		{"half a record is none", `{"type":"OUTGOING_CALL","data":{"metaData":{"phoneNumber":"+14155550100"}},"recordId":"abc"}`,
			Dial{Number: "+14155550100"}, false},
		{"ui16 shape with dashes", `{"phone_number":"415-555-0100"}`, Dial{Number: "415-555-0100"}, false},
		{"fallback telephoneNumber", `{"telephoneNumber":" +442071838750 "}`, Dial{Number: "+442071838750"}, false},
		{"number as a JSON number", `{"phone":14155550100}`, Dial{Number: "14155550100"}, false},
		{"other communication", `{"type":"CHAT_MESSAGE","data":{}}`, Dial{}, true},
		{"no number", `{"type":"OUTGOING_CALL","data":{"metaData":{}}}`, Dial{}, true},
		{"garbage", `"hello"`, Dial{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCommunication([]byte(tc.in))
			if tc.wantErr {
				assert.ErrorIs(t, err, ErrPayload)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseWorkItem(t *testing.T) {
	offered := `{"result":{"workItem":{"sys_id":"w1","size":1,"serviceChannel":{"name":"Phone","sys_id":"f628"},
		"document":{"sys_id":"i1","table":"interaction"},"isAutoAccepted":false}}}`
	w, err := ParseWorkItem([]byte(offered))
	require.NoError(t, err)
	assert.Equal(t, "w1", w.SysID)
	assert.Equal(t, "i1", w.Document.SysID)
	assert.True(t, w.IsPhoneInteraction())

	rejected := `{"payload":{"workItem":{"sys_id":"w1","serviceChannel":{"name":"Phone"},"document":{"sys_id":"i1","table":"interaction"},
		"rejection":{"reason":"Busy","sys_id":"4e93"}}}}`
	w, err = ParseWorkItem([]byte(rejected))
	require.NoError(t, err)
	require.NotNil(t, w.Rejection)
	assert.Equal(t, "Busy", w.Rejection.Reason)

	chat := `{"result":{"workItem":{"sys_id":"w2","serviceChannel":{"name":"Chat"},"document":{"sys_id":"c","table":"interaction"}}}}`
	w, err = ParseWorkItem([]byte(chat))
	require.NoError(t, err)
	assert.False(t, w.IsPhoneInteraction())

	for _, bad := range []string{`{}`, `{"result":{}}`, `{"result":{"workItem":{"sys_id":"x"}}}`, `[1,2]`} {
		_, err := ParseWorkItem([]byte(bad))
		assert.ErrorIs(t, err, ErrPayload, bad)
	}
}

func TestParseAWAPresence(t *testing.T) {
	p, err := ParseAWAPresence([]byte(`{"result":{"presence":{"name":"Available","sys_id":"0b10","available":true,"channels":[{"name":"Phone","available":true,"sys_id":"f6"}]}}}`))
	require.NoError(t, err)
	assert.Equal(t, "Available", p.Name)
	assert.True(t, p.Available)
	_, err = ParseAWAPresence([]byte(`{"result":{"presence":{}}}`))
	assert.ErrorIs(t, err, ErrPayload)
}

func TestParseWrapUp(t *testing.T) {
	w, err := ParseWrapUp([]byte(`{"wrapUp":{"external":true,"recordId":"i1","recordTable":"interaction","wrapUpCode":"Resolved","wrapUpNotes":"ok"}}`))
	require.NoError(t, err)
	assert.Equal(t, "Resolved", w.WrapUpCode)
	_, err = ParseWrapUp([]byte(`{"wrapUp":{"external":true,"recordId":"c1","recordTable":"incident"}}`))
	assert.ErrorIs(t, err, ErrPayload)
	_, err = ParseWrapUp([]byte(`{"wrapUp":{"external":false,"recordId":"i1","recordTable":"interaction","wrapUpCode":"Resolved"}}`))
	assert.ErrorIs(t, err, ErrPayload, "an internal segment")
}
