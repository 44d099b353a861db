package cti

import (
	"errors"
	"math"
	"time"
)

func (c *Connector) onMic(in MicResult) {
	switch {
	case in.Err == nil:
		c.state.Mic = MicGranted
		if c.state.SignedIn && (c.state.Media == MediaOff || c.state.Media == MediaFailed) {
			c.startMedia()
		}
		c.answerWaiting()
	case errors.Is(in.Err, ErrMicMissing):
		c.state.Mic = MicDenied
		c.media.micProblem = msgNoMic
		c.problem(causeMic, msgNoMic)
	default:
		c.state.Mic = MicDenied
		c.media.micProblem = msgMicBlocked
		c.problem(causeMic, msgMicBlocked)
	}
}

// Microphone problems, shown until they are fixed.
const (
	msgNoMic      = "No microphone was found. Connect a headset, then reload the panel."
	msgMicBlocked = "The browser blocks the microphone for this panel, so calls can't be taken. Allow the microphone in the site settings and reload the panel."
)

// startMedia (re)creates the session's audio connection.
//
// It may start before the session is welcomed (right after a reload, in
// parallel with the softphone's session): the offer and candidates then wait and go
// out with the welcome. It does not wait for the microphone either, which a
// browser may take most of a second to open: the caller is heard at once and
// the microphone joins the connection when it is granted (Ready and answering
// still need it).
func (c *Connector) startMedia() {
	if !c.state.SignedIn || c.state.Mic == MicDenied || !c.leader() {
		return
	}
	c.state.Media = MediaConnecting
	c.media.offer, c.media.candidates, c.media.offerSent = "", nil, false
	c.mark("mediaStart")
	// The microphone joins the new connection muted if the call is: no
	// sound leaves before the agent unmutes (after a reload, in the tab
	// taking over).
	c.syncMute()
	c.p.Media.Start(c.media.ice)
}

// welcomed reports whether offers can go out now.
func (c *Connector) welcomed() bool { return c.state.Connection == Online }

func (c *Connector) onMediaOffer(in MediaOffer) {
	sdp := in.SDP
	if in.Sent {
		// The loader's offer: the candidates it had are out with it, and
		// the welcome still to come must not start the audio again.
		c.media.offerSent, c.media.early, c.media.offer = true, !c.welcomed(), ""
		for _, cand := range c.media.candidates {
			c.p.Softphone.Candidate(cand)
		}
		c.media.candidates = nil
		return
	}
	if !c.welcomed() {
		c.media.offer = sdp
		return
	}
	c.sendOffer(sdp)
}

func (c *Connector) sendOffer(sdp string) {
	c.p.Softphone.Offer(c.request(request{op: opOffer}), sdp)
	c.mark("offerSent")
	c.media.offerSent, c.media.offer = true, ""
	for _, cand := range c.media.candidates {
		c.p.Softphone.Candidate(cand)
	}
	c.media.candidates = nil
}

func (c *Connector) onMediaCandidate(cand Candidate) {
	if !c.media.offerSent {
		c.media.candidates = append(c.media.candidates, cand)
		return
	}
	c.p.Softphone.Candidate(cand)
}

// mediaOnWelcome sends the offer made while the session was being resumed,
// or starts the audio now.
func (c *Connector) mediaOnWelcome() {
	if c.media.early {
		// The welcome of the loader's hello: its offer is out.
		c.media.early = false
		return
	}
	switch {
	case c.media.offer != "":
		c.sendOffer(c.media.offer)
	case c.state.Media == MediaConnecting && !c.media.offerSent:
		// The offer is on its way; it goes out when it is made.
	default:
		c.startMedia()
	}
}

func (c *Connector) onMediaState(state string) {
	switch state {
	case "connected":
		if c.state.Media != MediaReady {
			c.logf("info", "audio connection ready")
		}
		c.state.Media = MediaReady
		c.mark("mediaConnected")
		c.answerWaiting()
	case "failed", "closed":
		if !c.state.SignedIn {
			c.state.Media = MediaOff
			return
		}
		c.state.Media = MediaFailed
		c.logf("warn", "audio connection %s; retrying", state)
		c.p.Clock.After(time.Second, timerMedia)
	case "disconnected":
		// ICE often recovers by itself within a few seconds.
		c.state.Media = MediaConnecting
	}
}

// poorMOS is the MOS under which the panel warns about call quality.
const poorMOS = 3.5

func (c *Connector) onStats(s MediaStats) {
	mos := EstimateMOS(s.RTTms, s.JitterMs, s.LossPct)
	c.state.Quality = &Quality{RTTms: s.RTTms, JitterMs: s.JitterMs, LossPct: s.LossPct, MOS: math.Round(mos*10) / 10, Poor: mos < poorMOS,
		PacketsReceived: s.PacketsReceived}
}

// EstimateMOS estimates a mean opinion score (1–4.5) from round-trip time,
// jitter (ms) and packet loss (%) with the simplified ITU-T G.107 E-model
// commonly used for WebRTC.
func EstimateMOS(rttMs, jitterMs, lossPct float64) float64 {
	latency := rttMs/2 + 2*jitterMs + 10
	r := 93.2
	if latency < 160 {
		r -= latency / 40
	} else {
		r -= (latency - 120) / 10
	}
	r -= 2.5 * lossPct
	switch {
	case r < 0:
		return 1
	case r > 100:
		return 4.5
	}
	mos := 1 + 0.035*r + 0.000007*r*(r-60)*(100-r)
	return math.Min(4.5, math.Max(1, mos))
}

// mutedNow reports whether the microphone must be off: the agent muted a
// call they are on (mute is a fact of the call, kept in its state, so it
// holds across reloads, tab hand-overs and "Use here").
func (c *Connector) mutedNow() bool {
	for _, call := range c.state.Calls {
		if call.Muted && call.State != CallWrapUp && call.State != CallRinging {
			return true
		}
	}
	return false
}

// syncMute puts the calls' mute on the microphone when it changed.
func (c *Connector) syncMute() {
	if !c.leader() {
		return
	}
	if m := c.mutedNow(); m != c.media.muted {
		c.media.muted = m
		c.p.Media.SetMuted(m)
	}
}
