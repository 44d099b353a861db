package vccphone

import (
	"strings"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/vcc"
)

// Transport carries encoded signaling messages (vcc envelopes) to VCC. The
// browser's WebSocket implements it (socket_js.go); it reports back to the
// Phone it serves through Connected, Received and Disconnected.
type Transport interface {
	// Open connects, replacing any connection.
	Open()
	// Send writes one message; it is dropped when the link is not open.
	Send(msg []byte)
	// Close closes the link without reporting it.
	Close()
}

// Phone implements cti.Softphone over VCC's softphone signaling.
type Phone struct {
	t    Transport
	post func(cti.Input)
	log  cti.Logger
}

var _ cti.Softphone = (*Phone)(nil)

// New returns a Phone that sends over t and posts what VCC says to post;
// messages it cannot read are logged to log.
func New(t Transport, post func(cti.Input), log cti.Logger) *Phone {
	return &Phone{t: t, post: post, log: log}
}

// SignalingURL is the softphone service's WebSocket URL for VCC's API base
// URL (https://… becomes wss://…/softphone/v1).
func SignalingURL(apiBase string) string {
	base := strings.TrimSuffix(apiBase, "/")
	if rest, ok := strings.CutPrefix(base, "https://"); ok {
		return "wss://" + rest + vcc.Path
	}
	return "ws://" + strings.TrimPrefix(base, "http://") + vcc.Path
}

// send encodes and sends one message.
func (p *Phone) send(typ, id string, data any) {
	b, err := vcc.Encode(typ, id, data)
	if err != nil {
		p.warn(err)
		return
	}
	p.t.Send(b)
}

func (p *Phone) warn(err error) {
	if p.log != nil {
		p.log.Log("warn", "signaling: "+err.Error())
	}
}

// Connect implements cti.Softphone.
func (p *Phone) Connect() { p.t.Open() }

// Close implements cti.Softphone.
func (p *Phone) Close() { p.t.Close() }

// Open implements cti.Softphone: VCC's hello.
func (p *Phone) Open(req string, s cti.SessionRequest) { p.send(vcc.TypeHello, req, hello(s, false)) }

// TakeOver implements cti.Softphone: hello with takeover.
func (p *Phone) TakeOver(req string, s cti.SessionRequest) {
	p.send(vcc.TypeHello, req, hello(s, true))
}

func hello(s cti.SessionRequest, takeover bool) vcc.Hello {
	return vcc.Hello{Token: s.Token, ResumeToken: s.ResumeToken, Takeover: takeover,
		Client: vcc.Client{ID: s.ClientID, Instance: s.Instance, Browser: s.Browser}}
}

// Answer implements cti.Softphone.
func (p *Phone) Answer(req, callID string) { p.send(vcc.TypeAnswer, req, vcc.CallRef{CallID: callID}) }

// Reject implements cti.Softphone.
func (p *Phone) Reject(req, callID string) { p.send(vcc.TypeReject, req, vcc.CallRef{CallID: callID}) }

// Hangup implements cti.Softphone.
func (p *Phone) Hangup(req, callID string) { p.send(vcc.TypeHangup, req, vcc.CallRef{CallID: callID}) }

// Hold implements cti.Softphone.
func (p *Phone) Hold(req, callID string) { p.send(vcc.TypeHold, req, vcc.CallRef{CallID: callID}) }

// Resume implements cti.Softphone.
func (p *Phone) Resume(req, callID string) { p.send(vcc.TypeResume, req, vcc.CallRef{CallID: callID}) }

// Mute implements cti.Softphone.
func (p *Phone) Mute(req, callID string, muted bool) {
	p.send(vcc.TypeMute, req, vcc.Mute{CallID: callID, Muted: muted})
}

// Transfer implements cti.Softphone.
func (p *Phone) Transfer(req, callID string, to cti.Target) {
	p.send(vcc.TypeTransfer, req, vcc.Transfer{CallID: callID, Target: vcc.Target{Type: to.Type, ID: to.ID}})
}

// SendDTMF implements cti.Softphone: VCC takes DTMF in the media (RFC 4733
// telephone-events), never in its signaling.
func (p *Phone) SendDTMF(callID, digits string) bool { return false }

// EndWrapUp implements cti.Softphone.
func (p *Phone) EndWrapUp(req, callID, disposition, notes string) {
	p.send(vcc.TypeWrapUp, req, vcc.WrapUp{CallID: callID, Disposition: disposition, Notes: notes})
}

// Dial implements cti.Softphone.
func (p *Phone) Dial(req, number, regarding string) {
	p.send(vcc.TypeDial, req, vcc.Dial{Number: number, Regarding: regarding})
}

// Offer implements cti.Softphone.
func (p *Phone) Offer(req, sdp string) { p.send(vcc.TypeOffer, req, vcc.SDP{Type: "offer", SDP: sdp}) }

// Candidate implements cti.Softphone; candidates carry no request id.
func (p *Phone) Candidate(c cti.Candidate) { p.send(vcc.TypeCandidate, "", vcc.Candidate(c)) }

// SignOut implements cti.Softphone.
func (p *Phone) SignOut(req string) { p.send(vcc.TypeSignOut, req, nil) }
