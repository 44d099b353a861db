package cti

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Commands the agent gives while the softphone's link is down (VCC's
// signaling reconnects): hold, resume, hang up, mute, transfer, wrap-up,
// answer, reject. They wait and are sent, in order and once, when the
// session is back; one the link does not come back for within
// commandWaitMax is refused in plain words, and the call shows how it
// really is.

// commandWaitMax bounds how long a command waits for the link: long enough
// for a reconnection, short enough that the agent is not left guessing
// (and within VCC's 20 s resume window).
const commandWaitMax = 10 * time.Second

// timerCommands fires when the oldest waiting command's time is up.
const timerCommands = "commands"

// waitingCommand is a call command kept until the link is back.
type waitingCommand struct {
	r     request
	send  func(req string)
	since time.Time
}

// commandQueue is the Softphone the core uses: it passes everything to the
// adapter, except call commands made while the link is down, which the
// connector keeps (a request made on a closed link would be dropped).
type commandQueue struct {
	Softphone
	c *Connector
}

var _ Softphone = (*commandQueue)(nil)

// linkDown reports whether commands must wait: this tab holds the session
// and it is not (yet) welcomed on a live link.
func (c *Connector) linkDown() bool {
	return c.state.SignedIn && c.leader() && c.state.Connection != Online
}

// sendOrKeep sends a command now, or keeps it while the link is down.
func (q *commandQueue) sendOrKeep(req string, send func(req string)) {
	c := q.c
	if !c.linkDown() {
		send(req)
		return
	}
	r := c.requests.pending[req]
	delete(c.requests.pending, req)
	c.keepCommand(waitingCommand{r: r, send: send, since: c.now()})
}

func (c *Connector) keepCommand(w waitingCommand) {
	if len(c.requests.waiting) == 0 {
		c.p.Clock.After(commandWaitMax, timerCommands)
	}
	c.requests.waiting = append(c.requests.waiting, w)
	c.logf("info", "%s waits for the connection to Vonage", commandName(w.r.op))
	c.showWaiting()
}

func (q *commandQueue) Answer(req, callID string) {
	q.sendOrKeep(req, func(req string) { q.Softphone.Answer(req, callID) })
}

func (q *commandQueue) Reject(req, callID string) {
	q.sendOrKeep(req, func(req string) { q.Softphone.Reject(req, callID) })
}

func (q *commandQueue) Hangup(req, callID string) {
	q.sendOrKeep(req, func(req string) { q.Softphone.Hangup(req, callID) })
}

func (q *commandQueue) Hold(req, callID string) {
	q.sendOrKeep(req, func(req string) { q.Softphone.Hold(req, callID) })
}

func (q *commandQueue) Resume(req, callID string) {
	q.sendOrKeep(req, func(req string) { q.Softphone.Resume(req, callID) })
}

// Mute tells the service of the call's mute as it is when sent: the
// microphone itself is muted by the panel at once, link or not.
func (q *commandQueue) Mute(req, callID string, muted bool) {
	q.sendOrKeep(req, func(req string) {
		if call := q.c.state.call(callID); call != nil {
			muted = call.Muted
		}
		q.Softphone.Mute(req, callID, muted)
	})
}

func (q *commandQueue) Transfer(req, callID string, to Target) {
	q.sendOrKeep(req, func(req string) { q.Softphone.Transfer(req, callID, to) })
}

func (q *commandQueue) EndWrapUp(req, callID, disposition, notes string) {
	q.sendOrKeep(req, func(req string) { q.Softphone.EndWrapUp(req, callID, disposition, notes) })
}

// keepInFlight keeps the call commands the link closed on before their
// answer, in the order they were made: they are sent again when it is back,
// unless they turn out done.
func (c *Connector) keepInFlight() {
	var ids []int
	for id := range c.requests.pending {
		if n, err := strconv.Atoi(id); err == nil {
			ids = append(ids, n)
		}
	}
	slices.Sort(ids)
	for _, n := range ids {
		r := c.requests.pending[strconv.Itoa(n)]
		if send := c.resend(r); send != nil {
			c.keepCommand(waitingCommand{r: r, send: send, since: c.now()})
		}
	}
}

// resend makes a call command again from its request, or nil for requests
// that are not call commands.
func (c *Connector) resend(r request) func(req string) {
	sp, id := c.p.Softphone, r.callID
	switch r.op {
	case opHold:
		return func(req string) { sp.Hold(req, id) }
	case opResume:
		return func(req string) { sp.Resume(req, id) }
	case opHangup:
		return func(req string) { sp.Hangup(req, id) }
	case opMute:
		return func(req string) {
			if call := c.state.call(id); call != nil {
				sp.Mute(req, id, call.Muted)
			}
		}
	case opTransfer:
		typ, to, _ := strings.Cut(r.value, ":")
		return func(req string) { sp.Transfer(req, id, Target{Type: typ, ID: to}) }
	}
	return nil
}

// sendWaiting sends the waiting commands, in order, once the session is
// back and each one's call can take it (a call parked while its audio
// reconnects cannot be held or transferred yet).
func (c *Connector) sendWaiting() {
	if len(c.requests.waiting) == 0 || c.linkDown() || !c.leader() {
		return
	}
	for len(c.requests.waiting) > 0 {
		w := c.requests.waiting[0]
		call := c.state.call(w.r.callID)
		if call != nil && call.State == CallParked && needsAudio(w.r.op) {
			break // it goes when the call is back
		}
		c.requests.waiting = c.requests.waiting[1:]
		switch {
		case call == nil && w.r.callID != "":
			c.logf("info", "%s dropped: the call is gone", commandName(w.r.op))
		case call != nil && alreadyDone(w.r.op, call):
			c.logf("info", "%s already done", commandName(w.r.op))
			call.Pending = ""
		default:
			c.logf("info", "%s sent now that the connection to Vonage is back", commandName(w.r.op))
			w.send(c.request(w.r))
		}
	}
	c.showWaiting()
}

// commandsTimedOut refuses the commands that waited too long for the link.
func (c *Connector) commandsTimedOut() {
	now := c.now()
	var kept []waitingCommand
	var refused []string
	for _, w := range c.requests.waiting {
		switch {
		case w.r.op == opMute || now.Sub(w.since) < commandWaitMax:
			// A mute is the panel's own: VCC is told when it can be.
			kept = append(kept, w)
		default:
			if call := c.state.call(w.r.callID); call != nil {
				call.Pending = ""
			}
			refused = append(refused, commandName(w.r.op))
		}
	}
	c.requests.waiting = kept
	if len(refused) > 0 {
		c.logf("warn", "%s refused: the connection to Vonage stayed down", strings.Join(refused, ", "))
		c.problem(causeLink, strings.Join(refused, " and ")+" didn't happen: the phone connection is down. Try again.")
	}
	if len(kept) > 0 {
		oldest := kept[0].since
		for _, w := range kept {
			if w.r.op != opMute {
				oldest = w.since
				break
			}
		}
		c.p.Clock.After(max(oldest.Add(commandWaitMax).Sub(now), time.Second), timerCommands)
	}
	c.showWaiting()
}

// showWaiting names on each call the commands waiting for the link.
func (c *Connector) showWaiting() {
	for i := range c.state.Calls {
		call := &c.state.Calls[i]
		var names []string
		for _, w := range c.requests.waiting {
			if w.r.callID == call.ID || w.r.callID == call.InteractionSysID {
				names = append(names, commandName(w.r.op))
			}
		}
		call.Waiting = strings.Join(names, ", ")
	}
}

// needsAudio reports whether a command needs the call back from parked.
func needsAudio(o op) bool {
	return o == opHold || o == opResume || o == opTransfer || o == opAnswer
}

// alreadyDone reports whether the call already is what the command asked
// (a command sent just before the link closed may have been carried out).
func alreadyDone(o op, call *Call) bool {
	switch o {
	case opHold:
		return call.State == CallHeld
	case opResume:
		return call.State == CallConnected
	case opHangup, opTransfer:
		return call.State == CallWrapUp
	case opAnswer:
		return call.State != CallRinging
	}
	return false
}

// commandName is the command as the agent knows it.
func commandName(o op) string {
	switch o {
	case opAnswer:
		return "Answer"
	case opReject:
		return "Reject"
	case opHangup:
		return "Hang up"
	case opHold:
		return "Hold"
	case opResume:
		return "Resume"
	case opMute:
		return "Mute"
	case opTransfer:
		return "Transfer"
	case opWrapUp, opPriorWrapUp:
		return "Wrap-up"
	}
	return "Your request"
}
