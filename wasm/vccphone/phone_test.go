package vccphone_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/vcc"
	"github.com/vccnow/connector/wasm/vccphone"
)

// wire is a Transport that keeps what the Phone sends.
type wire struct {
	sent   [][]byte
	opened int
	closed int
}

func (w *wire) Open()           { w.opened++ }
func (w *wire) Send(msg []byte) { w.sent = append(w.sent, msg) }
func (w *wire) Close()          { w.closed++ }

// phone is a Phone on a wire, with what it posted and logged.
type phone struct {
	*vccphone.Phone
	wire   *wire
	posted []cti.Input
	log    *fake.Log
}

func newPhone() *phone {
	p := &phone{wire: &wire{}, log: &fake.Log{}}
	p.Phone = vccphone.New(p.wire, func(in cti.Input) { p.posted = append(p.posted, in) }, p.log)
	return p
}

// MustLastSent decodes the last message sent.
func (p *phone) MustLastSent(tb testing.TB) vcc.Envelope {
	tb.Helper()
	require.NotEmpty(tb, p.wire.sent, "nothing was sent")
	env, err := vcc.Decode(p.wire.sent[len(p.wire.sent)-1])
	require.NoError(tb, err)
	return env
}

func TestRequestsBecomeVCCMessages(t *testing.T) {
	session := cti.SessionRequest{Token: "jwt", ResumeToken: "resume-1", ClientID: "tab-1", Instance: "https://acme.service-now.com", Browser: "Chrome 140 on Linux"}
	mid := "0"
	cases := []struct {
		name     string
		do       func(p *vccphone.Phone)
		typ, id  string
		wantData string // JSON; "" for none
	}{
		{"open", func(p *vccphone.Phone) { p.Open("1", session) }, vcc.TypeHello, "1",
			`{"token":"jwt","resumeToken":"resume-1","client":{"id":"tab-1","instance":"https://acme.service-now.com","browser":"Chrome 140 on Linux"}}`},
		{"take over", func(p *vccphone.Phone) { p.TakeOver("2", cti.SessionRequest{Token: "jwt", ClientID: "tab-1"}) }, vcc.TypeHello, "2",
			`{"token":"jwt","takeover":true,"client":{"id":"tab-1"}}`},
		{"answer", func(p *vccphone.Phone) { p.Answer("3", "c1") }, vcc.TypeAnswer, "3", `{"callId":"c1"}`},
		{"reject", func(p *vccphone.Phone) { p.Reject("4", "c1") }, vcc.TypeReject, "4", `{"callId":"c1"}`},
		{"hang up", func(p *vccphone.Phone) { p.Hangup("5", "c1") }, vcc.TypeHangup, "5", `{"callId":"c1"}`},
		{"hold", func(p *vccphone.Phone) { p.Hold("6", "c1") }, vcc.TypeHold, "6", `{"callId":"c1"}`},
		{"resume", func(p *vccphone.Phone) { p.Resume("7", "c1") }, vcc.TypeResume, "7", `{"callId":"c1"}`},
		{"mute", func(p *vccphone.Phone) { p.Mute("8", "c1", true) }, vcc.TypeMute, "8", `{"callId":"c1","muted":true}`},
		{"transfer", func(p *vccphone.Phone) {
			p.Transfer("9", "c1", cti.Target{Type: "agent", ID: "fred.luddy", Name: "Fred"})
		}, vcc.TypeTransfer, "9",
			`{"callId":"c1","target":{"type":"agent","id":"fred.luddy"}}`},
		{"wrap-up", func(p *vccphone.Phone) { p.EndWrapUp("10", "c1", "Resolved", "reset") }, vcc.TypeWrapUp, "10",
			`{"callId":"c1","disposition":"Resolved","notes":"reset"}`},
		{"dial", func(p *vccphone.Phone) { p.Dial("11", "+14155550199", "incident:inc1") }, vcc.TypeDial, "11",
			`{"number":"+14155550199","regarding":"incident:inc1"}`},
		{"offer", func(p *vccphone.Phone) { p.Offer("12", "v=0\r\n") }, vcc.TypeOffer, "12", `{"type":"offer","sdp":"v=0\r\n"}`},
		{"candidate", func(p *vccphone.Phone) {
			p.Candidate(cti.Candidate{Candidate: "candidate:1 1 udp 1 10.0.0.1 5000 typ host", SDPMid: &mid})
		}, vcc.TypeCandidate, "", `{"candidate":"candidate:1 1 udp 1 10.0.0.1 5000 typ host","sdpMid":"0"}`},
		{"sign out", func(p *vccphone.Phone) { p.SignOut("13") }, vcc.TypeSignOut, "13", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newPhone()
			tc.do(p.Phone)
			env := p.MustLastSent(t)
			assert.Equal(t, vcc.Version, env.V)
			assert.Equal(t, tc.typ, env.Type)
			assert.Equal(t, tc.id, env.ID)
			if tc.wantData == "" {
				assert.Empty(t, env.Data)
				return
			}
			assert.JSONEq(t, tc.wantData, string(env.Data))
		})
	}
}

// What the panel sends is what the VCC end accepts: every request passes
// the checks the simulator runs (Envelope.Into with Validate).
func TestRequestsPassVCCValidation(t *testing.T) {
	p := newPhone()
	p.Open("1", cti.SessionRequest{Token: "jwt", ClientID: "tab-1"})
	p.Transfer("2", "c1", cti.Target{Type: "queue", ID: "support"})
	p.Dial("3", "+14155550199", "")
	p.Offer("4", "v=0\r\n")
	p.EndWrapUp("5", "c1", "", "")
	targets := map[string]any{vcc.TypeHello: &vcc.Hello{}, vcc.TypeTransfer: &vcc.Transfer{}, vcc.TypeDial: &vcc.Dial{}, vcc.TypeOffer: &vcc.SDP{}, vcc.TypeWrapUp: &vcc.WrapUp{}}
	require.Len(t, p.wire.sent, len(targets))
	for _, b := range p.wire.sent {
		env, err := vcc.Decode(b)
		require.NoError(t, err)
		assert.NoError(t, env.Into(targets[env.Type]), env.Type)
	}
}

func TestLinkAndDTMF(t *testing.T) {
	p := newPhone()
	p.Connect()
	p.Close()
	assert.Equal(t, 1, p.wire.opened)
	assert.Equal(t, 1, p.wire.closed)
	assert.False(t, p.SendDTMF("c1", "5"), "VCC takes DTMF in the media")
	assert.Empty(t, p.wire.sent)
}

func TestSignalingURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://emea.cc.vonage.com":  "wss://emea.cc.vonage.com/softphone/v1",
		"https://emea.cc.vonage.com/": "wss://emea.cc.vonage.com/softphone/v1",
		"http://127.0.0.1:8081":       "ws://127.0.0.1:8081/softphone/v1",
	} {
		assert.Equal(t, want, vccphone.SignalingURL(in), in)
	}
}
