package cti_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/openframe"
	"github.com/vccnow/connector/wasm/ui"
)

// Every control shows the model, whatever the agent does and whatever the
// panel refuses: random sequences of the agent's input (picks in every
// list, typing notes) and the world's (the bridge and the contact centre
// answering or refusing, the microphone and audio coming and going, calls
// ringing, connecting, ending) run through the core and an in-memory DOM,
// painted as the browser painter paints; after each step every control's
// live value is the one the view holds (the field the agent is typing in
// excepted), and the Status list shows the presence the panel has or is
// setting.
func TestControlsShowTheModel(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for seed := uint64(1); seed <= 300; seed++ {
		r := &controlsRun{t: t, seed: seed, rng: rand.New(rand.NewPCG(seed, 16)), now: now}
		r.run(40)
		if t.Failed() {
			return
		}
	}
}

type controlsRun struct {
	t     *testing.T
	seed  uint64
	rng   *rand.Rand
	now   time.Time
	a     *agent
	dom   *ui.MemDOM
	tree  *ui.Tree
	nodes []*ui.Node
	steps []string
}

func (r *controlsRun) run(n int) {
	r.a = newAgent(r.t)
	r.a.signedIn()
	r.dom = ui.NewMemDOM()
	r.tree = ui.NewTree(r.dom, 1)
	r.render()
	for range n {
		names := []string{
			"pick-presence", "pick-presence", "presence-answer", "presence-refused", "presence-unanswered",
			"mic-denied", "mic-granted", "audio-down", "audio-up", "awa-away", "awa-available",
			"offer", "answer", "connect", "wrap-up", "pick-disposition", "type-notes", "stop-typing",
			"pick-transfer", "pick-speaker", "dismiss",
		}
		name := names[r.rng.IntN(len(names))]
		r.steps = append(r.steps, name)
		r.step(name)
		r.render()
		if !r.check() {
			return
		}
	}
}

func (r *controlsRun) in(ins ...cti.Input) { r.a.in(ins...) }

func (r *controlsRun) render() {
	r.nodes = cti.View(r.a.c.State(), r.now)
	r.tree.Render(r.nodes...)
}

// find is the view's node and the DOM's element of a control.
func (r *controlsRun) find(id string) (*ui.Node, int) {
	for _, n := range r.nodes {
		if f := n.Find(id); f != nil {
			return f, r.dom.ByTestID(id)
		}
	}
	return nil, 0
}

// pick chooses an option of the list id as the agent does (not a disabled
// one) and sends what the painter would send.
func (r *controlsRun) pick(id string, commit bool) {
	n, h := r.find(id)
	if n == nil || h == 0 {
		return
	}
	if _, off := n.Attr("disabled"); off {
		return
	}
	var opts []string
	for _, o := range n.Kids {
		if _, off := o.Attr("disabled"); o.Tag == "option" && !off {
			v, _ := o.Attr("value")
			opts = append(opts, v)
		}
	}
	if len(opts) == 0 {
		return
	}
	v := opts[r.rng.IntN(len(opts))]
	before, _ := r.dom.Live(h, ui.PropValue)
	r.dom.AgentSet(h, ui.PropValue, v)
	held, _ := r.dom.Attr(h, "value")
	if commit && v == held || !commit && v == before {
		return // no change to send (commit_js.go; a select fires no change for its value)
	}
	action, _ := n.Attr("data-action")
	r.in(cti.UIAction{Action: action, Value: v})
}

func (r *controlsRun) step(name string) {
	t := r.t
	switch name {
	case "pick-presence":
		r.pick("presence", true)
	case "pick-speaker":
		r.pick("speaker", true)
	case "pick-disposition":
		r.pick("disposition", false)
	case "pick-transfer":
		r.pick("transfer", false)
	case "presence-answer", "presence-refused", "presence-unanswered":
		last, ok := r.a.f.Bridge.Last("presence-set:")
		if !ok {
			return
		}
		switch name {
		case "presence-answer":
			id := last.Body.(api.SetPresence).PresenceID
			for _, p := range welcome.Presences {
				if p.ID == id {
					r.in(cti.BridgeResult{ID: last.ID, Status: 200, Body: presenceBody(t, p)})
				}
			}
		case "presence-refused":
			body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": api.CodeUnavailable, "message": "VCC down"}})
			r.in(cti.BridgeResult{ID: last.ID, Status: 503, Body: body})
		default:
			r.in(cti.BridgeResult{ID: last.ID, Err: errors.New("TypeError: Failed to fetch")})
		}
	case "mic-denied":
		r.in(cti.MicResult{Err: cti.ErrMicDenied})
	case "mic-granted":
		r.in(cti.MicResult{})
	case "audio-down":
		r.in(cti.MediaState{State: "disconnected"})
	case "audio-up":
		r.in(cti.MediaState{State: "connected"})
	case "awa-away":
		r.in(awaPresence(t, "Away"))
	case "awa-available":
		r.in(awaPresence(t, "Available"))
	case "offer":
		if len(r.a.c.State().Calls) == 0 {
			r.in(offer(t, openframe.EventWorkItemOffered), cti.BridgeResult{ID: "lookup:ix1", Status: 200, Body: interaction(true)})
		}
	case "answer":
		r.in(cti.UIAction{Action: cti.ActAnswer, Value: "ix1"})
	case "connect":
		if len(r.a.c.State().Calls) > 0 {
			r.in(update(cti.CallStateConnected))
		}
	case "wrap-up":
		if len(r.a.c.State().Calls) > 0 {
			r.in(update(cti.CallStateWrapUp))
		}
	case "type-notes":
		n, h := r.find("notes")
		if n == nil || h == 0 {
			return
		}
		r.dom.SetBusy(h, true)
		v, _ := r.dom.Live(h, ui.PropValue)
		v += string(rune('a' + r.rng.IntN(26)))
		r.dom.AgentSet(h, ui.PropValue, v)
		key, _ := n.Attr("data-key")
		r.in(cti.UIAction{Action: cti.ActNotes, Value: key + "|" + v})
	case "stop-typing":
		if _, h := r.find("notes"); h != 0 {
			r.dom.SetBusy(h, false)
		}
	case "dismiss":
		r.in(cti.UIAction{Action: cti.ActDismiss})
	}
}

// check compares every control with the model; it reports false (and fails
// the test with the seed and the steps) on the first difference.
func (r *controlsRun) check() bool {
	st := r.a.c.State()
	ok := true
	seen := map[string]int{} // controls of a test id met so far (two wrap-ups have one each)
	var walk func(n *ui.Node)
	walk = func(n *ui.Node) {
		if !ok || n == nil {
			return
		}
		if id, has := n.Attr("data-testid"); has {
			if prop, want, isControl := ui.ModelValue(n); isControl {
				all := r.dom.AllByTestID(id)
				if seen[id] >= len(all) {
					r.t.Errorf("seed %d: %q is in the view but not in the document", r.seed, id)
					ok = false
					return
				}
				h := all[seen[id]]
				seen[id]++
				if got, busy := r.dom.Live(h, prop); !busy && got != want {
					r.t.Errorf("seed %d, after %s: %q shows %q, the model %q", r.seed, strings.Join(r.steps, ", "), id, got, want)
					ok = false
				}
			}
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	for _, n := range r.nodes {
		walk(n)
	}
	if h := r.dom.ByTestID("presence"); ok && h != 0 {
		want := firstNonEmpty(st.PresenceAsked, st.PresenceID)
		if got, busy := r.dom.Live(h, ui.PropValue); !busy && got != want {
			r.t.Errorf("seed %d, after %s: Status shows %q, the agent has %q (asked %q)", r.seed, strings.Join(r.steps, ", "), got, st.PresenceID, st.PresenceAsked)
			ok = false
		}
	}
	return ok
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
