package vccphone_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/vcc"
	"github.com/vccnow/connector/wasm/vccphone"
)

func TestVCCMessagesBecomeInputs(t *testing.T) {
	welcome := vcc.Welcome{
		SessionID: "s1", ResumeToken: "resume-1", Resumed: true, ResumeGraceSeconds: 60,
		User:     vcc.User{UserID: "u1", UserName: "beth.anglin", Name: "Beth Anglin", AgentID: "1001", AccountID: "acct"},
		Presence: vcc.Presence{PresenceID: "p-ready", Selectable: true, Description: "Ready", Category: vcc.Category{CategoryType: vcc.CategoryReady}},
		Presences: []vcc.Presence{
			{PresenceID: "p-ready", Selectable: true, Description: "Ready", Category: vcc.Category{CategoryType: vcc.CategoryReady}},
			{PresenceID: "p-lunch", Selectable: true, Description: "Lunch", Category: vcc.Category{CategoryType: vcc.CategoryAway}},
			{PresenceID: "p-x", Description: "Training", Category: vcc.Category{CategoryType: vcc.CategoryExtendedAway}},
			{PresenceID: "p-out", Description: "Logged Out", Category: vcc.Category{CategoryType: vcc.CategoryLoggedOut}},
		},
		Dispositions: []string{"Resolved"}, EnforcedDispositions: true,
		Queues:     []vcc.Target{{Type: "queue", ID: "support", Name: "Support"}},
		Agents:     []vcc.Target{{Type: "agent", ID: "fred.luddy", Name: "Fred Luddy"}},
		Calls:      []vcc.Call{{ID: "c1", State: vcc.CallParked, Direction: "inbound", From: "+14155550142", Queue: "support"}},
		ICEServers: []vcc.ICEServer{{URLs: []string{"turn:turn.example:3478"}, Username: "u", Credential: "c"}},
	}
	mid, line := "0", uint16(0)
	cases := []struct {
		name string
		typ  string
		id   string
		data any
		want cti.Input
	}{
		{"welcome", vcc.TypeWelcome, "1", welcome, cti.SessionWelcomed{
			User: cti.SessionUser{ID: "u1", UserName: "beth.anglin", Name: "Beth Anglin"}, Resumed: true, ResumeToken: "resume-1",
			Presence: cti.Presence{ID: "p-ready", Description: "Ready", Category: cti.PresenceCategoryReady, Selectable: true},
			Presences: []cti.Presence{
				{ID: "p-ready", Description: "Ready", Category: cti.PresenceCategoryReady, Selectable: true},
				{ID: "p-lunch", Description: "Lunch", Category: cti.PresenceCategoryAway, Selectable: true},
				{ID: "p-x", Description: "Training", Category: cti.PresenceCategoryExtendedAway},
				{ID: "p-out", Description: "Logged Out", Category: cti.PresenceCategoryLoggedOut},
			},
			Dispositions: []string{"Resolved"}, EnforcedDispositions: true,
			Targets:    []cti.Target{{Type: "queue", ID: "support", Name: "Support"}, {Type: "agent", ID: "fred.luddy", Name: "Fred Luddy"}},
			Calls:      []cti.PhoneCall{{ID: "c1", State: cti.CallStateParked, Direction: "inbound", From: "+14155550142", Queue: "support"}},
			ICEServers: []cti.ICEServer{{URLs: []string{"turn:turn.example:3478"}, Username: "u", Credential: "c"}},
		}},
		{"conflict", vcc.TypeConflict, "1", vcc.Conflict{Existing: vcc.Client{ID: "tab-9", Instance: "https://other.service-now.com", Browser: "Firefox on Windows"}, Since: "2026-11-24T08:00:00Z"},
			cti.SessionConflict{Browser: "Firefox on Windows", Instance: "https://other.service-now.com", Since: "2026-11-24T08:00:00Z"}},
		{"taken over", vcc.TypeEnded, "", vcc.Ended{Reason: vcc.EndTakenOver, Message: "moved"}, cti.SessionEnded{Reason: cti.EndReasonTakenOver, Message: "moved"}},
		{"expired", vcc.TypeEnded, "", vcc.Ended{Reason: vcc.EndExpired}, cti.SessionEnded{Reason: cti.EndReasonExpired}},
		{"signed out", vcc.TypeEnded, "", vcc.Ended{Reason: vcc.EndSignedOut}, cti.SessionEnded{Reason: cti.EndReasonSignedOut}},
		{"account disabled", vcc.TypeEnded, "", vcc.Ended{Reason: "account_disabled"}, cti.SessionEnded{Reason: cti.EndReasonUnknown}},
		{"call", vcc.TypeCall, "", vcc.Call{ID: "c1", State: vcc.CallConnected, Direction: "outbound", From: "1001", To: "+14155550199",
			QueuedAt: "2026-11-24T09:00:00Z", ConnectedAt: "2026-11-24T09:00:05Z", Agent: "beth.anglin", Regarding: "incident:inc1"},
			cti.CallUpdated{Call: cti.PhoneCall{ID: "c1", State: cti.CallStateConnected, Direction: "outbound", From: "1001", To: "+14155550199",
				QueuedAt: "2026-11-24T09:00:00Z", ConnectedAt: "2026-11-24T09:00:05Z"}}},
		{"auto-rejected call", vcc.TypeCall, "", vcc.Call{ID: "c2", State: vcc.CallEnded, Reason: "Connection rejected due to no WebRTC connection"},
			cti.CallUpdated{Call: cti.PhoneCall{ID: "c2", State: cti.CallStateEnded, Reason: "Connection rejected due to no WebRTC connection"}}},
		{"call in an unknown state", vcc.TypeCall, "", vcc.Call{ID: "c3", State: "transferring"}, cti.CallUpdated{Call: cti.PhoneCall{ID: "c3"}}},
		{"presence", vcc.TypePresence, "", vcc.Presence{PresenceID: "p-lunch", Selectable: true, Description: "Lunch", Category: vcc.Category{CategoryType: vcc.CategoryAway}},
			cti.PresenceChanged{Presence: cti.Presence{ID: "p-lunch", Description: "Lunch", Category: cti.PresenceCategoryAway, Selectable: true}}},
		{"media answer", vcc.TypeAnswer, "", vcc.SDP{Type: "answer", SDP: "v=0\r\n"}, cti.RemoteAnswer{SDP: "v=0\r\n"}},
		{"candidate", vcc.TypeCandidate, "", vcc.Candidate{Candidate: "candidate:1", SDPMid: &mid, SDPMLineIndex: &line},
			cti.RemoteCandidate{Candidate: cti.Candidate{Candidate: "candidate:1", SDPMid: &mid, SDPMLineIndex: &line}}},
		{"ack", vcc.TypeAck, "7", nil, cti.RequestAcked{Req: "7"}},
		{"ack with a call", vcc.TypeAck, "8", vcc.Ack{Call: &vcc.Call{ID: "c1", State: vcc.CallHeld}},
			cti.RequestAcked{Req: "8", Call: &cti.PhoneCall{ID: "c1", State: cti.CallStateHeld}}},
		{"unauthorized", vcc.TypeError, "1", vcc.Error{Code: vcc.ErrCodeUnauthorized, Message: "token expired"},
			cti.RequestRefused{Req: "1", Reason: cti.RefusalUnauthorized, Message: "token expired"}},
		{"resume failed", vcc.TypeError, "1", vcc.Error{Code: vcc.ErrCodeResume}, cti.RequestRefused{Req: "1", Reason: cti.RefusalResumeFailed}},
		{"account", vcc.TypeError, "1", vcc.Error{Code: vcc.ErrCodeAccount}, cti.RequestRefused{Req: "1", Reason: cti.RefusalAccountMismatch}},
		{"not ready", vcc.TypeError, "4", vcc.Error{Code: vcc.ErrCodeNotReady, Message: "no media"}, cti.RequestRefused{Req: "4", Reason: cti.RefusalNotReady, Message: "no media"}},
		{"invalid state", vcc.TypeError, "5", vcc.Error{Code: vcc.ErrCodeState}, cti.RequestRefused{Req: "5", Reason: cti.RefusalInvalidState}},
		{"no call", vcc.TypeError, "5", vcc.Error{Code: vcc.ErrCodeNoCall}, cti.RequestRefused{Req: "5", Reason: cti.RefusalNoCall}},
		{"bad request", vcc.TypeError, "5", vcc.Error{Code: vcc.ErrCodeBadRequest}, cti.RequestRefused{Req: "5", Reason: cti.RefusalBadRequest}},
		{"internal", vcc.TypeError, "5", vcc.Error{Code: vcc.ErrCodeInternal}, cti.RequestRefused{Req: "5", Reason: cti.RefusalInternal}},
		{"unknown code", vcc.TypeError, "", vcc.Error{Code: "teapot", Message: "short and stout"}, cti.RequestRefused{Reason: cti.RefusalUnknown, Message: "short and stout"}},
		{"pong", vcc.TypePong, "", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := vcc.Encode(tc.typ, tc.id, tc.data)
			require.NoError(t, err)
			p := newPhone()
			p.Received(b)
			assert.Empty(t, p.log.Take(), "nothing to complain about")
			if tc.want == nil {
				assert.Empty(t, p.posted)
				return
			}
			require.Len(t, p.posted, 1)
			assert.Equal(t, tc.want, p.posted[0])
		})
	}
}

// Messages that do not read are logged and never reach the core.
func TestGarbageStaysInTheAdapter(t *testing.T) {
	for name, raw := range map[string]string{
		"not JSON":        `{"v":1,`,
		"other version":   `{"v":2,"type":"call","data":{"id":"c1"}}`,
		"no type":         `{"v":1}`,
		"bad payload":     `{"v":1,"type":"call","data":{"id":5}}`,
		"no payload":      `{"v":1,"type":"welcome"}`,
		"invalid sdp":     `{"v":1,"type":"answer","data":{"type":"answer","sdp":"hello"}}`,
		"unknown message": `{"v":1,"type":"mystery"}`,
		"bad ack":         `{"v":1,"type":"ack","id":"3","data":{"call":7}}`,
	} {
		t.Run(name, func(t *testing.T) {
			p := newPhone()
			p.Received([]byte(raw))
			assert.Empty(t, p.posted)
			lines := p.log.Take()
			require.Len(t, lines, 1)
			assert.Contains(t, lines[0], "warn signaling: ")
		})
	}
}

func TestLinkEvents(t *testing.T) {
	p := newPhone()
	p.Connected()
	p.Disconnected(errors.New("signaling closed: 1006 "))
	assert.Equal(t, []cti.Input{cti.SoftphoneConnected{}, cti.SoftphoneDisconnected{Err: errors.New("signaling closed: 1006 ")}}, p.posted)
}

func TestTranslateIsPure(t *testing.T) {
	in, err := vccphone.Translate(vcc.Envelope{V: 1, Type: vcc.TypeAck, ID: "1"})
	require.NoError(t, err)
	assert.Equal(t, cti.RequestAcked{Req: "1"}, in)
	_, err = vccphone.Translate(vcc.Envelope{V: 1, Type: "mystery"})
	assert.ErrorContains(t, err, `unknown message "mystery"`)
}
