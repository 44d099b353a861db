package vccphone

import (
	"fmt"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/vcc"
)

// Connected is the Transport reporting that the link is up.
func (p *Phone) Connected() { p.connected("") }

// connected reports the link up with the id of the hello already sent on
// it (the loader's, after a reload), if any.
func (p *Phone) connected(hello string) { p.post(cti.SoftphoneConnected{Hello: hello}) }

// Disconnected is the Transport reporting that the link closed or failed.
func (p *Phone) Disconnected(err error) { p.post(cti.SoftphoneDisconnected{Err: err}) }

// Received is the Transport delivering one message from VCC. A message that
// does not decode, or that the core has no use for, is logged and dropped:
// it never reaches the core.
func (p *Phone) Received(msg []byte) {
	env, err := vcc.Decode(msg)
	if err != nil {
		p.warn(err)
		return
	}
	in, err := Translate(env)
	switch {
	case err != nil:
		p.warn(err) // the input made of it is never posted
	case in != nil:
		p.post(in)
	}
}

// Translate turns one VCC message into the core's input: nil for a message
// that means nothing to the core (pong), an error for one it cannot read.
func Translate(env vcc.Envelope) (cti.Input, error) {
	switch env.Type {
	case vcc.TypeAck:
		return acked(env)
	case vcc.TypePong:
		return nil, nil
	case vcc.TypeWelcome:
		var w vcc.Welcome
		err := env.Into(&w)
		return welcomed(w), err
	case vcc.TypeConflict:
		var cf vcc.Conflict
		err := env.Into(&cf)
		return cti.SessionConflict{Browser: cf.Existing.Browser, Instance: cf.Existing.Instance, Since: cf.Since}, err
	case vcc.TypeEnded:
		var e vcc.Ended
		err := env.Into(&e)
		return cti.SessionEnded{Reason: endReason(e.Reason), Message: e.Message}, err
	case vcc.TypeCall:
		var c vcc.Call
		err := env.Into(&c)
		return cti.CallUpdated{Call: phoneCall(c)}, err
	case vcc.TypePresence:
		var p vcc.Presence
		err := env.Into(&p)
		return cti.PresenceChanged{Presence: presence(p)}, err
	case vcc.TypeAnswer:
		var sdp vcc.SDP
		err := env.Into(&sdp)
		return cti.RemoteAnswer{SDP: sdp.SDP}, err
	case vcc.TypeCandidate:
		var c vcc.Candidate
		err := env.Into(&c)
		return cti.RemoteCandidate{Candidate: cti.Candidate(c)}, err
	case vcc.TypeError:
		var e vcc.Error
		err := env.Into(&e)
		return cti.RequestRefused{Req: env.ID, Reason: refusal(e.Code), Message: e.Message}, err
	}
	return nil, fmt.Errorf("unknown message %q dropped", env.Type)
}

// acked reads an ack, whose payload (the call it changed) is optional.
func acked(env vcc.Envelope) (cti.Input, error) {
	in := cti.RequestAcked{Req: env.ID}
	if len(env.Data) == 0 {
		return in, nil
	}
	var ack vcc.Ack
	if err := env.Into(&ack); err != nil {
		return nil, err
	}
	if ack.Call != nil {
		c := phoneCall(*ack.Call)
		in.Call = &c
	}
	return in, nil
}
