package softphone

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/wasm/vcc"
)

// fakePeer is a Peer that records what the session does to it.
type fakePeer struct {
	offerErr error

	mu      sync.Mutex
	answer  string
	added   []string
	closed  bool
	onCand  func(vcc.Candidate)
	onState func(string)
}

func (p *fakePeer) Offer() (string, error)            { return "v=0 offer", p.offerErr }
func (p *fakePeer) OnCandidate(f func(vcc.Candidate)) { p.onCand = f }
func (p *fakePeer) OnState(f func(string))            { p.onState = f }

func (p *fakePeer) SetAnswer(sdp string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.answer = sdp
	return nil
}

func (p *fakePeer) AddCandidate(c vcc.Candidate) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.added = append(p.added, c.Candidate)
	return nil
}

func (p *fakePeer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	return nil
}

// recorder is a session's events, in order.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, s)
}

func (r *recorder) Events() Events {
	return Events{
		Offer:     func(sdp string) { r.add("offer " + sdp) },
		OfferSent: func(sdp string) { r.add("offer sent " + sdp) },
		Candidate: func(c vcc.Candidate) { r.add("candidate " + c.Candidate) },
		State:     func(st string) { r.add("state " + st) },
	}
}

func cand(s string) vcc.Candidate { return vcc.Candidate{Candidate: s} }

// peers returns a NewPeer that hands out the given peers in turn.
func peers(ps ...*fakePeer) NewPeer {
	return func([]vcc.ICEServer) (Peer, error) {
		if len(ps) == 0 {
			return nil, errors.New("no peer")
		}
		p := ps[0]
		ps = ps[1:]
		return p, nil
	}
}

func TestSessionHoldsCandidatesUntilTheAnswer(t *testing.T) {
	p := &fakePeer{}
	var r recorder
	s := NewSession(peers(p), r.Events())
	s.Start(nil)
	s.AddCandidate(cand("a"))
	s.AddCandidate(cand("")) // the end of gathering: nothing to add
	s.AddCandidate(cand("b"))
	assert.Empty(t, p.added, "no candidate before the answer")
	s.SetAnswer("v=0 answer")
	s.AddCandidate(cand("c"))
	assert.Equal(t, "v=0 answer", p.answer)
	assert.Equal(t, []string{"a", "b", "c"}, p.added)
	assert.Equal(t, []string{"offer v=0 offer"}, r.events)
}

func TestSessionIgnoresAReplacedPeer(t *testing.T) {
	first, second := &fakePeer{}, &fakePeer{}
	var r recorder
	s := NewSession(peers(first, second), r.Events())
	s.Start(nil)
	first.onCand(cand("first-1"))
	s.Start(nil) // a reload, a failure or a take-over
	assert.True(t, first.closed, "the replaced peer is closed")
	first.onCand(cand("first-2"))
	first.onState("failed")
	second.onState("connected")
	s.AddCandidate(cand("x")) // held for the second peer's answer
	s.SetAnswer("v=0 answer")
	assert.Equal(t, []string{"offer v=0 offer", "candidate first-1", "offer v=0 offer", "state connected"}, r.events)
	assert.Empty(t, first.added)
	assert.Equal(t, []string{"x"}, second.added)

	s.Close()
	assert.True(t, second.closed)
	second.onState("closed")
	s.SetAnswer("v=0 late")
	assert.Equal(t, "v=0 answer", second.answer, "nothing reaches a closed session's peer")
	assert.Len(t, r.events, 4, "nor its events the connector")
}

func TestSessionFailures(t *testing.T) {
	t.Run("no peer", func(t *testing.T) {
		var r recorder
		NewSession(peers(), r.Events()).Start(nil)
		assert.Equal(t, []string{"state failed"}, r.events)
	})
	t.Run("no offer", func(t *testing.T) {
		var r recorder
		NewSession(peers(&fakePeer{offerErr: errors.New("boom")}), r.Events()).Start(nil)
		assert.Equal(t, []string{"state failed"}, r.events)
	})
}

// After a reload the loader's peer, its offer out and VCC's answer applied,
// is carried on: no new peer, no second offer, candidates go to it at once.
func TestSessionCarriesOnAnAdoptedPeer(t *testing.T) {
	early := &fakePeer{}
	var r recorder
	s := NewSession(peers(), r.Events()) // any new peer would fail
	s.Adopt(early, true, true)
	s.AddCandidate(cand("a")) // before Start: the answer is applied already
	s.Start(nil)
	early.onCand(cand("local"))
	early.onState("connected")
	s.AddCandidate(cand("b"))
	assert.False(t, early.closed)
	assert.Equal(t, []string{"a", "b"}, early.added)
	assert.Equal(t, []string{"offer sent v=0 offer", "candidate local", "state connected"}, r.events)

	// The next Start (a failure, say) makes a new peer as usual.
	next := &fakePeer{}
	s.newPeer = peers(next)
	s.Start(nil)
	assert.True(t, early.closed)
	assert.Equal(t, "offer v=0 offer", r.events[len(r.events)-1])
}

// An adopted peer whose offer the loader had not sent yet is offered as a
// new one, and VCC's answer and candidates reach it.
func TestSessionOffersAnAdoptedPeerNotYetOffered(t *testing.T) {
	early := &fakePeer{}
	var r recorder
	s := NewSession(peers(), r.Events())
	s.Adopt(early, false, false)
	s.Start(nil)
	s.AddCandidate(cand("a")) // held until the answer
	assert.Empty(t, early.added)
	s.SetAnswer("v=0 answer")
	assert.Equal(t, "v=0 answer", early.answer)
	assert.Equal(t, []string{"a"}, early.added)
	assert.Equal(t, []string{"offer v=0 offer"}, r.events)
}

// A tab that does not carry the session on closes the loader's peer.
func TestSessionDropsAnAdoptedPeerNeverStarted(t *testing.T) {
	early := &fakePeer{}
	var r recorder
	s := NewSession(peers(), r.Events())
	s.Adopt(early, true, true)
	s.DropAdopted()
	assert.True(t, early.closed)
	s.DropAdopted() // nothing left to drop
	s.SetAnswer("v=0 late")
	assert.Empty(t, early.answer)
	assert.Empty(t, r.events)
}
