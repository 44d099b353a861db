//go:build !js

package vccsim

import (
	"strings"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// outboundCLID is the number outbound calls present to the people they
// call: a UK drama number (Ofcom's 01632 960xxx range), as the simulated
// account has no configured callback numbers.
const outboundCLID = "+441632960000"

// Simulated numbers: every E.164 number answers after
// ACDConfig.OutboundAnswer, except these.
const (
	busySuffix     = "0000" // busy: the call fails at once
	noAnswerSuffix = "9999" // never answers: the call fails after OutboundNoAnswer
)

// dial places a click-to-dial call from the agent to number (E.164). The
// agent's channel is alerted and connected at once (the agent hears the far
// end ring), the customer's channel rings until the number answers.
//
// Errors: ErrCodeState when the agent is on another call, ErrCodeNotReady
// without connected softphone media.
func (a *acd) dial(u *User, acct *Account, number, regarding string) (*vccproto.Call, error) {
	var (
		view *vccproto.Call
		err  error
	)
	ok := a.locked(func(*later) {
		switch {
		case a.liveLeg(u.ID) != nil:
			err = refuse(vccproto.ErrCodeState, "You are on call %s; finish it before dialling.", a.liveLeg(u.ID).call.id)
			return
		case !a.mediaReady(u.ID):
			err = refuse(vccproto.ErrCodeNotReady, "Your softphone's media is not connected; wait for it before dialling.")
			return
		}
		c := a.newCall(acct, dirOutbound, outboundCLID, number)
		c.regarding, c.origin = regarding, u
		l := a.newLeg(c, u, vccproto.CallRinging)
		a.agentEvent(l, evAlerted, "")
		a.agentEvent(l, evConnected, "")
		a.customerEvent(c, evAlerted, "")
		c.timer = a.cfg.AfterFunc(a.cfg.OutboundAnswer, func() { a.farEndAnswers(l) })
		v := l.view()
		view = &v
	})
	if !ok {
		return nil, refuse(vccproto.ErrCodeInternal, "The simulator is shutting down.")
	}
	return view, err
}

// farEndAnswers plays the dialled number's part once it has rung for
// OutboundAnswer: it answers, is busy, or keeps ringing.
func (a *acd) farEndAnswers(l *leg) {
	a.locked(func(*later) {
		c := l.call
		if c.leg != l || l.state != vccproto.CallRinging {
			return
		}
		switch {
		case strings.HasSuffix(c.to, busySuffix):
			a.farEndFails(l, resultBusy)
		case strings.HasSuffix(c.to, noAnswerSuffix):
			c.timer = a.cfg.AfterFunc(a.cfg.OutboundNoAnswer, func() {
				a.locked(func(*later) {
					if c.leg == l && l.state == vccproto.CallRinging {
						a.farEndFails(l, resultNoAnswer)
					}
				})
			})
		default:
			c.timer = nil
			a.setLegState(l, vccproto.CallConnected)
			a.customerEvent(c, evConnected, "")
		}
	})
}

// farEndFails ends an outbound call that did not connect (the call
// detail's result says why); the agent goes into wrap-up (to log a
// disposition such as "Wrong number").
func (a *acd) farEndFails(l *leg, reason string) {
	l.call.result = &callResult{Code: "Failure", Party: "Originator", Reason: reason}
	a.customerEvent(l.call, evConnectionFailed, ReasonFailed)
	a.release(l, ReasonFailed)
}

// mediaReady reports whether the user has a session with connected media.
func (a *acd) mediaReady(userID string) bool {
	sess := a.byUser[userID]
	return sess != nil && sess.mediaState() == mediaConnected
}
