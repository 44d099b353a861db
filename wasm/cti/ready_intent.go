package cti

import (
	"strconv"
	"time"
)

// Ready chosen before the audio connection is up (just after sign-in, a
// reload or a network change) is kept, not refused: the panel says it goes
// Ready when audio connects and does so the moment it can. Choosing another
// status cancels it; if the audio does not connect within readyWaitMax the
// panel says so and the agent stays as they are.

// readyWaitMax bounds how long a chosen Ready waits for the audio.
const readyWaitMax = 20 * time.Second

// timerReadyWait fires when a kept Ready's time is up.
const timerReadyWait = "ready-wait"

// readyCanWait reports whether what keeps the agent from Ready is the audio
// still connecting (which waiting fixes), not a blocked microphone.
func (c *Connector) readyCanWait() bool {
	return c.state.SignedIn && c.state.Mic != MicDenied
}

// keepReady keeps the agent's Ready (presence id) until the audio is up.
func (c *Connector) keepReady(id, origin string) {
	if c.state.ReadyWaiting == "" {
		c.logf("info", "Ready (from %s) waits for the audio connection", origin)
	}
	c.state.ReadyWaiting = id
	c.presence.readySince = c.now()
	c.p.Clock.After(readyWaitMax, timerReadyWait)
	c.dropProblem(causeReady)
}

// cancelReady forgets a kept Ready: the agent chose again.
func (c *Connector) cancelReady() {
	if c.state.ReadyWaiting != "" {
		c.logf("info", "the kept Ready is cancelled: another status was chosen")
		c.state.ReadyWaiting = ""
	}
}

// readyWhenAudio sets the kept Ready once nothing stands in its way.
func (c *Connector) readyWhenAudio() {
	id := c.state.ReadyWaiting
	if id == "" || !c.leader() {
		return
	}
	if !c.readyCanWait() {
		c.state.ReadyWaiting = ""
		if why := c.readyBlocker(); why != "" {
			c.problem(causeReady, why)
		}
		return
	}
	if c.readyBlocker() != "" {
		if c.presence.readySince.IsZero() {
			// Kept across a reload: its wait starts again here.
			c.presence.readySince = c.now()
			c.p.Clock.After(readyWaitMax, timerReadyWait)
		}
		return
	}
	c.state.ReadyWaiting = ""
	c.presence.readySince = time.Time{}
	c.logf("info", "audio connected: going Ready as the agent chose")
	c.putPresence(id, originPanel)
}

// readyTimedOut gives up a kept Ready whose audio did not connect in time.
func (c *Connector) readyTimedOut() {
	if c.state.ReadyWaiting == "" || c.presence.readySince.IsZero() || c.now().Sub(c.presence.readySince) < readyWaitMax-time.Second {
		return // set, or cancelled, or chosen again since
	}
	c.state.ReadyWaiting = ""
	c.presence.readySince = time.Time{}
	c.problem(causeAudio, "You are not Ready: the audio connection to Vonage did not come up within "+
		fmtSeconds(readyWaitMax)+", so calls could not reach you. You are still "+c.state.Presence+
		". Check your network and headset, then choose Ready again.")
}

func fmtSeconds(d time.Duration) string {
	return strconv.Itoa(int(d.Seconds())) + " seconds"
}

// keepIntents carries out, after every input, what the agent asked for
// that had to wait: commands kept while the link was down, a Ready kept
// until the audio connects, the call's mute on the microphone.
func (c *Connector) keepIntents() {
	c.sendWaiting()
	c.readyWhenAudio()
	c.syncMute()
}
