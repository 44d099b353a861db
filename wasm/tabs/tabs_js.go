//go:build js && wasm

// Package tabs is leadership among the tabs of one workspace site in the
// browser: a Web Lock (navigator.locks) decides which tab leads — the
// browser releases it when the tab closes or crashes, and the next waiting
// tab gets it at once — and a BroadcastChannel carries the leader's state to
// the followers and their commands back. Where Web Locks are missing, a
// heartbeat election over the channel stands in. The messages themselves are
// the core's (cti.TabMessage); this package only moves them.
package tabs

import (
	"encoding/json"
	"syscall/js"
	"time"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/jsutil"
)

// Names shared by every tab of the connector on one site.
const (
	lockName    = "vcc-connector-leader"
	channelName = "vcc-connector"
)

// Tabs implements cti.Tabs.
type Tabs struct {
	id      string
	post    func(cti.Input)
	channel js.Value
	locks   js.Value
	pending js.Value // AbortController of the queued lock request
	release js.Value // lets go of the lock held (resolves its promise)
	gen     int
	funcs   []js.Func

	// Heartbeat election, without Web Locks.
	leading  bool
	lastBeat time.Time
	election *election
}

var _ cti.Tabs = (*Tabs)(nil)

// New joins the site's channel; messages from other tabs reach post.
func New(id string, post func(cti.Input)) *Tabs {
	t := &Tabs{id: id, post: post, election: newElection(id)}
	t.channel = js.Global().Get("BroadcastChannel").New(channelName)
	t.locks = js.Global().Get("navigator").Get("locks")
	onMessage := js.FuncOf(func(_ js.Value, args []js.Value) any {
		data := args[0].Get("data")
		if data.Type() != js.TypeString {
			return nil
		}
		raw := data.String()
		go t.receive(raw)
		return nil
	})
	t.funcs = append(t.funcs, onMessage)
	t.channel.Call("addEventListener", "message", onMessage)
	// A reload hands the lock over as the old page is hidden, not when the
	// browser gets round to destroying it: the reloaded page (or another
	// tab) leads the moment it asks.
	onHide := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 && args[0].Get("persisted").Truthy() {
			return nil // kept in the back-forward cache: it may come back
		}
		if t.release.Type() == js.TypeFunction {
			t.release.Invoke()
			t.release = js.Undefined()
		}
		return nil
	})
	t.funcs = append(t.funcs, onHide)
	js.Global().Call("addEventListener", "pagehide", onHide)
	return t
}

func (t *Tabs) receive(raw string) {
	var m cti.TabMessage
	if len(raw) > 256<<10 || json.Unmarshal([]byte(raw), &m) != nil {
		return // not ours, or garbage: the core never sees it
	}
	if m.Kind == "beat" {
		t.election.heard(m.From, time.Now())
		return
	}
	t.post(cti.TabReceived{Msg: m})
}

// Broadcast implements cti.Tabs.
func (t *Tabs) Broadcast(m cti.TabMessage) {
	b, err := json.Marshal(m)
	if err != nil {
		return
	}
	t.channel.Call("postMessage", string(b))
}

// Lead implements cti.Tabs: queue for the lock (one request at a time).
func (t *Tabs) Lead() { t.request(false) }

// TakeOver implements cti.Tabs: take the lock from its holder now.
func (t *Tabs) TakeOver() { t.request(true) }

func (t *Tabs) request(steal bool) {
	if !t.locks.Truthy() {
		t.elect(steal)
		return
	}
	if t.pending.Truthy() {
		t.pending.Call("abort") // replace the queued request
		t.pending = js.Undefined()
	}
	t.gen++
	gen := t.gen
	if !steal {
		if early := jsutil.TakeEarly("lock"); early.Truthy() {
			t.adopt(early, gen)
			return
		}
	}
	opts := js.Global().Get("Object").New()
	opts.Set("mode", "exclusive")
	if steal {
		opts.Set("steal", true)
	} else {
		ac := js.Global().Get("AbortController").New()
		t.pending = ac
		opts.Set("signal", ac.Get("signal"))
	}
	granted := js.FuncOf(func(_ js.Value, args []js.Value) any {
		// Hold the lock until the page goes away (release) or it is stolen.
		var release js.Value
		var hold js.Func
		hold = js.FuncOf(func(_ js.Value, args []js.Value) any {
			release = args[0]
			hold.Release()
			return nil
		})
		held := js.Global().Get("Promise").New(hold)
		t.led(gen, release)
		return held
	})
	failed := t.lost(gen)
	t.funcs = append(t.funcs, granted, failed)
	t.locks.Call("request", lockName, opts, granted).Call("catch", failed)
}

// led records that request gen got the lock, held until release is called.
func (t *Tabs) led(gen int, release js.Value) {
	if gen == t.gen {
		t.pending = js.Undefined()
	}
	t.release = release
	go t.post(cti.TabLed{})
}

// lost is the rejection handler of request gen's lock: AbortError means it
// was stolen while held, or a queued request was replaced.
func (t *Tabs) lost(gen int) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 && args[0].Type() == js.TypeObject && args[0].Get("name").String() == "AbortError" && gen == t.gen {
			go t.post(cti.TabLost{})
		}
		return nil
	})
}

// adopt carries on the lock request the loader made after a reload (the
// same request as below, made before the core had even loaded).
func (t *Tabs) adopt(early js.Value, gen int) {
	t.pending = early.Get("abort")
	granted := js.FuncOf(func(js.Value, []js.Value) any {
		t.led(gen, early.Get("release"))
		return nil
	})
	failed := t.lost(gen)
	t.funcs = append(t.funcs, granted, failed)
	early.Get("granted").Call("then", granted)
	early.Get("done").Call("catch", failed)
}

// elect is the fallback without Web Locks (election.go): every tab beats
// on the channel and the tab the election names leads.
func (t *Tabs) elect(steal bool) {
	if steal {
		t.becomeLeader()
		return
	}
	if t.lastBeat.IsZero() {
		t.lastBeat = time.Now()
		go t.beat()
	}
}

func (t *Tabs) becomeLeader() {
	if !t.leading {
		t.leading = true
		go t.post(cti.TabLed{})
	}
}

func (t *Tabs) beat() {
	for now := range time.Tick(beatEvery) {
		t.Broadcast(cti.TabMessage{V: cti.TabVersion, Kind: "beat", From: t.id})
		if t.election.leads(now) {
			t.becomeLeader()
		} else if t.leading {
			t.leading = false
			t.post(cti.TabLost{})
		}
	}
}
