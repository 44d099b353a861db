//go:build js && wasm

package softphone

import (
	"fmt"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/jsutil"
	"github.com/vccnow/connector/wasm/vcc"
)

// Media is the panel's audio in the browser: the microphone, the session's
// peer connection, the call's and the ringtone's <audio> elements. It
// implements cti.Media; results reach the core through Post.
type Media struct {
	Post func(cti.Input)

	session  *Session
	mic      js.Value              // MediaStream from getUserMedia
	peer     *jsPeer               // the session's current peer
	speaker  *dom.HTMLAudioElement // playing the caller
	ringer   *dom.HTMLAudioElement // playing the ringtone
	muted    bool
	devWatch bool
	stopStat chan struct{}
	// The caller's audio level meter.
	audioCtx   js.Value
	meter      js.Value
	levelTimer js.Value
	levelTick  js.Func
	played     bool // the caller's audio has played in this page (callerPlayed)
}

var _ cti.Media = (*Media)(nil)

// NewMedia prepares the audio elements (kept out of the painted tree).
func NewMedia(post func(cti.Input)) *Media {
	early := jsutil.TakeEarly("media")
	m := &Media{Post: post, speaker: newAudio(), ringer: newAudio()}
	if early.Truthy() {
		// The loader's <audio> plays the caller already: keep it playing.
		m.speaker = &dom.HTMLAudioElement{HTMLMediaElement: &dom.HTMLMediaElement{BasicHTMLElement: jsutil.Element(early.Get("audio"))}}
	}
	m.speaker.Set("autoplay", true)
	m.speaker.SetAttribute("data-testid", "call-audio")
	m.ringer.Set("loop", true)
	m.ringer.SetAttribute("data-testid", "ringtone")
	// The ringtone is made once the panel has settled: a reload's first
	// paint and reconnection come first (a call that rings sooner makes it
	// on the spot).
	time.AfterFunc(3*time.Second, m.ringtone)
	body := jsutil.Body()
	body.AppendChild(m.speaker)
	body.AppendChild(m.ringer)
	m.session = NewSession(m.newPeer, Events{
		Offer:     func(sdp string) { post(cti.MediaOffer{SDP: sdp}) },
		OfferSent: func(sdp string) { post(cti.MediaOffer{SDP: sdp, Sent: true}) },
		Candidate: func(c vcc.Candidate) { post(cti.MediaCandidate{Candidate: cti.Candidate(c)}) },
		State: func(st string) {
			post(cti.MediaState{State: st})
			if st == "connected" {
				m.startStats()
			}
		},
	})
	if early.Truthy() {
		m.adopt(early)
	}
	return m
}

// adopt carries on the audio connection the loader started after a reload
// (web/static/loader.js): its offer may be out and VCC's answer applied; the
// core's next Start continues it instead of making a new one.
func (m *Media) adopt(early js.Value) {
	boot := js.Global().Get("__vccBoot")
	p := adoptJSPeer(early, m.play)
	m.peer = p
	sent := early.Get("offerSent").Bool()
	m.session.Adopt(p, sent, early.Get("answered").Bool())
	if at := boot.Get("offerSent"); sent && at.Type() == js.TypeNumber {
		go m.Post(cti.Mark{Name: "offerSent", Ms: at.Float()})
	}
}

// DropEarly closes the loader's audio connection if the core never carried
// it on (this tab did not resume the session).
func (m *Media) DropEarly() { m.session.DropAdopted() }

// play sends the caller's stream to the speaker and watches its level.
func (m *Media) play(stream js.Value) {
	m.speaker.Set("srcObject", stream)
	m.speaker.Call("play").Call("catch", ignore)
	m.listen(stream)
	if !m.played {
		m.played = true
		go m.watchPlayed()
	}
}

// watchPlayed marks when the caller's audio first plays in this page
// ("callerPlayed"): the first packet the browser plays out, whatever the
// caller says then. After a reload the loader may have seen it first.
func (m *Media) watchPlayed() {
	boot := js.Global().Get("__vccBoot")
	for range 1000 {
		if at := boot.Get("callerPlayed"); at.Type() == js.TypeNumber {
			m.Post(cti.Mark{Name: "callerPlayed", Ms: at.Float()})
			return
		}
		if p := m.peer; p != nil {
			if r := p.pc.Call("getReceivers"); r.Length() > 0 && r.Index(0).Get("getSynchronizationSources").Truthy() &&
				r.Index(0).Call("getSynchronizationSources").Length() > 0 {
				m.Post(cti.Mark{Name: "callerPlayed", Ms: js.Global().Get("performance").Call("now").Float()})
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (m *Media) newPeer(ice []vcc.ICEServer) (Peer, error) {
	var track js.Value
	if m.mic.Truthy() {
		track = m.mic.Call("getAudioTracks").Index(0)
		track.Set("enabled", !m.muted)
	}
	p, err := newJSPeer(ice, track, m.play)
	if err == nil {
		m.peer = p
	}
	return p, err
}

var ignore = js.FuncOf(func(js.Value, []js.Value) any { return nil })

func uint8Array(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

// Microphone asks for the microphone once; later calls reuse the stream.
func (m *Media) Microphone() {
	if m.mic.Truthy() {
		go m.Post(cti.MicResult{})
		return
	}
	md := js.Global().Get("navigator").Get("mediaDevices")
	if !md.Truthy() {
		go m.Post(cti.MicResult{Err: cti.ErrMicDenied})
		return
	}
	// After a reload the loader has asked already, with the same constraints.
	promise := jsutil.TakeEarly("mic")
	if !promise.Truthy() {
		c := map[string]any{"audio": map[string]any{"echoCancellation": true, "noiseSuppression": true, "autoGainControl": true}}
		promise = md.Call("getUserMedia", js.ValueOf(c))
	}
	go func() {
		stream, err := jsutil.Await(promise)
		switch {
		case err == nil:
			m.mic = stream
			if m.peer != nil {
				track := stream.Call("getAudioTracks").Index(0)
				track.Set("enabled", !m.muted)
				m.peer.setMic(track)
			}
			m.Post(cti.MicResult{})
			m.listDevices()
		case jsutil.Named(err, "NotFoundError") || jsutil.Named(err, "OverconstrainedError"):
			m.Post(cti.MicResult{Err: fmt.Errorf("%w: %v", cti.ErrMicMissing, err)})
		default:
			m.Post(cti.MicResult{Err: fmt.Errorf("%w: %v", cti.ErrMicDenied, err)})
		}
	}()
}

// listDevices reports the audio outputs (labelled once the microphone is
// granted), now and whenever a headset comes or goes.
func (m *Media) listDevices() {
	md := js.Global().Get("navigator").Get("mediaDevices")
	list := func() {
		devs, err := jsutil.Await(md.Call("enumerateDevices"))
		if err != nil {
			return
		}
		var out []cti.Device
		for i := 0; i < devs.Length(); i++ {
			d := devs.Index(i)
			if d.Get("kind").String() == "audiooutput" && d.Get("deviceId").String() != "default" {
				out = append(out, cti.Device{ID: d.Get("deviceId").String(), Label: d.Get("label").String()})
			}
		}
		m.Post(cti.Devices{Outputs: out})
	}
	go list()
	if !m.devWatch {
		m.devWatch = true
		md.Call("addEventListener", "devicechange", js.FuncOf(func(js.Value, []js.Value) any {
			go list()
			return nil
		}))
	}
}

// Start implements cti.Media.
func (m *Media) Start(ice []cti.ICEServer) {
	m.stopStats()
	servers := make([]vcc.ICEServer, len(ice))
	for i, s := range ice {
		servers[i] = vcc.ICEServer(s)
	}
	go m.session.Start(servers)
}

// SetAnswer implements cti.Media.
func (m *Media) SetAnswer(sdp string) { go m.session.SetAnswer(sdp) }

// AddCandidate implements cti.Media.
func (m *Media) AddCandidate(c cti.Candidate) { go m.session.AddCandidate(vcc.Candidate(c)) }

// SetMuted stops or restarts sending the microphone.
func (m *Media) SetMuted(muted bool) {
	m.muted = muted
	if !m.mic.Truthy() {
		return
	}
	tracks := m.mic.Call("getAudioTracks")
	for i := 0; i < tracks.Length(); i++ {
		tracks.Index(i).Set("enabled", !muted)
	}
}

// SendDTMF plays digits as RFC 4733 telephone-events.
func (m *Media) SendDTMF(digits string) {
	if m.peer == nil {
		return
	}
	if dtmf := m.peer.sender.Get("dtmf"); dtmf.Truthy() {
		// insertDTMF replaces the tones still queued: keep them, so quick
		// key presses are all sent.
		queued := dtmf.Get("toneBuffer").String()
		_ = jsutil.Try(func() { dtmf.Call("insertDTMF", queued+digits, 100, 70) })
	}
}

// newAudio makes an <audio> element (srcObject, setSinkId and play's
// promise have no dom/v2 method: they go through its js.Value).
func newAudio() *dom.HTMLAudioElement {
	return &dom.HTMLAudioElement{HTMLMediaElement: &dom.HTMLMediaElement{BasicHTMLElement: jsutil.CreateElement("audio")}}
}

// SetOutput routes call audio and the ringtone (setSinkId where supported).
func (m *Media) SetOutput(speaker, ringer string) {
	for _, el := range []struct {
		v  js.Value
		id string
	}{{m.speaker.Underlying(), speaker}, {m.ringer.Underlying(), ringer}} {
		if el.v.Get("setSinkId").Truthy() {
			el.v.Call("setSinkId", el.id).Call("catch", ignore)
		}
	}
}

// ringtone gives the ringer its sound, once.
func (m *Media) ringtone() {
	if m.ringer.Get("src").String() != "" {
		return
	}
	blob := js.Global().Get("Blob").New(js.ValueOf([]any{uint8Array(Ringtone())}), js.ValueOf(map[string]any{"type": "audio/wav"}))
	m.ringer.Set("src", js.Global().Get("URL").Call("createObjectURL", blob))
}

// Ring starts or stops the ringtone.
func (m *Media) Ring(on bool) {
	if !on {
		m.ringer.Pause()
		return
	}
	if m.ringer.Paused() {
		m.ringtone()
		m.ringer.Set("currentTime", 0)
		m.ringer.Call("play").Call("catch", ignore)
	}
}

// listen watches the caller's audio level: the moment sound follows silence
// is when the agent hears the caller (after an answer, a hold, a reload), a
// milestone the panel records ("callerAudio").
func (m *Media) listen(stream js.Value) {
	if m.meter.Truthy() {
		m.meter.Call("disconnect")
	}
	ctor := js.Global().Get("AudioContext")
	if !ctor.Truthy() {
		return
	}
	if !m.audioCtx.Truthy() {
		m.audioCtx = ctor.New()
	}
	m.audioCtx.Call("resume").Call("catch", ignore)
	src := m.audioCtx.Call("createMediaStreamSource", stream)
	an := m.audioCtx.Call("createAnalyser")
	an.Set("fftSize", 512)
	src.Call("connect", an)
	m.meter = src
	buf := js.Global().Get("Float32Array").New(512)
	if m.levelTimer.Truthy() {
		js.Global().Call("clearInterval", m.levelTimer)
		m.levelTick.Release()
	}
	silent := true
	tick := js.FuncOf(func(js.Value, []js.Value) any {
		an.Call("getFloatTimeDomainData", buf)
		var peak float64
		for i := 0; i < 512; i += 4 {
			if v := buf.Index(i).Float(); v > peak {
				peak = v
			} else if -v > peak {
				peak = -v
			}
		}
		loud := peak > 0.02
		if loud && silent {
			go m.Post(cti.Mark{Name: "callerAudio", Ms: js.Global().Get("performance").Call("now").Float(), Again: true})
		}
		silent = !loud
		return nil
	})
	m.levelTick = tick
	m.levelTimer = js.Global().Call("setInterval", tick, 10)
}

// Close ends the peer connection (the microphone stays granted).
func (m *Media) Close() {
	m.stopStats()
	m.session.Close()
	m.peer = nil
	m.speaker.Set("srcObject", js.Null())
}

func (m *Media) stopStats() {
	if m.stopStat != nil {
		close(m.stopStat)
		m.stopStat = nil
	}
}

// startStats samples getStats every two seconds while connected.
func (m *Media) startStats() {
	if m.stopStat != nil {
		return
	}
	stop := make(chan struct{})
	m.stopStat = stop
	go func() {
		t := time.NewTicker(2 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if p := m.peer; p != nil {
					if s, ok := stats(p.pc); ok {
						m.Post(s)
					}
				}
			}
		}
	}()
}

func stats(pc js.Value) (cti.MediaStats, bool) {
	report, err := jsutil.Await(pc.Call("getStats"))
	if err != nil {
		return cti.MediaStats{}, false
	}
	var s cti.MediaStats
	found := false
	each := js.FuncOf(func(_ js.Value, args []js.Value) any {
		r := args[0]
		switch r.Get("type").String() {
		case "inbound-rtp":
			if r.Get("kind").String() == "audio" {
				found = true
				s.JitterMs = num(r.Get("jitter")) * 1000
				s.PacketsReceived = int(num(r.Get("packetsReceived")))
				lost := num(r.Get("packetsLost"))
				if total := lost + float64(s.PacketsReceived); total > 0 {
					s.LossPct = 100 * lost / total
				}
			}
		case "candidate-pair":
			if r.Get("nominated").Truthy() && r.Get("state").String() == "succeeded" {
				s.RTTms = num(r.Get("currentRoundTripTime")) * 1000
			}
		}
		return nil
	})
	report.Call("forEach", each)
	each.Release()
	return s, found
}

func num(v js.Value) float64 {
	if v.Type() == js.TypeNumber {
		return v.Float()
	}
	return 0
}
