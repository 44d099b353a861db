//go:build !js

package e2e

import (
	"fmt"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/vccnow/connector/wasm/cti"
)

// Helpers of the intents tests (intents_test.go): offers made again, mute
// kept, commands kept over an outage of VCC's signaling, Ready kept until
// the audio connects.

// reoffered is the ringing offer of first's interaction under another work
// item.
func reoffered(s cti.State, first cti.Call) (cti.Call, bool) {
	for _, c := range s.Calls {
		if c.State == cti.CallRinging && c.InteractionSysID == first.InteractionSysID && c.WorkItemID != first.WorkItemID {
			return c, true
		}
	}
	return cti.Call{}, false
}

// transferTo sends the current call blind to the target with this label in
// the Transfer list, confirming when the panel asks.
func transferTo(p *Panel, label string) {
	p.ws.env.tb.Helper()
	p.Select("transfer", label)
	for _, step := range []string{"transfer-submit", "transfer-confirm"} {
		if Eval[bool](p.ws.env.tb, p.ctx, fmt.Sprintf(`!!document.querySelector('[data-testid=%q]')`, step)) {
			p.Click(step)
		}
	}
}

// peerProbe keeps every RTCPeerConnection the page makes in
// window.__vccPeers, so a test can read what the panel sends.
const peerProbe = `(() => {
	if (window.__vccPeers) return;
	window.__vccPeers = [];
	const Native = window.RTCPeerConnection;
	window.RTCPeerConnection = function (...args) {
		const pc = new Native(...args);
		window.__vccPeers.push(pc);
		return pc;
	};
	window.RTCPeerConnection.prototype = Native.prototype;
})()`

// ProbePeers makes the panel's frame keep its peer connections, in this
// document and in the ones a reload of the frame brings.
func (p *Panel) ProbePeers() {
	tb := p.ws.env.tb
	tb.Helper()
	yes := true
	if _, err := chromedp.Call(p.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: peerProbe, RunImmediately: &yes}); err != nil {
		tb.Fatalf("%s's panel: probe peer connections: %v", p.ws.User, err)
	}
	Eval[any](tb, p.ctx, peerProbe+`, true`)
}

// MicOut is what the panel's live peer connection sends of the microphone.
type MicOut struct {
	// Tracks is how many microphone tracks it sends; Enabled how many of
	// them carry sound (a disabled track sends silence).
	Tracks, Enabled int
	// Energy is the microphone's total audio energy so far (WebRTC stats,
	// media-source), which grows only while sound is sent.
	Energy float64
}

const micOutJS = `(async () => {
	const live = (window.__vccPeers || []).filter(pc => pc.connectionState === "connected");
	const out = {Tracks: 0, Enabled: 0, Energy: 0};
	for (const pc of live) {
		for (const s of pc.getSenders()) {
			if (!s.track || s.track.kind !== "audio") continue;
			out.Tracks++;
			if (s.track.enabled && s.track.readyState === "live") out.Enabled++;
		}
		(await pc.getStats()).forEach(r => {
			if (r.type === "media-source" && r.kind === "audio") out.Energy += r.totalAudioEnergy || 0;
		});
	}
	return out;
})()`

// MicOut reads what the panel sends of the microphone now.
func (p *Panel) MicOut() MicOut {
	return Eval[MicOut](p.ws.env.tb, p.ctx, micOutJS)
}

// WaitMicOut waits until what the panel sends of the microphone satisfies
// pred.
func (p *Panel) WaitMicOut(what string, pred func(MicOut) bool) MicOut {
	tb := p.ws.env.tb
	tb.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		m := p.MicOut()
		if pred(m) {
			return m
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s's panel: waited %v for %s; the microphone sends %+v", p.ws.User, Timeout, what, m)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// silentEnergy is the audio energy a muted microphone may still show over a
// check: the stats lag a little; the fake microphone's beeps add about 0.05
// a second.
const silentEnergy = 1e-3

// SilentFor checks that the panel sends a muted microphone for d: its track
// is disabled and its audio energy does not grow.
func (p *Panel) SilentFor(d time.Duration) {
	tb := p.ws.env.tb
	tb.Helper()
	p.WaitMicOut("a microphone track on a live connection", func(m MicOut) bool { return m.Tracks > 0 })
	time.Sleep(250 * time.Millisecond) // the stats catch up with the mute
	before := p.MicOut()
	time.Sleep(d)
	after := p.MicOut()
	if after.Enabled > 0 || before.Enabled > 0 || after.Energy > before.Energy+silentEnergy {
		tb.Fatalf("%s's panel: the microphone is live while the call is muted: before %+v, after %+v", p.ws.User, before, after)
	}
}

// SignalingOutage closes VCC's softphone signaling connections and refuses
// new ones for d (POST /sim/signaling/outage).
func (e *Env) SignalingOutage(d time.Duration) {
	e.tb.Helper()
	e.control(e.Stack.VCCURL, "POST", "/sim/signaling/outage", map[string]int{"ms": int(d.Milliseconds())}, nil)
}

// DelayMedia makes VCC answer the agent's media offers d late
// (POST /sim/agents/{user_name}/media-delay), so their audio connects late.
func (e *Env) DelayMedia(userName string, d time.Duration) {
	e.tb.Helper()
	e.control(e.Stack.VCCURL, "POST", "/sim/agents/"+userName+"/media-delay", map[string]int{"ms": int(d.Milliseconds())}, nil)
}
